// Edits a cell that takes one of a few values (a method, a Bloom level, a review status) with a combo box;
// other cells get Qt's usual editors.
#pragma once

#include <QStyledItemDelegate>

namespace coursemap::studio {

class ChoiceDelegate : public QStyledItemDelegate
{
    Q_OBJECT

public:
    using QStyledItemDelegate::QStyledItemDelegate;

    QWidget* createEditor(
        QWidget* parent, const QStyleOptionViewItem& option, const QModelIndex& index) const override;
    void setEditorData(QWidget* editor, const QModelIndex& index) const override;
    void setModelData(QWidget* editor, QAbstractItemModel* model, const QModelIndex& index) const override;
};

} // namespace coursemap::studio
