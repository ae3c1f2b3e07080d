#include "VersionsDialog.h"

#include "Palette.h"
#include "Session.h"

#include "coursemap/analysis/Acceptance.h"
#include "coursemap/review/Diff.h"

#include <QDateTime>
#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSplitter>
#include <QTableWidget>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace coursemap::studio {

VersionsDialog::VersionsDialog(Session* session, QWidget* parent)
    : QDialog(parent)
    , session_(session)
    , list_(new QTableWidget(this))
    , name_(new QLineEdit(this))
    , save_(new QPushButton(tr("&Save Version"), this))
    , compare_(new QPushButton(tr("&Compare with Now"), this))
    , open_(new QPushButton(tr("&Open Read-Only"), this))
    , restore_(new QPushButton(tr("&Restore…"), this))
    , report_(new QTextBrowser(this))
{
    setObjectName("versionsDialog");
    setWindowTitle(tr("Versions"));
    resize(980, 720);
    confirm = [this](const QString& question) {
        return QMessageBox::question(this, tr("Restore Version"), question) == QMessageBox::Yes;
    };
    auto* layout = new QVBoxLayout(this);
    auto* intro
        = new QLabel(tr("A version keeps the whole map as it is, inside its file: save one when a course is "
                        "approved, then compare with it to see what changed since."),
            this);
    intro->setWordWrap(true);
    layout->addWidget(intro);

    auto* saveRow = new QHBoxLayout;
    name_->setObjectName("versionName");
    name_->setAccessibleName(tr("Name of the new version"));
    name_->setPlaceholderText(tr("Approved 2026-27"));
    save_->setObjectName("saveVersionButton");
    saveRow->addWidget(new QLabel(tr("New version:"), this));
    saveRow->addWidget(name_, 1);
    saveRow->addWidget(save_);
    layout->addLayout(saveRow);

    auto* splitter = new QSplitter(Qt::Vertical, this);
    list_->setObjectName("versionList");
    list_->setAccessibleName(tr("Versions"));
    list_->setColumnCount(3);
    list_->setHorizontalHeaderLabels({ tr("Version"), tr("Saved by"), tr("Saved") });
    list_->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    list_->horizontalHeader()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    list_->horizontalHeader()->setSectionResizeMode(2, QHeaderView::ResizeToContents);
    list_->verticalHeader()->hide();
    list_->setSelectionBehavior(QAbstractItemView::SelectRows);
    list_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    splitter->addWidget(list_);
    report_->setObjectName("comparison");
    report_->setAccessibleName(tr("What changed"));
    report_->setOpenLinks(false);
    splitter->addWidget(report_);
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 3);
    layout->addWidget(splitter, 1);

    auto* buttons = new QHBoxLayout;
    compare_->setObjectName("compareButton");
    open_->setObjectName("openVersionButton");
    restore_->setObjectName("restoreButton");
    for (auto* b : { compare_, open_, restore_ })
        buttons->addWidget(b);
    buttons->addStretch();
    auto* close = new QDialogButtonBox(QDialogButtonBox::Close, this);
    buttons->addWidget(close);
    layout->addLayout(buttons);

    connect(close, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(save_, &QPushButton::clicked, this, [this] {
        if (saveVersion(name_->text()))
            name_->clear();
    });
    connect(name_, &QLineEdit::textChanged, this, [this] { updateButtons(); });
    connect(name_, &QLineEdit::returnPressed, save_, &QPushButton::click);
    connect(compare_, &QPushButton::clicked, this, &VersionsDialog::compare);
    connect(restore_, &QPushButton::clicked, this, &VersionsDialog::restore);
    connect(open_, &QPushButton::clicked, this, [this] {
        const auto names = chosenNames();
        if (names.size() == 1 && openVersion)
            openVersion(names.front());
    });
    connect(list_, &QTableWidget::itemSelectionChanged, this, [this] { updateButtons(); });
    connect(list_, &QTableWidget::cellDoubleClicked, this, [this] { compare(); });
    reload();
    // What changed since the newest version is usually the question: answer it at once.
    if (list_->rowCount() > 0)
        compare();
    else
        report_->setHtml(
            tr("<p style='color:gray'>No versions yet. Name one above and Save Version to keep the "
               "map as it is now; later, Compare with Now shows what changed since.</p>"));
}

void VersionsDialog::reload()
{
    list_->setRowCount(0);
    std::vector<VersionInfo> versions;
    try {
        versions = session_->versions();
    } catch (const Error& e) {
        fail(qs(e.message()));
    }
    list_->setRowCount(static_cast<int>(versions.size()));
    for (int row = 0; row < static_cast<int>(versions.size()); ++row) {
        const auto& v = versions[static_cast<std::size_t>(row)];
        const auto saved = QDateTime::fromString(qs(v.createdAt), Qt::ISODate);
        list_->setItem(row, 0, new QTableWidgetItem(qs(v.name)));
        list_->setItem(row, 1, new QTableWidgetItem(qs(v.author)));
        list_->setItem(row, 2,
            new QTableWidgetItem(
                saved.isValid() ? saved.toLocalTime().toString("d MMM yyyy, HH:mm") : qs(v.createdAt)));
    }
    if (!versions.empty())
        list_->selectRow(static_cast<int>(versions.size()) - 1);
    updateButtons();
}

std::vector<std::string> VersionsDialog::chosenNames() const
{
    // Oldest first, as the list shows them.
    std::vector<std::pair<int, std::string>> byRow;
    for (const auto& i : list_->selectionModel()->selectedRows())
        byRow.emplace_back(i.row(), list_->item(i.row(), 0)->text().toStdString());
    std::sort(byRow.begin(), byRow.end());
    std::vector<std::string> out;
    for (auto& [row, name] : byRow)
        out.push_back(std::move(name));
    return out;
}

void VersionsDialog::updateButtons()
{
    const auto n = chosenNames().size();
    const bool writable = !session_->readOnly();
    save_->setEnabled(writable && !name_->text().trimmed().isEmpty());
    name_->setEnabled(writable);
    compare_->setEnabled(n == 1 || n == 2);
    compare_->setText(n == 2 ? tr("&Compare the Two") : tr("&Compare with Now"));
    open_->setEnabled(n == 1);
    restore_->setEnabled(writable && n == 1);
}

void VersionsDialog::fail(const QString& text)
{
    report_->setHtml(QString("<p style='color:#B71C1C'>%1</p>").arg(text.toHtmlEscaped()));
}

bool VersionsDialog::saveVersion(const QString& name)
{
    const QString who = author ? author() : QString();
    if (who.isEmpty())
        return false;
    try {
        const auto v = session_->saveVersion(name.toStdString(), who.toStdString());
        reload();
        report_->setHtml(tr("<p>Saved version <b>%1</b>.</p>").arg(qs(v.name).toHtmlEscaped()));
        return true;
    } catch (const Error& e) {
        fail(qs(e.message()));
        return false;
    }
}

void VersionsDialog::compare()
{
    const auto names = chosenNames();
    if (names.empty() || names.size() > 2)
        return;
    try {
        const DocumentData from = session_->version(names.front());
        const auto quoted = [](const std::string& name) { return "\u201C" + name + "\u201D"; };
        if (names.size() == 1)
            report_->setHtml(qs(diffHtml(diffMaps(from, session_->data()), quoted(names.front()), "now")));
        else
            report_->setHtml(qs(diffHtml(diffMaps(from, session_->version(names.back())),
                quoted(names.front()), quoted(names.back()))));
    } catch (const Error& e) {
        fail(qs(e.message()));
    }
}

bool VersionsDialog::restore()
{
    const auto names = chosenNames();
    if (names.size() != 1)
        return false;
    const auto& name = names.front();
    try {
        const DocumentData version = session_->version(name);
        const Change change = planRestore(session_->data(), version, name);
        if (change.empty()) {
            report_->setHtml(tr("<p>The map already holds version <b>%1</b>; nothing to restore.</p>")
                                 .arg(qs(name).toHtmlEscaped()));
            return false;
        }
        if (confirm
            && !confirm(
                tr("Restore version “%1”? It changes %2 of the map. The map as it is now is kept as a "
                   "version first, and Edit > Undo takes the restore back.")
                    .arg(qs(name),
                        change.items.size() + change.links.size() == 1
                            ? tr("one item")
                            : tr("%1 items and links").arg(change.items.size() + change.links.size()))))
            return false;
        const QString who = author ? author() : QString();
        if (who.isEmpty())
            return false;
        if (!session_->restoreVersion(name, who.toStdString()))
            return false;
        reload();
        report_->setHtml(tr("<p>Restored version <b>%1</b>. Edit &gt; Undo takes it back.</p>")
                             .arg(qs(name).toHtmlEscaped()));
        return true;
    } catch (const Error& e) {
        fail(qs(e.message()));
        return false;
    }
}

} // namespace coursemap::studio
