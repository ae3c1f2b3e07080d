// The reference data files under resources/, compiled into the library (see cmake/EmbedText.cmake).
#pragma once

#include <string_view>

namespace coursemap::resources {
std::string_view verbsJson();
std::string_view bloomListsJson();
std::string_view methodsJson();
std::string_view acgmeFrameworkJson();
std::string_view canmedsFrameworkJson();
std::string_view epasFrameworkJson();
std::string_view ipecFrameworkJson();
std::string_view aacnFrameworkJson();
std::string_view pcrsFrameworkJson();
}

// Generated at build time from WordNet 3.0 (src/core/analysis/MakeWordnetTable.cpp).
namespace coursemap::wordnet {
std::string_view verbs();
std::string_view verbExceptions();
}
