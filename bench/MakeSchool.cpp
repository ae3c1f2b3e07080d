// coursemap-make-school: writes the synthetic large school to a .coursemap file, to open in the studio or
// check with `coursemap check`.
#include "LargeSchool.h"

#include "coursemap/Document.h"
#include "coursemap/Error.h"
#include "coursemap/Statistics.h"

#include <CLI/CLI.hpp>

#include <iostream>

int main(int argc, char** argv)
{
    CLI::App app {
        "Write the synthetic large school (100 courses, 20,000 objectives, 100,000 links) to a new "
        ".coursemap file",
        "coursemap-make-school"
    };
    std::string file;
    unsigned seed = 1;
    double scale = 1.0;
    app.add_option("FILE", file, "The .coursemap file to create (must not exist)")->required();
    app.add_option("--seed", seed, "Random seed; the same seed gives the same school")->capture_default_str();
    app.add_option("--scale", scale, "Fraction of the 100 courses to make, for quick tries")
        ->check(CLI::Range(0.01, 1.0))
        ->capture_default_str();
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e) == 0 ? 0 : 2;
    }
    try {
        auto doc = coursemap::Document::create(file, coursemap::bench::makeLargeSchool(seed, scale));
        const auto s = coursemap::computeStatistics(doc->data());
        std::cout << "Wrote " << file << ": " << s.items.at(coursemap::ItemKind::Course) << " courses, "
                  << s.items.at(coursemap::ItemKind::Objective) << " objectives, "
                  << s.items.at(coursemap::ItemKind::Activity) << " activities, "
                  << s.items.at(coursemap::ItemKind::Assessment) << " assessments, "
                  << s.items.at(coursemap::ItemKind::Competency) << " competencies, "
                  << doc->data().links().size() << " links\n";
        return 0;
    } catch (const coursemap::Error& e) {
        std::cerr << "coursemap-make-school: " << e.message() << "\n";
        return 2;
    }
}
