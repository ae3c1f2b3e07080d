// The reference data files under resources/, compiled into the library (see cmake/EmbedText.cmake).
#pragma once

#include <string_view>

namespace coursemap::resources {
std::string_view verbsJson();
std::string_view methodsJson();
}
