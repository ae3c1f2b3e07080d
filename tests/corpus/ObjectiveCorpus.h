// The corpus of real objectives (tests/data/corpus): reading it, scoring the objective analyzer against its
// labels field by field, and the report of agreement that docs/rules.md carries.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace coursemap::corpus {

struct Item
{
    std::string source, text, verb, bloom, measurable, compound, domain; // as in the file; "-" for none
};

std::vector<Item> read(const std::filesystem::path& file);

struct Field
{
    int agree = 0, total = 0;
    double percent() const { return total == 0 ? 100.0 : 100.0 * agree / total; }
};

struct Score
{
    int items = 0, sources = 0;
    Field verb, measurable, bloom, compound, domain;
    Field splitSaid; // of the objectives whose verb the lists disagree on, those where the analyzer says so
    std::vector<std::string> misses; // one line per disagreement, for `--misses`
};

Score score(const std::vector<Item>& items);

// The "How well the analyzer reads real objectives" section of docs/rules.md.
std::string report(const Score& development, const Score& heldOut);

} // namespace coursemap::corpus
