#include "MatrixView.h"

#include <QHeaderView>
#include <QKeyEvent>
#include <QPainter>
#include <QStyleOptionHeader>

namespace coursemap::studio {

namespace {

// Column titles written bottom to top, so that many narrow columns keep readable names.
class RotatedHeader : public QHeaderView
{
public:
    explicit RotatedHeader(QWidget* parent)
        : QHeaderView(Qt::Horizontal, parent)
    {
        setDefaultSectionSize(34);
        setSectionResizeMode(QHeaderView::Fixed);
        setHighlightSections(true);
    }

protected:
    QSize sizeHint() const override
    {
        auto size = QHeaderView::sizeHint();
        size.setHeight(fontMetrics().horizontalAdvance(QStringLiteral("M")) * 17);
        return size;
    }

    void paintSection(QPainter* painter, const QRect& rect, int section) const override
    {
        if (!rect.isValid())
            return;
        QStyleOptionHeader opt;
        initStyleOption(&opt);
        opt.rect = rect;
        opt.section = section;
        opt.text.clear();
        // The style leaves the painter changed (clipped): keep it to itself.
        painter->save();
        style()->drawControl(QStyle::CE_Header, &opt, painter, this);
        painter->restore();
        const auto text = model()->headerData(section, orientation(), Qt::DisplayRole).toString();
        const auto color = model()->headerData(section, orientation(), Qt::ForegroundRole);
        painter->save();
        if (color.isValid())
            painter->setPen(color.value<QColor>());
        painter->translate(
            rect.left() + rect.width() / 2 + fontMetrics().ascent() / 2 - 2, rect.bottom() - 6);
        painter->rotate(-90);
        painter->drawText(QRect(0, -fontMetrics().ascent(), rect.height() - 10, fontMetrics().height()),
            Qt::AlignLeft | Qt::AlignVCenter,
            fontMetrics().elidedText(text, Qt::ElideRight, rect.height() - 10));
        painter->restore();
    }
};

} // namespace

MatrixView::MatrixView(QWidget* parent)
    : QTableView(parent)
{
    setSelectionMode(QAbstractItemView::SingleSelection);
    setEditTriggers(QAbstractItemView::NoEditTriggers);
    setHorizontalHeader(new RotatedHeader(this));
    verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    verticalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    setWordWrap(false);
    connect(this, &QTableView::clicked, this, [this](const QModelIndex& index) {
        if (toggle_)
            toggle_(index);
    });
}

void MatrixView::keyPressEvent(QKeyEvent* event)
{
    if ((event->key() == Qt::Key_Space || event->key() == Qt::Key_Return || event->key() == Qt::Key_Enter)
        && currentIndex().isValid() && toggle_) {
        const auto current = currentIndex();
        toggle_(current);
        // The model re-reads itself after an edit; keep the cursor where it was.
        setCurrentIndex(model()->index(current.row(), current.column()));
        event->accept();
        return;
    }
    QTableView::keyPressEvent(event);
}

} // namespace coursemap::studio
