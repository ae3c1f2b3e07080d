#include "CourseTreeModel.h"

#include "Palette.h"
#include "Session.h"

#include <QFont>

namespace coursemap::studio {

namespace {
constexpr quintptr ProgramNode = 0;
constexpr quintptr CourseNode = 1;
} // namespace

CourseTreeModel::CourseTreeModel(QObject* parent)
    : QAbstractItemModel(parent)
{ }

void CourseTreeModel::setSession(Session* session)
{
    beginResetModel();
    session_ = session;
    courses_.clear();
    if (session_) {
        for (const auto* c : session_->data().courses())
            courses_.push_back(c->id);
        countFindings();
        connect(session_, &Session::changed, this, [this](const Change& change) {
            // Findings counts can change with any edit; the list itself only when courses or the program do.
            const bool structural
                = std::any_of(change.items.begin(), change.items.end(), [](const ItemChange& c) {
                      return c.kind() == ItemKind::Course || c.kind() == ItemKind::Program;
                  });
            countFindings();
            if (structural)
                reload();
            else if (!courses_.empty())
                emit dataChanged(index(0, 0, programIndex()),
                    index(static_cast<int>(courses_.size()) - 1, 0, programIndex()));
        });
    }
    endResetModel();
}

void CourseTreeModel::reload()
{
    beginResetModel();
    courses_.clear();
    for (const auto* c : session_->data().courses())
        courses_.push_back(c->id);
    endResetModel();
}

void CourseTreeModel::countFindings()
{
    counts_.clear();
    for (const auto& f : session_->checker().findings()) {
        if (f.acknowledgement || f.courseId == NoId)
            continue;
        auto& c = counts_[f.courseId];
        ++c.findings;
        c.errors += f.severity() == Severity::Error;
        c.warnings += f.severity() == Severity::Warning;
    }
}

QModelIndex CourseTreeModel::programIndex() const
{
    return session_ ? createIndex(0, 0, ProgramNode) : QModelIndex();
}

QModelIndex CourseTreeModel::indexOf(Id courseId) const
{
    if (courseId == NoId)
        return programIndex();
    const auto it = std::find(courses_.begin(), courses_.end(), courseId);
    return it == courses_.end() ? QModelIndex()
                                : createIndex(static_cast<int>(it - courses_.begin()), 0, CourseNode);
}

Id CourseTreeModel::idAt(const QModelIndex& index) const
{
    if (!index.isValid() || index.internalId() == ProgramNode)
        return NoId;
    return courses_.at(static_cast<std::size_t>(index.row()));
}

QModelIndex CourseTreeModel::index(int row, int column, const QModelIndex& parent) const
{
    if (!session_ || column != 0 || row < 0)
        return {};
    if (!parent.isValid())
        return row == 0 ? createIndex(0, 0, ProgramNode) : QModelIndex();
    if (parent.internalId() == ProgramNode && row < static_cast<int>(courses_.size()))
        return createIndex(row, 0, CourseNode);
    return {};
}

QModelIndex CourseTreeModel::parent(const QModelIndex& child) const
{
    if (!child.isValid() || child.internalId() == ProgramNode)
        return {};
    return programIndex();
}

int CourseTreeModel::rowCount(const QModelIndex& parent) const
{
    if (!session_)
        return 0;
    if (!parent.isValid())
        return 1;
    if (parent.internalId() == ProgramNode)
        return static_cast<int>(courses_.size());
    return 0;
}

int CourseTreeModel::columnCount(const QModelIndex&) const
{
    return 1;
}

QVariant CourseTreeModel::data(const QModelIndex& index, int role) const
{
    if (!session_ || !index.isValid())
        return {};
    const auto& data = session_->data();
    if (index.internalId() == ProgramNode) {
        const auto& p = data.program();
        switch (role) {
        case Qt::DisplayRole:
            return p.name.empty() ? tr("Untitled program") : qs(p.name);
        case Qt::ToolTipRole:
            return tr("%1 — all courses").arg(qs(p.name));
        case Qt::FontRole: {
            QFont f;
            f.setBold(true);
            return f;
        }
        case IdRole:
            return QVariant::fromValue<qlonglong>(NoId);
        default:
            return {};
        }
    }
    const Id id = courses_.at(static_cast<std::size_t>(index.row()));
    const auto* c = data.get<Course>(id);
    if (!c)
        return {};
    switch (role) {
    case Qt::DisplayRole:
    case Qt::AccessibleTextRole:
        return c->code.empty() ? qs(c->title) : tr("%1 — %2").arg(qs(c->code), qs(c->title));
    case Qt::ToolTipRole: {
        const auto counts = counts_.contains(id) ? counts_.at(id) : Counts {};
        return tr("Year %1, %2 · open findings: %3, errors: %4")
            .arg(c->year)
            .arg(qs(c->term))
            .arg(counts.findings)
            .arg(counts.errors);
    }
    case Qt::DecorationRole: {
        const auto counts = counts_.contains(id) ? counts_.at(id) : Counts {};
        return counts.errors  ? severityIcon(Severity::Error)
            : counts.warnings ? severityIcon(Severity::Warning)
                              : QVariant();
    }
    case IdRole:
        return QVariant::fromValue<qlonglong>(id);
    default:
        return {};
    }
}

} // namespace coursemap::studio
