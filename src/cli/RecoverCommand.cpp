// recover: finishes the recovery of a map whose last change was interrupted, which read-only commands leave
// alone (a read never writes, so it never plays a journal back).
#include "Commands.h"

#include "coursemap/Document.h"
#include "coursemap/Statistics.h"

#include <filesystem>
#include <iostream>

namespace coursemap::cli {

void addRecoverCommand(CLI::App& app, Run& run)
{
    auto* cmd = app.add_subcommand("recover",
        "Finish recovering a map whose last change was interrupted (a crash, a power cut): the unfinished "
        "change is rolled back and every change saved before it kept; a journal left by another file of the "
        "same name (a backup copied over the map) is set aside instead of played");
    auto file = std::make_shared<std::string>();
    cmd->add_option("FILE", *file, "The .coursemap file")->required()->check(CLI::ExistingFile);
    cmd->callback([&run, file] {
        run = [file] {
            std::error_code ec;
            const bool journal = std::filesystem::exists(*file + "-journal", ec);
            auto doc = openMap(*file, OpenMode::ReadWrite, "recover");
            for (const auto& note : doc->notes())
                std::cout << note << "\n";
            const auto stats = computeStatistics(doc->data());
            if (!journal)
                std::cout << "Nothing to recover: no change to " << *file << " was interrupted.\n";
            else if (doc->notes().empty())
                std::cout << "Rolled back the interrupted change to " << *file
                          << "; every change saved before it is kept.\n";
            std::cout << *file << " opens cleanly: " << stats.items.at(ItemKind::Course) << " course(s), "
                      << stats.items.at(ItemKind::Objective) << " objective(s).\n";
            return 0;
        };
    });
}

} // namespace coursemap::cli
