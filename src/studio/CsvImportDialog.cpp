#include "CsvImportDialog.h"

#include "Palette.h"
#include "Session.h"

#include "coursemap/Error.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QScrollArea>
#include <QTableWidget>
#include <QVBoxLayout>

namespace coursemap::studio {

namespace {
constexpr int PreviewRows = 30;
} // namespace

CsvImportDialog::CsvImportDialog(Session* session, CsvTable table, Id courseId, QWidget* parent)
    : QDialog(parent)
    , session_(session)
    , table_(std::move(table))
    , kind_(new QComboBox(this))
    , course_(new QComboBox(this))
    , header_(new QCheckBox(tr("The first row holds column titles"), this))
    , preview_(new QTableWidget(this))
    , summary_(new QLabel(this))
    , problems_(new QLabel(this))
    , problemsArea_(new QScrollArea(this))
{
    setObjectName("csvImportDialog");
    setWindowTitle(tr("Import from a Spreadsheet"));
    resize(980, 640);

    kind_->setObjectName("csvKind");
    kind_->setAccessibleName(tr("What each row is"));
    kind_->addItem(tr("Objectives"), static_cast<int>(ItemKind::Objective));
    kind_->addItem(tr("Teaching activities"), static_cast<int>(ItemKind::Activity));
    kind_->addItem(tr("Assessments"), static_cast<int>(ItemKind::Assessment));
    course_->setObjectName("csvCourse");
    course_->setAccessibleName(tr("Course"));
    for (const auto* c : session_->data().courses())
        course_->addItem(qs(c->code + " " + c->title), QVariant::fromValue<Id>(c->id));
    course_->setCurrentIndex(std::max(0, course_->findData(QVariant::fromValue<Id>(courseId))));
    header_->setObjectName("csvHeader");
    header_->setChecked(true);
    preview_->setObjectName("csvPreview");
    preview_->setAccessibleName(tr("The sheet, with the field each column fills"));
    preview_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    problems_->setObjectName("csvProblems");
    problems_->setWordWrap(true);
    problems_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    problems_->setStyleSheet("QLabel { background: #FFEBEE; color: #B71C1C; padding: 6px; }");
    problemsArea_->setWidget(problems_);
    problemsArea_->setWidgetResizable(true);
    problemsArea_->setMaximumHeight(150);
    problemsArea_->setFrameShape(QFrame::NoFrame);
    problemsArea_->setAccessibleName(tr("Problems"));
    problemsArea_->hide();

    auto* form = new QFormLayout;
    form->addRow(tr("Each row is:"), kind_);
    form->addRow(tr("Add to course:"), course_);
    form->addRow(QString(), header_);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    auto* importButton = buttons->addButton(tr("&Import"), QDialogButtonBox::AcceptRole);
    importButton->setObjectName("csvImport");
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(
        new QLabel(tr("Choose above each column what it holds; columns left on “ignore” are not "
                      "imported. Link columns name activities and assessments by title and "
                      "competencies by code (“PC:I; ICS:R”)."),
            this));
    layout->addWidget(preview_, 1);
    layout->addWidget(summary_);
    layout->addWidget(problemsArea_);
    layout->addWidget(buttons);

    connect(kind_, &QComboBox::currentIndexChanged, this, [this] { refill(true); });
    connect(header_, &QCheckBox::toggled, this, [this] { refill(false); });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(importButton, &QPushButton::clicked, this, [this] {
        if (import())
            accept();
    });
    importButton->setEnabled(!session_->readOnly() && course_->count() > 0);
    refill(true);
}

ItemKind CsvImportDialog::kind() const
{
    return static_cast<ItemKind>(kind_->currentData().toInt());
}

QString CsvImportDialog::fieldOf(int column) const
{
    return column >= 0 && column < static_cast<int>(fields_.size())
        ? fields_[static_cast<std::size_t>(column)]->currentData().toString()
        : QString();
}

void CsvImportDialog::setField(int column, const QString& field)
{
    if (column >= 0 && column < static_cast<int>(fields_.size())) {
        auto* box = fields_[static_cast<std::size_t>(column)];
        box->setCurrentIndex(std::max(0, box->findData(field)));
    }
}

void CsvImportDialog::refill(bool guess)
{
    std::vector<QString> chosen;
    for (auto* box : fields_)
        chosen.push_back(box->currentData().toString());
    std::size_t columns = 0;
    for (const auto& row : table_.rows)
        columns = std::max(columns, row.size());
    const bool header = header_->isChecked();
    const std::size_t first = header ? 1 : 0;
    const std::size_t shown
        = std::min<std::size_t>(table_.rows.size() - std::min(first, table_.rows.size()), PreviewRows);

    preview_->clear();
    preview_->setColumnCount(static_cast<int>(columns));
    preview_->setRowCount(static_cast<int>(shown) + 1);
    QStringList titles;
    for (std::size_t c = 0; c < columns; ++c) {
        const auto letter = qs(columnLetter(c));
        titles << (header && !table_.rows.empty() && c < table_.rows[0].size() && !table_.rows[0][c].empty()
                ? tr("%1: %2").arg(letter, qs(table_.rows[0][c]))
                : letter);
    }
    preview_->setHorizontalHeaderLabels(titles);
    QStringList rowTitles { tr("Field") };
    for (std::size_t r = 0; r < shown; ++r)
        rowTitles << QString::number(first + r + 1); // the sheet's own row number
    preview_->setVerticalHeaderLabels(rowTitles);

    const auto fields = csvFields(kind());
    std::vector<CsvColumn> guessed;
    if (guess && header && !table_.rows.empty())
        guessed = guessCsvColumns(kind(), table_.rows[0]);
    fields_.clear();
    for (std::size_t c = 0; c < columns; ++c) {
        auto* box = new QComboBox(preview_);
        box->setAccessibleName(tr("Field of column %1").arg(qs(columnLetter(c))));
        box->addItem(tr("(ignore)"), QString());
        for (const auto& f : fields)
            box->addItem(qs(f.label) + (f.required ? " *" : ""), qs(f.name));
        QString field;
        if (guess) {
            for (const auto& g : guessed)
                if (g.column == c)
                    field = qs(g.field);
        } else if (c < chosen.size()) {
            field = chosen[c];
        }
        box->setCurrentIndex(std::max(0, box->findData(field)));
        preview_->setCellWidget(0, static_cast<int>(c), box);
        fields_.push_back(box);
    }
    for (std::size_t r = 0; r < shown; ++r) {
        const auto& row = table_.rows[first + r];
        for (std::size_t c = 0; c < row.size(); ++c)
            preview_->setItem(static_cast<int>(r) + 1, static_cast<int>(c), new QTableWidgetItem(qs(row[c])));
    }
    preview_->resizeColumnsToContents();
    for (int c = 0; c < preview_->columnCount(); ++c)
        preview_->setColumnWidth(c, std::clamp(preview_->columnWidth(c), 140, 360));
    const auto rows = table_.rows.size() - std::min(first, table_.rows.size());
    summary_->setText(tr("Rows to import: %1 (blank rows are skipped).").arg(rows));
    problemsArea_->hide();
}

void CsvImportDialog::showProblems(const QString& text)
{
    problems_->setText(text);
    problemsArea_->show();
}

bool CsvImportDialog::import()
{
    CsvImport import;
    import.kind = kind();
    import.courseId = course_->currentData().value<Id>();
    import.header = header_->isChecked();
    for (std::size_t c = 0; c < fields_.size(); ++c) {
        const auto field = fields_[c]->currentData().toString();
        if (field.isEmpty())
            continue;
        for (const auto& other : import.columns)
            if (other.field == field.toStdString()) {
                showProblems(
                    tr("Two columns are set to fill “%1”; choose one.").arg(fields_[c]->currentText()));
                return false;
            }
        import.columns.push_back({ field.toStdString(), c });
    }
    try {
        // Planned here first so that a problem with the sheet is shown in this dialog; planned again when
        // written, against the map as it is then.
        (void)planCsvImport(session_->data(), table_, import, session_->nextId());
        return session_->apply([table = table_, import](const DocumentData& data, Id& next) {
            return planCsvImport(data, table, import, next);
        });
    } catch (const Error& e) {
        showProblems(qs(e.message()));
        return false;
    }
}

} // namespace coursemap::studio
