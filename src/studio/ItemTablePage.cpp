#include "ItemTablePage.h"

#include "ChoiceDelegate.h"
#include "ObjectiveEditor.h"
#include "Session.h"

#include <QAction>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>

namespace coursemap::studio {

namespace {

QString noun(TableKind kind)
{
    switch (kind) {
    case TableKind::Objectives:
        return QObject::tr("objective");
    case TableKind::Activities:
        return QObject::tr("activity");
    case TableKind::Assessments:
        return QObject::tr("assessment");
    }
    return {};
}

} // namespace

ItemTablePage::ItemTablePage(TableKind kind, QWidget* parent)
    : QWidget(parent)
    , kind_(kind)
    , model_(new ItemTableModel(kind, this))
    , proxy_(new QSortFilterProxyModel(this))
    , filter_(new QLineEdit(this))
    , view_(new QTableView(this))
{
    const QString name = kind == TableKind::Objectives ? "objectives"
        : kind == TableKind::Activities                ? "activities"
                                                       : "assessments";
    setObjectName(name + "Page");
    view_->setObjectName(name + "Table");
    filter_->setObjectName(name + "Filter");
    filter_->setPlaceholderText(tr("Find in %1… (Ctrl+F)").arg(name));
    filter_->setClearButtonEnabled(true);
    filter_->setAccessibleName(tr("Filter %1").arg(name));

    proxy_->setSourceModel(model_);
    proxy_->setFilterCaseSensitivity(Qt::CaseInsensitive);
    proxy_->setFilterKeyColumn(-1);
    view_->setModel(proxy_);
    view_->setItemDelegate(new ChoiceDelegate(view_));
    view_->setAccessibleName(tr("%1 table").arg(name));
    view_->setSelectionBehavior(QAbstractItemView::SelectRows);
    view_->setSelectionMode(QAbstractItemView::ExtendedSelection);
    view_->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed
        | QAbstractItemView::AnyKeyPressed);
    view_->setDragDropMode(QAbstractItemView::InternalMove);
    view_->setDragDropOverwriteMode(false);
    view_->setDropIndicatorShown(true);
    view_->setWordWrap(false);
    view_->setAlternatingRowColors(true);
    view_->verticalHeader()->hide();
    view_->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    view_->verticalHeader()->setDefaultSectionSize(view_->fontMetrics().height() + 10);
    view_->horizontalHeader()->setHighlightSections(false);

    // Row shortcuts (Delete above all) act only when the table has the focus, never while typing elsewhere.
    auto makeAction = [this](const QString& text, const QString& object, const QKeySequence& key,
                          QStyle::StandardPixmap icon, QWidget* owner = nullptr) {
        auto* a = new QAction(style()->standardIcon(icon), text, this);
        a->setObjectName(object);
        a->setShortcut(key);
        a->setShortcutContext(owner ? Qt::WidgetWithChildrenShortcut : Qt::WidgetShortcut);
        (owner ? owner : static_cast<QWidget*>(view_))->addAction(a);
        return a;
    };
    add_ = makeAction(tr("&Add %1").arg(noun(kind)), "add", QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_N),
        QStyle::SP_FileDialogNewFolder, this);
    duplicate_ = makeAction(
        tr("D&uplicate"), "duplicate", QKeySequence(Qt::CTRL | Qt::Key_D), QStyle::SP_FileLinkIcon);
    delete_ = makeAction(tr("&Delete"), "delete", QKeySequence::Delete, QStyle::SP_TrashIcon);
    moveUp_ = makeAction(
        tr("Move &up"), "moveUp", QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Up), QStyle::SP_ArrowUp);
    moveDown_ = makeAction(tr("Move do&wn"), "moveDown", QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Down),
        QStyle::SP_ArrowDown);
    auto* find = new QAction(this);
    find->setShortcut(QKeySequence::Find);
    find->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    QWidget::addAction(find);
    connect(find, &QAction::triggered, filter_, [this] {
        filter_->setFocus();
        filter_->selectAll();
    });

    auto* bar = new QHBoxLayout;
    bar->addWidget(filter_, 1);
    for (auto* a : { add_, duplicate_, delete_, moveUp_, moveDown_ }) {
        auto* b = new QToolButton(this);
        b->setDefaultAction(a);
        b->setToolButtonStyle(a == add_ ? Qt::ToolButtonTextBesideIcon : Qt::ToolButtonIconOnly);
        b->setAutoRaise(true);
        bar->addWidget(b);
    }
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addLayout(bar);
    if (kind == TableKind::Objectives) {
        editor_ = new ObjectiveEditor(this);
        auto* split = new QSplitter(Qt::Vertical, this);
        split->setObjectName("objectivesSplitter");
        split->addWidget(view_);
        split->addWidget(editor_);
        split->setStretchFactor(0, 3);
        split->setStretchFactor(1, 1);
        split->setChildrenCollapsible(false);
        layout->addWidget(split, 1);
    } else {
        layout->addWidget(view_, 1);
    }

    connect(filter_, &QLineEdit::textChanged, this, [this](const QString& text) {
        proxy_->setFilterFixedString(text);
        updateActions();
    });
    connect(add_, &QAction::triggered, this, &ItemTablePage::addItem);
    connect(duplicate_, &QAction::triggered, this, &ItemTablePage::duplicateSelected);
    connect(delete_, &QAction::triggered, this, &ItemTablePage::deleteSelected);
    connect(moveUp_, &QAction::triggered, this, [this] { moveSelected(-1); });
    connect(moveDown_, &QAction::triggered, this, [this] { moveSelected(+1); });
    connect(model_, &QAbstractItemModel::modelReset, this, [this] {
        // The text or title takes the room; the other columns keep a width that fits their values.
        auto* header = view_->horizontalHeader();
        header->setStretchLastSection(false);
        for (int c = 0; c < model_->columnCount(); ++c) {
            header->setSectionResizeMode(
                c, c == model_->mainColumn() ? QHeaderView::Stretch : QHeaderView::Interactive);
            const auto title = model_->headerData(c, Qt::Horizontal, Qt::DisplayRole).toString();
            const int fit = view_->fontMetrics().horizontalAdvance(title) + 20;
            const int width = c == 0    ? view_->fontMetrics().horizontalAdvance("0000") + 8
                : title == tr("Method") ? 190
                : title == tr("Verb") || title == tr("Bloom") ? 96
                                                              : std::max(56, fit);
            view_->setColumnWidth(c, width);
        }
        updateActions();
    });
    connect(view_->selectionModel(), &QItemSelectionModel::selectionChanged, this, [this] {
        updateActions();
        if (editor_)
            editor_->setObjective(selectedId());
        emit selectedItemChanged(selectedId());
    });
    updateActions();
}

void ItemTablePage::setSession(Session* session)
{
    session_ = session;
    model_->setSession(session);
    if (editor_)
        editor_->setSession(session);
    updateActions();
}

void ItemTablePage::setCourse(Id courseId)
{
    const Id keep = selectedId();
    model_->setCourse(courseId);
    if (keep != NoId)
        select(keep);
    updateActions();
}

bool ItemTablePage::select(Id id)
{
    const int row = model_->rowOf(id);
    if (row < 0)
        return false;
    auto index = proxy_->mapFromSource(model_->index(row, model_->mainColumn()));
    if (!index.isValid()) { // hidden by the filter
        filter_->clear();
        index = proxy_->mapFromSource(model_->index(row, model_->mainColumn()));
    }
    view_->setCurrentIndex(index);
    view_->selectionModel()->select(index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    view_->scrollTo(index, QAbstractItemView::PositionAtCenter);
    return true;
}

std::vector<Id> ItemTablePage::selectedIds() const
{
    std::vector<std::pair<int, Id>> rows;
    for (const auto& i : view_->selectionModel()->selectedRows()) {
        const int row = proxy_->mapToSource(i).row();
        rows.emplace_back(row, model_->idAt(row));
    }
    std::sort(rows.begin(), rows.end());
    std::vector<Id> ids;
    for (const auto& [row, id] : rows)
        ids.push_back(id);
    return ids;
}

Id ItemTablePage::selectedId() const
{
    const auto ids = selectedIds();
    return ids.size() == 1 ? ids.front() : NoId;
}

void ItemTablePage::updateActions()
{
    const bool writable = session_ && !session_->readOnly();
    const bool inCourse = writable && model_->course() != NoId;
    const auto ids = selectedIds();
    const bool unfiltered = filter_->text().isEmpty();
    add_->setEnabled(inCourse);
    duplicate_->setEnabled(inCourse && ids.size() == 1);
    delete_->setEnabled(writable && !ids.empty());
    const int row = ids.size() == 1 ? model_->rowOf(ids.front()) : -1;
    moveUp_->setEnabled(inCourse && unfiltered && row > 0);
    moveDown_->setEnabled(inCourse && unfiltered && row >= 0 && row + 1 < model_->rowCount());
}

void ItemTablePage::addItem()
{
    if (!session_ || model_->course() == NoId)
        return;
    const Id course = model_->course();
    Item item;
    switch (kind_) {
    case TableKind::Objectives: {
        Objective o;
        o.courseId = course;
        o.text = tr("New objective").toStdString();
        item = o;
        break;
    }
    case TableKind::Activities: {
        Activity a;
        a.courseId = course;
        a.title = tr("New activity").toStdString();
        a.minutes = 60;
        item = a;
        break;
    }
    case TableKind::Assessments: {
        Assessment a;
        a.courseId = course;
        a.title = tr("New assessment").toStdString();
        item = a;
        break;
    }
    }
    const Id before = session_->data().maxId();
    if (!session_->apply(AddItem { item, std::nullopt }))
        return;
    filter_->clear();
    const Id added = session_->data().maxId();
    if (added == before || !select(added))
        return;
    if (editor_) {
        // Typing starts at once and replaces the placeholder text.
        auto* text = editor_->findChild<QPlainTextEdit*>("objectiveText");
        text->setFocus();
        text->selectAll();
    } else {
        view_->edit(view_->currentIndex());
    }
}

void ItemTablePage::duplicateSelected()
{
    const Id id = selectedId();
    if (!session_ || id == NoId)
        return;
    try {
        if (session_->apply(copyItem(session_->data(), id)) && !session_->lastChange().empty())
            select(session_->lastChange().items.front().id());
    } catch (const Error& e) {
        emit session_->failed(QString::fromStdString(e.message()));
    }
}

void ItemTablePage::deleteSelected()
{
    const auto ids = selectedIds();
    if (!session_ || ids.empty())
        return;
    const int firstRow = model_->rowOf(ids.front());
    // One change, one transaction, one undo step: all the rows go, or none.
    const std::string description
        = (ids.size() == 1 ? tr("Delete %1").arg(noun(kind_)) : tr("Delete %1 rows").arg(ids.size()))
              .toStdString();
    session_->apply([ids, description](const DocumentData& data, Id& next) {
        std::vector<Edit> removals;
        for (Id id : ids)
            if (data.contains(id))
                removals.push_back(RemoveItem { id });
        return planEdits(data, removals, next, description);
    });
    if (const Id next = model_->idAt(std::min(firstRow, model_->rowCount() - 1)); next != NoId)
        select(next);
}

void ItemTablePage::moveSelected(int delta)
{
    const Id id = selectedId();
    if (!session_ || id == NoId)
        return;
    const int row = model_->rowOf(id);
    if (row + delta < 0 || row + delta >= model_->rowCount())
        return;
    if (session_->apply(MoveItem { id, row + delta }))
        select(id);
}

} // namespace coursemap::studio
