// One undoable step of the studio: a core Change already applied and saved. Undo applies its inverse, redo
// applies it again; both go through the Document, so they are on disk before the window shows them.
#pragma once

#include "coursemap/edit/Change.h"

#include <QString>
#include <QUndoCommand>

namespace coursemap::studio {

class Session;

class EditCommand : public QUndoCommand
{
public:
    EditCommand(Session* session, Change change, QString mergeKey);

    void undo() override;
    void redo() override;
    int id() const override;
    bool mergeWith(const QUndoCommand* other) override;

private:
    void run(const Change& change);

    Session* session_;
    Change change_;
    QString mergeKey_;
    bool applied_ = true; // pushed after the edit was applied: the first redo does nothing
};

} // namespace coursemap::studio
