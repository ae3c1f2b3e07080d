// The canonical text form of a whole course map: versioned JSON with a stable order (items in their
// user-visible order, fields in a fixed order, links sorted), so exports diff well in version control and
// export -> import -> export gives the same bytes. Described in docs/file-format.md.
#pragma once

#include "coursemap/model/DocumentData.h"

#include <string>
#include <string_view>

namespace coursemap {

// 4 added what the Curriculum Inventory and CASE need (course timing and sequence fields, event keywords,
// resource types and attendance, assessment minutes, framework codes, CASE identifiers and URIs, competency
// associations); 3 added comments on links (target_id) and status_changes; 2 added acknowledgements and
// hours_per_credit. Every earlier version is still read.
inline constexpr int JsonFormatVersion = 4;

// Indented for people and version control; `compact` leaves out the spaces (for snapshots kept in the file).
std::string exportJson(const DocumentData& data, bool compact = false);

// Validates all of `text` first and returns the complete data, or throws Error(InvalidInput) listing the
// problems, each at its JSON pointer ("/courses/0/objectives/3/text: must not be empty").
// Items without an id get fresh ones, in document order, after the largest id given; ids are at most 2^53
// - 1. Review records must be ones the review rules could have written (`checkReview`; off for reading back a
// version kept in a map, which is read as it was kept).
DocumentData importJson(
    std::string_view text, std::string_view source = "the JSON file", bool checkReview = true);

} // namespace coursemap
