// A teaching activity (session, event) of a course.
#pragma once

#include "coursemap/model/Enums.h"
#include "coursemap/model/Id.h"

#include <optional>
#include <string>

namespace coursemap {

struct Activity
{
    Id id = NoId;
    Id courseId = NoId;
    int order = 0;
    std::string title;
    std::string method; // AAMC instructional method code, "IM013"
    std::optional<LearningType> learningType;
    std::optional<int> week;
    int minutes = 0;
    bool interprofessional = false;
    std::string description;
    std::string keywords; // MeSH descriptors, "D006333 Heart Failure; D001281 Atrial Fibrillation"
    std::string resourceTypes; // AAMC resource types, "RE005; RE021"
    bool required = true; // every learner attends it
    ReviewStatus status = ReviewStatus::Draft;

    bool operator==(const Activity&) const = default;
};

} // namespace coursemap
