// Works out what an Edit does to a document, without doing it: checks it against the data and returns the
// Change. The Document writes that Change to the file and then to memory.
#pragma once

#include "coursemap/edit/Change.h"
#include "coursemap/edit/Edit.h"

namespace coursemap {

// Throws Error(InvalidEdit) naming the item and the field when the edit does not fit the data.
// `nextId` is the next unused id; it is advanced past any id the edit allocates.
Change planEdit(const DocumentData& data, const Edit& edit, Id& nextId);

} // namespace coursemap
