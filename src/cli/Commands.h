// The `coursemap` subcommands. Each registers itself on the app and sets `run` to what it does when chosen;
// a run returns the process exit code (0 ok, 1 findings, 2 usage or input error) or throws coursemap::Error.
#pragma once

#include <CLI/CLI.hpp>

#include "coursemap/model/DocumentData.h"

#include <functional>
#include <string>

namespace coursemap::cli {

using Run = std::function<int()>;

void addNewCommand(CLI::App& app, Run& run);
void addImportCommand(CLI::App& app, Run& run);
void addExportCommand(CLI::App& app, Run& run);
void addStatsCommand(CLI::App& app, Run& run);
void addApplyCommand(CLI::App& app, Run& run);
void addCheckCommand(CLI::App& app, Run& run);
void addRulesCommand(CLI::App& app, Run& run);
void addAcknowledgeCommand(CLI::App& app, Run& run);
void addObjectivesCommand(CLI::App& app, Run& run);

// Writes the syllabus of the course with this code to a PDF (no display needed); throws coursemap::Error.
void exportSyllabusPdf(const DocumentData& data, const std::string& courseCode, const std::string& path,
    bool letter, bool alignmentSummary);

} // namespace coursemap::cli
