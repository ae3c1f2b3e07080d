// A reviewer's comment on any item; replies point at the comment they answer.
#pragma once

#include "coursemap/model/Id.h"

#include <string>

namespace coursemap {

struct Comment
{
    Id id = NoId;
    Id itemId = NoId; // the item commented on
    Id parentId = NoId; // the comment replied to, or NoId
    std::string author;
    std::string createdAt; // ISO 8601 UTC, "2026-11-24T09:30:00Z"
    std::string text;
    bool resolved = false;

    bool operator==(const Comment&) const = default;
};

} // namespace coursemap
