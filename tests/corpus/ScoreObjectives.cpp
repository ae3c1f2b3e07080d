// coursemap-score-objectives [--misses]: scores the objective analyzer against the corpus of real objectives
// (tests/data/corpus) and prints the report of docs/rules.md; with --misses, every disagreement instead.
#include "ObjectiveCorpus.h"

#include <iostream>
#include <string>

int main(int argc, char** argv)
{
    using namespace coursemap::corpus;
    const std::filesystem::path dir = std::filesystem::path(COURSEMAP_TEST_DATA) / "corpus";
    const bool misses = argc > 1 && std::string(argv[1]) == "--misses";
    const std::string part = argc > 2 ? argv[2] : "";
    try {
        const auto dev = score(read(dir / "development.tsv"));
        const auto held = score(read(dir / "held-out.tsv"));
        if (!misses) {
            std::cout << report(dev, held);
            return 0;
        }
        if (part.empty() || part == "development")
            for (const auto& m : dev.misses)
                std::cout << "development\t" << m << "\n";
        if (part.empty() || part == "held-out")
            for (const auto& m : held.misses)
                std::cout << "held-out\t" << m << "\n";
    } catch (const std::exception& e) {
        std::cerr << "coursemap-score-objectives: " << e.what() << "\n";
        return 2;
    }
    return 0;
}
