#include "EditCommand.h"

#include "Session.h"

#include "coursemap/Error.h"

namespace coursemap::studio {

EditCommand::EditCommand(Session* session, Change change, QString mergeKey)
    : QUndoCommand(QString::fromStdString(change.description))
    , session_(session)
    , change_(std::move(change))
    , mergeKey_(std::move(mergeKey))
{ }

void EditCommand::undo()
{
    run(change_.inverted());
}

void EditCommand::redo()
{
    if (std::exchange(applied_, false))
        return;
    run(change_);
}

void EditCommand::run(const Change& change)
{
    try {
        session_->applyChange(change);
    } catch (const Error& e) {
        // The map is as it was; this step can no longer be undone or redone, so it leaves the stack.
        setObsolete(true);
        emit session_->failed(QString::fromStdString(e.message()));
    }
}

int EditCommand::id() const
{
    return mergeKey_.isEmpty() ? -1 : 1;
}

bool EditCommand::mergeWith(const QUndoCommand* other)
{
    const auto* next = dynamic_cast<const EditCommand*>(other);
    if (!next || next->mergeKey_ != mergeKey_ || change_.items.size() != 1 || next->change_.items.size() != 1
        || !next->change_.links.empty() || !change_.links.empty()
        || next->change_.items[0].before != change_.items[0].after)
        return false;
    change_.items[0].after = next->change_.items[0].after;
    return true;
}

} // namespace coursemap::studio
