// A course, rotation, clerkship or module of the program.
#pragma once

#include "coursemap/model/Enums.h"
#include "coursemap/model/Id.h"

#include <optional>
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
    // How it is reported to the AAMC Curriculum Inventory as a sequence block.
    std::optional<int> weeks; // its length; else its dates, else its last week number
    std::string startDate; // YYYY-MM-DD, or empty
    std::string endDate;
    std::optional<ClerkshipModel> clerkshipModel; // set for a clerkship
    Requirement requirement = Requirement::Required;
    Id parentCourseId = NoId; // the course (block) it is part of, or NoId at the top of the program
    ChildOrder childOrder = ChildOrder::Ordered; // how the courses within it follow one another
    std::optional<int> minimum; // of the courses within it, how many a learner takes at least
    std::optional<int> maximum; // and at most
    ReviewStatus status = ReviewStatus::Draft;

    bool operator==(const Course&) const = default;
};

} // namespace coursemap
