// A course, rotation, clerkship or module of the program.
#pragma once

#include "coursemap/model/Enums.h"
#include "coursemap/model/Id.h"

#include <string>

namespace coursemap {

struct Course
{
    Id id = NoId;
    int order = 0;
    std::string code; // "CARD 201"
    std::string title;
    int year = 1; // year or phase of the program, 1-based
    std::string term; // "Fall", "Block 3"
    double credits = 0;
    double contactHours = 0;
    double selfStudyHours = 0;
    std::string description;
    std::string prerequisites;
    std::string director;
    DeliveryMode deliveryMode = DeliveryMode::InPerson;
    ReviewStatus status = ReviewStatus::Draft;

    bool operator==(const Course&) const = default;
};

} // namespace coursemap
