// The `coursemap` subcommands. Each registers itself on the app and sets `run` to what it does when chosen;
// a run returns the process exit code (0 ok, 1 findings, 2 usage or input error) or throws coursemap::Error.
#pragma once

#include <CLI/CLI.hpp>

#include "coursemap/Document.h"
#include "coursemap/model/DocumentData.h"
#include "coursemap/syllabus/Syllabus.h"

#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

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
// Writes an export of `map`: to standard output for "" or "-" (refused when standard output is the map
// itself); otherwise as writeOutputFile does (storage/OutputFile.h): never onto the map through any path or
// link, a device or pipe written directly, a file replaced whole or not at all. Throws Error.
void writeOutput(const std::string& path, std::string_view bytes, const std::string& map);

// The syllabus of the course with this code as a PDF (no display needed), written as writeOutput does;
// throws coursemap::Error.
void exportSyllabusPdf(const DocumentData& data, const std::string& courseCode, const std::string& path,
    bool letter, const SyllabusOptions& options, const std::string& map);
// The program's competency × course heat map as a PDF, written as writeOutput does; throws coursemap::Error.
void exportHeatMapPdf(const DocumentData& data, const std::string& path, bool letter, const std::string& map);

// Checks an option's value before it is converted, with a message naming the allowed range (CLI11 puts the
// option's name first): "--course-weeks: must be a whole number from 1 to 104; -5 is not".
CLI::Validator wholeNumber(long long lo, long long hi);
// An item's id: a whole number from 1 to 2^53 - 1.
CLI::Validator itemId();

} // namespace coursemap::cli
