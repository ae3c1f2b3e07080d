// Checks that an item or link makes sense on its own and within a document. Edits, the JSON importer and
// the file loader all use these, so a rule about valid data is written once.
#pragma once

#include "coursemap/model/DocumentData.h"

#include <string>

namespace coursemap {

struct Problem
{
    std::string field; // the field at fault, or empty for the item as a whole
    std::string message; // "must not be empty"
    explicit operator bool() const { return !message.empty(); }
};

// Every field within its limits (required text present, numbers in range, known enum names).
Problem itemProblem(const Item& item);
// The item's container exists and is of the right kind (an objective's course, a competency's parent).
Problem parentProblem(const DocumentData& data, const Item& item);
// Both ends exist, are of the kinds the link needs, and (for teaching and assessment) share a course.
Problem linkProblem(const DocumentData& data, const Link& link);

// The review records agree with the statuses: every course, objective, activity and assessment has the status
// its last status record gives (draft when it has none), and no finding is accepted twice on one item.
Problem reviewProblem(const DocumentData& data);

// The whole map holds together: every item's parent and references exist (parentProblem), every link's ends
// (linkProblem), and the review records agree (reviewProblem). The message names the item.
Problem documentProblem(const DocumentData& data);

// A human name for an item in messages: "objective 12", "course CARD 201".
std::string describe(const DocumentData& data, Id id);

} // namespace coursemap
