#include "SyllabusDialog.h"

#include "Palette.h"
#include "Session.h"

#include "coursemap/Error.h"
#include "coursemap/render/SyllabusPages.h"
#include "coursemap/storage/OutputFile.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QSettings>
#include <QVBoxLayout>

namespace coursemap::studio {

namespace {
constexpr int PreviewDpi = 64;
}

SyllabusDialog::SyllabusDialog(Session* session, Id courseId, QWidget* parent)
    : QDialog(parent)
    , session_(session)
    , course_(new QComboBox(this))
    , paper_(new QComboBox(this))
    , alignment_(new QCheckBox(tr("Include the &alignment summary"), this))
    , reviewCopy_(new QCheckBox(tr("&Review copy (with open comments)"), this))
    , preview_(new QListWidget(this))
    , status_(new QLabel(this))
{
    setObjectName("syllabusDialog");
    setWindowTitle(tr("Export Syllabus"));
    resize(1000, 800);
    course_->setObjectName("syllabusCourse");
    course_->setAccessibleName(tr("Course"));
    for (const auto* c : session_->data().courses())
        course_->addItem(tr("%1 — %2").arg(qs(c->code), qs(c->title)), QVariant::fromValue<qlonglong>(c->id));
    course_->setCurrentIndex(std::max(0, course_->findData(QVariant::fromValue<qlonglong>(courseId))));
    paper_->setObjectName("syllabusPaper");
    paper_->setAccessibleName(tr("Paper size"));
    paper_->addItem(tr("A4"), "a4");
    paper_->addItem(tr("US Letter"), "letter");
    paper_->setCurrentIndex(QSettings().value("syllabus/paper").toString() == "letter" ? 1 : 0);
    alignment_->setObjectName("syllabusAlignment");
    alignment_->setChecked(QSettings().value("syllabus/alignment", true).toBool());
    reviewCopy_->setObjectName("syllabusReviewCopy");
    reviewCopy_->setToolTip(tr("Labels every page as a review copy and adds the course's review history and "
                               "its open comment threads at the end"));
    preview_->setObjectName("syllabusPreview");
    preview_->setAccessibleName(tr("Pages"));
    preview_->setViewMode(QListView::IconMode);
    preview_->setFlow(QListView::LeftToRight);
    preview_->setWrapping(true);
    preview_->setResizeMode(QListView::Adjust);
    preview_->setMovement(QListView::Static);
    preview_->setSpacing(12);
    preview_->setSelectionMode(QAbstractItemView::NoSelection);
    preview_->setStyleSheet("QListWidget { background: #78909C; }");
    status_->setObjectName("syllabusStatus");

    auto* options = new QHBoxLayout;
    auto* courseLabel = new QLabel(tr("&Course:"), this);
    courseLabel->setBuddy(course_);
    options->addWidget(courseLabel);
    options->addWidget(course_, 1);
    auto* paperLabel = new QLabel(tr("&Paper:"), this);
    paperLabel->setBuddy(paper_);
    options->addWidget(paperLabel);
    options->addWidget(paper_);
    options->addWidget(alignment_);
    options->addWidget(reviewCopy_);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    auto* save = buttons->addButton(tr("&Export PDF…"), QDialogButtonBox::AcceptRole);
    save->setObjectName("syllabusExport");
    save->setDefault(true);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(options);
    layout->addWidget(preview_, 1);
    auto* bottom = new QHBoxLayout;
    bottom->addWidget(status_, 1);
    bottom->addWidget(buttons);
    layout->addLayout(bottom);

    connect(course_, &QComboBox::currentIndexChanged, this, &SyllabusDialog::refresh);
    connect(paper_, &QComboBox::currentIndexChanged, this, [this] {
        QSettings().setValue("syllabus/paper", paper_->currentData());
        refresh();
    });
    connect(alignment_, &QCheckBox::toggled, this, [this](bool on) {
        QSettings().setValue("syllabus/alignment", on);
        refresh();
    });
    connect(reviewCopy_, &QCheckBox::toggled, this, &SyllabusDialog::refresh);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(save, &QPushButton::clicked, this, &SyllabusDialog::exportWithDialog);
    refresh();
}

SyllabusDialog::~SyllabusDialog() = default;

int SyllabusDialog::pageCount() const
{
    return pages_ ? pages_->pageCount() : 0;
}

QString SyllabusDialog::status() const
{
    return status_->text();
}

void SyllabusDialog::refresh()
{
    preview_->clear();
    pages_.reset();
    const Id course = course_->currentData().toLongLong();
    if (course == NoId) {
        status_->setText(tr("This map has no course yet."));
        return;
    }
    SyllabusOptions options;
    options.alignmentSummary = alignment_->isChecked();
    options.reviewCopy = reviewCopy_->isChecked();
    pages_ = std::make_unique<render::SyllabusPages>(buildSyllabus(session_->data(), course, options),
        paper_->currentData() == "letter" ? render::Paper::Letter : render::Paper::A4);
    for (int p = 0; p < pages_->pageCount(); ++p) {
        const auto image = pages_->image(p, PreviewDpi);
        auto* item
            = new QListWidgetItem(QIcon(QPixmap::fromImage(image)), tr("Page %1").arg(p + 1), preview_);
        item->setSizeHint(image.size() + QSize(8, 28));
    }
    if (preview_->count() > 0)
        preview_->setIconSize(preview_->item(0)->sizeHint() - QSize(8, 28));
    status_->setText(pages_->pageCount() == 1 ? tr("1 page") : tr("%1 pages").arg(pages_->pageCount()));
}

bool SyllabusDialog::exportTo(const QString& path)
{
    if (!pages_)
        return false;
    try {
        pages_->writePdf(path, filesOfMap(session_->path().toStdString()));
    } catch (const Error& e) {
        status_->setText(QString::fromStdString(e.message()));
        return false;
    }
    status_->setText(tr("Saved %1").arg(QFileInfo(path).fileName()));
    return true;
}

void SyllabusDialog::exportWithDialog()
{
    if (!pages_)
        return;
    const auto* c = session_->data().get<Course>(course_->currentData().toLongLong());
    const auto suggested = QFileInfo(session_->path()).absolutePath() + "/"
        + (c ? qs(c->code).replace(' ', '-') : QString("course")) + "-syllabus.pdf";
    auto path
        = QFileDialog::getSaveFileName(this, tr("Export Syllabus as PDF"), suggested, tr("PDF (*.pdf)"));
    if (path.isEmpty())
        return;
    if (!path.endsWith(".pdf", Qt::CaseInsensitive))
        path += ".pdf";
    if (exportTo(path))
        accept();
}

} // namespace coursemap::studio
