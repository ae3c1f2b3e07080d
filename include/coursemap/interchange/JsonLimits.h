// Parsing JSON from outside with bounds: nesting depth and size are limited before anything is built,
// and a syntax error says where (line and column) in words.
#pragma once

#include <nlohmann/json.hpp>

#include <string_view>

namespace coursemap {

inline constexpr int MaxJsonDepth = 64;
inline constexpr std::size_t MaxJsonBytes = 256 * 1024 * 1024;

// Throws Error(InvalidInput) naming `source` ("map.json", "line 3") and the problem.
nlohmann::json parseJson(std::string_view text, std::string_view source);

} // namespace coursemap
