// Works out what an Edit does to a document, without doing it: checks it against the data and returns the
// Change. The Document writes that Change to the file and then to memory.
#pragma once

#include "coursemap/edit/Change.h"
#include "coursemap/edit/Edit.h"

#include <functional>
#include <vector>

namespace coursemap {

// Plans a change against the data as it is when the change is written, allocating ids from `nextId` (the
// store's next unused id), which it advances past any id it allocates. The Document calls it inside the
// write transaction.
using Planner = std::function<Change(const DocumentData& data, Id& nextId)>;

// What an edit may touch. Review records — an item's review status, its status history and the acceptances
// of findings — change only through the review rules (planStatus in Review.h, acceptFinding and
// withdrawAcceptance in Acceptance.h), which plan with Review; every other way in (edit lines, the studio's
// tables, imports) plans with Content and is refused when it touches them.
enum class EditScope
{
    Content,
    Review,
};

// Throws Error(InvalidEdit) naming the item and the field when the edit does not fit the data.
// `nextId` is the next unused id; it is advanced past any id the edit allocates.
Change planEdit(const DocumentData& data, const Edit& edit, Id& nextId, EditScope scope = EditScope::Content);

// The edit that adds a copy of an item just after it (duplicating a row): a new id, and a draft, whatever
// the original's review status. Throws Error(InvalidEdit) when there is no such item or it cannot be copied.
Edit copyItem(const DocumentData& data, Id id);

// Plans several edits as one Change (one transaction, one undo step), each against the data as the edits
// before it leave it. Throws the Error of the first edit that does not fit, its message prefixed with
// `where(i)` when given ("row 7: ...").
Change planEdits(const DocumentData& data, const std::vector<Edit>& edits, Id& nextId,
    std::string description, const std::function<std::string(std::size_t)>& where = {},
    EditScope scope = EditScope::Content);

} // namespace coursemap
