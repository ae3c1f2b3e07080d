#include "CurriculumInventoryDialog.h"

#include "Palette.h"
#include "Session.h"

#include "coursemap/Error.h"
#include "coursemap/storage/OutputFile.h"

#include <QComboBox>
#include <QCryptographicHash>
#include <QDateEdit>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFontDatabase>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QVBoxLayout>

namespace coursemap::studio {

CurriculumInventoryDialog::CurriculumInventoryDialog(Session* session, QWidget* parent)
    : QDialog(parent)
    , session_(session)
    , institutionId_(new QLineEdit(this))
    , programId_(new QLineEdit(this))
    , reportId_(new QLineEdit(this))
    , title_(new QLineEdit(this))
    , link_(new QLineEdit(this))
    , language_(new QLineEdit(this))
    , start_(new QDateEdit(this))
    , end_(new QDateEdit(this))
    , courseWeeks_(new QSpinBox(this))
    , schema_(new QComboBox(this))
    , preview_(new QPlainTextEdit(this))
    , problems_(new QLabel(this))
{
    setObjectName("curriculumInventoryDialog");
    setWindowTitle(tr("Export AAMC Curriculum Inventory"));
    resize(640, 520);

    const QSettings settings;
    const auto remembered = [&](const char* name, const QString& fallback = {}) {
        return settings.value(settingsKey(name), fallback).toString();
    };
    institutionId_->setObjectName("ciInstitutionId");
    institutionId_->setAccessibleName(tr("AAMC institution id"));
    institutionId_->setText(remembered("institutionId"));
    programId_->setObjectName("ciProgramId");
    programId_->setAccessibleName(tr("AAMC program id"));
    programId_->setText(remembered("programId"));
    reportId_->setAccessibleName(tr("Report id"));
    reportId_->setPlaceholderText(tr("institution-program-year"));
    reportId_->setText(remembered("reportId"));
    title_->setAccessibleName(tr("Report title"));
    title_->setPlaceholderText(tr("the program's name and years"));
    title_->setText(remembered("title"));
    link_->setAccessibleName(tr("Supporting link"));
    link_->setPlaceholderText(tr("https://… (optional)"));
    link_->setText(remembered("link"));
    language_->setAccessibleName(tr("Language"));
    language_->setText(remembered("language", "en-us"));
    // The academic year that started most recently, unless the user chose before.
    const auto today = QDate::currentDate();
    const QDate yearStart(today.month() >= 7 ? today.year() : today.year() - 1, 7, 1);
    for (auto* edit : { start_, end_ }) {
        edit->setCalendarPopup(true);
        edit->setDisplayFormat("yyyy-MM-dd");
    }
    start_->setObjectName("ciStart");
    start_->setAccessibleName(tr("First day of the reporting period"));
    start_->setDate(QDate::fromString(remembered("start"), Qt::ISODate).isValid()
            ? QDate::fromString(remembered("start"), Qt::ISODate)
            : yearStart);
    end_->setObjectName("ciEnd");
    end_->setAccessibleName(tr("Last day of the reporting period"));
    end_->setDate(QDate::fromString(remembered("end"), Qt::ISODate).isValid()
            ? QDate::fromString(remembered("end"), Qt::ISODate)
            : yearStart.addYears(1).addDays(-1));
    courseWeeks_->setObjectName("ciCourseWeeks");
    courseWeeks_->setAccessibleName(tr("Length of courses without week numbers"));
    courseWeeks_->setRange(0, 104);
    courseWeeks_->setSpecialValueText(tr("ask me (none)"));
    courseWeeks_->setSuffix(tr(" weeks"));
    courseWeeks_->setValue(remembered("courseWeeks", "0").toInt());
    schema_->setObjectName("ciSchema");
    schema_->setAccessibleName(tr("Schema of the report"));
    schema_->addItem(tr("v10: what the AAMC takes since 2022"));
    schema_->addItem(tr("v1: the original schema"));
    schema_->setCurrentIndex(remembered("schema", "v10") == "v1" ? 1 : 0);
    preview_->setObjectName("ciPreview");
    preview_->setAccessibleName(tr("Verification preview"));
    preview_->setReadOnly(true);
    preview_->setLineWrapMode(QPlainTextEdit::NoWrap);
    preview_->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    preview_->setMinimumWidth(620);
    problems_->setObjectName("ciProblems");
    problems_->setWordWrap(true);
    problems_->setTextFormat(Qt::PlainText);

    auto* intro
        = new QLabel(tr("The report describes the whole program: its courses, teaching activities and "
                        "assessments with their AAMC methods, objectives and competencies. These "
                        "details are not part of a course map:"),
            this);
    intro->setWordWrap(true);
    auto* form = new QFormLayout;
    form->addRow(tr("AAMC &institution id:"), institutionId_);
    form->addRow(tr("AAMC &program id:"), programId_);
    form->addRow(tr("Reporting period &from:"), start_);
    form->addRow(tr("&to:"), end_);
    form->addRow(tr("Length of courses &without week numbers:"), courseWeeks_);
    form->addRow(tr("Report i&d:"), reportId_);
    form->addRow(tr("Ti&tle:"), title_);
    form->addRow(tr("Supporting &link:"), link_);
    form->addRow(tr("&Language:"), language_);
    form->addRow(tr("&Schema:"), schema_);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    export_ = buttons->addButton(tr("&Export…"), QDialogButtonBox::AcceptRole);
    export_->setObjectName("ciExport");
    auto* left = new QVBoxLayout;
    left->addWidget(intro);
    left->addLayout(form);
    left->addWidget(problems_, 1);
    auto* right = new QVBoxLayout;
    auto* previewTitle = new QLabel(tr("<b>Verification preview</b>: the figures the AAMC will judge the "
                                       "program on, as this export reports them"),
        this);
    previewTitle->setWordWrap(true);
    right->addWidget(previewTitle);
    right->addWidget(preview_, 1);
    auto* columns = new QHBoxLayout;
    columns->addLayout(left, 2);
    columns->addLayout(right, 3);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(columns, 1);
    layout->addWidget(buttons);

    for (auto* edit : { institutionId_, programId_, reportId_, title_, link_, language_ })
        connect(edit, &QLineEdit::textChanged, this, &CurriculumInventoryDialog::check);
    for (auto* edit : { start_, end_ })
        connect(edit, &QDateEdit::dateChanged, this, &CurriculumInventoryDialog::check);
    connect(courseWeeks_, &QSpinBox::valueChanged, this, &CurriculumInventoryDialog::check);
    connect(schema_, &QComboBox::currentIndexChanged, this, &CurriculumInventoryDialog::check);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(export_, &QPushButton::clicked, this, [this] {
        auto path = QFileDialog::getSaveFileName(this, tr("Save the Curriculum Inventory report"),
            QFileInfo(session_->path()).completeBaseName() + "-curriculum-inventory.xml",
            tr("XML files (*.xml)"));
        if (path.isEmpty())
            return;
        if (!path.endsWith(".xml", Qt::CaseInsensitive))
            path += ".xml";
        // Stay open when something was left out, so the user reads what.
        if (exportTo(path) && !leftOut_)
            accept();
    });
    check();
}

QString CurriculumInventoryDialog::settingsKey(const char* name) const
{
    // Per map: the ids of one school's program are not another's.
    const auto hash = QCryptographicHash::hash(
        QFileInfo(session_->path()).absoluteFilePath().toUtf8(), QCryptographicHash::Sha1)
                          .toHex()
                          .left(16);
    return QStringLiteral("curriculumInventory/%1/%2").arg(QString::fromLatin1(hash), QLatin1String(name));
}

CurriculumInventoryRequest CurriculumInventoryDialog::request() const
{
    CurriculumInventoryRequest r;
    r.institutionId = institutionId_->text().trimmed().toStdString();
    r.programId = programId_->text().trimmed().toStdString();
    r.reportingStart = start_->date().toString(Qt::ISODate).toStdString();
    r.reportingEnd = end_->date().toString(Qt::ISODate).toStdString();
    r.reportId = reportId_->text().trimmed().toStdString();
    r.title = title_->text().trimmed().toStdString();
    r.supportingLink = link_->text().trimmed().toStdString();
    r.language = language_->text().trimmed().toStdString();
    if (courseWeeks_->value() > 0)
        r.defaultCourseWeeks = courseWeeks_->value();
    r.schema = schema_->currentIndex() == 1 ? CurriculumInventorySchema::V1 : CurriculumInventorySchema::V10;
    return r;
}

void CurriculumInventoryDialog::check()
{
    // One pass over the map gives both the problems and the figures (the preview lists the problems first).
    const auto preview = curriculumInventoryPreview(session_->data(), request());
    QString text;
    for (std::size_t i = 0; i < preview.blocking; ++i)
        text += "• " + qs(preview.missing[i]) + "\n";
    const bool ready = preview.blocking == 0;
    problems_->setText(ready ? tr("Ready to export.") : tr("Still needed:\n") + text.trimmed());
    problems_->setStyleSheet(ready ? "color: #1B5E20;" : "color: #B71C1C;");
    export_->setEnabled(ready);
    preview_->setPlainText(qs(curriculumInventoryPreviewText(preview)));
}

bool CurriculumInventoryDialog::exportTo(const QString& path)
{
    try {
        const auto report = exportCurriculumInventory(session_->data(), request());
        // Never onto the open map; written beside and moved into place.
        writeOutputFile(path.toStdString(), report.xml, filesOfMap(session_->path().toStdString()));
        QSettings settings;
        settings.setValue(settingsKey("institutionId"), institutionId_->text().trimmed());
        settings.setValue(settingsKey("programId"), programId_->text().trimmed());
        settings.setValue(settingsKey("start"), start_->date().toString(Qt::ISODate));
        settings.setValue(settingsKey("end"), end_->date().toString(Qt::ISODate));
        settings.setValue(settingsKey("reportId"), reportId_->text().trimmed());
        settings.setValue(settingsKey("title"), title_->text().trimmed());
        settings.setValue(settingsKey("link"), link_->text().trimmed());
        settings.setValue(settingsKey("language"), language_->text().trimmed());
        settings.setValue(settingsKey("courseWeeks"), courseWeeks_->value());
        settings.setValue(settingsKey("schema"), schema_->currentIndex() == 1 ? "v1" : "v10");
        leftOut_ = !report.notes.empty();
        QString notes;
        for (const auto& n : report.notes)
            notes += "\n• " + qs(n);
        problems_->setText(tr("Wrote %1.").arg(QFileInfo(path).fileName()) + notes);
        return true;
    } catch (const Error& e) {
        problems_->setText(qs(e.message()));
        return false;
    }
}

} // namespace coursemap::studio
