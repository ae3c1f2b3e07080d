// The program director's figures: teaching hours by instructional method and by learning type, the spread
// of Bloom levels in each year, and the assessment methods at each level of Miller's pyramid.
#pragma once

#include "coursemap/model/DocumentData.h"

#include <array>
#include <map>
#include <string>

namespace coursemap {

struct ProgramStatistics
{
    // Scheduled hours (activity minutes / 60) by AAMC method code; "" for activities with no method.
    std::map<std::string, double> hoursByMethod;
    // By the activity's learning type, or its method's usual one; index 6: neither known.
    std::array<double, 7> hoursByLearningType {};
    // Objectives of each year by Bloom level (the author's override, else the detected level); index 6: no
    // level (no measurable verb).
    std::map<int, std::array<int, 7>> bloomByYear;
    // Assessments by the highest Miller level their method can evidence, then by method code; assessments
    // with no method or an unknown one are counted under `assessmentsWithoutMethod`.
    std::map<MillerLevel, std::map<std::string, int>> assessmentMethodsByMiller;
    int assessmentsWithoutMethod = 0;
};

ProgramStatistics computeProgramStatistics(const DocumentData& data);

// The statistics as HTML tables (Qt's rich-text subset), for the printed heat map and the studio.
std::string programStatisticsHtml(const DocumentData& data);

} // namespace coursemap
