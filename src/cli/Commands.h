// The `coursemap` subcommands. Each registers itself on the app and sets `run` to what it does when chosen;
// a run returns the process exit code (0 ok, 1 findings, 2 usage or input error) or throws coursemap::Error.
#pragma once

#include <CLI/CLI.hpp>

#include <functional>

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

} // namespace coursemap::cli
