#include "FrameworksDialog.h"

#include "Palette.h"
#include "Session.h"

#include "coursemap/Error.h"
#include "coursemap/program/Frameworks.h"
#include "coursemap/storage/OutputFile.h"

#include <QDialogButtonBox>
#include <QFile>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QMenu>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace coursemap::studio {

namespace {
constexpr int IdRole = Qt::UserRole;
} // namespace

FrameworksDialog::FrameworksDialog(Session* session, QWidget* parent)
    : QDialog(parent)
    , session_(session)
    , tree_(new QTreeWidget(this))
    , description_(new QPlainTextEdit(this))
{
    setObjectName("frameworksDialog");
    setWindowTitle(tr("Competency Frameworks"));
    resize(860, 620);
    showError
        = [this](const QString& title, const QString& text) { QMessageBox::warning(this, title, text); };
    showWarnings
        = [this](const QString& title, const QString& text) { QMessageBox::information(this, title, text); };
    confirm = [this](const QString& question) {
        return QMessageBox::question(this, tr("Competency Frameworks"), question) == QMessageBox::Yes;
    };

    tree_->setObjectName("frameworkTree");
    tree_->setAccessibleName(tr("Frameworks and their competencies"));
    tree_->setColumnCount(2);
    tree_->setHeaderLabels({ tr("Code"), tr("Title") });
    tree_->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    tree_->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed);
    description_->setObjectName("frameworkDescription");
    description_->setAccessibleName(tr("Description"));
    description_->setPlaceholderText(tr("Description (saved when you leave the box)"));
    description_->setMaximumHeight(110);
    description_->installEventFilter(this);

    library_ = new QPushButton(tr("Add from &Library"), this);
    library_->setObjectName("adoptFramework");
    auto* menu = new QMenu(library_);
    for (const auto& t : builtInFrameworks()) {
        auto* a = menu->addAction(
            tr("%1 (%2, %3)").arg(qs(t.framework.name), qs(t.framework.publisher), qs(t.framework.version)));
        a->setToolTip(qs(t.source));
        const auto key = qs(t.key);
        connect(a, &QAction::triggered, this, [this, key] { adoptBuiltIn(key); });
    }
    menu->setToolTipsVisible(true);
    library_->setMenu(menu);
    auto* importCase = new QPushButton(tr("Import &CASE…"), this);
    importCase->setObjectName("importCase");
    auto* newFramework = new QPushButton(tr("&New Framework"), this);
    newFramework->setObjectName("newFramework");
    copy_ = new QPushButton(tr("Co&py Framework…"), this);
    copy_->setObjectName("copyFramework");
    exportCase_ = new QPushButton(tr("E&xport CASE…"), this);
    exportCase_->setObjectName("exportCase");
    exportCase_->setToolTip(
        tr("Write the chosen framework as a 1EdTech CASE package, with its identifiers and "
           "associations"));
    addCompetency_ = new QPushButton(tr("Add Co&mpetency"), this);
    addCompetency_->setObjectName("addCompetency");
    addChild_ = new QPushButton(tr("Add &Within"), this);
    addChild_->setObjectName("addSubCompetency");
    addChild_->setToolTip(tr("Add a competency within the chosen one"));
    remove_ = new QPushButton(tr("&Delete…"), this);
    remove_->setObjectName("deleteFrameworkItem");

    auto* buttons = new QVBoxLayout;
    for (auto* b :
        { library_, importCase, exportCase_, newFramework, copy_, addCompetency_, addChild_, remove_ })
        buttons->addWidget(b);
    buttons->addStretch();
    auto* body = new QHBoxLayout;
    auto* left = new QVBoxLayout;
    left->addWidget(tree_, 1);
    left->addWidget(new QLabel(tr("Description:"), this));
    left->addWidget(description_);
    body->addLayout(left, 1);
    body->addLayout(buttons);
    auto* close = new QDialogButtonBox(QDialogButtonBox::Close, this);
    auto* layout = new QVBoxLayout(this);
    auto* hint
        = new QLabel(tr("Double-click a code or title to edit it. Shipped frameworks name their source in "
                        "their description; adopt a copy to adapt one to your school."),
            this);
    hint->setWordWrap(true);
    hint->setStyleSheet("color: gray;");
    layout->addWidget(hint);
    layout->addLayout(body, 1);
    layout->addWidget(close);

    connect(close, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(importCase, &QPushButton::clicked, this, [this] {
        const auto path = QFileDialog::getOpenFileName(
            this, tr("Import a CASE framework"), {}, tr("CASE packages (*.json);;All files (*)"));
        if (!path.isEmpty())
            this->importCase(path);
    });
    connect(exportCase_, &QPushButton::clicked, this, [this] {
        const Id framework = frameworkOf(selectedId());
        const auto* f = session_->data().get<Framework>(framework);
        if (!f)
            return;
        const auto path = QFileDialog::getSaveFileName(this, tr("Export a CASE framework"),
            qs((f->code.empty() ? f->name : f->code) + ".json"), tr("CASE packages (*.json)"));
        if (!path.isEmpty())
            exportCase(framework, path);
    });
    connect(newFramework, &QPushButton::clicked, this, &FrameworksDialog::addFramework);
    connect(copy_, &QPushButton::clicked, this, [this] {
        const auto* f = session_->data().get<Framework>(selectedId());
        if (!f)
            return;
        bool ok = false;
        const auto name = QInputDialog::getText(this, tr("Copy framework"), tr("Name of the copy:"),
            QLineEdit::Normal, tr("%1 (our version)").arg(qs(f->name)), &ok);
        if (ok)
            copyFramework(f->id, name);
    });
    connect(addCompetency_, &QPushButton::clicked, this, [this] { addCompetency(false); });
    connect(addChild_, &QPushButton::clicked, this, [this] { addCompetency(true); });
    connect(remove_, &QPushButton::clicked, this, &FrameworksDialog::removeSelected);
    connect(tree_, &QTreeWidget::itemChanged, this, &FrameworksDialog::itemEdited);
    connect(tree_, &QTreeWidget::currentItemChanged, this, [this] {
        saveDescription();
        const auto id = selectedId();
        const auto& data = session_->data();
        descriptionOf_ = id;
        if (const auto* f = data.get<Framework>(id))
            description_->setPlainText(qs(f->description));
        else if (const auto* c = data.get<Competency>(id))
            description_->setPlainText(qs(c->description));
        else
            description_->clear();
        updateButtons();
    });
    // An edit made in the tree arrives while the tree is still finishing that edit: rebuild after it.
    connect(session_, &Session::changed, this, [this] {
        if (inEdit_)
            QMetaObject::invokeMethod(this, &FrameworksDialog::rebuild, Qt::QueuedConnection);
        else
            rebuild();
    });
    rebuild();
}

bool FrameworksDialog::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == description_ && event->type() == QEvent::FocusOut)
        saveDescription();
    return QDialog::eventFilter(watched, event);
}

void FrameworksDialog::rebuild()
{
    const Id selected = selectedId();
    rebuilding_ = true;
    tree_->clear();
    const auto& data = session_->data();
    const auto addChildren = [&](auto&& self, QTreeWidgetItem* parent, Id frameworkId, Id parentId) -> void {
        for (const auto* c : data.competenciesOf(frameworkId, parentId)) {
            auto* item = new QTreeWidgetItem(parent, { qs(c->code), qs(c->title) });
            item->setData(0, IdRole, QVariant::fromValue<Id>(c->id));
            item->setFlags(item->flags() | (session_->readOnly() ? Qt::NoItemFlags : Qt::ItemIsEditable));
            item->setToolTip(1, qs(c->description));
            self(self, item, frameworkId, c->id);
        }
    };
    for (const auto* f : data.frameworks()) {
        auto* item = new QTreeWidgetItem(tree_, { qs(f->version), qs(f->name) });
        item->setData(0, IdRole, QVariant::fromValue<Id>(f->id));
        item->setFlags(item->flags() | (session_->readOnly() ? Qt::NoItemFlags : Qt::ItemIsEditable));
        auto font = item->font(1);
        font.setBold(true);
        item->setFont(1, font);
        item->setToolTip(0, tr("Version"));
        addChildren(addChildren, item, f->id, NoId);
    }
    tree_->expandAll();
    rebuilding_ = false;
    select(selected);
    updateButtons();
}

Id FrameworksDialog::selectedId() const
{
    const auto* item = tree_->currentItem();
    return item ? item->data(0, IdRole).value<Id>() : NoId;
}

void FrameworksDialog::select(Id id)
{
    for (QTreeWidgetItemIterator it(tree_); *it; ++it)
        if ((*it)->data(0, IdRole).value<Id>() == id) {
            tree_->setCurrentItem(*it);
            return;
        }
}

void FrameworksDialog::updateButtons()
{
    const auto id = selectedId();
    const bool editable = !session_->readOnly();
    const bool isFramework = session_->data().get<Framework>(id) != nullptr;
    library_->setEnabled(editable);
    addCompetency_->setEnabled(editable && id != NoId);
    addChild_->setEnabled(editable && session_->data().get<Competency>(id) != nullptr);
    copy_->setEnabled(editable && isFramework);
    exportCase_->setEnabled(frameworkOf(id) != NoId); // reading is enough
    remove_->setEnabled(editable && id != NoId);
    description_->setReadOnly(!editable || id == NoId);
}

void FrameworksDialog::itemEdited(QTreeWidgetItem* item, int column)
{
    if (rebuilding_)
        return;
    const Id id = item->data(0, IdRole).value<Id>();
    const bool framework = session_->data().get<Framework>(id) != nullptr;
    const char* field = framework ? (column == 0 ? "version" : "name") : (column == 0 ? "code" : "title");
    const auto text = item->text(column).trimmed().toStdString();
    inEdit_ = true;
    // A refused edit (an empty title) is reported by the session; the tree is rebuilt as the map is.
    if (!session_->apply(UpdateField { id, field, text }))
        QMetaObject::invokeMethod(this, &FrameworksDialog::rebuild, Qt::QueuedConnection);
    inEdit_ = false;
}

void FrameworksDialog::saveDescription()
{
    if (descriptionOf_ == NoId || session_->readOnly())
        return;
    const auto& data = session_->data();
    const auto text = description_->toPlainText().toStdString();
    const auto* f = data.get<Framework>(descriptionOf_);
    const auto* c = data.get<Competency>(descriptionOf_);
    if ((f && f->description != text) || (c && c->description != text))
        session_->apply(UpdateField { descriptionOf_, "description", text });
}

bool FrameworksDialog::adopt(const std::function<FrameworkTemplate()>& make, const QString& failure)
{
    try {
        const auto t = make();
        (void)planAddFramework(
            session_->data(), t, session_->nextId()); // refused here, with this dialog's words
        if (!session_->apply(
                [t](const DocumentData& data, Id& next) { return planAddFramework(data, t, next); }))
            return false;
        select(session_->data().frameworks().back()->id);
        if (!t.warnings.empty() && showWarnings) {
            QString text;
            for (const auto& w : t.warnings)
                text += qs(w) + "\n";
            showWarnings(tr("Adopted %1, with remarks").arg(qs(t.framework.name)), text.trimmed());
        }
        return true;
    } catch (const Error& e) {
        showError(failure, qs(e.message()));
        return false;
    }
}

bool FrameworksDialog::adoptBuiltIn(const QString& key)
{
    const auto* t = findBuiltInFramework(key.toStdString());
    return t && adopt([t] { return *t; }, tr("Cannot add the framework"));
}

bool FrameworksDialog::importCase(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        showError(tr("Cannot import"), tr("Could not read %1: %2").arg(path, file.errorString()));
        return false;
    }
    const auto bytes = file.readAll();
    return adopt(
        [&] {
            return importCaseFramework(
                std::string_view(bytes.constData(), static_cast<std::size_t>(bytes.size())),
                path.toStdString());
        },
        tr("Cannot import the CASE package"));
}

Id FrameworksDialog::frameworkOf(Id id) const
{
    const auto& data = session_->data();
    if (data.get<Framework>(id))
        return id;
    const auto* c = data.get<Competency>(id);
    return c ? c->frameworkId : NoId;
}

bool FrameworksDialog::exportCase(Id frameworkId, const QString& path)
{
    try {
        // Never onto the open map; written beside and moved into place.
        writeOutputFile(path.toStdString(), exportCaseFramework(session_->data(), frameworkId),
            filesOfMap(session_->path().toStdString()));
        return true;
    } catch (const Error& e) {
        showError(tr("Cannot export the CASE package"), qs(e.message()));
        return false;
    }
}

bool FrameworksDialog::copyFramework(Id frameworkId, const QString& name)
{
    return adopt(
        [&] {
            auto t = frameworkTemplate(session_->data(), frameworkId);
            t.framework.name = name.trimmed().toStdString();
            return t;
        },
        tr("Cannot copy the framework"));
}

bool FrameworksDialog::addFramework()
{
    Framework f;
    f.name = tr("New framework").toStdString();
    if (!session_->apply(AddItem { f, std::nullopt }))
        return false;
    const auto* added = session_->data().frameworks().back();
    select(added->id);
    tree_->editItem(tree_->currentItem(), 1);
    return true;
}

bool FrameworksDialog::addCompetency(bool withinSelected)
{
    const auto& data = session_->data();
    const Id id = selectedId();
    Competency c;
    c.title = tr("New competency").toStdString();
    if (const auto* f = data.get<Framework>(id)) {
        c.frameworkId = f->id;
    } else if (const auto* selected = data.get<Competency>(id)) {
        c.frameworkId = selected->frameworkId;
        c.parentId = withinSelected ? selected->id : selected->parentId;
    } else {
        return false;
    }
    if (!session_->apply(AddItem { c, std::nullopt }))
        return false;
    select(session_->lastChange().items.front().id());
    tree_->editItem(tree_->currentItem(), 1);
    return true;
}

bool FrameworksDialog::removeSelected()
{
    const auto& data = session_->data();
    const Id id = selectedId();
    QString question;
    if (const auto* f = data.get<Framework>(id))
        question
            = tr("Delete the framework %1 with all its competencies, and unmap them from every objective?")
                  .arg(qs(f->name));
    else if (const auto* c = data.get<Competency>(id))
        question = tr("Delete %1 %2 and what is within it, and unmap it from every objective?")
                       .arg(qs(c->code), qs(c->title));
    else
        return false;
    if (!confirm(question))
        return false;
    return session_->apply(RemoveItem { id });
}

} // namespace coursemap::studio
