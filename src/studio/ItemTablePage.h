// A tab of the studio listing a course's objectives, activities or assessments: a filter, the table, and the
// actions that add, duplicate, delete and reorder rows. The objectives tab has the objective editor below.
#pragma once

#include "ItemTableModel.h"

#include <QWidget>

class QAction;
class QLineEdit;
class QSortFilterProxyModel;
class QTableView;

namespace coursemap::studio {

class ObjectiveEditor;
class Session;

class ItemTablePage : public QWidget
{
    Q_OBJECT

public:
    ItemTablePage(TableKind kind, QWidget* parent = nullptr);
    void setSession(Session* session);
    void setCourse(Id courseId);
    // Selects the row of this item and scrolls to it; false when the item is not in the table.
    bool select(Id id);
    Id selectedId() const;
    ItemTableModel* model() const { return model_; }
    QTableView* view() const { return view_; }
    ObjectiveEditor* editor() const { return editor_; }
    QLineEdit* filter() const { return filter_; }

    // The page's actions, for the Edit menu and the toolbar.
    QAction* addAction() const { return add_; }
    QAction* duplicateAction() const { return duplicate_; }
    QAction* deleteAction() const { return delete_; }
    QAction* moveUpAction() const { return moveUp_; }
    QAction* moveDownAction() const { return moveDown_; }

    void addItem();
    void duplicateSelected();
    void deleteSelected();
    void moveSelected(int delta);

signals:
    // The row chosen, or NoId when none is.
    void selectedItemChanged(coursemap::Id id);

private:
    void updateActions();
    std::vector<Id> selectedIds() const;

    TableKind kind_;
    Session* session_ = nullptr;
    ItemTableModel* model_;
    QSortFilterProxyModel* proxy_;
    QLineEdit* filter_;
    QTableView* view_;
    ObjectiveEditor* editor_ = nullptr;
    QAction *add_, *duplicate_, *delete_, *moveUp_, *moveDown_;
};

} // namespace coursemap::studio
