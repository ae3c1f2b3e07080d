// Works out what an Edit does to a document, without doing it: checks it against the data and returns the
// Change. The Document writes that Change to the file and then to memory.
#pragma once

#include "coursemap/edit/Change.h"
#include "coursemap/edit/Edit.h"

#include <functional>
#include <vector>

namespace coursemap {

// Throws Error(InvalidEdit) naming the item and the field when the edit does not fit the data.
// `nextId` is the next unused id; it is advanced past any id the edit allocates.
Change planEdit(const DocumentData& data, const Edit& edit, Id& nextId);

// Plans several edits as one Change (one transaction, one undo step), each against the data as the edits
// before it leave it. Throws the Error of the first edit that does not fit, its message prefixed with
// `where(i)` when given ("row 7: ...").
Change planEdits(const DocumentData& data, const std::vector<Edit>& edits, Id& nextId,
    std::string description, const std::function<std::string(std::size_t)>& where = {});

} // namespace coursemap
