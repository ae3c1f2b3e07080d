// Edits as JSON objects, one per line in `coursemap apply` streams. Described with an example of each
// kind in docs/file-format.md.
#pragma once

#include "coursemap/edit/Edit.h"

#include <nlohmann/json.hpp>

namespace coursemap {

// Throws Error(InvalidInput) naming the JSON pointer and the problem.
Edit editFromJson(const nlohmann::json& object);

} // namespace coursemap
