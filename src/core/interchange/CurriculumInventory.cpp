#include "coursemap/interchange/CurriculumInventory.h"

#include "coursemap/Error.h"
#include "coursemap/analysis/Acceptance.h"
#include "coursemap/analysis/Catalog.h"

#include <pugixml.hpp>

#include <algorithm>
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

class Writer
{
public:
    Writer(const DocumentData& data, const CurriculumInventoryRequest& request)
        : data_(data)
        , request_(request)
        , base_("urn:coursemap:" + request.institutionId + ":" + request.programId + ":")
        , contents_(contentsOf(data))
    { }

    CurriculumInventoryReport write()
    {
        CurriculumInventoryReport report;
        auto decl = doc_.append_child(pugi::node_declaration);
        decl.append_attribute("version") = "1.0";
        decl.append_attribute("encoding") = "UTF-8";
        auto root = doc_.append_child("CurriculumInventory");
        root.append_attribute("xmlns") = "http://ns.medbiq.org/curriculuminventory/v1/";
        root.append_attribute("xmlns:lom") = "http://ltsc.ieee.org/xsd/LOM";
        root.append_attribute("xmlns:a") = "http://ns.medbiq.org/address/v1/";
        root.append_attribute("xmlns:cf") = "http://ns.medbiq.org/competencyframework/v1/";
        root.append_attribute("xmlns:co") = "http://ns.medbiq.org/competencyobject/v1/";
        root.append_attribute("xmlns:hx") = "http://ns.medbiq.org/lom/extend/v1/";
        root.append_attribute("xmlns:m") = "http://ns.medbiq.org/member/v1/";
        root.append_attribute("xmlns:xsi") = "http://www.w3.org/2001/XMLSchema-instance";
        root.append_attribute("xsi:schemaLocation")
            = "http://ns.medbiq.org/curriculuminventory/v1/ curriculuminventory.xsd";

        const auto& program = data_.program();
        const auto& r = request_;
        const auto startYear = r.reportingStart.substr(0, 4), endYear = r.reportingEnd.substr(0, 4);
        text(root, "ReportID",
            r.reportId.empty() ? r.institutionId + "-" + r.programId + "-" + startYear : r.reportId);
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

        // Events: the teaching activities and assessments of courses, in course order.
        auto events = root.append_child("Events");
        std::vector<const Course*> reported;
        for (const auto* course : data_.courses()) {
            const auto& contents = contents_.at(course->id);
            if (contents.empty()) {
                report.notes.push_back(courseName(*course)
                    + " is left out of the sequence: it has no teaching activities or assessments to "
                      "report.");
                continue;
            }
            reported.push_back(course);
            for (const auto* a : contents.activities)
                activityEvent(events, *a);
            for (const auto* a : contents.assessments)
                assessmentEvent(events, *a);
        }

        // Expectations: the program's competencies, then every objective of the courses reported.
        auto expectations = root.append_child("Expectations");
        std::vector<std::string> included;
        for (const auto* f : data_.frameworks())
            competencyObjects(expectations, f->id, NoId, included);
        for (const auto* course : reported)
            for (const auto* o : contents_.at(course->id).objectives) {
                competencyObject(
                    expectations, objectiveEntry(o->id), o->text, "sequence-block-level-competency");
                included.push_back(objectiveEntry(o->id));
            }
        framework(expectations, included);

        auto levels = root.append_child("AcademicLevels");
        const int levelCount = levelsIn(data_);
        text(levels, "LevelsInProgram", std::to_string(levelCount));
        for (int i = 1; i <= levelCount; ++i) {
            auto level = levels.append_child("Level");
            level.append_attribute("number") = i;
            text(level, "Label", "Year " + std::to_string(i));
        }

        auto sequence = root.append_child("Sequence");
        for (const auto* course : reported)
            sequenceBlock(sequence, *course);

        std::ostringstream out;
        doc_.save(out, "  ", pugi::format_indent, pugi::encoding_utf8);
        report.xml = out.str();
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

    void objectiveRefs(pugi::xml_node event, Id targetId)
    {
        const auto it = linkedTo_.find(targetId);
        if (it != linkedTo_.end())
            for (Id o : it->second)
                text(event, "CompetencyObjectReference", expectationRef(objectiveEntry(o)));
    }

    void activityEvent(pugi::xml_node events, const Activity& a)
    {
        auto event = events.append_child("Event");
        event.append_attribute("id") = ("A" + std::to_string(a.id)).c_str();
        text(event, "Title", a.title);
        text(event, "EventDuration", duration(a.minutes));
        if (!blank(a.description))
            text(event, "Description", a.description);
        text(event, "Interprofessional", a.interprofessional ? "true" : "false");
        objectiveRefs(event, a.id);
        const auto* m = findInstructionalMethod(a.method);
        auto method = text(event, "InstructionalMethod", m->name);
        method.append_attribute("primary") = "true";
        method.append_attribute("source") = "AAMC";
        method.append_attribute("sourceID") = m->code.c_str();
    }

    void assessmentEvent(pugi::xml_node events, const Assessment& a)
    {
        auto event = events.append_child("Event");
        event.append_attribute("id") = ("S" + std::to_string(a.id)).c_str();
        text(event, "Title", a.title);
        // Assessments carry no duration in a course map; they are reported as taking no scheduled time.
        text(event, "EventDuration", "PT0M");
        if (!blank(a.description))
            text(event, "Description", a.description);
        objectiveRefs(event, a.id);
        const auto* m = findAssessmentMethod(a.method);
        auto method = text(event, "AssessmentMethod", m->name);
        method.append_attribute("purpose") = a.summative ? "Summative" : "Formative";
        method.append_attribute("source") = "AAMC";
        method.append_attribute("sourceID") = m->code.c_str();
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

    void competencyObjects(
        pugi::xml_node parent, Id frameworkId, Id parentId, std::vector<std::string>& included)
    {
        for (const auto* c : data_.competenciesOf(frameworkId, parentId)) {
            const auto* f = data_.get<Framework>(frameworkId);
            competencyObject(parent, competencyEntry(c->id),
                (c->code.empty() ? "" : c->code + " ") + c->title + " (" + f->name + ")",
                "program-level-competency");
            included.push_back(competencyEntry(c->id));
            competencyObjects(parent, frameworkId, c->id, included);
        }
    }

    // The framework that ties the expectations together: each competency is broader than the competencies
    // within it and than the objectives mapped to it.
    void framework(pugi::xml_node parent, const std::vector<std::string>& included)
    {
        auto node = parent.append_child("CompetencyFramework");
        auto lom = node.append_child("lom:lom");
        auto general = lom.append_child("lom:general");
        auto identifier = general.append_child("lom:identifier");
        text(identifier, "lom:catalog", "URI");
        text(identifier, "lom:entry", base_ + "framework");
        text(general.append_child("lom:title"), "lom:string", data_.program().name + " competency framework");
        for (const auto& entry : included) {
            auto includes = node.append_child("cf:Includes");
            text(includes, "cf:Catalog", "URI");
            text(includes, "cf:Entry", entry);
        }
        const auto relation = [&](const std::string& broader, const std::string& narrower) {
            auto r = node.append_child("cf:Relation");
            auto one = r.append_child("cf:Reference1");
            text(one, "cf:Catalog", "URI");
            text(one, "cf:Entry", broader);
            text(r, "cf:Relationship", "http://www.w3.org/2004/02/skos/core#narrower");
            auto two = r.append_child("cf:Reference2");
            text(two, "cf:Catalog", "URI");
            text(two, "cf:Entry", narrower);
        };
        const std::set<std::string> present(included.begin(), included.end());
        for (const auto& [id, c] : data_.all<Competency>())
            if (c.parentId != NoId)
                relation(competencyEntry(c.parentId), competencyEntry(id));
        for (const auto& [key, link] : data_.links())
            if (key.kind == LinkKind::Maps && present.contains(objectiveEntry(key.objectiveId)))
                relation(competencyEntry(key.targetId), objectiveEntry(key.objectiveId));
    }

    void sequenceBlock(pugi::xml_node sequence, const Course& c)
    {
        auto block = sequence.append_child("SequenceBlock");
        block.append_attribute("id") = ("C" + std::to_string(c.id)).c_str();
        block.append_attribute("required") = "Required";
        text(block, "Title", c.code.empty() ? c.title : c.code + " " + c.title);
        if (!blank(c.description))
            text(block, "Description", c.description);
        const auto& contents = contents_.at(c.id);
        const int weeks = contents.weeks().value_or(request_.defaultCourseWeeks.value_or(1));
        // XML Schema durations have no weeks: a course of 12 weeks is P84D.
        text(block.append_child("Timing"), "Duration", "P" + std::to_string(weeks * 7) + "D");
        text(block, "Level",
            "/CurriculumInventory/AcademicLevels/Level[@number='" + std::to_string(c.year) + "']");
        for (const auto* o : contents.objectives)
            text(block, "CompetencyObjectReference", expectationRef(objectiveEntry(o->id)));
        if (!blank(c.prerequisites))
            text(block, "Precondition", c.prerequisites);
        const auto event = [&](const std::string& id) {
            auto e = block.append_child("SequenceBlockEvent");
            e.append_attribute("required") = "true";
            text(e, "EventReference", eventRef(id));
        };
        for (const auto* a : contents.activities)
            event("A" + std::to_string(a->id));
        for (const auto* a : contents.assessments)
            event("S" + std::to_string(a->id));
    }

    const DocumentData& data_;
    const CurriculumInventoryRequest& request_;
    const std::string base_;
    std::unordered_map<Id, std::vector<Id>> linkedTo_;
    const std::unordered_map<Id, Contents> contents_;
    pugi::xml_document doc_;
};

} // namespace

std::vector<std::string> curriculumInventoryProblems(
    const DocumentData& data, const CurriculumInventoryRequest& r)
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
    bool anyEvent = false;
    bool anyExpectation = !data.all<Competency>().empty();
    const auto contents = contentsOf(data);
    for (const auto* c : data.courses()) {
        const auto& [objectives, activities, assessments] = contents.at(c->id);
        if (activities.empty() && assessments.empty())
            continue;
        anyEvent = true;
        anyExpectation = anyExpectation || !objectives.empty();
        if (!contents.at(c->id).weeks() && !r.defaultCourseWeeks)
            problems.push_back(courseName(*c)
                + " has no week numbers on its activities or assessments, so its length is unknown: give "
                  "them "
                  "weeks, or give a length for courses without week numbers.");
        for (const auto* a : activities)
            if (!findInstructionalMethod(a->method))
                problems.push_back(courseName(*c) + ": the teaching activity \"" + a->title
                    + "\" has no AAMC instructional method; choose one.");
        for (const auto* a : assessments)
            if (!findAssessmentMethod(a->method))
                problems.push_back(courseName(*c) + ": the assessment \"" + a->title
                    + "\" has no AAMC assessment method; choose one.");
    }
    if (!anyEvent)
        problems.push_back(
            "No course has teaching activities or assessments: the report needs at least one event.");
    else if (!anyExpectation)
        problems.push_back(
            "The map has no competencies and no objectives: the report needs at least one expectation.");
    return problems;
}

CurriculumInventoryReport exportCurriculumInventory(
    const DocumentData& data, const CurriculumInventoryRequest& request)
{
    const auto problems = curriculumInventoryProblems(data, request);
    if (!problems.empty()) {
        std::string message = "The Curriculum Inventory report was not written:";
        const std::size_t shown = std::min<std::size_t>(problems.size(), 20);
        for (std::size_t i = 0; i < shown; ++i)
            message += "\n  " + problems[i];
        if (problems.size() > shown)
            message += "\n  ... and " + std::to_string(problems.size() - shown) + " more";
        throw Error(ErrorCode::InvalidInput, message);
    }
    return Writer(data, request).write();
}

} // namespace coursemap
