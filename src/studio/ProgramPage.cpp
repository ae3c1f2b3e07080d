#include "ProgramPage.h"

#include "HeatMapModel.h"
#include "MatrixView.h"
#include "Palette.h"
#include "Session.h"

#include "coursemap/Error.h"
#include "coursemap/program/ProgramStatistics.h"
#include "coursemap/render/SyllabusPages.h"
#include "coursemap/storage/OutputFile.h"

#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QListWidget>
#include <QLocale>
#include <QMessageBox>
#include <QPushButton>
#include <QSplitter>
#include <QTabWidget>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace coursemap::studio {

namespace {

QLabel* swatch(const QColor& colour, const QString& text, QWidget* parent)
{
    auto* label = new QLabel(
        QStringLiteral("<span style=\"background-color: %1;\">&nbsp;&nbsp;&nbsp;&nbsp;</span> %2")
            .arg(colour.name(), text.toHtmlEscaped()),
        parent);
    return label;
}

} // namespace

ProgramPage::ProgramPage(QWidget* parent)
    : QWidget(parent)
    , model_(new HeatMapModel(this))
    , view_(new MatrixView(this))
    , cellTitle_(new QLabel(this))
    , objectives_(new QListWidget(this))
    , statistics_(new QTextBrowser(this))
    , tabs_(new QTabWidget(this))
{
    showError
        = [this](const QString& title, const QString& text) { QMessageBox::warning(this, title, text); };

    view_->setObjectName("heatMap");
    view_->setAccessibleName(tr("Competency heat map"));
    view_->setModel(model_);
    view_->verticalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    view_->verticalHeader()->setMaximumWidth(360); // long titles are cut; the tool tip has them whole
    view_->setTextElideMode(Qt::ElideRight);
    view_->horizontalHeader()->setDefaultSectionSize(64);
    connect(view_->selectionModel(), &QItemSelectionModel::currentChanged, this,
        [this](const QModelIndex& current) { showCell(current); });
    connect(model_, &QAbstractItemModel::modelReset, this, [this] {
        showCell({});
        refreshStatistics();
    });

    objectives_->setObjectName("cellObjectives");
    objectives_->setAccessibleName(tr("Objectives behind the chosen cell"));
    objectives_->setWordWrap(true);
    connect(objectives_, &QListWidget::itemActivated, this,
        [this](QListWidgetItem* item) { emit navigate(item->data(Qt::UserRole).value<Id>()); });
    cellTitle_->setWordWrap(true);

    auto* mapPage = new QWidget(this);
    auto* mapLayout = new QVBoxLayout(mapPage);
    mapLayout->setContentsMargins(6, 6, 6, 6);
    auto* top = new QHBoxLayout;
    for (auto level : { Contribution::Introduced, Contribution::Reinforced, Contribution::Mastered })
        top->addWidget(swatch(
            contributionColor(level), tr("%1: %2").arg(levelLetter(level), qs(toString(level))), mapPage));
    top->addWidget(swatch(QColor(0xFC, 0xE4, 0xEC), tr("gap: no course maps it"), mapPage));
    top->addWidget(swatch(QColor(0xFF, 0xE0, 0xB2), tr("never mastered"), mapPage));
    top->addStretch();
    auto* csv = new QPushButton(tr("Export CS&V…"), mapPage);
    csv->setObjectName("exportHeatMapCsv");
    auto* pdf = new QPushButton(tr("Export P&DF…"), mapPage);
    pdf->setObjectName("exportHeatMapPdf");
    top->addWidget(csv);
    top->addWidget(pdf);
    mapLayout->addLayout(top);

    auto* side = new QWidget(mapPage);
    auto* sideLayout = new QVBoxLayout(side);
    sideLayout->setContentsMargins(0, 0, 0, 0);
    sideLayout->addWidget(cellTitle_);
    sideLayout->addWidget(objectives_, 1);
    // The map takes the width (a program may have a hundred courses); the objectives of a cell go below.
    auto* splitter = new QSplitter(Qt::Vertical, mapPage);
    splitter->addWidget(view_);
    splitter->addWidget(side);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({ 560, 200 });
    mapLayout->addWidget(splitter, 1);

    statistics_->setObjectName("programStatistics");
    statistics_->setAccessibleName(tr("Program statistics"));
    statistics_->setOpenLinks(false);

    tabs_->setDocumentMode(true);
    tabs_->addTab(mapPage, tr("Heat map"));
    tabs_->addTab(statistics_, tr("Statistics"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(tabs_);

    const auto ask = [this](const QString& title, const QString& filter, const QString& suffix) {
        auto path = QFileDialog::getSaveFileName(this, title, {}, filter);
        if (!path.isEmpty() && !path.endsWith(suffix, Qt::CaseInsensitive))
            path += suffix;
        return path;
    };
    connect(csv, &QPushButton::clicked, this, [this, ask] {
        if (const auto path = ask(tr("Export heat map as CSV"), tr("CSV files (*.csv)"), ".csv");
            !path.isEmpty())
            exportCsv(path);
    });
    connect(pdf, &QPushButton::clicked, this, [this, ask] {
        if (const auto path = ask(tr("Export heat map as PDF"), tr("PDF files (*.pdf)"), ".pdf");
            !path.isEmpty())
            exportPdf(path);
    });
    showCell({});
}

void ProgramPage::setSession(Session* session)
{
    if (session_)
        disconnect(session_, nullptr, this, nullptr);
    session_ = session;
    if (session_)
        connect(session_, &Session::changed, this, &ProgramPage::refresh);
    model_->setSession(session);
    stale_ = false;
}

void ProgramPage::refresh()
{
    if (!isVisible()) {
        stale_ = true;
        return;
    }
    stale_ = false;
    model_->reload();
}

void ProgramPage::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    if (stale_)
        refresh();
}

void ProgramPage::showCell(const QModelIndex& index)
{
    objectives_->clear();
    if (!session_ || !index.isValid()) {
        cellTitle_->setText(tr("Click a cell to see the objectives behind it."));
        return;
    }
    const auto& data = session_->data();
    const auto* course = data.get<Course>(model_->courseAt(index.column()));
    const auto* competency = data.get<Competency>(model_->competencyAt(index.row()));
    if (!course || !competency) { // a framework's title row
        cellTitle_->setText(tr("Click a cell to see the objectives behind it."));
        return;
    }
    const auto ids = model_->objectivesAt(index);
    cellTitle_->setText(ids.empty()
            ? tr("<b>%1</b> has no objective mapped to <b>%2</b>.")
                  .arg(qs(course->code).toHtmlEscaped(), qs(competency->title).toHtmlEscaped())
            : tr("<b>%1</b> · <b>%2</b>: double-click an objective to open it.")
                  .arg(qs(course->code).toHtmlEscaped(), qs(competency->title).toHtmlEscaped()));
    for (Id id : ids) {
        const auto* o = data.get<Objective>(id);
        // The level this objective gives the competency (or one within it).
        QString level;
        for (const auto* l : data.linksOf(id))
            if (l->key.kind == LinkKind::Maps && l->contribution)
                for (Id c = l->key.targetId; c != NoId;) {
                    if (c == competency->id) {
                        level = levelLetter(*l->contribution);
                        break;
                    }
                    const auto* comp = data.get<Competency>(c);
                    c = comp ? comp->parentId : NoId;
                }
        auto* item = new QListWidgetItem(
            level.isEmpty() ? qs(o->text) : tr("[%1] %2").arg(level, qs(o->text)), objectives_);
        item->setData(Qt::UserRole, QVariant::fromValue<Id>(id));
        item->setToolTip(qs(o->text));
    }
}

void ProgramPage::refreshStatistics()
{
    if (!session_) {
        statistics_->clear();
        return;
    }
    // The same tables as the printed heat map; user text is escaped in core.
    statistics_->setHtml(qs(programStatisticsHtml(session_->data())));
}

bool ProgramPage::exportCsv(const QString& path)
{
    if (!session_)
        return false;
    try {
        writeOutputFile(path.toStdString(), heatMapCsv(session_->data(), model_->heatMap()),
            filesOfMap(session_->path().toStdString()));
        return true;
    } catch (const Error& e) {
        showError(tr("Export failed"), qs(e.message()));
        return false;
    }
}

bool ProgramPage::exportPdf(const QString& path)
{
    if (!session_)
        return false;
    try {
        const auto paper = QLocale().measurementSystem() == QLocale::ImperialUSSystem ? render::Paper::Letter
                                                                                      : render::Paper::A4;
        render::SyllabusPages(heatMapReport(session_->data()), paper)
            .writePdf(path, filesOfMap(session_->path().toStdString()));
        return true;
    } catch (const Error& e) {
        showError(tr("Export failed"), qs(e.message()));
        return false;
    }
}

} // namespace coursemap::studio
