// import-csv, framework and heat-map: filling a map from spreadsheets and frameworks, and the program view.
#include "Commands.h"

#include "coursemap/Document.h"
#include "coursemap/Error.h"
#include "coursemap/Printable.h"
#include "coursemap/interchange/CsvFormat.h"
#include "coursemap/program/Frameworks.h"
#include "coursemap/program/HeatMap.h"
#include "coursemap/storage/OutputFile.h"
#include "coursemap/syllabus/Syllabus.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <iostream>

namespace coursemap::cli {

namespace {

std::string lower(std::string s)
{
    std::transform(
        s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

// The 0-based column a --column value names: a header ("Learning objective"), a letter ("C") or a 1-based
// number ("3").
std::size_t columnIndex(const std::string& name, const std::vector<std::string>& header, bool hasHeader)
{
    if (hasHeader) {
        std::vector<std::size_t> titled;
        for (std::size_t i = 0; i < header.size(); ++i)
            if (lower(header[i]) == lower(name))
                titled.push_back(i);
        if (titled.size() > 1)
            throw Error(ErrorCode::InvalidInput,
                "--column: columns " + columnLetter(titled[0]) + " and " + columnLetter(titled[1])
                    + " are both titled \"" + name + "\"; name the one you mean by its letter, such as "
                    + columnLetter(titled[1]) + ".");
        if (titled.size() == 1)
            return titled.front();
    }
    if (!name.empty()
        && std::all_of(name.begin(), name.end(), [](unsigned char c) { return std::isdigit(c); })
        && name.size() < 6 && std::stoi(name) >= 1)
        return static_cast<std::size_t>(std::stoi(name) - 1);
    if (!name.empty() && name.size() <= 3
        && std::all_of(name.begin(), name.end(), [](unsigned char c) { return std::isalpha(c); })) {
        std::size_t n = 0;
        for (char c : name)
            n = n * 26 + static_cast<std::size_t>(std::toupper(static_cast<unsigned char>(c)) - 'A' + 1);
        return n - 1;
    }
    throw Error(ErrorCode::InvalidInput,
        "--column: \"" + name + "\" is neither a column title of the sheet nor a column letter or number.");
}

void printCompetencies(const std::vector<CompetencyTemplate>& list, int depth)
{
    for (const auto& c : list) {
        std::cout << std::string(static_cast<std::size_t>(depth) * 2 + 4, ' ')
                  << printable(c.code.empty() ? "" : c.code + "  ") << printable(c.title) << "\n";
        printCompetencies(c.children, depth + 1);
    }
}

std::size_t countCompetencies(const std::vector<CompetencyTemplate>& list)
{
    std::size_t n = list.size();
    for (const auto& c : list)
        n += countCompetencies(c.children);
    return n;
}

std::size_t countAssociations(const std::vector<CompetencyTemplate>& list)
{
    std::size_t n = 0;
    for (const auto& c : list)
        n += c.associations.size() + countAssociations(c.children);
    return n;
}

int adopt(const std::string& file, const FrameworkTemplate& t)
{
    auto doc = openMap(file, OpenMode::ReadWrite, "framework");
    doc->applyPlan([&](const DocumentData& data, Id& next) { return planAddFramework(data, t, next); });
    std::cout << "Added " << printable(t.framework.name) << " with " << countCompetencies(t.competencies)
              << " competencies";
    if (const auto kept = countAssociations(t.competencies); kept > 0)
        std::cout << " and " << kept << " associations";
    std::cout << " to " << file << ".\n";
    for (const auto& warning : t.warnings)
        std::cerr << "warning: " << printable(warning) << "\n";
    return 0;
}

} // namespace

void addImportCsvCommand(CLI::App& app, Run& run)
{
    auto* cmd = app.add_subcommand("import-csv",
        "Add objectives, teaching activities or assessments to a course from a CSV sheet (all rows or none)");
    auto file = std::make_shared<std::string>();
    auto sheet = std::make_shared<std::string>();
    auto course = std::make_shared<std::string>();
    auto kind = std::make_shared<std::string>("objectives");
    auto columns = std::make_shared<std::vector<std::string>>();
    auto noHeader = std::make_shared<bool>(false);
    auto dryRun = std::make_shared<bool>(false);
    cmd->add_option("FILE", *file, "The map: a .coursemap file, or a postgresql:// address with --program")->required()->check(MapAddress);
    cmd->add_option(
           "CSV", *sheet, "The sheet (comma, semicolon or tab separated; UTF-8), or - for standard input")
        ->required();
    cmd->add_option("--course", *course, "The course to add to, by its code")->required();
    cmd->add_option("--kind", *kind, "What each row is")
        ->check(CLI::IsMember({ "objectives", "activities", "assessments" }))
        ->capture_default_str();
    cmd->add_option("--column", *columns,
        "FIELD=COLUMN: which column holds a field, by title, letter or number (text=B, "
        "minutes=\"Duration\"). "
        "Without any, columns are matched by their titles. Fields: objectives: text, bloom_override, domain, "
        "miller_target, status, taught_by, assessed_by, competencies; activities: title, method, "
        "learning_type, "
        "week, minutes, interprofessional, description, status; assessments: title, method, summative, "
        "weight, "
        "week, description, status");
    cmd->add_flag("--no-header", *noHeader, "The first row is data, not column titles");
    cmd->add_flag("--dry-run", *dryRun, "Check the sheet and say what would be added, without adding it");
    cmd->callback([&run, file, sheet, course, kind, columns, noHeader, dryRun] {
        run = [file, sheet, course, kind, columns, noHeader, dryRun] {
            const auto table = parseCsv(readInput(*sheet), *sheet == "-" ? "standard input" : *sheet);
            auto doc = openMap(*file, *dryRun ? OpenMode::ReadOnly : OpenMode::ReadWrite, "import-csv");
            CsvImport import;
            import.kind = *kind == "objectives" ? ItemKind::Objective
                : *kind == "activities"         ? ItemKind::Activity
                                                : ItemKind::Assessment;
            import.courseId = requireCourse(doc->data(), *course, *file).id;
            import.header = !*noHeader;
            const std::vector<std::string> header
                = table.rows.empty() ? std::vector<std::string>() : table.rows[0];
            if (columns->empty()) {
                if (!import.header)
                    throw Error(ErrorCode::InvalidInput,
                        "Without column titles, say which column holds what with --column FIELD=COLUMN.");
                import.columns = guessCsvColumns(import.kind, header);
                for (const auto& c : import.columns)
                    std::cerr << "column " << columnLetter(c.column) << " (" << printable(header[c.column])
                              << ") → " << c.field << "\n";
            } else {
                for (const auto& spec : *columns) {
                    const auto eq = spec.find('=');
                    if (eq == std::string::npos || eq == 0 || eq + 1 == spec.size())
                        throw Error(ErrorCode::InvalidInput,
                            "--column \"" + spec + "\": write FIELD=COLUMN, such as text=B.");
                    import.columns.push_back(
                        { spec.substr(0, eq), columnIndex(spec.substr(eq + 1), header, import.header) });
                }
            }
            for (const auto& warning : csvImportWarnings(table, import))
                std::cerr << "warning: " << printable(warning) << "\n";
            if (*dryRun) {
                const auto change = planCsvImport(doc->data(), table, import, doc->nextId());
                std::cout << "Would " << lower(change.description.substr(0, 1))
                          << change.description.substr(1) << " (nothing was changed).\n";
                return 0;
            }
            const auto change = doc->applyPlan(
                [&](const DocumentData& data, Id& next) { return planCsvImport(data, table, import, next); });
            std::cout << change.description << ": done.\n";
            return 0;
        };
    });
}

void addFrameworkCommand(CLI::App& app, Run& run)
{
    auto* cmd = app.add_subcommand(
        "framework", "Competency frameworks: list the shipped ones, adopt one, import CASE");
    cmd->require_subcommand(1);

    auto* list
        = cmd->add_subcommand("list", "List the frameworks Coursemap ships, or those a map has adopted");
    auto listFile = std::make_shared<std::string>();
    auto full = std::make_shared<bool>(false);
    list->add_option("FILE", *listFile, "A .coursemap file: list its frameworks instead")
        ->check(MapAddress);
    list->add_flag("--competencies", *full, "List each framework's competencies too");
    list->callback([&run, listFile, full] {
        run = [listFile, full] {
            if (listFile->empty()) {
                for (const auto& t : builtInFrameworks()) {
                    std::cout << t.key << "  " << t.framework.name << " (" << t.framework.publisher << ", "
                              << t.framework.version << "), " << countCompetencies(t.competencies)
                              << " competencies\n    Source: " << t.source << "\n";
                    if (*full)
                        printCompetencies(t.competencies, 0);
                }
                return 0;
            }
            auto doc = openMap(*listFile, OpenMode::ReadOnly, "read");
            for (const auto* f : doc->data().frameworks()) {
                const auto t = frameworkTemplate(doc->data(), f->id);
                std::cout << printable(f->name)
                          << (f->version.empty() ? "" : " (" + printable(f->version) + ")") << ", "
                          << countCompetencies(t.competencies) << " competencies\n";
                if (*full)
                    printCompetencies(t.competencies, 0);
            }
            return 0;
        };
    });

    auto* add = cmd->add_subcommand(
        "add", "Adopt a shipped framework (see `framework list`), or a copy of one the map holds");
    auto addFile = std::make_shared<std::string>();
    auto name = std::make_shared<std::string>();
    auto copyName = std::make_shared<std::string>();
    add->add_option("FILE", *addFile, "The map: a .coursemap file, or a postgresql:// address with --program")->required()->check(MapAddress);
    add->add_option(
           "FRAMEWORK", *name, "Key or name of a shipped framework (ipec-2023), or with --copy, of the map's")
        ->required();
    add->add_option(
        "--copy", *copyName, "Adopt a copy of the map's framework FRAMEWORK under this name, to edit");
    add->callback([&run, addFile, name, copyName] {
        run = [addFile, name, copyName] {
            if (!copyName->empty()) {
                auto doc = openMap(*addFile, OpenMode::ReadOnly, "read");
                for (const auto* f : doc->data().frameworks())
                    if (lower(f->name) == lower(*name)) {
                        auto t = frameworkTemplate(doc->data(), f->id);
                        t.framework.name = *copyName;
                        doc.reset();
                        return adopt(*addFile, t);
                    }
                throw Error(ErrorCode::InvalidInput, "The map has no framework called \"" + *name + "\".");
            }
            const auto* t = findBuiltInFramework(*name);
            if (!t)
                throw Error(ErrorCode::InvalidInput,
                    "\"" + *name
                        + "\" is not a framework Coursemap ships (`coursemap framework list` names them).");
            return adopt(*addFile, *t);
        };
    });

    auto* importCase = cmd->add_subcommand(
        "import-case", "Adopt a framework from a 1EdTech CASE package (CFPackage JSON)");
    auto caseFile = std::make_shared<std::string>();
    auto package = std::make_shared<std::string>();
    importCase->add_option("FILE", *caseFile, "The map: a .coursemap file, or a postgresql:// address with --program")->required()->check(MapAddress);
    importCase->add_option("PACKAGE", *package, "The CASE package JSON, or - for standard input")->required();
    importCase->callback([&run, caseFile, package] {
        run = [caseFile, package] {
            const auto t
                = importCaseFramework(readInput(*package), *package == "-" ? "standard input" : *package);
            return adopt(*caseFile, t);
        };
    });

    auto* exportCase = cmd->add_subcommand("export-case",
        "Write one of the map's frameworks as a 1EdTech CASE package (CFPackage JSON) that import-case reads "
        "back the same, with its identifiers and associations");
    auto exportFile = std::make_shared<std::string>();
    auto which = std::make_shared<std::string>();
    auto output = std::make_shared<std::string>();
    exportCase->add_option("FILE", *exportFile, "The .coursemap file")->required()->check(CLI::ExistingFile);
    exportCase->add_option("--framework", *which, "The framework, by its code (ACGME), name or id")
        ->required();
    exportCase->add_option("-o,--output", *output, "The package file to write (default: standard output)");
    exportCase->callback([&run, exportFile, which, output] {
        run = [exportFile, which, output] {
            // Refused before any work: the map itself, a folder, a disk.
            if (!output->empty() && *output != "-")
                checkOutputPath(*output, filesOfMap(*exportFile));
            auto doc = openMap(*exportFile, OpenMode::ReadOnly, "read");
            const auto* f = findFramework(doc->data(), *which);
            if (!f) {
                std::string known;
                for (const auto* each : doc->data().frameworks())
                    known += (known.empty() ? "" : ", ") + (each->code.empty() ? each->name : each->code);
                throw Error(ErrorCode::InvalidInput,
                    "The map has no framework \"" + *which + "\""
                        + (known.empty() ? "." : "; it has " + known + "."));
            }
            writeOutput(*output, exportCaseFramework(doc->data(), f->id), *exportFile);
            return 0;
        };
    });
}

void addHeatMapCommand(CLI::App& app, Run& run)
{
    auto* cmd = app.add_subcommand("heat-map",
        "Show the program's competency × course heat map: I/R/M and objective counts, gaps, never mastered");
    auto file = std::make_shared<std::string>();
    auto format = std::make_shared<std::string>("text");
    cmd->add_option("FILE", *file, "The map: a .coursemap file, or a postgresql:// address with --program")->required()->check(MapAddress);
    cmd->add_option("--format", *format,
           "text for people, json for scripts (CSV: export --format csv --content heat-map)")
        ->check(CLI::IsMember({ "text", "json" }))
        ->capture_default_str();
    cmd->callback([&run, file, format] {
        run = [file, format] {
            auto doc = openMap(*file, OpenMode::ReadOnly, "read");
            const auto& data = doc->data();
            const auto map = computeHeatMap(data);
            const auto courseName = [&](Id id) {
                const auto* c = data.get<Course>(id);
                return c->code.empty() ? c->title : c->code;
            };
            // Text for people: what users typed, on one line each (JSON escapes it itself).
            const auto shown
                = [&](const std::string& text) { return *format == "json" ? text : printable(text); };
            if (*format == "json") {
                nlohmann::ordered_json out;
                out["courses"] = nlohmann::ordered_json::array();
                for (Id id : map.courses)
                    out["courses"].push_back(
                        { { "id", id }, { "code", courseName(id) }, { "year", data.get<Course>(id)->year } });
                out["competencies"] = nlohmann::ordered_json::array();
                for (const auto& row : map.rows) {
                    const auto* c = data.get<Competency>(row.competencyId);
                    nlohmann::ordered_json r { { "id", c->id },
                        { "framework", data.get<Framework>(row.frameworkId)->name }, { "code", c->code },
                        { "title", c->title }, { "depth", row.depth }, { "courses", row.coursesMapping() },
                        { "gap", row.gap() }, { "never_mastered", row.neverMastered() } };
                    r["cells"] = nlohmann::ordered_json::array();
                    for (std::size_t i = 0; i < row.cells.size(); ++i) {
                        const auto& cell = row.cells[i];
                        if (cell.total() == 0 && cell.derived.empty())
                            continue;
                        const auto level = cell.highest();
                        r["cells"].push_back({ { "course", courseName(map.courses[i]) },
                            { "highest",
                                level ? nlohmann::ordered_json(std::string(toString(*level)))
                                      : nlohmann::ordered_json() },
                            { "introduced", cell.counts[0] }, { "reinforced", cell.counts[1] },
                            { "mastered", cell.counts[2] }, { "unspecified", cell.counts[3] },
                            { "objectives", cell.objectives }, { "derived", cell.derived } });
                    }
                    out["competencies"].push_back(std::move(r));
                }
                std::cout << out.dump(2) << "\n";
                return 0;
            }
            Id framework = NoId;
            int gaps = 0, never = 0;
            for (const auto& row : map.rows) {
                if (row.frameworkId != framework) {
                    framework = row.frameworkId;
                    std::cout << "\n" << shown(data.get<Framework>(framework)->name) << "\n";
                }
                const auto* c = data.get<Competency>(row.competencyId);
                std::string line = std::string(static_cast<std::size_t>(row.depth) * 2 + 2, ' ')
                    + shown(c->code) + " " + shown(c->title);
                std::string cells;
                for (std::size_t i = 0; i < row.cells.size(); ++i) {
                    const auto& cell = row.cells[i];
                    if (cell.total() == 0) {
                        // Derived through a crosswalk from another framework's competency.
                        if (!cell.derived.empty())
                            cells += (cells.empty() ? "" : ", ") + shown(courseName(map.courses[i]))
                                + " derived " + std::to_string(cell.derived.size());
                        continue;
                    }
                    const auto level = cell.highest();
                    cells += (cells.empty() ? "" : ", ") + shown(courseName(map.courses[i])) + " "
                        + (level ? std::string(1, contributionLetter(*level)) : std::string("-"))
                        + std::to_string(cell.total());
                }
                std::cout << line << ": " << (cells.empty() ? "no course" : cells);
                if (row.gap()) {
                    std::cout << "  [gap]";
                    ++gaps;
                } else if (row.neverMastered()) {
                    std::cout << "  [never mastered]";
                    ++never;
                }
                std::cout << "\n";
            }
            std::cout << "\n"
                      << map.rows.size() << " competencies over " << map.courses.size()
                      << " courses: " << gaps << " not mapped by any course, " << never
                      << " introduced but never mastered.\n";
            return 0;
        };
    });
}

} // namespace coursemap::cli
