// The program's competency × course heat map: for each competency of each adopted framework (domains with
// their competencies beneath), which courses introduce, reinforce or master it, through how many objectives.
// A domain's row gathers the objectives mapped to it and to every competency beneath it. Gaps (nothing maps
// a competency) and competencies introduced or reinforced but never mastered are flagged.
#pragma once

#include "coursemap/model/DocumentData.h"
#include "coursemap/syllabus/Syllabus.h"

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace coursemap {

struct HeatCell
{
    // Objectives by the highest level they give: introduced, reinforced, mastered; then mapped with no level.
    std::array<int, 4> counts {};
    std::vector<Id> objectives; // in course order
    // Objectives that reach the competency only through a crosswalk (an exactMatchOf or isRelatedTo
    // association with a competency of another framework they map to): shown as derived, counted apart.
    std::vector<Id> derived;
    int total() const { return counts[0] + counts[1] + counts[2] + counts[3]; }
    // The highest level any of its objectives gives; none when empty or no level is set.
    std::optional<Contribution> highest() const;
};

struct HeatRow
{
    Id competencyId = NoId;
    Id frameworkId = NoId;
    int depth = 0; // 0 for a domain (top level)
    std::vector<HeatCell> cells; // one per course of HeatMap::courses
    int coursesMapping() const;
    bool gap() const { return coursesMapping() == 0; }
    // Introduced or reinforced somewhere, mastered nowhere.
    bool neverMastered() const;
};

struct HeatMap
{
    std::vector<Id> courses; // in program sequence: by year, then course order
    std::vector<HeatRow> rows; // framework by framework, each tree depth first
};

HeatMap computeHeatMap(const DocumentData& data);

// The heat map as a sheet: a row per competency (framework, code, title, the domain it is within, then per
// course "M 3" for mastered through three objectives, then gap / never mastered). User text is guarded
// against formulas.
std::string heatMapCsv(const DocumentData& data, const HeatMap& map);

// "I", "R", "M".
char contributionLetter(Contribution level);
// The colour of a level ("#90CAF9" for reinforced), the same on paper and in the studio: deeper as the
// level rises.
std::string_view contributionColour(Contribution level);

// The heat map for print (coursemap export --format pdf --content heat-map, the studio's Export): a table
// per framework and group of courses, the gaps and never-mastered competencies listed, then the program
// statistics. Every piece of user text is escaped.
Syllabus heatMapReport(const DocumentData& data);

} // namespace coursemap
