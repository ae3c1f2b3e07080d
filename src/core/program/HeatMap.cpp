#include "coursemap/program/HeatMap.h"

#include "coursemap/interchange/Csv.h"
#include "coursemap/program/Frameworks.h"

#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>

namespace coursemap {

std::optional<Contribution> HeatCell::highest() const
{
    for (int level = 2; level >= 0; --level)
        if (counts[static_cast<std::size_t>(level)] > 0)
            return static_cast<Contribution>(level);
    return std::nullopt;
}

int HeatRow::coursesMapping() const
{
    return static_cast<int>(
        std::count_if(cells.begin(), cells.end(), [](const HeatCell& c) { return c.total() > 0; }));
}

bool HeatRow::neverMastered() const
{
    bool started = false;
    for (const auto& c : cells) {
        if (c.counts[static_cast<std::size_t>(Contribution::Mastered)] > 0)
            return false;
        started = started || c.counts[0] > 0 || c.counts[1] > 0;
    }
    return started;
}

char contributionLetter(Contribution level)
{
    switch (level) {
    case Contribution::Introduced:
        return 'I';
    case Contribution::Reinforced:
        return 'R';
    case Contribution::Mastered:
        return 'M';
    }
    return '?';
}

std::string_view contributionColour(Contribution level)
{
    switch (level) {
    case Contribution::Introduced:
        return "#E3F2FD";
    case Contribution::Reinforced:
        return "#90CAF9";
    case Contribution::Mastered:
        return "#42A5F5";
    }
    return "#FFFFFF";
}

namespace {

void addRows(const DocumentData& data, Id frameworkId, Id parentId, int depth, std::vector<HeatRow>& rows)
{
    for (const auto* c : data.competenciesOf(frameworkId, parentId)) {
        HeatRow row;
        row.competencyId = c->id;
        row.frameworkId = frameworkId;
        row.depth = depth;
        rows.push_back(std::move(row));
        addRows(data, frameworkId, c->id, depth + 1, rows);
    }
}

} // namespace

HeatMap computeHeatMap(const DocumentData& data)
{
    HeatMap map;
    auto courses = data.courses();
    std::stable_sort(
        courses.begin(), courses.end(), [](const Course* a, const Course* b) { return a->year < b->year; });
    std::unordered_map<Id, std::size_t> column;
    for (const auto* c : courses) {
        column.emplace(c->id, map.courses.size());
        map.courses.push_back(c->id);
    }
    for (const auto* f : data.frameworks())
        addRows(data, f->id, NoId, 0, map.rows);
    std::unordered_map<Id, std::size_t> rowOf;
    for (std::size_t i = 0; i < map.rows.size(); ++i) {
        map.rows[i].cells.resize(map.courses.size());
        rowOf.emplace(map.rows[i].competencyId, i);
    }

    // (row, column) → objective → the highest level it gives there (-1: mapped without a level). An objective
    // mapped to a competency and to its domain, or to two competencies of one domain, counts once in the
    // domain.
    std::map<std::pair<std::size_t, std::size_t>, std::map<Id, int>> gathered;
    const auto& competencies = data.all<Competency>();
    for (const auto& [key, link] : data.links()) {
        if (key.kind != LinkKind::Maps)
            continue;
        const auto* objective = data.get<Objective>(key.objectiveId);
        if (!objective)
            continue;
        const auto col = column.find(objective->courseId);
        if (col == column.end())
            continue;
        const int level = link.contribution ? static_cast<int>(*link.contribution) : -1;
        for (Id c = key.targetId; c != NoId;) {
            const auto row = rowOf.find(c);
            if (row == rowOf.end())
                break;
            auto [it, added] = gathered[{ row->second, col->second }].emplace(objective->id, level);
            if (!added)
                it->second = std::max(it->second, level);
            const auto comp = competencies.find(c);
            c = comp == competencies.end() ? NoId : comp->second.parentId;
        }
    }
    // Crosswalks: competencies of two frameworks matched by an exactMatchOf or isRelatedTo association (kept
    // from a CASE package). An objective mapped to one shows, derived, under the other and what it is within,
    // where it is not mapped there itself.
    // A competency is named by the identifier and URI it keeps, or by those its framework's CASE export
    // gives it (a package made elsewhere may crosswalk to a framework made in the studio and exported).
    const auto& associations = data.all<Association>();
    const bool anyCrosswalk = std::any_of(associations.begin(), associations.end(),
        [](const auto& a) { return a.second.type == "exactMatchOf" || a.second.type == "isRelatedTo"; });
    std::unordered_map<std::string, Id> byIdentifier;
    if (anyCrosswalk)
        for (const auto& [id, c] : competencies) {
            if (!c.identifier.empty())
                byIdentifier.emplace(c.identifier, id);
            if (!c.uri.empty())
                byIdentifier.emplace(c.uri, id);
            const auto [identifier, uri] = caseIdentifiers(data, c);
            byIdentifier.emplace(identifier, id);
            byIdentifier.emplace(uri, id);
        }
    std::unordered_map<Id, std::set<Id>> crosswalk;
    for (const auto& [id, a] : associations) {
        if (a.type != "exactMatchOf" && a.type != "isRelatedTo")
            continue;
        auto it = byIdentifier.find(a.targetIdentifier);
        if (it == byIdentifier.end())
            it = byIdentifier.find(a.targetUri);
        if (it == byIdentifier.end() || it->second == a.competencyId)
            continue;
        crosswalk[a.competencyId].insert(it->second);
        crosswalk[it->second].insert(a.competencyId);
    }
    std::map<std::pair<std::size_t, std::size_t>, std::set<Id>> derived;
    if (!crosswalk.empty())
        for (const auto& [key, link] : data.links()) {
            if (key.kind != LinkKind::Maps)
                continue;
            const auto matched = crosswalk.find(key.targetId);
            if (matched == crosswalk.end())
                continue;
            const auto* objective = data.get<Objective>(key.objectiveId);
            const auto col = objective ? column.find(objective->courseId) : column.end();
            if (col == column.end())
                continue;
            for (Id start : matched->second)
                for (Id c = start; c != NoId;) {
                    const auto row = rowOf.find(c);
                    if (row == rowOf.end())
                        break;
                    const std::pair at { row->second, col->second };
                    const auto direct = gathered.find(at);
                    if (direct == gathered.end() || !direct->second.contains(objective->id))
                        derived[at].insert(objective->id);
                    const auto comp = competencies.find(c);
                    c = comp == competencies.end() ? NoId : comp->second.parentId;
                }
        }
    const auto byOrder = [&](Id a, Id b) {
        const auto* x = data.get<Objective>(a);
        const auto* y = data.get<Objective>(b);
        return x->order != y->order ? x->order < y->order : a < b;
    };
    for (const auto& [at, objectives] : derived) {
        auto& cell = map.rows[at.first].cells[at.second];
        cell.derived.assign(objectives.begin(), objectives.end());
        std::sort(cell.derived.begin(), cell.derived.end(), byOrder);
    }
    for (const auto& [at, objectives] : gathered) {
        auto& cell = map.rows[at.first].cells[at.second];
        for (const auto& [id, level] : objectives) {
            ++cell.counts[level < 0 ? 3 : static_cast<std::size_t>(level)];
            cell.objectives.push_back(id);
        }
        std::sort(cell.objectives.begin(), cell.objectives.end(), [&](Id a, Id b) {
            const auto* x = data.get<Objective>(a);
            const auto* y = data.get<Objective>(b);
            return x->order != y->order ? x->order < y->order : a < b;
        });
    }
    return map;
}

std::string heatMapCsv(const DocumentData& data, const HeatMap& map)
{
    std::vector<std::string> header { csvCell("Framework"), csvCell("Code"), csvCell("Competency"),
        csvCell("Within") };
    for (Id id : map.courses) {
        const auto* c = data.get<Course>(id);
        header.push_back(csvCell(c->code.empty() ? c->title : c->code));
    }
    for (const char* title : { "Courses", "Gap", "Never mastered" })
        header.push_back(csvCell(title));
    std::string out = csvRow(header);
    for (const auto& row : map.rows) {
        const auto* competency = data.get<Competency>(row.competencyId);
        const auto* framework = data.get<Framework>(row.frameworkId);
        const auto* parent = data.get<Competency>(competency->parentId);
        std::vector<std::string> cells { csvCell(framework->name), csvCell(competency->code),
            csvCell(competency->title), csvCell(parent ? parent->code : "") };
        for (const auto& cell : row.cells) {
            std::string text;
            if (cell.total() > 0) {
                const auto level = cell.highest();
                text = (level ? std::string(1, contributionLetter(*level)) : std::string("mapped")) + " "
                    + std::to_string(cell.total());
            }
            if (!cell.derived.empty())
                text += (text.empty() ? "" : " ") + std::string("(derived ")
                    + std::to_string(cell.derived.size()) + ")";
            cells.push_back(csvValue(text));
        }
        cells.push_back(csvValue(std::to_string(row.coursesMapping())));
        cells.push_back(csvValue(row.gap() ? "yes" : ""));
        cells.push_back(csvValue(row.neverMastered() ? "yes" : ""));
        out += csvRow(cells);
    }
    return out;
}

} // namespace coursemap
