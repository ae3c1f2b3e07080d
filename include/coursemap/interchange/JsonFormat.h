// The canonical text form of a whole course map: versioned JSON with a stable order (items in their
// user-visible order, fields in a fixed order, links sorted), so exports diff well in version control and
// export -> import -> export gives the same bytes. Described in docs/file-format.md.
#pragma once

#include "coursemap/model/DocumentData.h"

#include <string>
#include <string_view>

namespace coursemap {

inline constexpr int JsonFormatVersion = 2; // 2 added acknowledgements and hours_per_credit; 1 is still read

std::string exportJson(const DocumentData& data);

// Validates all of `text` first and returns the complete data, or throws Error(InvalidInput) listing the
// problems, each at its JSON pointer ("/courses/0/objectives/3/text: must not be empty").
// Items without an id get fresh ones, in document order, after the largest id given.
DocumentData importJson(std::string_view text, std::string_view source = "the JSON file");

} // namespace coursemap
