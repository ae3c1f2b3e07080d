// A reviewer's comment on any item, or on a link (the objective's id and the link's target); replies point
// at the comment they answer. A thread is a comment with its replies; resolving the first resolves the
// thread.
#pragma once

#include "coursemap/model/Id.h"

#include <string>

namespace coursemap {

struct Comment
{
    Id id = NoId;
    Id itemId = NoId; // the item commented on (for a link: its objective)
    Id targetId = NoId; // for a comment on a link: the activity, assessment or competency linked to
    Id parentId = NoId; // the comment replied to, or NoId
    std::string author;
    std::string createdAt; // ISO 8601 UTC, "2026-11-24T09:30:00Z"
    std::string text;
    bool resolved = false;

    bool operator==(const Comment&) const = default;
};

} // namespace coursemap
