#include "coursemap/interchange/CsvFormat.h"

#include "../interchange/ItemJson.h"
#include "coursemap/Error.h"
#include "coursemap/analysis/Catalog.h"
#include "coursemap/analysis/ObjectiveAnalyzer.h"
#include "coursemap/edit/EditPlanner.h"
#include "coursemap/model/Fields.h"
#include "coursemap/program/HeatMap.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>
#include <set>

namespace coursemap {

namespace {

using itemjson::Problems;
using nlohmann::json;

constexpr std::string_view LinkSeparator = "; ";

std::string courseName(const Course& c)
{
    return c.code.empty() ? c.title : c.code;
}

std::vector<const Course*> coursesInScope(const DocumentData& data, std::optional<Id> courseId)
{
    if (!courseId)
        return data.courses();
    const auto* c = data.get<Course>(*courseId);
    if (!c)
        throw Error(ErrorCode::InvalidInput, "There is no course with id " + std::to_string(*courseId) + ".");
    return { c };
}

// 40 → "40", 12.5 → "12.5".
std::string number(double x)
{
    auto text = std::to_string(x);
    text.erase(text.find_last_not_of('0') + 1);
    if (text.back() == '.')
        text.pop_back();
    return text;
}

template <class T>
std::string joinTitles(
    const DocumentData& data, const std::vector<const Link*>& links, LinkKind kind, bool withShare = false)
{
    std::string out;
    for (const auto* l : links) {
        if (l->key.kind != kind)
            continue;
        const auto* target = data.get<T>(l->key.targetId);
        if (!target)
            continue;
        if (!out.empty())
            out += LinkSeparator;
        out += target->title;
        if (withShare && l->share)
            out += " (" + number(*l->share) + "%)";
    }
    return out;
}

// Lower case, every run of spaces, hyphens, underscores and dashes one underscore, trimmed: "Knows how" →
// "knows_how", for matching what people type to our names.
std::string normalized(std::string_view text)
{
    std::string out;
    bool gap = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const unsigned char c = static_cast<unsigned char>(text[i]);
        // U+2013/U+2014 (en and em dash) count as separators too.
        const bool dash = c == 0xE2 && i + 2 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0x80
            && (static_cast<unsigned char>(text[i + 2]) == 0x93
                || static_cast<unsigned char>(text[i + 2]) == 0x94);
        if (c == ' ' || c == '-' || c == '_' || c == '\t' || c == '/' || dash) {
            gap = !out.empty();
            if (dash)
                i += 2;
            continue;
        }
        if (gap)
            out += '_';
        gap = false;
        out += static_cast<char>(std::tolower(c));
    }
    return out;
}

std::string trimmed(std::string_view s)
{
    const auto b = s.find_first_not_of(" \t\r\n");
    if (b == std::string_view::npos)
        return {};
    const auto e = s.find_last_not_of(" \t\r\n");
    return std::string(s.substr(b, e - b + 1));
}

std::vector<std::string> splitList(std::string_view cell)
{
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start <= cell.size()) {
        auto end = cell.find_first_of(";\n", start);
        if (end == std::string_view::npos)
            end = cell.size();
        if (auto part = trimmed(cell.substr(start, end - start)); !part.empty())
            out.push_back(std::move(part));
        start = end + 1;
    }
    return out;
}

} // namespace

std::string objectivesCsv(const DocumentData& data, std::optional<Id> courseId)
{
    // The course title goes last, so that sheets made before it keep their columns.
    std::string out = csvRow({ csvCell("Course"), csvCell("Objective"), csvCell("Bloom (detected)"),
        csvCell("Bloom override"), csvCell("Miller target"), csvCell("Status"), csvCell("Taught by"),
        csvCell("Assessed by"), csvCell("Competencies"), csvCell("Course title") });
    // A code that competencies of two frameworks share is written with its framework: "ACGME:PC:R".
    std::map<std::string, std::set<Id>> frameworksOfCode;
    for (const auto& [id, c] : data.all<Competency>())
        if (!c.code.empty())
            frameworksOfCode[normalized(c.code)].insert(c.frameworkId);
    for (const auto* course : coursesInScope(data, courseId)) {
        for (const auto* o : data.objectivesOf(course->id)) {
            const auto links = data.linksOf(o->id);
            std::string competencies;
            for (const auto* l : links) {
                if (l->key.kind != LinkKind::Maps)
                    continue;
                const auto* c = data.get<Competency>(l->key.targetId);
                if (!c)
                    continue;
                if (!competencies.empty())
                    competencies += LinkSeparator;
                if (!c->code.empty() && frameworksOfCode[normalized(c->code)].size() > 1)
                    if (const auto* f = data.get<Framework>(c->frameworkId))
                        competencies += (f->code.empty() ? f->name : f->code) + ":";
                competencies += c->code.empty() ? c->title : c->code;
                if (l->contribution)
                    competencies += std::string(":") + contributionLetter(*l->contribution);
            }
            const auto analysis = analyzeObjective(o->text);
            const auto optionalName
                = [](const auto& value) { return value ? std::string(toString(*value)) : std::string(); };
            out += csvRow({ csvCell(courseName(*course)), csvCell(o->text),
                csvValue(optionalName(analysis.bloom)), csvValue(optionalName(o->bloomOverride)),
                csvValue(optionalName(o->millerTarget)), csvValue(toString(o->status)),
                csvCell(joinTitles<Activity>(data, links, LinkKind::Teaches)),
                csvCell(joinTitles<Assessment>(data, links, LinkKind::Assesses, true)), csvCell(competencies),
                csvCell(course->title) });
        }
    }
    // The legend, for committees reading the sheet; an import skips rows that start "Legend".
    out += csvRow({ csvCell("Legend"),
        csvCell("Competencies: CODE:I introduced, CODE:R reinforced, CODE:M mastered; a code alone is mapped "
                "without a level.") });
    out += csvRow({ csvCell("Legend"),
        csvCell("A code that more than one framework uses is written with the framework's code first: "
                "ACGME:PC:R.") });
    return out;
}

std::string alignmentCsv(const DocumentData& data, Id courseId)
{
    const auto* course = coursesInScope(data, courseId).front();
    const auto activities = data.activitiesOf(course->id);
    const auto assessments = data.assessmentsOf(course->id);
    std::vector<std::string> header { csvCell("Objective") };
    for (const auto* a : activities)
        header.push_back(csvCell("Teaching: " + a->title));
    for (const auto* a : assessments)
        header.push_back(csvCell("Assessment: " + a->title));
    std::string out = csvRow(header);
    for (const auto* o : data.objectivesOf(course->id)) {
        std::vector<std::string> row { csvCell(o->text) };
        for (const auto* a : activities)
            row.push_back(csvValue(data.link({ LinkKind::Teaches, o->id, a->id }) ? "x" : ""));
        for (const auto* a : assessments) {
            const auto* l = data.link({ LinkKind::Assesses, o->id, a->id });
            std::string cell;
            if (l && l->share) {
                cell = number(*l->share) + "%";
            } else if (l) {
                cell = "x";
            }
            row.push_back(csvValue(cell));
        }
        out += csvRow(row);
    }
    return out;
}

std::vector<CsvField> csvFields(ItemKind kind)
{
    switch (kind) {
    case ItemKind::Objective:
        return { { "text", "Objective", true }, { "bloom_override", "Bloom override" },
            { "domain", "Domain" }, { "miller_target", "Miller target" }, { "status", "Status" },
            { "taught_by", "Taught by" }, { "assessed_by", "Assessed by" },
            { "competencies", "Competencies" } };
    case ItemKind::Activity:
        return { { "title", "Title", true }, { "method", "Instructional method" },
            { "learning_type", "Learning type" }, { "week", "Week" }, { "minutes", "Minutes" },
            { "interprofessional", "Interprofessional" }, { "description", "Description" },
            { "status", "Status" } };
    case ItemKind::Assessment:
        return { { "title", "Title", true }, { "method", "Assessment method" }, { "summative", "Summative" },
            { "weight", "Weight (%)" }, { "week", "Week" }, { "description", "Description" },
            { "status", "Status" } };
    default:
        throw Error(ErrorCode::InvalidInput, "Only objectives, activities and assessments come from sheets.");
    }
}

std::vector<CsvColumn> guessCsvColumns(ItemKind kind, const std::vector<std::string>& header)
{
    // Header names people use, normalized, for each field; the field's own name and label always count.
    static const std::map<std::string, std::vector<std::string>> synonyms {
        { "text",
            { "objective", "objectives", "learning_objective", "objective_text", "outcome",
                "learning_outcome" } },
        { "bloom_override", { "bloom", "bloom_level", "bloom's_level", "blooms_level" } },
        { "miller_target", { "miller", "miller_level", "target_miller_level" } },
        { "taught_by",
            { "teaching", "activities", "teaching_activity", "teaching_activities", "sessions",
                "activity" } },
        { "assessed_by", { "assessment", "assessments" } },
        { "competencies", { "competency", "competencies_(i/r/m)", "mapped_competencies" } },
        { "title",
            { "name", "session", "activity", "event", "session_title", "activity_title",
                "assessment_title" } },
        { "method", { "instructional_method", "assessment_method", "aamc_method", "format", "type" } },
        { "learning_type", { "type_of_learning", "abc_learning_type" } },
        { "minutes", { "duration", "duration_(min)", "duration_(minutes)", "length_(min)", "time_(min)" } },
        { "interprofessional", { "ipe", "interprofessional_(ipe)" } },
        { "weight", { "weight_(%)", "weighting", "percent", "%_of_grade", "grade_weight" } },
        { "summative", { "summative?", "purpose" } },
    };
    std::vector<CsvColumn> out;
    for (const auto& field : csvFields(kind)) {
        std::vector<std::string> names { normalized(field.name), normalized(field.label) };
        if (auto it = synonyms.find(field.name); it != synonyms.end())
            names.insert(names.end(), it->second.begin(), it->second.end());
        for (std::size_t col = 0; col < header.size(); ++col) {
            const auto h = normalized(header[col]);
            const bool taken
                = std::any_of(out.begin(), out.end(), [&](const CsvColumn& c) { return c.column == col; });
            if (!taken && std::find(names.begin(), names.end(), h) != names.end()) {
                out.push_back({ field.name, col });
                break;
            }
        }
    }
    return out;
}

std::vector<std::string> csvImportWarnings(const CsvTable& table, const CsvImport& import)
{
    std::vector<std::string> out;
    if (!import.header || table.rows.empty())
        return out;
    const auto& header = table.rows[0];
    const auto fields = csvFields(import.kind);
    for (const auto& mapped : import.columns) {
        if (mapped.column >= header.size() || normalized(header[mapped.column]).empty())
            continue;
        std::string label = mapped.field;
        for (const auto& f : fields)
            if (f.name == mapped.field)
                label = f.label;
        for (std::size_t c = 0; c < header.size(); ++c) {
            const bool alsoMapped = std::any_of(import.columns.begin(), import.columns.end(),
                [&](const CsvColumn& m) { return m.column == c; });
            if (c == mapped.column || alsoMapped
                || normalized(header[c]) != normalized(header[mapped.column]))
                continue;
            out.push_back("columns " + columnLetter(mapped.column) + " and " + columnLetter(c)
                + " have the same title (\"" + header[c] + "\"): column " + columnLetter(mapped.column)
                + " is imported as the " + label + ", column " + columnLetter(c)
                + " is not imported (choose it with --column " + mapped.field + "=" + columnLetter(c)
                + ", or rename one of them)");
        }
    }
    return out;
}

namespace {

// A cell as the JSON value a field's setter takes, or a problem in words.
struct Converted
{
    json value;
    std::string problem;
    bool skip = false; // an empty cell for a field that keeps its default
};

Converted ok(json value)
{
    return { std::move(value), {}, false };
}

Converted bad(std::string problem)
{
    return { {}, std::move(problem), false };
}

template <class T> Converted convert(const Field<T>& field, const std::string& raw)
{
    const auto cell = trimmed(raw);
    if (field.type == ValueType::Text) {
        if (field.name == "method" && !cell.empty()) {
            // The AAMC code ("IM013") or its name ("Lecture"), either case.
            const bool instructional = std::is_same_v<T, Activity>;
            const auto key = normalized(cell);
            if (instructional) {
                for (const auto& m : instructionalMethods())
                    if (normalized(m.code) == key || normalized(m.name) == key)
                        return ok(json(m.code));
            } else {
                for (const auto& m : assessmentMethods())
                    if (normalized(m.code) == key || normalized(m.name) == key)
                        return ok(json(m.code));
            }
            return bad("\"" + cell + "\" is not an AAMC " + (instructional ? "instructional" : "assessment")
                + " method (give its code, such as " + (instructional ? "IM013" : "AM004")
                + ", or its name)");
        }
        return ok(json(raw.find_first_not_of(" \t\r\n") == std::string::npos ? std::string() : cell));
    }
    if (cell.empty())
        return field.nullable ? ok(json(nullptr)) : Converted { {}, {}, true };
    switch (field.type) {
    case ValueType::Integer: {
        long long n = 0;
        const auto [end, ec] = std::from_chars(cell.data(), cell.data() + cell.size(), n);
        if (ec != std::errc() || end != cell.data() + cell.size())
            return bad("\"" + cell + "\" is not a whole number; it must be " + field.choices);
        return ok(json(n));
    }
    case ValueType::Real: {
        std::string number = cell;
        if (!number.empty() && number.back() == '%')
            number = trimmed(number.substr(0, number.size() - 1));
        if (number.find('.') == std::string::npos)
            std::replace(number.begin(), number.end(), ',', '.'); // a decimal comma
        double x = 0;
        const auto [end, ec] = std::from_chars(number.data(), number.data() + number.size(), x);
        if (ec != std::errc() || end != number.data() + number.size() || !std::isfinite(x))
            return bad("\"" + cell + "\" is not a number; it must be " + field.choices);
        return ok(json(x));
    }
    case ValueType::Boolean: {
        const auto key = normalized(cell);
        if (key == "yes" || key == "y" || key == "true" || key == "x" || key == "1" || key == "summative")
            return ok(json(true));
        if (key == "no" || key == "n" || key == "false" || key == "0" || key == "formative")
            return ok(json(false));
        return bad("\"" + cell + "\" is not yes or no");
    }
    case ValueType::Enum: {
        auto key = normalized(cell);
        if (key == "analyse")
            key = "analyze";
        return ok(json(key));
    }
    case ValueType::Text:
        break;
    }
    return ok(json(cell));
}

// "PC", "PC:I", "PC (mastered)": the competency code and the level, if any.
struct CompetencyRef
{
    std::string framework; // its code or name, when the sheet gives it
    std::string code;
    std::string body; // the token after the framework, if any (a title may hold a colon)
    std::optional<Contribution> level;
    bool badLevel = false;
};

std::optional<Contribution> levelNamed(const std::string& text)
{
    const auto key = normalized(text);
    if (key == "i" || key == "introduced")
        return Contribution::Introduced;
    if (key == "r" || key == "reinforced")
        return Contribution::Reinforced;
    if (key == "m" || key == "mastered")
        return Contribution::Mastered;
    return std::nullopt;
}

CompetencyRef parseCompetencyRef(const std::string& token, const std::vector<std::string>& frameworkPrefixes)
{
    CompetencyRef ref;
    ref.body = token;
    // "ACGME:PC:R" or "ACGME:PC": a framework's code (or name, which may hold a colon itself) first, where
    // the competency code alone is ambiguous. The longest spelling that fits wins.
    std::size_t after = std::string::npos; // where the framework's spelling ends
    for (const auto& prefix : frameworkPrefixes)
        if (token.size() > prefix.size() && token[prefix.size()] == ':'
            && normalized(token.substr(0, prefix.size())) == normalized(prefix)
            && (after == std::string::npos || prefix.size() > after))
            after = prefix.size();
    if (after != std::string::npos) {
        const auto prefix = trimmed(token.substr(0, after));
        const auto rest = token.substr(after + 1);
        const auto last = rest.rfind(':');
        if (last == std::string::npos && !levelNamed(rest) && rest.find('(') == std::string::npos) {
            ref.framework = prefix;
            ref.code = trimmed(rest);
            ref.body = rest;
            return ref;
        }
        if (last != std::string::npos || rest.find('(') != std::string::npos) {
            auto inner = parseCompetencyRef(rest, {});
            inner.framework = prefix;
            return inner;
        }
    }
    std::string level;
    if (const auto open = token.rfind('('); open != std::string::npos && token.back() == ')') {
        ref.code = trimmed(token.substr(0, open));
        level = trimmed(token.substr(open + 1, token.size() - open - 2));
    } else if (const auto colon = token.rfind(':'); colon != std::string::npos) {
        ref.code = trimmed(token.substr(0, colon));
        level = trimmed(token.substr(colon + 1));
    } else {
        ref.code = token;
    }
    if (!level.empty()) {
        const auto key = normalized(level);
        if (key == "i" || key == "introduced")
            ref.level = Contribution::Introduced;
        else if (key == "r" || key == "reinforced")
            ref.level = Contribution::Reinforced;
        else if (key == "m" || key == "mastered")
            ref.level = Contribution::Mastered;
        else
            ref.badLevel = true;
    }
    return ref;
}

class RowReader
{
public:
    RowReader(const DocumentData& data, const CsvImport& import, Problems& problems)
        : import_(import)
        , problems_(problems)
    {
        for (const auto* a : data.activitiesOf(import.courseId))
            activities_.emplace(normalized(a->title), a->id);
        for (const auto* a : data.assessmentsOf(import.courseId))
            assessments_.emplace(normalized(a->title), a->id);
        for (const auto& [id, c] : data.all<Competency>())
            if (!c.code.empty())
                competencies_.emplace(normalized(c.code), id);
            else // written by its title (the objectives sheet does so for a competency without a code)
                untitledCodes_.emplace(normalized(c.title), id);
        for (const auto* f : data.frameworks()) {
            if (!f->code.empty()) {
                frameworkCodes_[normalized(f->code)] = f->id;
                frameworkNames_.push_back(f->code);
            }
            frameworkCodes_.emplace(normalized(f->name), f->id);
            frameworkNames_.push_back(f->name);
        }
        data_ = &data;
    }

    // The item of one row with its fields set; problems go to the list.
    template <class T> T read(const std::vector<std::string>& row, std::size_t rowNumber, Id id)
    {
        T item;
        item.id = id;
        item.courseId = import_.courseId;
        for (const auto& column : import_.columns) {
            const auto* field = findField<T>(column.field);
            if (!field)
                continue; // a link column, read by links()
            const std::string raw = column.column < row.size() ? row[column.column] : std::string();
            const auto converted = convert(*field, raw);
            std::string problem = converted.problem;
            if (problem.empty() && !converted.skip) {
                problem = field->set(item, converted.value);
                if (!problem.empty() && field->type != ValueType::Text)
                    problem = "\"" + trimmed(raw) + "\" " + problem; // "sometimes" must be one of: ...
            }
            if (!problem.empty())
                add(rowNumber, column, problem);
        }
        return item;
    }

    // The links an objective row names; unknown names are problems.
    std::vector<Link> links(const std::vector<std::string>& row, std::size_t rowNumber, Id objectiveId)
    {
        std::vector<Link> out;
        for (const auto& column : import_.columns) {
            if (column.column >= row.size())
                continue;
            const auto& cell = row[column.column];
            if (column.field == "taught_by" || column.field == "assessed_by") {
                const bool teaching = column.field == "taught_by";
                for (auto name : splitList(cell)) {
                    std::optional<double> share;
                    // "Final examination (40%)": the blueprint share, as the objectives sheet writes it.
                    if (!teaching && name.size() > 3 && name.ends_with("%)")) {
                        if (const auto open = name.rfind('('); open != std::string::npos) {
                            double x = 0;
                            const auto number = name.substr(open + 1, name.size() - open - 3);
                            const auto [end, ec]
                                = std::from_chars(number.data(), number.data() + number.size(), x);
                            if (ec == std::errc() && end == number.data() + number.size()) {
                                share = x;
                                name = trimmed(name.substr(0, open));
                            }
                        }
                    }
                    const auto& index = teaching ? activities_ : assessments_;
                    const auto it = index.find(normalized(name));
                    if (it == index.end()) {
                        add(rowNumber, column,
                            "the course has no " + std::string(teaching ? "teaching activity" : "assessment")
                                + " called \"" + name + "\" (import "
                                + (teaching ? "activities" : "assessments")
                                + " first, or check the spelling)");
                        continue;
                    }
                    out.push_back(
                        { { teaching ? LinkKind::Teaches : LinkKind::Assesses, objectiveId, it->second },
                            share, std::nullopt });
                }
            } else if (column.field == "competencies") {
                for (const auto& token : splitList(cell)) {
                    auto ref = parseCompetencyRef(token, frameworkNames_);
                    const auto matching = [&](const std::multimap<std::string, Id>& index,
                                              const std::string& key) {
                        std::vector<Id> out;
                        auto [first, last] = index.equal_range(normalized(key));
                        for (auto it = first; it != last; ++it) {
                            const auto* c = data_->get<Competency>(it->second);
                            if (ref.framework.empty()
                                || (c && frameworkCodes_.at(normalized(ref.framework)) == c->frameworkId))
                                out.push_back(it->second);
                        }
                        return out;
                    };
                    auto found = matching(competencies_, ref.code);
                    if (found.empty() && !ref.badLevel)
                        found = matching(untitledCodes_, ref.code);
                    if (found.empty()) { // a title holding a colon: "Professionalism: ethics"
                        if (auto byTitle = matching(untitledCodes_, trimmed(ref.body)); !byTitle.empty()) {
                            found = std::move(byTitle);
                            ref.level.reset();
                            ref.badLevel = false;
                        }
                    }
                    std::set<Id> frameworks;
                    for (const Id id : found)
                        if (const auto* c = data_->get<Competency>(id))
                            frameworks.insert(c->frameworkId);
                    if (ref.badLevel)
                        add(rowNumber, column, "\"" + token + "\": the level must be I, R or M");
                    else if (found.empty())
                        add(rowNumber, column,
                            "no competency " + (ref.framework.empty() ? "" : "of " + ref.framework + " ")
                                + "has the code \"" + ref.code + "\"");
                    else if (found.size() > 1 && frameworks.size() > 1)
                        add(rowNumber, column,
                            "\"" + ref.code
                                + "\" is the code of competencies in more than one framework: write the "
                                  "framework's code first, as ACGME:"
                                + ref.code);
                    else if (found.size() > 1)
                        add(rowNumber, column,
                            "two competencies of one framework have the code \"" + ref.code
                                + "\": give one of them another code in Program > Competency Frameworks");
                    else
                        out.push_back(
                            { { LinkKind::Maps, objectiveId, found.front() }, std::nullopt, ref.level });
                }
            }
        }
        // The same target named twice in a row: once is enough.
        std::sort(out.begin(), out.end(), [](const Link& a, const Link& b) { return a.key < b.key; });
        out.erase(
            std::unique(out.begin(), out.end(), [](const Link& a, const Link& b) { return a.key == b.key; }),
            out.end());
        return out;
    }

private:
    void add(std::size_t rowNumber, const CsvColumn& column, const std::string& problem)
    {
        std::string label = column.field;
        for (const auto& f : csvFields(import_.kind))
            if (f.name == column.field)
                label = f.label;
        problems_.add("row " + std::to_string(rowNumber) + ", column " + columnLetter(column.column) + " ("
                + label + ")",
            problem);
    }

    const CsvImport& import_;
    Problems& problems_;
    std::map<std::string, Id> activities_, assessments_;
    std::multimap<std::string, Id> competencies_; // by code
    std::multimap<std::string, Id> untitledCodes_; // those without a code, by title
    std::map<std::string, Id> frameworkCodes_; // by normalized code and name
    std::vector<std::string> frameworkNames_; // codes and names of the frameworks, as written
    const DocumentData* data_ = nullptr;
};

} // namespace

Change planCsvImport(const DocumentData& data, const CsvTable& table, const CsvImport& import, Id nextId)
{
    const auto fields = csvFields(import.kind);
    const auto* course = data.get<Course>(import.courseId);
    if (!course)
        throw Error(ErrorCode::InvalidInput, "Choose the course to import into.");
    for (const auto& column : import.columns)
        if (std::none_of(
                fields.begin(), fields.end(), [&](const CsvField& f) { return f.name == column.field; }))
            throw Error(ErrorCode::InvalidInput,
                "\"" + column.field + "\" is not something a sheet of "
                    + (import.kind == ItemKind::Objective       ? "objectives"
                            : import.kind == ItemKind::Activity ? "activities"
                                                                : "assessments")
                    + " can fill.");
    for (const auto& f : fields)
        if (f.required && std::none_of(import.columns.begin(), import.columns.end(), [&](const CsvColumn& c) {
                return c.field == f.name;
            }))
            throw Error(
                ErrorCode::InvalidInput, "Say which column holds the " + f.label + " (" + f.name + ").");

    Problems problems;
    // A cell past the last titled column is in no column the sheet names: most often a cell whose comma was
    // not quoted, which shifts the rest of its row. Read on, it would be dropped without a word.
    if (import.header && !table.rows.empty()) {
        const auto titled = table.rows[0].size();
        for (std::size_t r = 1; r < table.rows.size(); ++r)
            for (std::size_t c = titled; c < table.rows[r].size(); ++c) {
                const bool mapped = std::any_of(import.columns.begin(), import.columns.end(),
                    [&](const CsvColumn& m) { return m.column == c; });
                if (!mapped && !trimmed(table.rows[r][c]).empty()) {
                    problems.add("row " + std::to_string(r + 1) + ", column " + columnLetter(c),
                        "\"" + trimmed(table.rows[r][c]).substr(0, 40)
                            + "\" is beyond the last titled column (" + columnLetter(titled - 1)
                            + "), so it would not be imported. If a cell of this row holds the separator, "
                              "put that cell in quotes; otherwise give column "
                            + columnLetter(c) + " a title");
                    break;
                }
            }
    }
    RowReader reader(data, import, problems);
    std::vector<Edit> edits;
    std::vector<Edit> links;
    std::vector<std::size_t> rowOfEdit, rowOfLink;
    for (std::size_t r = import.header ? 1 : 0; r < table.rows.size(); ++r) {
        const auto& row = table.rows[r];
        if (std::all_of(row.begin(), row.end(), [](const std::string& c) { return trimmed(c).empty(); }))
            continue;
        if (!row.empty() && trimmed(row.front()) == "Legend")
            continue; // the legend an objectives sheet ends with
        const Id id = nextId++;
        const std::size_t rowNumber = r + 1;
        switch (import.kind) {
        case ItemKind::Objective:
            edits.push_back(AddItem { reader.read<Objective>(row, rowNumber, id), std::nullopt });
            for (auto& link : reader.links(row, rowNumber, id)) {
                links.push_back(LinkItems { std::move(link) });
                rowOfLink.push_back(rowNumber);
            }
            break;
        case ItemKind::Activity:
            edits.push_back(AddItem { reader.read<Activity>(row, rowNumber, id), std::nullopt });
            break;
        default:
            edits.push_back(AddItem { reader.read<Assessment>(row, rowNumber, id), std::nullopt });
            break;
        }
        rowOfEdit.push_back(rowNumber);
    }
    if (!problems.empty())
        throw Error(ErrorCode::InvalidInput,
            "Nothing was imported. Fix these cells and import again:\n  " + problems.summary());
    if (edits.empty())
        throw Error(ErrorCode::InvalidInput, "The sheet has no rows to import.");
    const auto count = edits.size();
    rowOfEdit.insert(rowOfEdit.end(), rowOfLink.begin(), rowOfLink.end());
    edits.insert(edits.end(), links.begin(), links.end());
    const std::string what = import.kind == ItemKind::Objective ? "objective"
        : import.kind == ItemKind::Activity                     ? "activity"
                                                                : "assessment";
    const std::string plural = import.kind == ItemKind::Activity ? "activities" : what + "s";
    Id next = nextId;
    return planEdits(data, edits, next,
        "Import " + std::to_string(count) + " " + (count == 1 ? what : plural) + " into "
            + courseName(*course),
        [&](std::size_t i) { return "Nothing was imported: row " + std::to_string(rowOfEdit[i]); });
}

} // namespace coursemap
