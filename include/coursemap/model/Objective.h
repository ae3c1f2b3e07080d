// A learning objective: an observable behaviour learners show at the end of the course.
#pragma once

#include "coursemap/model/Enums.h"
#include "coursemap/model/Id.h"

#include <optional>
#include <string>

namespace coursemap {

struct Objective
{
    Id id = NoId;
    Id courseId = NoId;
    int order = 0;
    std::string text;
    std::optional<BloomLevel> bloomOverride; // set when the author overrides the detected level
    std::optional<LearningDomain> domain; // set when the author overrides the detected domain
    std::optional<MillerLevel> millerTarget;
    ReviewStatus status = ReviewStatus::Draft;

    bool operator==(const Objective&) const = default;
};

} // namespace coursemap
