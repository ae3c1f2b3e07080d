// An assessment of a course: an exam, an OSCE station, a workplace-based assessment, a portfolio.
#pragma once

#include "coursemap/model/Enums.h"
#include "coursemap/model/Id.h"

#include <optional>
#include <string>

namespace coursemap {

struct Assessment
{
    Id id = NoId;
    Id courseId = NoId;
    int order = 0;
    std::string title;
    std::string method; // AAMC assessment method code, "AM004"
    bool summative = true;
    double weight = 0; // percent of the course grade
    std::optional<int> week;
    int minutes = 0; // how long learners sit it
    std::string description;
    std::string keywords; // MeSH descriptors, as for activities
    std::string resourceTypes; // AAMC resource types, "RE021"
    bool required = true;
    ReviewStatus status = ReviewStatus::Draft;

    bool operator==(const Assessment&) const = default;
};

} // namespace coursemap
