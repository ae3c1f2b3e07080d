#include "coursemap/render/SyllabusPages.h"

#include "coursemap/Error.h"
#include "coursemap/storage/OutputFile.h"

#include <QAbstractTextDocumentLayout>
#include <QBuffer>

#include <QFont>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>
#include <QTextBlock>
#include <QTextCursor>
#include <QTextDocument>
#include <cmath>

namespace coursemap::render {

namespace {

// Layout happens at this resolution; a PDF is written at it, a preview scales from it.
constexpr int Dpi = 300;

double mm(double millimetres)
{
    return millimetres / 25.4 * Dpi;
}

// A document that loads nothing: QTextDocument would otherwise read local files named in <img src> or <link>.
class InertDocument : public QTextDocument
{
public:
    using QTextDocument::QTextDocument;

protected:
    QVariant loadResource(int, const QUrl&) override { return {}; }
};

QString q(const std::string& s)
{
    return QString::fromStdString(s);
}

int pageOf(double y, double pageHeight)
{
    return static_cast<int>(y / pageHeight);
}

// Moves the first heading that a page break would leave alone at the foot of a page; false when there is
// none. (Table rows may break across pages, as in a word processor; their table's header row repeats on the
// next.)
bool keepTogether(QTextDocument& document, double pageHeight, double keepAfterHeading)
{
    auto* layout = document.documentLayout();
    for (auto block = document.begin(); block.isValid(); block = block.next()) {
        if (block.blockFormat().headingLevel() == 0
            || block.blockFormat().pageBreakPolicy() & QTextFormat::PageBreak_AlwaysBefore)
            continue;
        const auto r = layout->blockBoundingRect(block);
        const int page = pageOf(r.top(), pageHeight);
        if (page != pageOf(r.bottom() + keepAfterHeading, pageHeight) && r.top() > page * pageHeight + 1) {
            auto format = block.blockFormat();
            format.setPageBreakPolicy(QTextFormat::PageBreak_AlwaysBefore);
            QTextCursor(block).setBlockFormat(format);
            return true;
        }
    }
    return false;
}

} // namespace

struct SyllabusPages::Impl
{
    Paper paper;
    QString title, subtitle, label;
    QImage device { 1, 1, QImage::Format_RGB32 }; // gives the layout its resolution
    InertDocument document;
    QSizeF page; // in dots at Dpi
    QRectF body; // where the text goes on each page
    QFont chrome; // header and footer
    int pages = 1;
};

SyllabusPages::SyllabusPages(const Syllabus& syllabus, Paper paper)
    : impl_(std::make_unique<Impl>())
{
    auto& d = *impl_;
    d.paper = paper;
    d.title = q(syllabus.title);
    d.subtitle = q(syllabus.subtitle);
    d.label = q(syllabus.label);
    const auto size
        = QPageSize(paper == Paper::A4 ? QPageSize::A4 : QPageSize::Letter).size(QPageSize::Millimeter);
    d.page = QSizeF(mm(size.width()), mm(size.height()));
    const double side = mm(18), top = mm(14), header = mm(12), bottom = mm(18);
    d.body = QRectF(side, top + header, d.page.width() - 2 * side, d.page.height() - top - header - bottom);

    d.device.setDotsPerMeterX(static_cast<int>(Dpi / 0.0254));
    d.device.setDotsPerMeterY(static_cast<int>(Dpi / 0.0254));
    d.document.documentLayout()->setPaintDevice(&d.device);
    QFont font("DejaVu Sans");
    font.setPointSizeF(9.5);
    d.document.setDefaultFont(font);
    d.chrome = font;
    d.chrome.setPointSizeF(8);
    d.document.setDocumentMargin(0);
    d.document.setPageSize(d.body.size());
    d.document.setHtml(q(syllabus.html));

    // No heading alone at the foot of a page: one without room for a few lines after it starts the next
    // page. Each move shifts what follows, so headings are moved one at a time until none needs it.
    const double keep = QFontMetricsF(font, &d.device).lineSpacing() * 4;
    for (int round = 0; round < 50 && keepTogether(d.document, d.body.height(), keep); ++round) { }
    // Layout is lazy: finish it, so the page count and the drawing cover the whole text.
    d.document.documentLayout()->blockBoundingRect(d.document.lastBlock());
    d.pages = std::max(1,
        static_cast<int>(std::ceil(d.document.documentLayout()->documentSize().height() / d.body.height())));
}

SyllabusPages::~SyllabusPages() = default;

int SyllabusPages::pageCount() const
{
    return impl_->pages;
}

void SyllabusPages::paint(QPainter& painter, int page) const
{
    const auto& d = *impl_;
    painter.save();
    painter.fillRect(QRectF(QPointF(0, 0), d.page), Qt::white);

    // Running header: the course on the left, "Syllabus" (the label) on the right, a rule below.
    painter.setFont(d.chrome);
    painter.setPen(QColor(0x45, 0x5A, 0x64));
    const QRectF head(d.body.left(), mm(10), d.body.width(), mm(8));
    painter.drawText(head, Qt::AlignLeft | Qt::AlignVCenter,
        QFontMetricsF(d.chrome, painter.device()).elidedText(d.title, Qt::ElideRight, head.width() * 0.75));
    painter.drawText(head, Qt::AlignRight | Qt::AlignVCenter, d.label);
    painter.setPen(QPen(QColor(0x9F, 0xA8, 0xDA), mm(0.3)));
    painter.drawLine(QPointF(d.body.left(), head.bottom()), QPointF(d.body.right(), head.bottom()));

    // Footer: the program on the left, the page number on the right.
    painter.setPen(QColor(0x60, 0x7D, 0x8B));
    const QRectF foot(d.body.left(), d.page.height() - mm(14), d.body.width(), mm(8));
    painter.drawText(foot, Qt::AlignLeft | Qt::AlignVCenter,
        QFontMetricsF(d.chrome, painter.device())
            .elidedText(d.subtitle, Qt::ElideRight, foot.width() * 0.75));
    painter.drawText(
        foot, Qt::AlignRight | Qt::AlignVCenter, QObject::tr("Page %1 of %2").arg(page + 1).arg(pageCount()));

    // The body: this page's slice of the laid-out text.
    painter.setClipRect(d.body);
    painter.translate(d.body.left(), d.body.top() - page * d.body.height());
    QAbstractTextDocumentLayout::PaintContext context;
    context.clip = QRectF(0, page * d.body.height(), d.body.width(), d.body.height());
    context.palette.setColor(QPalette::Text, Qt::black);
    d.document.documentLayout()->draw(&painter, context);
    painter.restore();
}

QImage SyllabusPages::image(int page, int dpi) const
{
    const double scale = static_cast<double>(dpi) / Dpi;
    QImage image((impl_->page * scale).toSize(), QImage::Format_RGB32);
    // The picture's metrics stay those of the layout, so header and footer fonts keep their size when scaled.
    image.setDotsPerMeterX(static_cast<int>(Dpi / 0.0254));
    image.setDotsPerMeterY(static_cast<int>(Dpi / 0.0254));
    image.fill(Qt::white);
    QPainter painter(&image);
    painter.setRenderHints(
        QPainter::Antialiasing | QPainter::TextAntialiasing | QPainter::SmoothPixmapTransform);
    painter.scale(scale, scale);
    paint(painter, page);
    return image;
}

QByteArray SyllabusPages::pdf() const
{
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    {
        QPdfWriter writer(&buffer);
        writer.setResolution(Dpi);
        writer.setPageSize(QPageSize(impl_->paper == Paper::A4 ? QPageSize::A4 : QPageSize::Letter));
        writer.setPageMargins(QMarginsF(0, 0, 0, 0));
        writer.setTitle(impl_->title + " — " + impl_->label);
        writer.setCreator("Coursemap Studio");
        QPainter painter;
        if (!painter.begin(&writer))
            throw Error(ErrorCode::Io, "Cannot lay out the PDF.");
        for (int page = 0; page < pageCount(); ++page) {
            if (page > 0)
                writer.newPage();
            paint(painter, page);
        }
        painter.end();
    }
    return bytes;
}

void SyllabusPages::writePdf(
    const QString& path, const std::vector<std::filesystem::path>& protectedFiles) const
{
    const auto bytes = pdf();
    writeOutputFile(path.toStdString(),
        std::string_view(bytes.constData(), static_cast<std::size_t>(bytes.size())), protectedFiles);
}

} // namespace coursemap::render
