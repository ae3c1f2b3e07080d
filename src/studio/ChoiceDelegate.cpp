#include "ChoiceDelegate.h"

#include "ItemTableModel.h"

#include <QComboBox>

namespace coursemap::studio {

QWidget* ChoiceDelegate::createEditor(
    QWidget* parent, const QStyleOptionViewItem& option, const QModelIndex& index) const
{
    const auto choices = index.data(ItemTableModel::ChoicesRole).toList();
    if (choices.isEmpty())
        return QStyledItemDelegate::createEditor(parent, option, index);
    auto* box = new QComboBox(parent);
    box->setObjectName("choiceEditor");
    for (const auto& c : choices) {
        const auto m = c.toMap();
        box->addItem(m.value("label").toString(), m.value("value"));
    }
    // Choosing is the edit: commit at once rather than waiting for the editor to lose focus.
    connect(box, &QComboBox::activated, this, [this, box] {
        emit const_cast<ChoiceDelegate*>(this)->commitData(box);
        emit const_cast<ChoiceDelegate*>(this)->closeEditor(box);
    });
    return box;
}

void ChoiceDelegate::setEditorData(QWidget* editor, const QModelIndex& index) const
{
    auto* box = qobject_cast<QComboBox*>(editor);
    if (!box)
        return QStyledItemDelegate::setEditorData(editor, index);
    const int i = box->findData(index.data(ItemTableModel::JsonRole));
    box->setCurrentIndex(std::max(i, 0));
}

void ChoiceDelegate::setModelData(QWidget* editor, QAbstractItemModel* model, const QModelIndex& index) const
{
    auto* box = qobject_cast<QComboBox*>(editor);
    if (!box)
        return QStyledItemDelegate::setModelData(editor, model, index);
    model->setData(index, box->currentData(), ItemTableModel::JsonRole);
}

} // namespace coursemap::studio
