#include "coursemap/interchange/CurriculumInventory.h"

#include "coursemap/Error.h"
#include "coursemap/analysis/Acceptance.h"
#include "coursemap/analysis/Catalog.h"
#include "coursemap/program/Frameworks.h"

#include <pugixml.hpp>

#include <algorithm>
#include <cctype>
#include <functional>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <unordered_map>

namespace coursemap {

namespace {

constexpr int MaxLevels = 10; // the standard's limit on academic levels

std::string courseName(const Course& c)
{
    return c.code.empty() ? "\"" + c.title + "\"" : c.code;
}

bool blank(std::string_view s)
{
    return s.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

// A real calendar date written YYYY-MM-DD.
bool isDate(const std::string& s)
{
    static const std::regex pattern(R"((\d{4})-(\d{2})-(\d{2}))");
    std::smatch m;
    if (!std::regex_match(s, m, pattern))
        return false;
    const int y = std::stoi(m[1]), mo = std::stoi(m[2]), d = std::stoi(m[3]);
    static constexpr int days[] { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    if (mo < 1 || mo > 12 || d < 1 || d > days[mo - 1])
        return false;
    const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return !(mo == 2 && d == 29 && !leap);
}

// XML 1.0 cannot hold most control characters: they become spaces.
std::string xmlText(std::string_view s)
{
    std::string out(s);
    for (auto& c : out)
        if (static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n' && c != '\r')
            c = ' ';
    // U+FFFE and U+FFFF (EF BF BE / EF BF BF) are not XML characters either.
    for (std::size_t i = 0; (i = out.find("\xEF\xBF", i)) != std::string::npos; i += 3)
        if (i + 2 < out.size() && (out[i + 2] == '\xBE' || out[i + 2] == '\xBF'))
            out.replace(i, 3, "\xEF\xBF\xBD"); // the replacement character
    return out;
}

std::string today()
{
    return nowUtc().substr(0, 10);
}

// What each course holds, in order, gathered in one pass (asking the data course by course would walk every
// item once per course).
struct Contents
{
    std::vector<const Objective*> objectives;
    std::vector<const Activity*> activities;
    std::vector<const Assessment*> assessments;
    bool empty() const { return activities.empty() && assessments.empty(); }
    // The weeks the course runs: its last week number of any activity or assessment.
    std::optional<int> weeks() const
    {
        std::optional<int> last;
        for (const auto* a : activities)
            if (a->week)
                last = std::max(last.value_or(0), *a->week);
        for (const auto* a : assessments)
            if (a->week)
                last = std::max(last.value_or(0), *a->week);
        return last;
    }
};

template <class T>
void gather(const std::map<Id, T>& items, std::unordered_map<Id, Contents>& into,
    std::vector<const T*> Contents::*list)
{
    for (const auto& [id, item] : items)
        (into[item.courseId].*list).push_back(&item);
    for (auto& [course, contents] : into)
        std::stable_sort((contents.*list).begin(), (contents.*list).end(),
            [](const T* a, const T* b) { return a->order < b->order; });
}

std::unordered_map<Id, Contents> contentsOf(const DocumentData& data)
{
    std::unordered_map<Id, Contents> out;
    for (const auto* c : data.courses())
        out[c->id];
    gather(data.all<Objective>(), out, &Contents::objectives);
    gather(data.all<Activity>(), out, &Contents::activities);
    gather(data.all<Assessment>(), out, &Contents::assessments);
    return out;
}

int levelsIn(const DocumentData& data)
{
    int levels = std::max(1, data.program().lengthYears);
    for (const auto* c : data.courses())
        levels = std::max(levels, c->year);
    return levels;
}

std::string duration(int minutes)
{
    const int h = minutes / 60, m = minutes % 60;
    if (h == 0)
        return "PT" + std::to_string(m) + "M";
    return "PT" + std::to_string(h) + "H" + (m ? std::to_string(m) + "M" : std::string());
}

// Days since 1970-01-01 of a date written YYYY-MM-DD (already checked).
long dayNumber(const std::string& s)
{
    int y = std::stoi(s.substr(0, 4));
    const int m = std::stoi(s.substr(5, 2)), d = std::stoi(s.substr(8, 2));
    y -= m <= 2;
    const long era = (y >= 0 ? y : y - 399) / 400;
    const long yoe = y - era * 400;
    const long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

bool isPcrsId(std::string_view id)
{
    return id.starts_with("aamc-pcrs-comp-c");
}

// The PCRS id an association or URI names, or empty: "aamc-pcrs-comp-c0101", or a URI ending "#aamc-...".
std::string pcrsIdIn(std::string_view text)
{
    if (isPcrsId(text))
        return std::string(text);
    const auto hash = text.rfind('#');
    if (hash != std::string_view::npos && isPcrsId(text.substr(hash + 1)))
        return std::string(text.substr(hash + 1));
    return {};
}

// The PCRS competencies each competency of the map is related to: its own identifier when it is one (the
// PCRS framework adopted), its associations naming one, and, through a crosswalk, those of the competencies
// of the map its associations name.
std::map<Id, std::set<std::string>> pcrsRelations(const DocumentData& data)
{
    std::unordered_map<std::string, Id> byIdentifier;
    for (const auto& [id, c] : data.all<Competency>()) {
        if (!c.identifier.empty())
            byIdentifier.emplace(c.identifier, id);
        if (!c.uri.empty())
            byIdentifier.emplace(c.uri, id);
    }
    std::map<Id, std::set<std::string>> out;
    for (const auto& [id, c] : data.all<Competency>())
        if (isPcrsId(c.identifier))
            out[id].insert(c.identifier);
    for (const auto& [id, a] : data.all<Association>()) {
        if (a.type == "isChildOf" || a.type == "precedes" || a.type == "replacedBy")
            continue;
        for (const auto* target : { &a.targetIdentifier, &a.targetUri }) {
            if (auto p = pcrsIdIn(*target); !p.empty())
                out[a.competencyId].insert(p);
            else if (const auto it = byIdentifier.find(*target); it != byIdentifier.end()) {
                const auto* other = data.get<Competency>(it->second);
                if (other && isPcrsId(other->identifier))
                    out[a.competencyId].insert(other->identifier);
            }
        }
    }
    return out;
}

std::string pcrsUri(const std::string& id)
{
    return "https://services.aamc.org/30/ci-school-web/pcrs/PCRS.html#" + id;
}

// "D006333 Heart Failure; D001281 Atrial Fibrillation" as (id, name) pairs; an entry that is not a MeSH
// descriptor id and name is returned with an empty id.
std::vector<std::pair<std::string, std::string>> meshKeywords(std::string_view text)
{
    std::vector<std::pair<std::string, std::string>> out;
    std::size_t at = 0;
    while (at <= text.size()) {
        auto end = text.find(';', at);
        if (end == std::string_view::npos)
            end = text.size();
        auto entry = text.substr(at, end - at);
        while (!entry.empty() && std::isspace(static_cast<unsigned char>(entry.front())))
            entry.remove_prefix(1);
        while (!entry.empty() && std::isspace(static_cast<unsigned char>(entry.back())))
            entry.remove_suffix(1);
        if (!entry.empty()) {
            const auto space = entry.find(' ');
            const auto id = entry.substr(0, space);
            const bool ok = id.size() >= 2 && id[0] == 'D'
                && std::all_of(id.begin() + 1, id.end(), [](char c) { return c >= '0' && c <= '9'; })
                && space != std::string_view::npos;
            std::string name(ok ? entry.substr(space + 1) : entry);
            out.emplace_back(ok ? std::string(id) : std::string(), name);
        }
        at = end + 1;
    }
    return out;
}

std::vector<std::string> resourceCodes(std::string_view text)
{
    std::vector<std::string> out;
    std::string current;
    for (char c : text) {
        if (c == ';' || c == ',' || std::isspace(static_cast<unsigned char>(c))) {
            if (!current.empty())
                out.push_back(std::move(current));
            current.clear();
        } else
            current += c;
    }
    if (!current.empty())
        out.push_back(std::move(current));
    return out;
}

// What goes into the report and how its parts refer to one another, worked out once for the writer and the
// preview.
struct Plan
{
    const DocumentData& data;
    const CurriculumInventoryRequest& request;
    std::unordered_map<Id, Contents> contents;
    std::unordered_map<Id, std::vector<Id>> objectivesOf; // event (activity or assessment) → objectives
    std::unordered_map<Id, std::vector<Id>> competenciesOf; // objective → the competencies it maps to, by id
    std::unordered_map<Id, std::vector<const Course*>> children; // course → courses within it, reported
    std::set<Id> reported; // courses reported as sequence blocks
    std::vector<const Course*> order; // reported courses: each block before the blocks within it
    std::map<Id, std::set<std::string>> pcrs; // competency → PCRS ids
    std::vector<std::string> notes;

    Plan(const DocumentData& d, const CurriculumInventoryRequest& r)
        : data(d)
        , request(r)
        , contents(contentsOf(d))
        , pcrs(pcrsRelations(d))
    {
        // A course is reported when it has events or holds a course that is.
        std::function<bool(const Course&, int)> hasEvents = [&](const Course& c, int depth) {
            bool any = !contents.at(c.id).empty();
            if (depth > 32)
                return any;
            for (const auto* child : d.coursesWithin(c.id))
                if (hasEvents(*child, depth + 1)) {
                    children[c.id].push_back(child);
                    any = true;
                }
            return any;
        };
        std::function<void(const Course&, int)> place = [&](const Course& c, int depth) {
            order.push_back(&c);
            reported.insert(c.id);
            if (depth <= 32)
                for (const auto* child : children[c.id])
                    place(*child, depth + 1);
        };
        for (const auto* c : d.courses()) {
            if (c->parentCourseId != NoId && d.get<Course>(c->parentCourseId))
                continue;
            if (hasEvents(*c, 0))
                place(*c, 0);
        }
        for (const auto* c : d.courses())
            if (!reported.contains(c->id))
                notes.push_back(courseName(*c)
                    + " is left out of the sequence: it has no teaching activities or assessments to "
                      "report.");
        // Each event's objectives in their course's order: walk the objectives in order, each one's teaching
        // and assessing links (a range of the link map, whose keys begin with the kind and the objective);
        // and each objective's competencies.
        const auto& links = d.links();
        for (const auto& [course, held] : contents)
            for (const auto* o : held.objectives)
                for (auto kind : { LinkKind::Teaches, LinkKind::Assesses, LinkKind::Maps })
                    for (auto it = links.lower_bound(LinkKey { kind, o->id, NoId });
                         it != links.end() && it->first.kind == kind && it->first.objectiveId == o->id; ++it)
                        (kind == LinkKind::Maps ? competenciesOf[o->id] : objectivesOf[it->first.targetId])
                            .push_back(kind == LinkKind::Maps ? it->first.targetId : o->id);
    }

    std::optional<int> days(const Course& c, int depth = 0) const
    {
        if (c.weeks)
            return *c.weeks * 5;
        if (isDate(c.startDate) && isDate(c.endDate) && c.endDate >= c.startDate) {
            // The weekdays from the first day to the last: a block from a Monday to the Friday 12 weeks on
            // is 60 days, 12 weeks as the AAMC counts them.
            const long first = dayNumber(c.startDate), last = dayNumber(c.endDate);
            long weekdays = (last - first + 1) / 7 * 5;
            for (long d = first + (last - first + 1) / 7 * 7; d <= last; ++d) {
                const long weekday = ((d % 7) + 7 + 4) % 7; // 1970-01-01 was a Thursday; 0 is Sunday
                weekdays += weekday != 0 && weekday != 6;
            }
            return static_cast<int>(std::max(1L, weekdays));
        }
        if (const auto it = contents.find(c.id); it != contents.end())
            if (const auto w = it->second.weeks())
                return *w * 5;
        // A block made of others lasts as long as they do: one after another, or side by side.
        if (const auto it = children.find(c.id); it != children.end() && depth < 32) {
            int total = 0;
            for (const auto* child : it->second) {
                const auto d = days(*child, depth + 1);
                if (!d)
                    return std::nullopt;
                total = c.childOrder == ChildOrder::Parallel ? std::max(total, *d) : total + *d;
            }
            if (total > 0)
                return total;
        }
        if (request.defaultCourseWeeks)
            return *request.defaultCourseWeeks * 5;
        return std::nullopt;
    }
};

struct StringWriter : pugi::xml_writer
{
    explicit StringWriter(std::string& into)
        : out(into)
    { }
    void write(const void* data, std::size_t size) override
    {
        out.append(static_cast<const char*>(data), size);
    }
    std::string& out;
};

class Writer
{
public:
    Writer(const DocumentData& data, const CurriculumInventoryRequest& request, Plan&& plan)
        : data_(data)
        , request_(request)
        , v10_(request.schema == CurriculumInventorySchema::V10)
        , base_("urn:coursemap:" + request.institutionId + ":" + request.programId + ":")
        , plan_(std::move(plan))
    { }

    CurriculumInventoryReport write()
    {
        CurriculumInventoryReport report;
        report.notes = plan_.notes;
        auto decl = doc_.append_child(pugi::node_declaration);
        decl.append_attribute("version") = "1.0";
        decl.append_attribute("encoding") = "UTF-8";
        auto root = doc_.append_child("CurriculumInventory");
        const std::string ns = v10_ ? "http://ns.medbiq.org/curriculuminventory/v10/"
                                    : "http://ns.medbiq.org/curriculuminventory/v1/";
        root.append_attribute("xmlns") = ns.c_str();
        root.append_attribute("xmlns:lom") = "http://ltsc.ieee.org/xsd/LOM";
        root.append_attribute("xmlns:a") = "http://ns.medbiq.org/address/v1/";
        root.append_attribute("xmlns:cf") = "http://ns.medbiq.org/competencyframework/v1/";
        root.append_attribute("xmlns:co") = "http://ns.medbiq.org/competencyobject/v1/";
        root.append_attribute("xmlns:hx") = "http://ns.medbiq.org/lom/extend/v1/";
        root.append_attribute("xmlns:m") = "http://ns.medbiq.org/member/v1/";
        root.append_attribute("xmlns:xsi") = "http://www.w3.org/2001/XMLSchema-instance";
        // v10 names the schema by its full address, as Ilios writes it; v1 next to the file, as the offline
        // validator (standards/medbiq) finds it.
        root.append_attribute("xsi:schemaLocation")
            = (ns + " " + (v10_ ? ns : std::string()) + "curriculuminventory.xsd").c_str();

        const auto& program = data_.program();
        const auto& r = request_;
        const auto startYear = r.reportingStart.substr(0, 4), endYear = r.reportingEnd.substr(0, 4);
        auto reportId = text(root, "ReportID",
            r.reportId.empty() ? r.institutionId + "-" + r.programId + "-" + startYear : r.reportId);
        if (v10_)
            reportId.append_attribute("domain") = ("idd:aamc.org:" + r.institutionId + ":cireport").c_str();
        auto institution = root.append_child("Institution");
        text(institution, "m:InstitutionName", program.institution);
        text(institution, "m:InstitutionID", r.institutionId).append_attribute("domain")
            = "idd:aamc.org:institution";
        auto programNode = root.append_child("Program");
        text(programNode, "ProgramName", program.name);
        text(programNode, "ProgramID", r.programId).append_attribute("domain") = "idd:aamc.org:program";
        text(root, "Title",
            r.title.empty() ? program.name + " " + startYear + (endYear != startYear ? "–" + endYear : "")
                            : r.title);
        text(root, "ReportDate", r.reportDate.empty() ? today() : r.reportDate);
        text(root, "ReportingStartDate", r.reportingStart);
        text(root, "ReportingEndDate", r.reportingEnd);
        text(root, "Language", r.language);
        text(root, "Description", program.description);
        if (!r.supportingLink.empty())
            text(root, "SupportingLink", r.supportingLink);

        // The expectations first (the events refer to them): the program's competencies, then every
        // objective of the courses reported.
        for (const auto* f : data_.frameworks())
            includeCompetencies(f->id, NoId);
        for (const auto* course : plan_.order)
            for (const auto* o : plan_.contents.at(course->id).objectives)
                included_.push_back(objectiveEntry(o->id));
        present_.insert(included_.begin(), included_.end());

        // Events: the teaching activities and assessments of courses, in course order.
        auto events = root.append_child("Events");
        for (const auto* course : plan_.order) {
            const auto& contents = plan_.contents.at(course->id);
            for (const auto* a : contents.activities)
                activityEvent(events, *a);
            for (const auto* a : contents.assessments)
                assessmentEvent(events, *a);
        }

        auto expectations = root.append_child("Expectations");
        for (const auto* f : data_.frameworks())
            competencyObjects(expectations, f->id, NoId);
        for (const auto* course : plan_.order)
            for (const auto* o : plan_.contents.at(course->id).objectives)
                competencyObject(
                    expectations, objectiveEntry(o->id), o->text, "sequence-block-level-competency");
        framework(expectations);

        // v10: the levels a sequence block starts or ends in, as Ilios reports them; v1: every year.
        std::set<int> years;
        if (v10_)
            for (const auto* course : plan_.order)
                years.insert(course->year);
        else
            for (int i = 1; i <= levelsIn(data_); ++i)
                years.insert(i);
        auto levels = root.append_child("AcademicLevels");
        text(levels, "LevelsInProgram", std::to_string(years.size()));
        for (int i : years) {
            auto level = levels.append_child("Level");
            level.append_attribute("number") = i;
            text(level, "Label", "Year " + std::to_string(i));
        }

        auto sequence = root.append_child("Sequence");
        for (const auto* course : plan_.order)
            sequenceBlock(sequence, *course);

        // Straight into the report's string: a large school's report is tens of megabytes, and a stream
        // would copy it once more.
        StringWriter writer { report.xml };
        doc_.save(writer, "  ", pugi::format_indent, pugi::encoding_utf8);
        return report;
    }

private:
    static pugi::xml_node text(pugi::xml_node parent, const char* name, const std::string& value)
    {
        auto node = parent.append_child(name);
        node.text().set(xmlText(value).c_str());
        return node;
    }

    std::string objectiveEntry(Id id) const { return base_ + "objective:" + std::to_string(id); }
    // The competencies these objectives map to, each once, by id.
    std::vector<Id> competenciesServed(const std::vector<Id>& objectives) const
    {
        std::vector<Id> out;
        for (Id o : objectives)
            if (const auto it = plan_.competenciesOf.find(o); it != plan_.competenciesOf.end())
                out.insert(out.end(), it->second.begin(), it->second.end());
        std::sort(out.begin(), out.end());
        out.erase(std::unique(out.begin(), out.end()), out.end());
        return out;
    }
    std::string competencyEntry(Id id) const { return base_ + "competency:" + std::to_string(id); }
    static std::string expectationRef(const std::string& entry)
    {
        return "/CurriculumInventory/Expectations/CompetencyObject[lom:lom/lom:general/lom:identifier/"
               "lom:entry='"
            + entry + "']";
    }
    static std::string eventRef(const std::string& id)
    {
        return "/CurriculumInventory/Events/Event[@id='" + id + "']";
    }
    static std::string levelRef(int year)
    {
        return "/CurriculumInventory/AcademicLevels/Level[@number='" + std::to_string(year) + "']";
    }

    // Keywords (MeSH descriptors), then the objectives the event teaches or assesses, then its resource
    // types.
    template <class T> void eventDetail(pugi::xml_node event, const T& item)
    {
        for (const auto& [id, name] : meshKeywords(item.keywords)) {
            if (id.empty())
                continue;
            auto keyword = event.append_child("Keyword");
            keyword.append_attribute("hx:source") = "MeSH";
            keyword.append_attribute("hx:id") = id.c_str();
            text(keyword, "hx:string", name);
        }
        if constexpr (std::is_same_v<T, Activity>)
            if (!v10_)
                text(event, "Interprofessional", item.interprofessional ? "true" : "false");
        // As Ilios does: the program-level competencies the event serves (through its objectives), then the
        // objectives it teaches or assesses.
        if (const auto it = plan_.objectivesOf.find(item.id); it != plan_.objectivesOf.end()) {
            for (Id c : competenciesServed(it->second))
                text(event, "CompetencyObjectReference", expectationRef(competencyEntry(c)));
            for (Id o : it->second)
                if (present_.contains(objectiveEntry(o)))
                    text(event, "CompetencyObjectReference", expectationRef(objectiveEntry(o)));
        }
        for (const auto& code : resourceCodes(item.resourceTypes)) {
            auto node = text(event, "ResourceType", code);
            if (!v10_) {
                node.append_attribute("source") = "AAMC";
                node.append_attribute("sourceID") = code.c_str();
            }
        }
    }

    void activityEvent(pugi::xml_node events, const Activity& a)
    {
        auto event = events.append_child("Event");
        event.append_attribute("id") = ("A" + std::to_string(a.id)).c_str();
        text(event, "Title", a.title);
        text(event, "EventDuration", duration(a.minutes));
        if (!blank(a.description))
            text(event, "Description", a.description);
        eventDetail(event, a);
        const auto* m = findInstructionalMethod(a.method);
        if (v10_) {
            // Since 2022 the method is its code, with the time spent in it.
            auto method = text(event, "InstructionalMethod", m->code);
            method.append_attribute("primary") = "true";
            method.append_attribute("instructionalMethodDuration") = duration(a.minutes).c_str();
        } else {
            auto method = text(event, "InstructionalMethod", m->name);
            method.append_attribute("primary") = "true";
            method.append_attribute("source") = "AAMC";
            method.append_attribute("sourceID") = m->code.c_str();
        }
    }

    void assessmentEvent(pugi::xml_node events, const Assessment& a)
    {
        auto event = events.append_child("Event");
        event.append_attribute("id") = ("S" + std::to_string(a.id)).c_str();
        text(event, "Title", a.title);
        text(event, "EventDuration", duration(a.minutes));
        if (!blank(a.description))
            text(event, "Description", a.description);
        eventDetail(event, a);
        const auto* m = findAssessmentMethod(a.method);
        auto method = text(event, "AssessmentMethod", v10_ ? m->code : m->name);
        method.append_attribute("purpose") = a.summative ? "Summative" : "Formative";
        if (!v10_) {
            method.append_attribute("source") = "AAMC";
            method.append_attribute("sourceID") = m->code.c_str();
        }
    }

    void competencyObject(
        pugi::xml_node parent, const std::string& entry, const std::string& title, const char* term)
    {
        auto object = parent.append_child("CompetencyObject");
        auto general = object.append_child("lom:lom").append_child("lom:general");
        auto identifier = general.append_child("lom:identifier");
        text(identifier, "lom:catalog", "URI");
        text(identifier, "lom:entry", entry);
        text(general.append_child("lom:title"), "lom:string", title);
        object.append_child("co:Category").append_attribute("term") = term;
    }

    void includeCompetencies(Id frameworkId, Id parentId)
    {
        for (const auto* c : data_.competenciesOf(frameworkId, parentId)) {
            included_.push_back(competencyEntry(c->id));
            includeCompetencies(frameworkId, c->id);
        }
    }

    void competencyObjects(pugi::xml_node parent, Id frameworkId, Id parentId)
    {
        for (const auto* c : data_.competenciesOf(frameworkId, parentId)) {
            const auto* f = data_.get<Framework>(frameworkId);
            competencyObject(parent, competencyEntry(c->id),
                (c->code.empty() ? "" : c->code + " ") + c->title + " (" + f->name + ")",
                "program-level-competency");
            competencyObjects(parent, frameworkId, c->id);
        }
    }

    // The framework that ties the expectations together: each competency is broader than the competencies
    // within it and than the objectives mapped to it, and related to the AAMC PCRS competencies it matches.
    void framework(pugi::xml_node parent)
    {
        auto node = parent.append_child("CompetencyFramework");
        auto lom = node.append_child("lom:lom");
        auto general = lom.append_child("lom:general");
        auto identifier = general.append_child("lom:identifier");
        text(identifier, "lom:catalog", "URI");
        text(identifier, "lom:entry", base_ + "framework");
        text(general.append_child("lom:title"), "lom:string", data_.program().name + " competency framework");
        std::set<std::string> pcrs;
        for (const auto& [id, ids] : plan_.pcrs)
            pcrs.insert(ids.begin(), ids.end());
        const auto includes = [&](const std::string& entry) {
            auto includes = node.append_child("cf:Includes");
            text(includes, "cf:Catalog", "URI");
            text(includes, "cf:Entry", entry);
        };
        for (const auto& id : pcrs)
            includes(pcrsUri(id));
        for (const auto& entry : included_)
            includes(entry);
        const auto relation = [&](const std::string& one, const char* how, const std::string& two) {
            auto r = node.append_child("cf:Relation");
            auto first = r.append_child("cf:Reference1");
            text(first, "cf:Catalog", "URI");
            text(first, "cf:Entry", one);
            text(r, "cf:Relationship", std::string("http://www.w3.org/2004/02/skos/core#") + how);
            auto second = r.append_child("cf:Reference2");
            text(second, "cf:Catalog", "URI");
            text(second, "cf:Entry", two);
        };
        for (const auto& [id, ids] : plan_.pcrs)
            for (const auto& p : ids)
                relation(pcrsUri(p), "related", competencyEntry(id));
        for (const auto& [id, c] : data_.all<Competency>())
            if (c.parentId != NoId)
                relation(competencyEntry(c.parentId), "narrower", competencyEntry(id));
        for (const auto& [key, link] : data_.links())
            if (key.kind == LinkKind::Maps && present_.contains(objectiveEntry(key.objectiveId)))
                relation(competencyEntry(key.targetId), "narrower", objectiveEntry(key.objectiveId));
    }

    void sequenceBlock(pugi::xml_node sequence, const Course& c)
    {
        auto block = sequence.append_child("SequenceBlock");
        block.append_attribute("id") = ("C" + std::to_string(c.id)).c_str();
        block.append_attribute("required") = c.requirement == Requirement::Optional ? "Optional"
            : c.requirement == Requirement::RequiredInTrack                         ? "Required In Track"
                                                                                    : "Required";
        const auto& kids = plan_.children[c.id];
        if (!kids.empty())
            block.append_attribute("order") = c.childOrder == ChildOrder::Unordered ? "Unordered"
                : c.childOrder == ChildOrder::Parallel                              ? "Parallel"
                                                                                    : "Ordered";
        if (c.minimum)
            block.append_attribute("minimum") = *c.minimum;
        if (c.maximum)
            block.append_attribute("maximum") = *c.maximum;
        block.append_attribute("track") = c.requirement == Requirement::RequiredInTrack ? "true" : "false";
        text(block, "Title", c.code.empty() ? c.title : c.code + " " + c.title);
        if (!blank(c.description))
            text(block, "Description", c.description);
        // The AAMC reads a block's length in days as weeks × 5 (a 12-week block is P60D), not as calendar
        // days; the dates, when the course has them, go beside it.
        auto timing = block.append_child("Timing");
        text(timing, "Duration", "P" + std::to_string(plan_.days(c).value_or(5)) + "D");
        if (isDate(c.startDate) && isDate(c.endDate)) {
            auto dates = timing.append_child("Dates");
            text(dates, "StartDate", c.startDate);
            text(dates, "EndDate", c.endDate);
        }
        if (v10_) {
            auto levels = block.append_child("SequenceBlockLevels");
            text(levels, "StartingAcademicLevel", levelRef(c.year));
            text(levels, "EndingAcademicLevel", levelRef(c.year));
        } else
            text(block, "Level", levelRef(c.year));
        if (c.clerkshipModel)
            text(block, "ClerkshipModel", std::string(toString(*c.clerkshipModel)));
        const auto& contents = plan_.contents.at(c.id);
        std::vector<Id> objectives;
        for (const auto* o : contents.objectives)
            objectives.push_back(o->id);
        for (Id competency : competenciesServed(objectives))
            text(block, "CompetencyObjectReference", expectationRef(competencyEntry(competency)));
        for (Id o : objectives)
            text(block, "CompetencyObjectReference", expectationRef(objectiveEntry(o)));
        if (!blank(c.prerequisites))
            text(block, "Precondition", c.prerequisites);
        const auto event = [&](const std::string& id, bool required) {
            auto e = block.append_child("SequenceBlockEvent");
            e.append_attribute("required") = required ? "true" : "false";
            text(e, "EventReference", eventRef(id));
        };
        for (const auto* a : contents.activities)
            event("A" + std::to_string(a->id), a->required);
        for (const auto* a : contents.assessments)
            event("S" + std::to_string(a->id), a->required);
        int position = 0;
        for (const auto* child : kids) {
            auto ref = text(block, "SequenceBlockReference",
                "/CurriculumInventory/Sequence/SequenceBlock[@id='C" + std::to_string(child->id) + "']");
            if (c.childOrder == ChildOrder::Ordered)
                ref.append_attribute("order") = ++position;
        }
    }

    const DocumentData& data_;
    const CurriculumInventoryRequest& request_;
    const bool v10_;
    const std::string base_;
    Plan plan_;
    std::vector<std::string> included_;
    std::set<std::string> present_;
    pugi::xml_document doc_;
};

} // namespace

std::optional<int> curriculumInventoryDays(
    const DocumentData& data, const Course& course, const CurriculumInventoryRequest& request)
{
    return Plan(data, request).days(course);
}

namespace {

// What stops the report, for a plan already made (the export, the preview and the list share one).
std::vector<std::string> problemsWith(
    const DocumentData& data, const CurriculumInventoryRequest& r, const Plan& plan)
{
    std::vector<std::string> problems;
    // Ids go into XPath references between parts of the report, so they keep to letters, digits, . - _.
    static const std::regex idPattern(R"([A-Za-z0-9._-]{1,64})");
    if (r.institutionId.empty())
        problems.push_back("The AAMC institution id is missing.");
    else if (!std::regex_match(r.institutionId, idPattern))
        problems.push_back(
            "The institution id \"" + r.institutionId + "\" may hold only letters, digits, . - and _.");
    if (r.programId.empty())
        problems.push_back("The AAMC program id is missing.");
    else if (!std::regex_match(r.programId, idPattern))
        problems.push_back(
            "The program id \"" + r.programId + "\" may hold only letters, digits, . - and _.");
    const auto date = [&](const std::string& value, const char* what) {
        if (value.empty())
            problems.push_back(std::string("The ") + what + " is missing.");
        else if (!isDate(value))
            problems.push_back(
                std::string("The ") + what + " \"" + value + "\" is not a date written YYYY-MM-DD.");
    };
    date(r.reportingStart, "start of the reporting period");
    date(r.reportingEnd, "end of the reporting period");
    if (!r.reportDate.empty() && !isDate(r.reportDate))
        problems.push_back("The report date \"" + r.reportDate + "\" is not a date written YYYY-MM-DD.");
    if (isDate(r.reportingStart) && isDate(r.reportingEnd) && r.reportingEnd < r.reportingStart)
        problems.push_back("The reporting period ends (" + r.reportingEnd + ") before it starts ("
            + r.reportingStart + ").");
    static const std::regex languagePattern(R"([a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*)");
    if (!std::regex_match(r.language, languagePattern))
        problems.push_back("The language \"" + r.language + "\" is not a language tag such as en-us.");
    if (r.defaultCourseWeeks && (*r.defaultCourseWeeks < 1 || *r.defaultCourseWeeks > 104))
        problems.push_back("The default course length must be from 1 to 104 weeks.");
    if (!r.supportingLink.empty() && r.supportingLink.find_first_of(" \t\r\n<>\"") != std::string::npos)
        problems.push_back("The supporting link \"" + r.supportingLink + "\" is not a web address.");

    const auto& program = data.program();
    if (blank(program.institution))
        problems.push_back("The program's institution is empty: fill it in the program's details.");
    if (blank(program.description))
        problems.push_back(
            "The program's description is empty: the report needs one; fill it in the program's details.");
    if (levelsIn(data) > MaxLevels)
        problems.push_back("The report allows at most " + std::to_string(MaxLevels)
            + " academic levels (years); the program has " + std::to_string(levelsIn(data)) + ".");
    bool anyExpectation = !data.all<Competency>().empty();
    for (const auto* c : plan.order) {
        const auto& [objectives, activities, assessments] = plan.contents.at(c->id);
        anyExpectation = anyExpectation || !objectives.empty();
        if (!plan.days(*c))
            problems.push_back(courseName(*c)
                + " has no length: give the course its weeks or its start and end dates in its details (or "
                  "week numbers to its activities and assessments, or a length for courses without one).");
        if (c->startDate.empty() != c->endDate.empty())
            problems.push_back(courseName(*c)
                + " has a start date or an end date but not both: give both in its details, or neither.");
        else if (isDate(c->startDate) && isDate(c->endDate) && c->endDate < c->startDate)
            problems.push_back(courseName(*c) + " ends (" + c->endDate + ") before it starts (" + c->startDate
                + "): correct its dates in its details.");
        if (c->minimum && c->maximum && *c->minimum > *c->maximum)
            problems.push_back(courseName(*c) + ": at least " + std::to_string(*c->minimum)
                + " of its courses cannot be more than at most " + std::to_string(*c->maximum)
                + ": correct its minimum and maximum.");
        else if (const auto within = plan.children.find(c->id) == plan.children.end()
                     ? std::size_t(0)
                     : plan.children.at(c->id).size();
                 c->minimum && static_cast<std::size_t>(*c->minimum) > within)
            problems.push_back(courseName(*c) + ": a learner takes at least " + std::to_string(*c->minimum)
                + " of its courses, but the report has " + std::to_string(within)
                + " within it: correct its minimum, or give it the courses.");
        const auto keywords
            = [&](const std::string& kind, const std::string& title, const std::string& text) {
                  for (const auto& [id, name] : meshKeywords(text))
                      if (id.empty())
                          problems.push_back(courseName(*c) + ": the " + kind + " \"" + title
                              + "\" has the keyword \"" + name
                              + "\", which is not a MeSH descriptor: write each as its id and name, "
                                "\"D006333 Heart "
                                "Failure\", separated by semicolons.");
              };
        const auto resources
            = [&](const std::string& kind, const std::string& title, const std::string& text) {
                  for (const auto& code : resourceCodes(text))
                      if (!findResourceType(code))
                          problems.push_back(courseName(*c) + ": the " + kind + " \"" + title
                              + "\" names the resource type " + code
                              + ", which is not one of the AAMC's (RE001 to RE"
                              + std::string(resourceTypes().back().code.substr(2)) + "): correct it in its "
                              + "Resource types.");
              };
        for (const auto* a : activities) {
            if (!findInstructionalMethod(a->method))
                problems.push_back(courseName(*c) + ": the teaching activity \"" + a->title
                    + "\" has no AAMC instructional method; choose one.");
            keywords("teaching activity", a->title, a->keywords);
            resources("teaching activity", a->title, a->resourceTypes);
        }
        for (const auto* a : assessments) {
            const auto* m = findAssessmentMethod(a->method);
            if (!m)
                problems.push_back(courseName(*c) + ": the assessment \"" + a->title
                    + "\" has no AAMC assessment method; choose one.");
            else if (m->retired) {
                const auto* instead = findAssessmentMethod(m->replacement);
                problems.push_back(courseName(*c) + ": the assessment \"" + a->title + "\" uses " + m->code
                    + " " + m->name + ", which the AAMC no longer takes"
                    + (instead ? ": choose " + instead->code + " " + instead->name + " instead."
                               : ": choose another method."));
            }
            keywords("assessment", a->title, a->keywords);
            resources("assessment", a->title, a->resourceTypes);
        }
    }
    if (plan.order.empty())
        problems.push_back(
            "No course has teaching activities or assessments: the report needs at least one event.");
    else if (!anyExpectation)
        problems.push_back(
            "The map has no competencies and no objectives: the report needs at least one expectation.");
    return problems;
}

} // namespace

std::vector<std::string> curriculumInventoryProblems(
    const DocumentData& data, const CurriculumInventoryRequest& r)
{
    return problemsWith(data, r, Plan(data, r));
}

CurriculumInventoryReport exportCurriculumInventory(
    const DocumentData& data, const CurriculumInventoryRequest& request)
{
    Plan plan(data, request);
    const auto problems = problemsWith(data, request, plan);
    if (!problems.empty()) {
        std::string message = "The Curriculum Inventory report was not written:";
        const std::size_t shown = std::min<std::size_t>(problems.size(), 20);
        for (std::size_t i = 0; i < shown; ++i)
            message += "\n  " + problems[i];
        if (problems.size() > shown)
            message += "\n  ... and " + std::to_string(problems.size() - shown) + " more";
        throw Error(ErrorCode::InvalidInput, message);
    }
    return Writer(data, request, std::move(plan)).write();
}

CurriculumInventoryPreview curriculumInventoryPreview(
    const DocumentData& data, const CurriculumInventoryRequest& request)
{
    CurriculumInventoryPreview p;
    const Plan plan(data, request);
    p.missing = problemsWith(data, request, plan);
    p.blocking = p.missing.size();
    p.levels = levelsIn(data);
    const auto level = [&](const Course& c) {
        return static_cast<std::size_t>(std::clamp(c.year, 1, std::max(1, p.levels)) - 1);
    };
    std::map<std::string, CurriculumInventoryPreview::MethodRow> instructional, assessment;
    std::map<std::string, int> resources; // events by resource type
    for (const auto* c : plan.order) {
        const auto& contents = plan.contents.at(c->id);
        for (const auto* a : contents.activities) {
            const auto* m = findInstructionalMethod(a->method);
            if (!m)
                continue;
            auto& row = instructional[m->code];
            if (row.code.empty()) {
                row = { m->code, m->name, std::vector<double>(static_cast<std::size_t>(p.levels)), {}, {} };
            }
            row.byLevel[level(*c)] += a->minutes / 60.0;
        }
        for (const auto* a : contents.assessments) {
            const auto* m = findAssessmentMethod(a->method);
            if (!m)
                continue;
            auto& row = assessment[m->code];
            if (row.code.empty()) {
                const auto n = static_cast<std::size_t>(p.levels);
                row = { m->code, m->name, std::vector<double>(n), std::vector<int>(n), std::vector<int>(n) };
            }
            row.byLevel[level(*c)] += 1;
            ++(a->summative ? row.summative : row.formative)[level(*c)];
        }
        CurriculumInventoryPreview::ClerkshipRow block;
        block.course = c->code.empty() ? c->title : c->code + " " + c->title;
        block.model = c->clerkshipModel ? std::string(toString(*c->clerkshipModel)) : std::string();
        block.level = c->year;
        block.weeks = plan.days(*c).value_or(0) / 5.0;
        for (const auto* a : contents.activities)
            block.hours += a->minutes / 60.0;
        if (c->clerkshipModel)
            p.clerkships.push_back(std::move(block));
        else if (!contents.activities.empty())
            p.otherBlocks.push_back(std::move(block));
        const auto countResources = [&](const std::string& text) {
            for (const auto& code : resourceCodes(text))
                if (const auto* r = findResourceType(code))
                    ++resources[r->code];
        };
        for (const auto* a : contents.activities)
            countResources(a->resourceTypes);
        for (const auto* a : contents.assessments)
            countResources(a->resourceTypes);
    }
    for (const auto& [code, events] : resources)
        p.resources.push_back({ code, findResourceType(code)->name, events });
    for (auto& [code, row] : instructional)
        p.instructional.push_back(std::move(row));
    for (auto& [code, row] : assessment)
        p.assessment.push_back(std::move(row));

    // PCRS coverage: the map's competencies related to each PCRS competency, the objectives mapped to them,
    // the events teaching or assessing those objectives.
    std::map<std::string, std::set<Id>> competenciesOf;
    for (const auto& [id, ids] : plan.pcrs)
        for (const auto& pid : ids)
            competenciesOf[pid].insert(id);
    // Only the objectives mapped to a competency related to the PCRS, and only their events, are gathered.
    std::unordered_map<Id, std::vector<Id>> objectivesOfCompetency;
    std::unordered_map<Id, std::vector<Id>> eventsOfObjective;
    const auto& links = data.links();
    for (auto it = links.lower_bound(LinkKey { LinkKind::Maps, NoId, NoId });
         it != links.end() && it->first.kind == LinkKind::Maps; ++it)
        if (plan.pcrs.contains(it->first.targetId)) {
            objectivesOfCompetency[it->first.targetId].push_back(it->first.objectiveId);
            eventsOfObjective.try_emplace(it->first.objectiveId);
        }
    if (!eventsOfObjective.empty())
        for (const auto& [event, objectives] : plan.objectivesOf)
            for (Id o : objectives)
                if (const auto e = eventsOfObjective.find(o); e != eventsOfObjective.end())
                    e->second.push_back(event);
    const auto* reference = findBuiltInFramework("aamc-pcrs");
    if (reference)
        for (const auto& domain : reference->competencies)
            for (const auto& statement : domain.children) {
                CurriculumInventoryPreview::PcrsRow row { statement.identifier,
                    statement.code + " " + statement.title, 0, 0, 0 };
                std::set<Id> objectives, events;
                if (const auto it = competenciesOf.find(statement.identifier); it != competenciesOf.end()) {
                    row.competencies = static_cast<int>(it->second.size());
                    for (Id c : it->second)
                        if (const auto o = objectivesOfCompetency.find(c); o != objectivesOfCompetency.end())
                            objectives.insert(o->second.begin(), o->second.end());
                }
                for (Id o : objectives)
                    if (const auto e = eventsOfObjective.find(o); e != eventsOfObjective.end())
                        events.insert(e->second.begin(), e->second.end());
                row.objectives = static_cast<int>(objectives.size());
                row.events = static_cast<int>(events.size());
                p.pcrs.push_back(std::move(row));
            }

    // What is missing or doubtful, beyond what stops the export.
    if (plan.pcrs.empty())
        p.missing.push_back(
            "No competency is related to the AAMC PCRS, so the PCRS tables will be empty: adopt "
            "the PCRS framework and map objectives to it, or relate your competencies to it "
            "(Frameworks, or a CASE package with exactMatchOf / isRelatedTo associations).");
    for (const auto* c : plan.order) {
        const auto& contents = plan.contents.at(c->id);
        int unlinked = 0, untimed = 0;
        for (const auto* a : contents.activities)
            unlinked += !plan.objectivesOf.contains(a->id);
        for (const auto* a : contents.assessments) {
            unlinked += !plan.objectivesOf.contains(a->id);
            untimed += a->minutes == 0;
        }
        if (unlinked > 0)
            p.missing.push_back(courseName(*c) + ": " + std::to_string(unlinked) + " of "
                + std::to_string(contents.activities.size() + contents.assessments.size())
                + (unlinked == 1 ? " events teaches or assesses" : " events teach or assess")
                + " no objective, so the AAMC sees no objective for " + (unlinked == 1 ? "it" : "them")
                + ": link " + (unlinked == 1 ? "it" : "them") + " in the course's Alignment tab.");
        if (untimed > 0)
            p.missing.push_back(courseName(*c) + ": " + std::to_string(untimed)
                + (untimed == 1 ? " assessment has" : " assessments have")
                + " no duration and will be reported as taking no time: give the minutes in the course's "
                  "Assessments table.");
        if (!c->weeks && !(isDate(c->startDate) && isDate(c->endDate)))
            p.missing.push_back(courseName(*c)
                + " has neither weeks nor dates, so its length is worked out from its week numbers: give its "
                  "weeks or dates in its details.");
    }
    return p;
}

std::string curriculumInventoryPreviewText(const CurriculumInventoryPreview& p)
{
    std::ostringstream out;
    const auto number = [](double v) {
        std::ostringstream s;
        s.setf(std::ios::fixed);
        s.precision(v == static_cast<long long>(v) ? 0 : 1);
        s << v;
        return s.str();
    };
    // Widths count characters, not bytes, so accented names line up; a text longer than its column is cut
    // at a character boundary and ends with an ellipsis.
    const auto length = [](const std::string& s) {
        std::size_t chars = 0;
        for (unsigned char c : s)
            chars += (c & 0xC0) != 0x80;
        return chars;
    };
    const auto fit = [&](std::string s, std::size_t width) {
        if (length(s) > width) {
            std::size_t chars = 0, at = 0;
            for (; at < s.size(); ++at)
                if ((static_cast<unsigned char>(s[at]) & 0xC0) != 0x80 && ++chars == width)
                    break;
            s = s.substr(0, at) + "\u2026";
        }
        if (const auto n = length(s); n < width)
            s.append(width - n, ' ');
        return s;
    };
    std::size_t nameWidth = 20;
    for (const auto* rows : { &p.instructional, &p.assessment })
        for (const auto& row : *rows)
            nameWidth = std::max(nameWidth, length(row.code + " " + row.name));
    nameWidth = std::min<std::size_t>(nameWidth, 72);
    const auto years = [&](std::ostringstream& o) {
        for (int y = 1; y <= p.levels; ++y)
            o << "  " << fit("Year " + std::to_string(y), 8);
    };
    out << "Instructional methods by year (hours)\n  " << fit("Method", nameWidth);
    years(out);
    out << "  Total\n";
    for (const auto& row : p.instructional) {
        double total = 0;
        out << "  " << fit(row.code + " " + row.name, nameWidth);
        for (double v : row.byLevel) {
            out << "  " << fit(number(v), 8);
            total += v;
        }
        out << "  " << number(total) << "\n";
    }
    out << "\nAssessment methods by year (events: summative/formative)\n  " << fit("Method", nameWidth);
    years(out);
    out << "\n";
    for (const auto& row : p.assessment) {
        out << "  " << fit(row.code + " " + row.name, nameWidth);
        for (std::size_t i = 0; i < row.byLevel.size(); ++i)
            out << "  "
                << fit(row.byLevel[i] > 0
                           ? std::to_string(row.summative[i]) + "/" + std::to_string(row.formative[i])
                           : std::string("-"),
                       8);
        out << "\n";
    }
    int covered = 0;
    for (const auto& row : p.pcrs)
        covered += row.competencies > 0;
    out << "\nPCRS coverage: " << covered << " of " << p.pcrs.size()
        << " PCRS competencies related to the map\n  " << fit("PCRS competency", 60) << "  "
        << "competencies  objectives  events\n";
    for (const auto& row : p.pcrs)
        if (row.competencies > 0)
            out << "  " << fit(row.title, 60) << "  " << fit(std::to_string(row.competencies), 12) << "  "
                << fit(std::to_string(row.objectives), 10) << "  " << row.events << "\n";
    const auto blocks = [&](const std::vector<CurriculumInventoryPreview::ClerkshipRow>& rows) {
        for (const auto& row : rows)
            out << "  " << fit(row.course, 44) << "  " << fit(row.model.empty() ? "-" : row.model, 10)
                << "  year " << row.level << "  " << number(row.weeks) << " weeks  " << number(row.hours)
                << " h  " << number(row.hoursPerWeek()) << " h/week\n";
    };
    out << "\nClerkships (weeks as the AAMC counts them: days / 5)\n";
    if (p.clerkships.empty())
        out << "  none: mark clerkships with their clerkship model in the course's details\n";
    blocks(p.clerkships);
    out << "\nOther courses: instructional time (weeks as the AAMC counts them)\n";
    if (p.otherBlocks.empty())
        out << "  none\n";
    blocks(p.otherBlocks);
    out << "\nResource types (events naming each)\n";
    if (p.resources.empty())
        out << "  none: name them in the Activities and Assessments tables (RE001 to RE026)\n";
    for (const auto& row : p.resources)
        out << "  " << fit(row.code + " " + row.name, nameWidth) << "  " << row.events << "\n";
    out << "\nMissing or to check (" << p.missing.size() << ")\n";
    if (p.missing.empty())
        out << "  nothing\n";
    for (const auto& m : p.missing)
        out << "  - " << m << "\n";
    return out.str();
}

} // namespace coursemap
