// Stable item ids: one id space per document, never reused, kept in the file and in JSON.
#pragma once

#include <cstdint>

namespace coursemap {

using Id = std::int64_t;
inline constexpr Id NoId = 0;
// The largest id: 2^53 - 1, the largest integer every JSON reader keeps exactly. Ids are checked against it
// wherever they come in (files, JSON, edits) and wherever one is allocated, so no arithmetic on ids
// overflows.
inline constexpr Id MaxId = (Id(1) << 53) - 1;

} // namespace coursemap
