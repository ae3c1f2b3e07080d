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

// A human name for an item in messages: "objective 12", "course CARD 201".
std::string describe(const DocumentData& data, Id id);

} // namespace coursemap
