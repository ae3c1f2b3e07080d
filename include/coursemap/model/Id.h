// Stable item ids: one id space per document, never reused, kept in the file and in JSON.
#pragma once

#include <cstdint>

namespace coursemap {

using Id = std::int64_t;
inline constexpr Id NoId = 0;

} // namespace coursemap
