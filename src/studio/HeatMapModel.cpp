#include "HeatMapModel.h"

#include "Palette.h"
#include "Session.h"

#include <QBrush>
#include <QFont>

namespace coursemap::studio {

namespace {
const QColor gapColor { 0xFC, 0xE4, 0xEC };
const QColor neverMasteredColor { 0xFF, 0xE0, 0xB2 };
const QColor titleColor { 0xE8, 0xEA, 0xF6 };
} // namespace

HeatMapModel::HeatMapModel(QObject* parent)
    : QAbstractTableModel(parent)
{ }

void HeatMapModel::setSession(Session* session)
{
    session_ = session;
    reload();
}

void HeatMapModel::reload()
{
    beginResetModel();
    map_ = session_ ? computeHeatMap(session_->data()) : HeatMap {};
    lines_.clear();
    for (std::size_t i = 0; i < map_.rows.size(); ++i) {
        if (i == 0 || map_.rows[i].frameworkId != map_.rows[i - 1].frameworkId)
            lines_.push_back({ map_.rows[i].frameworkId, -1 });
        lines_.push_back({ map_.rows[i].frameworkId, static_cast<int>(i) });
    }
    endResetModel();
}

const HeatRow* HeatMapModel::heatRow(int row) const
{
    if (row < 0 || row >= rowCount() || lines_[static_cast<std::size_t>(row)].heatRow < 0)
        return nullptr;
    return &map_.rows[static_cast<std::size_t>(lines_[static_cast<std::size_t>(row)].heatRow)];
}

std::vector<Id> HeatMapModel::objectivesAt(const QModelIndex& index) const
{
    const auto* row = heatRow(index.row());
    if (!index.isValid() || !row || index.column() >= columnCount())
        return {};
    return row->cells[static_cast<std::size_t>(index.column())].objectives;
}

Id HeatMapModel::competencyAt(int row) const
{
    const auto* r = heatRow(row);
    return r ? r->competencyId : NoId;
}

Id HeatMapModel::courseAt(int column) const
{
    return column >= 0 && column < columnCount() ? map_.courses[static_cast<std::size_t>(column)] : NoId;
}

int HeatMapModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(lines_.size());
}

int HeatMapModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(map_.courses.size());
}

QVariant HeatMapModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || !session_)
        return {};
    const auto* row = heatRow(index.row());
    if (!row)
        return role == Qt::BackgroundRole ? QBrush(titleColor) : QVariant();
    const auto& cell = row->cells[static_cast<std::size_t>(index.column())];
    const auto level = cell.highest();
    switch (role) {
    case Qt::DisplayRole:
        // Objectives that reach the competency only through a crosswalk are marked as derived: "↔ 2".
        if (cell.total() == 0)
            return cell.derived.empty() ? QVariant()
                                        : QVariant(QStringLiteral("↔ %1").arg(cell.derived.size()));
        return QStringLiteral("%1 %2")
            .arg(level ? levelLetter(*level) : QStringLiteral("•"))
            .arg(cell.total());
    case Qt::FontRole:
        if (cell.total() == 0 && !cell.derived.empty()) {
            QFont italic;
            italic.setItalic(true);
            return italic;
        }
        return {};
    case Qt::BackgroundRole:
        if (cell.total() == 0)
            return {};
        return level ? QBrush(contributionColor(*level)) : QBrush(QColor(0xEC, 0xEF, 0xF1));
    case Qt::TextAlignmentRole:
        return Qt::AlignCenter;
    case Qt::ToolTipRole: {
        const auto* course = session_->data().get<Course>(courseAt(index.column()));
        const auto* competency = session_->data().get<Competency>(competencyAt(index.row()));
        if (cell.total() == 0 && !cell.derived.empty())
            return tr("%1 · %2\nDerived: %3 objectives map a competency of another framework that matches "
                      "this one (a crosswalk).")
                .arg(qs(course->code), qs(competency->title))
                .arg(cell.derived.size());
        if (cell.total() == 0)
            return tr("%1 does not address %2.").arg(qs(course->code), qs(competency->title));
        return tr(
            "%1 · %2\nIntroduced: %3, reinforced: %4, mastered: %5, level not set: %6\nClick to see the "
            "objectives.")
            .arg(qs(course->code), qs(competency->title))
            .arg(cell.counts[0])
            .arg(cell.counts[1])
            .arg(cell.counts[2])
            .arg(cell.counts[3]);
    }
    case Qt::AccessibleTextRole:
        if (cell.total() == 0 && !cell.derived.empty())
            return tr("derived through a crosswalk, %1 objectives").arg(cell.derived.size());
        return cell.total() == 0 ? tr("not addressed")
                                 : tr("%1, %2 objectives")
                                       .arg(level ? qs(toString(*level)) : tr("level not set"))
                                       .arg(cell.total());
    default:
        return {};
    }
}

QVariant HeatMapModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (!session_)
        return {};
    const auto& data = session_->data();
    if (orientation == Qt::Horizontal) {
        const auto* c = data.get<Course>(courseAt(section));
        if (!c)
            return {};
        if (role == Qt::DisplayRole)
            return tr("%1 · Y%2").arg(qs(c->code.empty() ? c->title : c->code)).arg(c->year);
        if (role == Qt::ToolTipRole)
            return tr("%1 %2, year %3").arg(qs(c->code), qs(c->title)).arg(c->year);
        return {};
    }
    if (section < 0 || section >= rowCount())
        return {};
    const auto* heat = heatRow(section);
    if (!heat) {
        const auto* f = data.get<Framework>(lines_[static_cast<std::size_t>(section)].frameworkId);
        switch (role) {
        case Qt::DisplayRole:
            return qs(f->name);
        case Qt::ToolTipRole:
            return qs(f->description);
        case Qt::BackgroundRole:
            return QBrush(titleColor);
        case Qt::FontRole: {
            QFont font;
            font.setBold(true);
            return font;
        }
        default:
            return {};
        }
    }
    const auto& row = *heat;
    const auto* c = data.get<Competency>(row.competencyId);
    switch (role) {
    case Qt::DisplayRole: {
        QString text = QString((row.depth + 1) * 3, QLatin1Char(' ')) + qs(c->code)
            + (c->code.empty() ? "" : "  ") + qs(c->title);
        if (row.gap())
            text += tr("  — gap");
        else if (row.neverMastered())
            text += tr("  — never mastered");
        return text;
    }
    case Qt::ToolTipRole: {
        QString tip = qs(data.get<Framework>(row.frameworkId)->name) + "\n" + qs(c->title);
        if (!c->description.empty())
            tip += "\n\n" + qs(c->description);
        if (row.gap())
            tip += "\n\n" + tr("No course's objectives map this competency.");
        else if (row.neverMastered())
            tip += "\n\n" + tr("Introduced or reinforced, but no course brings it to mastery.");
        return tip;
    }
    case Qt::BackgroundRole:
        if (row.gap())
            return QBrush(gapColor);
        if (row.neverMastered())
            return QBrush(neverMasteredColor);
        return {};
    default:
        return {};
    }
}

} // namespace coursemap::studio
