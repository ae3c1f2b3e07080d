// Counts and totals of a course map, for `coursemap stats` and the studio's summary.
#pragma once

#include "coursemap/model/DocumentData.h"

#include <map>
#include <string>

namespace coursemap {

struct CourseStatistics
{
    std::string code;
    std::string title;
    int objectives = 0;
    int activities = 0;
    int assessments = 0;
    double teachingHours = 0; // sum of activity minutes / 60
    double contactHours = 0; // as declared on the course
    double selfStudyHours = 0;
    double summativeWeight = 0; // percent
};

struct Statistics
{
    std::map<ItemKind, int> items; // every kind, zero included
    std::map<LinkKind, int> links; // every kind, zero included
    double teachingHours = 0;
    double contactHours = 0;
    double selfStudyHours = 0;
    std::vector<CourseStatistics> courses; // in course order
};

Statistics computeStatistics(const DocumentData& data);

} // namespace coursemap
