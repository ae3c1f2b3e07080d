// A finding that its authors have looked at and decided to keep, with the reason. Stored in the file so that
// the reason travels with the map and shows in review. A finding is named by its rule and the item it is
// about; when that item is removed, the acknowledgement goes with it.
#pragma once

#include "coursemap/model/Id.h"

#include <string>

namespace coursemap {

struct Acknowledgement
{
    Id id = NoId;
    Id itemId = NoId; // the item the finding is about
    std::string rule; // the rule's id, "objective-not-assessed"
    std::string justification;
    std::string author;
    std::string createdAt; // ISO 8601 UTC
    bool operator==(const Acknowledgement&) const = default;
};

} // namespace coursemap
