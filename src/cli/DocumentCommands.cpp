// new, import, export, stats and apply: creating, filling, reading and editing a course map file.
#include "Commands.h"
#include "StandardStreams.h"

#include "coursemap/Document.h"
#include "coursemap/Error.h"
#include "coursemap/Printable.h"
#include "coursemap/Statistics.h"
#include "coursemap/analysis/Catalog.h"
#include "coursemap/interchange/CsvFormat.h"
#include "coursemap/interchange/CurriculumInventory.h"
#include "coursemap/interchange/EditJson.h"
#include "coursemap/interchange/JsonFormat.h"
#include "coursemap/interchange/JsonLimits.h"
#include "coursemap/program/HeatMap.h"
#include "coursemap/program/ProgramStatistics.h"
#include "coursemap/storage/OutputFile.h"
#include "coursemap/syllabus/Syllabus.h"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <sstream>
#include <sys/stat.h>
#include <unistd.h>

namespace coursemap::cli {

std::string readInput(const std::string& path)
{
    std::ostringstream buffer;
    if (path == "-") {
        buffer << std::cin.rdbuf();
        return buffer.str();
    }
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw Error(ErrorCode::NotFound, "Cannot read \"" + path + "\": no such file, or not readable.");
    buffer << in.rdbuf();
    return buffer.str();
}

void writeOutput(const std::string& path, std::string_view bytes, const std::string& map)
{
    if (path.empty() || path == "-") {
        // `export m.coursemap >> m.coursemap` would append the export to the map; `> m.coursemap-journal`
        // would leave a journal the next program takes for the map's own.
        checkStandardOutput(filesOfMap(map));
        writeStandardOutput(bytes);
        return;
    }
    writeOutputFile(path, bytes, filesOfMap(map));
}

namespace {

std::optional<long long> wholeNumberIn(const std::string& text)
{
    long long n = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
    if (ec != std::errc() || end != text.data() + text.size())
        return std::nullopt;
    return n;
}

std::string withThousands(long long n)
{
    auto digits = std::to_string(n);
    for (auto at = static_cast<std::ptrdiff_t>(digits.size()) - 3; at > (n < 0 ? 1 : 0); at -= 3)
        digits.insert(static_cast<std::size_t>(at), ",");
    return digits;
}

} // namespace

CLI::Validator wholeNumber(long long lo, long long hi)
{
    const auto words = "a whole number from " + withThousands(lo) + " to " + withThousands(hi);
    return CLI::Validator(
        [lo, hi, words](std::string& value) -> std::string {
            const auto n = wholeNumberIn(value);
            if (!n || *n < lo || *n > hi)
                return "must be " + words + "; \"" + value + "\" is not";
            return {};
        },
        "INT in " + std::to_string(lo) + ".." + std::to_string(hi));
}

CLI::Validator itemId()
{
    return CLI::Validator(
        [](std::string& value) -> std::string {
            const auto n = wholeNumberIn(value);
            if (!n || *n < 1 || *n > 9'007'199'254'740'991)
                return "must be the id of an item, a whole number of at least 1; \"" + value + "\" is not";
            return {};
        },
        "ID");
}

namespace {
std::string& programOption()
{
    static std::string code;
    return code;
}
} // namespace

void setProgramCode(std::string code)
{
    programOption() = std::move(code);
}

const std::string& programCode()
{
    return programOption();
}

std::unique_ptr<Document> openMap(
    const std::string& file, OpenMode mode, const std::string& command, const std::string& author)
{
    auto doc = Document::openAt(file, programCode(), mode, ScriptBusyWait);
    doc->setWriter(author, "coursemap " + command);
    return doc;
}

const Course& requireCourse(const DocumentData& data, const std::string& code, const std::string& file)
{
    if (code.empty())
        throw Error(
            ErrorCode::InvalidInput, "Say which course with --course CODE (`coursemap stats` lists them).");
    if (const auto* c = findCourseByCode(data, code))
        return *c;
    std::string codes;
    for (const auto* c : data.courses())
        codes += (codes.empty() ? "" : ", ") + c->code;
    throw Error(ErrorCode::InvalidInput,
        "There is no course \"" + code + "\" in " + file
            + (codes.empty() ? "; it has no courses." : "; it has " + codes + "."));
}

namespace {

std::string fixed(double value, int decimals = 1)
{
    std::ostringstream out;
    out << std::fixed << std::setprecision(decimals) << value;
    return out.str();
}

} // namespace

void addNewCommand(CLI::App& app, Run& run)
{
    auto* cmd = app.add_subcommand("new", "Create an empty course map file");
    auto file = std::make_shared<std::string>();
    auto program = std::make_shared<Program>();
    program->name = "New program";
    cmd->add_option("FILE", *file, "The .coursemap file to create (must not exist)")->required();
    cmd->add_option("--program", program->name, "Program name")->capture_default_str();
    cmd->add_option("--institution", program->institution, "Institution");
    cmd->add_option("--degree", program->degree, "Degree or level, e.g. MD, BSN, PharmD");
    cmd->add_option("--years", program->lengthYears, "Program length in years")->check(wholeNumber(1, 12));
    cmd->callback([&run, file, program] {
        run = [file, program] {
            Document::create(*file, *program);
            std::cout << "Created " << *file << "\n";
            return 0;
        };
    });
}

void addImportCommand(CLI::App& app, Run& run)
{
    auto* cmd = app.add_subcommand("import", "Create a course map file from coursemap JSON (all or nothing)");
    auto json = std::make_shared<std::string>();
    auto file = std::make_shared<std::string>();
    cmd->add_option("JSON", *json, "The JSON file to import, or - for standard input")->required();
    cmd->add_option("FILE", *file, "The .coursemap file to create (must not exist)")->required();
    cmd->callback([&run, json, file] {
        run = [json, file] {
            const auto data = importJson(readInput(*json), *json == "-" ? "standard input" : *json);
            auto doc = Document::create(*file, data);
            const auto stats = computeStatistics(doc->data());
            std::cout << "Imported " << stats.items.at(ItemKind::Course) << " course(s), "
                      << stats.items.at(ItemKind::Objective) << " objective(s) into " << *file << "\n";
            return 0;
        };
    });
}

void addExportCommand(CLI::App& app, Run& run)
{
    auto* cmd = app.add_subcommand("export",
        "Export a course map: the whole map as JSON; objectives, a course's alignment matrix or the "
        "program's "
        "heat map as CSV; a course's syllabus or the heat map as PDF; or an AAMC Curriculum Inventory "
        "report");
    auto file = std::make_shared<std::string>();
    auto format = std::make_shared<std::string>("json");
    auto content = std::make_shared<std::string>();
    auto out = std::make_shared<std::string>();
    auto course = std::make_shared<std::string>();
    auto paper = std::make_shared<std::string>("a4");
    auto noAlignment = std::make_shared<bool>(false);
    auto reviewCopy = std::make_shared<bool>(false);
    auto ci = std::make_shared<CurriculumInventoryRequest>();
    auto courseWeeks = std::make_shared<int>(0);
    auto schema = std::make_shared<std::string>("v10");
    auto preview = std::make_shared<bool>(false);
    cmd->add_option("FILE", *file, "The map: a .coursemap file, or a postgresql:// address with --program")
        ->required()
        ->check(MapAddress);
    cmd->add_option("--format", *format,
           "json: the whole map; csv: a sheet; pdf: pages; curriculum-inventory: the AAMC MedBiquitous "
           "Curriculum Inventory XML of the program")
        ->check(CLI::IsMember({ "json", "csv", "pdf", "curriculum-inventory" }))
        ->capture_default_str();
    cmd->add_option("--content", *content,
           "csv: objectives (default; every course, or --course), alignment (--course) or heat-map; "
           "pdf: syllabus (default; --course) or heat-map")
        ->check(CLI::IsMember({ "objectives", "alignment", "heat-map", "syllabus" }));
    cmd->add_option("-o,--output", *out,
        "Output file, or - for standard output (json and csv: standard output by default; required for pdf "
        "and curriculum-inventory). Never the map itself; a symbolic link is followed and the file it points "
        "at replaced; a device or pipe is written to directly");
    cmd->add_option("--course", *course, "The course, by its code (\"CARD 210\")");
    cmd->add_option("--paper", *paper, "pdf: a4 or letter")
        ->check(CLI::IsMember({ "a4", "letter" }))
        ->capture_default_str();
    cmd->add_flag("--no-alignment", *noAlignment, "pdf syllabus: leave out the alignment summary");
    cmd->add_flag("--review-copy", *reviewCopy,
        "pdf syllabus: a review copy, with the course's review history and open comments");
    auto* group = cmd->add_option_group("Curriculum Inventory",
        "What the AAMC report needs that a course map does not hold (curriculum-inventory)");
    group->add_option("--institution-id", ci->institutionId, "The school's AAMC institution id");
    group->add_option("--program-id", ci->programId, "The program's AAMC program id");
    group->add_option("--start", ci->reportingStart, "First day of the reporting period, YYYY-MM-DD");
    group->add_option("--end", ci->reportingEnd, "Last day of the reporting period, YYYY-MM-DD");
    group->add_option("--report-date", ci->reportDate, "Date of the report, YYYY-MM-DD (default: today)");
    group->add_option(
        "--report-id", ci->reportId, "The school's id for this report (default: INSTITUTION-PROGRAM-YEAR)");
    group->add_option("--title", ci->title, "Report title (default: program name and years)");
    group->add_option("--language", ci->language, "Language tag of the report")->capture_default_str();
    group->add_option("--link", ci->supportingLink, "Web address of the curriculum");
    group
        ->add_option("--course-weeks", *courseWeeks,
            "Length in weeks (1 to 104) of courses without weeks, dates or week numbers in their activities "
            "and assessments")
        ->check(wholeNumber(1, 104));
    group
        ->add_option("--schema", *schema,
            "v10: the Curriculum Inventory as the AAMC takes it since 2022; v1: the original schema")
        ->check(CLI::IsMember({ "v10", "v1" }))
        ->capture_default_str();
    group->add_flag("--preview", *preview,
        "Print the figures the AAMC's verification report will show (methods by year, PCRS coverage, "
        "clerkship weeks) and what is missing, with where to fill it in; writes no file");
    // Options write into these shared values when parsed, so the callback holds all of them, used or not.
    cmd->callback([&run, file, format, content, out, course, paper, noAlignment, reviewCopy, ci, courseWeeks,
                      schema, preview] {
        run = [file, format, content, out, course, paper, noAlignment, reviewCopy, ci, courseWeeks, schema,
                  preview] {
            // Refused before any work: the map itself, a folder, a disk.
            if (!out->empty() && *out != "-")
                checkOutputPath(*out, filesOfMap(*file));
            else
                checkStandardOutput(filesOfMap(*file));
            auto doc = openMap(*file, OpenMode::ReadOnly, "read");
            const auto& data = doc->data();
            const auto courseId = [&] { return requireCourse(data, *course, *file).id; };
            const auto requireOutput = [&](const char* what) {
                if (out->empty())
                    throw Error(ErrorCode::InvalidInput,
                        std::string("Say where to write the ") + what
                            + " with -o FILE (or -o - for standard output).");
            };
            if (*preview && *format != "curriculum-inventory")
                throw Error(ErrorCode::InvalidInput,
                    "--preview previews the Curriculum Inventory report: use it with --format "
                    "curriculum-inventory.");
            if (*format == "json") {
                writeOutput(*out, exportJson(data), *file);
            } else if (*format == "csv") {
                if (*content == "alignment")
                    writeOutput(*out, alignmentCsv(data, courseId()), *file);
                else if (*content == "heat-map")
                    writeOutput(*out, heatMapCsv(data, computeHeatMap(data)), *file);
                else if (content->empty() || *content == "objectives")
                    writeOutput(*out,
                        objectivesCsv(data, course->empty() ? std::nullopt : std::optional<Id>(courseId())),
                        *file);
                else
                    throw Error(
                        ErrorCode::InvalidInput, "A CSV export holds objectives, alignment or heat-map.");
            } else if (*format == "pdf") {
                requireOutput("PDF");
                if (*content == "heat-map")
                    exportHeatMapPdf(data, *out, *paper == "letter", *file);
                else if (content->empty() || *content == "syllabus") {
                    SyllabusOptions options;
                    options.alignmentSummary = !*noAlignment;
                    options.reviewCopy = *reviewCopy;
                    exportSyllabusPdf(
                        data, data.get<Course>(courseId())->code, *out, *paper == "letter", options, *file);
                } else
                    throw Error(ErrorCode::InvalidInput, "A PDF export holds a syllabus or the heat-map.");
            } else {
                auto request = *ci;
                if (*courseWeeks != 0)
                    request.defaultCourseWeeks = *courseWeeks;
                request.schema
                    = *schema == "v1" ? CurriculumInventorySchema::V1 : CurriculumInventorySchema::V10;
                if (*preview) {
                    const auto figures = curriculumInventoryPreview(data, request);
                    std::cout << curriculumInventoryPreviewText(figures);
                    if (figures.blocking > 0)
                        std::cout
                            << "The report's own details are options: --institution-id ID --program-id ID "
                               "--start YYYY-MM-DD --end YYYY-MM-DD (see `coursemap export --help`).\n";
                    return 0;
                }
                requireOutput("report");
                if (const auto problems = curriculumInventoryProblems(data, request); !problems.empty()) {
                    std::string message = "The Curriculum Inventory report was not written:";
                    for (const auto& p : problems)
                        message += "\n  " + p;
                    // The options that would mend a problem, and only those.
                    std::string options;
                    auto option = [&](bool wanted, const char* text) {
                        if (wanted)
                            options += std::string(options.empty() ? "" : ", ") + text;
                    };
                    const bool lengthless = std::any_of(problems.begin(), problems.end(),
                        [](const std::string& p) { return p.find(" has no length") != std::string::npos; });
                    option(request.institutionId.empty(), "--institution-id ID");
                    option(request.programId.empty(), "--program-id ID");
                    option(request.reportingStart.empty() || request.reportingEnd.empty(),
                        "--start YYYY-MM-DD --end YYYY-MM-DD");
                    option(lengthless, "--course-weeks N (the length of courses without one)");
                    if (!options.empty())
                        message += "\nThe report's own details are options: " + options
                            + " (see `coursemap export --help`).";
                    throw Error(ErrorCode::InvalidInput, message);
                }
                const auto report = exportCurriculumInventory(data, request);
                writeOutput(*out, report.xml, *file);
                for (const auto& note : report.notes)
                    std::cerr << "note: " << note << "\n";
            }
            return 0;
        };
    });
}

void addStatsCommand(CLI::App& app, Run& run)
{
    auto* cmd = app.add_subcommand("stats",
        "Count the items, links and hours of a course map, with the program statistics (hours by method and "
        "learning type, Bloom levels by year, assessments by Miller level)");
    auto file = std::make_shared<std::string>();
    auto format = std::make_shared<std::string>("text");
    cmd->add_option("FILE", *file, "The map: a .coursemap file, or a postgresql:// address with --program")
        ->required()
        ->check(MapAddress);
    cmd->add_option("--format", *format, "text for people, json for scripts")
        ->check(CLI::IsMember({ "text", "json" }))
        ->capture_default_str();
    cmd->callback([&run, file, format] {
        run = [file, format] {
            auto doc = openMap(*file, OpenMode::ReadOnly, "read");
            const auto& data = doc->data();
            const auto s = computeStatistics(data);
            if (*format == "json") {
                nlohmann::ordered_json out;
                out["program"] = data.program().name;
                for (const auto& [kind, n] : s.items)
                    out["items"][std::string(toString(kind))] = n;
                for (const auto& [kind, n] : s.links)
                    out["links"][std::string(toString(kind))] = n;
                out["hours"] = { { "contact", s.contactHours }, { "self_study", s.selfStudyHours },
                    { "scheduled_teaching", s.teachingHours } };
                out["courses"] = nlohmann::ordered_json::array();
                for (const auto& c : s.courses)
                    out["courses"].push_back({ { "code", c.code }, { "title", c.title },
                        { "objectives", c.objectives }, { "activities", c.activities },
                        { "assessments", c.assessments }, { "scheduled_teaching_hours", c.teachingHours },
                        { "contact_hours", c.contactHours }, { "self_study_hours", c.selfStudyHours },
                        { "summative_weight", c.summativeWeight } });
                const auto ps = computeProgramStatistics(data);
                auto& program = out["program_statistics"];
                program["hours_by_method"] = nlohmann::ordered_json::object();
                for (const auto& [code, hours] : ps.hoursByMethod)
                    program["hours_by_method"][code.empty() ? "none" : code] = hours;
                for (std::size_t i = 0; i < ps.hoursByLearningType.size(); ++i)
                    program["hours_by_learning_type"]
                           [i < 6 ? std::string(toString(static_cast<LearningType>(i))) : "unknown"]
                        = ps.hoursByLearningType[i];
                program["bloom_by_year"] = nlohmann::ordered_json::object();
                for (const auto& [year, counts] : ps.bloomByYear)
                    for (std::size_t i = 0; i < counts.size(); ++i)
                        program["bloom_by_year"][std::to_string(year)]
                               [i < 6 ? std::string(toString(static_cast<BloomLevel>(i))) : "none"]
                            = counts[i];
                program["assessment_methods_by_miller"] = nlohmann::ordered_json::object();
                for (const auto& [level, methods] : ps.assessmentMethodsByMiller)
                    for (const auto& [code, count] : methods)
                        program["assessment_methods_by_miller"][std::string(toString(level))][code] = count;
                program["assessments_without_method"] = ps.assessmentsWithoutMethod;
                std::cout << out.dump(2) << "\n";
                return 0;
            }
            const auto& p = data.program();
            std::cout << "Program      " << printable(p.name);
            if (!p.institution.empty())
                std::cout << ", " << printable(p.institution);
            if (!p.degree.empty())
                std::cout << " (" << printable(p.degree) << ", " << p.lengthYears << " years)";
            std::cout << "\n";
            auto n = [&](ItemKind k) { return s.items.at(k); };
            std::cout << "Frameworks   " << n(ItemKind::Framework) << " (" << n(ItemKind::Competency)
                      << " competencies)\n"
                      << "Courses      " << n(ItemKind::Course) << "\n"
                      << "Objectives   " << n(ItemKind::Objective) << "\n"
                      << "Activities   " << n(ItemKind::Activity) << "\n"
                      << "Assessments  " << n(ItemKind::Assessment) << "\n"
                      << "Comments     " << n(ItemKind::Comment) << "\n"
                      << "Links        " << s.links.at(LinkKind::Teaches) << " teaching, "
                      << s.links.at(LinkKind::Assesses) << " assessment, " << s.links.at(LinkKind::Maps)
                      << " competency\n"
                      << "Hours        " << fixed(s.contactHours) << " contact, " << fixed(s.selfStudyHours)
                      << " self-study, " << fixed(s.teachingHours) << " scheduled teaching\n";
            if (!s.courses.empty()) {
                std::cout << "\n"
                          << std::left << std::setw(12) << "Course" << std::setw(40) << "Title" << std::right
                          << std::setw(5) << "Obj" << std::setw(5) << "Act" << std::setw(6) << "Asmt"
                          << std::setw(11) << "Teach h" << std::setw(13) << "Summative %"
                          << "\n";
                for (const auto& c : s.courses) {
                    std::string title = c.title;
                    if (title.size() > 38) { // cut at a character, not inside one
                        std::size_t cut = 37;
                        while (cut > 0 && (static_cast<unsigned char>(title[cut]) & 0xC0) == 0x80)
                            --cut;
                        title = title.substr(0, cut) + "~";
                    }
                    std::cout << std::left << std::setw(12) << printable(c.code) << std::setw(40)
                              << printable(title) << std::right << std::setw(5) << c.objectives
                              << std::setw(5) << c.activities << std::setw(6) << c.assessments
                              << std::setw(11) << fixed(c.teachingHours) << std::setw(13)
                              << fixed(c.summativeWeight) << "\n";
                }
            }
            const auto ps = computeProgramStatistics(data);
            if (!ps.bloomByYear.empty()) {
                std::cout << "\nObjectives by Bloom level\n"
                          << std::left << std::setw(8) << "Year" << std::right;
                for (int i = 0; i < 6; ++i)
                    std::cout << std::setw(12) << toString(static_cast<BloomLevel>(i));
                std::cout << std::setw(10) << "no level"
                          << "\n";
                for (const auto& [year, counts] : ps.bloomByYear) {
                    std::cout << std::left << std::setw(8) << year << std::right;
                    for (std::size_t i = 0; i < 6; ++i)
                        std::cout << std::setw(12) << counts[i];
                    std::cout << std::setw(10) << counts[6] << "\n";
                }
            }
            if (!ps.hoursByMethod.empty()) {
                std::vector<std::pair<std::string, double>> methods(
                    ps.hoursByMethod.begin(), ps.hoursByMethod.end());
                std::stable_sort(methods.begin(), methods.end(),
                    [](const auto& a, const auto& b) { return a.second > b.second; });
                std::cout << "\nScheduled hours by instructional method\n";
                for (const auto& [code, hours] : methods) {
                    const auto* m = findInstructionalMethod(code);
                    std::cout << std::right << std::setw(9) << fixed(hours) << "  "
                              << (m ? m->name + " (" + code + ")" : std::string("no method")) << "\n";
                }
            }
            if (!ps.assessmentMethodsByMiller.empty() || ps.assessmentsWithoutMethod > 0) {
                std::cout << "\nAssessments by the Miller level their method reaches\n";
                for (const auto& [level, methods] : ps.assessmentMethodsByMiller) {
                    int total = 0;
                    for (const auto& [code, count] : methods)
                        total += count;
                    std::cout << std::left << std::setw(11) << toString(level) << std::right << std::setw(5)
                              << total << "\n";
                }
                if (ps.assessmentsWithoutMethod > 0)
                    std::cout << std::left << std::setw(11) << "no method" << std::right << std::setw(5)
                              << ps.assessmentsWithoutMethod << "\n";
            }
            return 0;
        };
    });
}

void addApplyCommand(CLI::App& app, Run& run)
{
    auto* cmd = app.add_subcommand("apply",
        "Apply edits, one JSON object per line; prints \"ok N\" once the N-th edit is safely on disk");
    auto file = std::make_shared<std::string>();
    auto edits = std::make_shared<std::string>();
    cmd->add_option(
           "FILE", *file, "The map to change: a .coursemap file, or a postgresql:// address with --program")
        ->required()
        ->check(MapAddress);
    cmd->add_option("EDITS", *edits, "A file of edits (JSON Lines), or - for standard input")->required();
    cmd->callback([&run, file, edits] {
        run = [file, edits] {
            std::ifstream fileIn;
            std::istream* in = &std::cin;
            if (*edits != "-") {
                fileIn.open(*edits, std::ios::binary);
                if (!fileIn)
                    throw Error(ErrorCode::NotFound,
                        "Cannot read \"" + *edits + "\": no such file, or not readable.");
                in = &fileIn;
            }
            auto doc = openMap(*file, OpenMode::ReadWrite, "apply");
            std::string line;
            int lineNumber = 0;
            int applied = 0;
            while (std::getline(*in, line)) {
                ++lineNumber;
                if (line.find_first_not_of(" \t\r") == std::string::npos)
                    continue;
                const std::string where = "line " + std::to_string(lineNumber);
                try {
                    doc->apply(editFromJson(parseJson(line, where)));
                } catch (const Error& e) {
                    const bool named = e.message().starts_with(where);
                    throw Error(e.code(),
                        (named ? "" : where + ": ") + e.message() + "\n" + std::to_string(applied)
                            + " earlier edit(s) were saved; this one and any after it were not.",
                        e.detail());
                }
                ++applied;
                // The edit is committed with a full sync: only now may a script count on it.
                std::cout << "ok " << applied << std::endl;
                if (!std::cout)
                    throw Error(ErrorCode::Io,
                        "Cannot write to standard output; " + std::to_string(applied)
                            + " edit(s) were saved, the last of them not acknowledged; the edits after it "
                              "were not applied.");
            }
            return 0;
        };
    });
}

} // namespace coursemap::cli
