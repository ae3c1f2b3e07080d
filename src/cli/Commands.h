// The `coursemap` subcommands. Each registers itself on the app and sets `run` to what it does when chosen;
// a run returns the process exit code (0 ok, 1 findings, 2 usage or input error) or throws coursemap::Error.
#pragma once

#include <CLI/CLI.hpp>

#include "coursemap/Document.h"
#include "coursemap/model/DocumentData.h"
#include "coursemap/syllabus/Syllabus.h"

#include <chrono>
#include <functional>
#include <memory>
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
void addImportCsvCommand(CLI::App& app, Run& run);
void addFrameworkCommand(CLI::App& app, Run& run);
void addHeatMapCommand(CLI::App& app, Run& run);
void addRecoverCommand(CLI::App& app, Run& run);
// comment, status, version and diff.
void addReviewCommands(CLI::App& app, Run& run);

// A command waits this long for other programs' commits before it reports the map as busy: a script can wait.
inline constexpr std::chrono::milliseconds ScriptBusyWait { 20'000 };

// Opens a map for a command; writes through it are recorded as made by `author` (default: the login name)
// with "coursemap COMMAND", so other programs can say who changed what.
std::unique_ptr<Document> openMap(
    const std::string& file, OpenMode mode, const std::string& command, const std::string& author = {});

// The course with this code (loosely: "card210" finds "CARD 210"); throws Error naming the codes there are.
const Course& requireCourse(const DocumentData& data, const std::string& code, const std::string& file);

// A file's whole text, or standard input for "-"; throws Error(NotFound).
std::string readInput(const std::string& path);
// Writes to standard output for "" or "-"; otherwise beside the target first and then renamed into place, so
// a failed export leaves no half file. Throws Error(Io).
void writeOutput(const std::string& path, const std::string& text);

// Writes the syllabus of the course with this code to a PDF (no display needed); throws coursemap::Error.
void exportSyllabusPdf(const DocumentData& data, const std::string& courseCode, const std::string& path,
    bool letter, const SyllabusOptions& options);
// Writes the program's competency × course heat map to a PDF; throws coursemap::Error.
void exportHeatMapPdf(const DocumentData& data, const std::string& path, bool letter);

} // namespace coursemap::cli
