// One step of a course's or item's review: the status it was given, by whom, when, and why. The item's
// `status` field holds where it stands now; these records are the history an accreditor asks for. Approving
// a course that still has error-level findings needs a justification, which is kept here.
#pragma once

#include "coursemap/model/Enums.h"
#include "coursemap/model/Id.h"

#include <string>

namespace coursemap {

struct StatusChange
{
    Id id = NoId;
    Id itemId = NoId; // the course, objective, activity or assessment
    ReviewStatus status = ReviewStatus::Draft; // the status it was given
    std::string author;
    std::string createdAt; // ISO 8601 UTC
    std::string justification; // required when approving over error-level findings; may be empty otherwise

    bool operator==(const StatusChange&) const = default;
};

} // namespace coursemap
