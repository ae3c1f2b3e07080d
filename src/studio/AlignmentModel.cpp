#include "AlignmentModel.h"

#include "Palette.h"
#include "Session.h"

namespace coursemap::studio {

AlignmentModel::AlignmentModel(QObject* parent)
    : QAbstractTableModel(parent)
{ }

void AlignmentModel::setSession(Session* session)
{
    if (session_)
        disconnect(session_, nullptr, this, nullptr);
    session_ = session;
    courseId_ = NoId;
    if (session_)
        connect(session_, &Session::changed, this, [this] {
            // A link toggled anywhere in the course can change every cell's colour: re-read the course.
            if (courseId_ != NoId)
                reload();
        });
    reload();
}

void AlignmentModel::setCourse(Id courseId)
{
    courseId_ = courseId;
    reload();
}

void AlignmentModel::reload()
{
    beginResetModel();
    objectives_.clear();
    activities_.clear();
    assessments_.clear();
    untaught_.clear();
    unassessed_.clear();
    belowLevel_.clear();
    if (session_ && courseId_ != NoId && session_->data().get<Course>(courseId_)) {
        const auto& data = session_->data();
        for (const auto* o : data.objectivesOf(courseId_))
            objectives_.push_back(o->id);
        for (const auto* a : data.activitiesOf(courseId_))
            activities_.push_back(a->id);
        for (const auto* a : data.assessmentsOf(courseId_))
            assessments_.push_back(a->id);
        for (const auto& f : session_->checker().findingsFor(courseId_)) {
            const std::string_view rule = f.rule->id;
            if (rule == "objective-not-taught")
                untaught_.insert(f.subject);
            else if (rule == "objective-not-assessed" || rule == "objective-formative-only")
                unassessed_.insert(f.subject);
            else if (rule == "assessment-below-level" || rule == "teaching-below-level")
                for (std::size_t i = 1; i < f.items.size(); ++i)
                    belowLevel_.insert({ f.subject, f.items[i] });
        }
    }
    endResetModel();
}

Id AlignmentModel::objectiveAt(int row) const
{
    return row >= 0 && row < static_cast<int>(objectives_.size()) ? objectives_[static_cast<std::size_t>(row)]
                                                                  : NoId;
}

Id AlignmentModel::targetAt(int column) const
{
    const auto c = static_cast<std::size_t>(column);
    if (column < 0)
        return NoId;
    if (c < activities_.size())
        return activities_[c];
    return c - activities_.size() < assessments_.size() ? assessments_[c - activities_.size()] : NoId;
}

int AlignmentModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(objectives_.size());
}

int AlignmentModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(activities_.size() + assessments_.size());
}

AlignmentModel::CellStatus AlignmentModel::status(int row, int column) const
{
    const Id o = objectiveAt(row), t = targetAt(column);
    const bool teaching = column < activityCount();
    const LinkKey key { teaching ? LinkKind::Teaches : LinkKind::Assesses, o, t };
    if (session_->data().link(key))
        return belowLevel_.contains({ o, t }) ? BelowLevel : Aligned;
    return (teaching ? untaught_ : unassessed_).contains(o) ? Missing : Empty;
}

QVariant AlignmentModel::data(const QModelIndex& index, int role) const
{
    if (!session_ || !index.isValid())
        return {};
    const auto s = status(index.row(), index.column());
    const bool teaching = index.column() < activityCount();
    switch (role) {
    case Qt::DisplayRole:
    case Qt::AccessibleTextRole:
        return s == Aligned || s == BelowLevel ? QStringLiteral("●") : QString();
    case Qt::TextAlignmentRole:
        return int(Qt::AlignCenter);
    case Qt::BackgroundRole:
        switch (s) {
        case Aligned:
            return cell::aligned;
        case BelowLevel:
            return cell::belowLevel;
        case Missing:
            return cell::missing;
        case Empty:
            return {};
        }
        return {};
    case Qt::ToolTipRole:
        switch (s) {
        case Aligned:
            return teaching ? tr("Taught here") : tr("Assessed here");
        case BelowLevel:
            return teaching ? tr("Taught here, but learners do not practise it at the level it asks for")
                            : tr("Assessed here, but this method cannot reach the objective's level");
        case Missing:
            return teaching ? tr("Nothing teaches this objective: click to teach it here")
                            : tr("Nothing assesses this objective summatively: click to assess it here");
        case Empty:
            return teaching ? tr("Click to teach it here") : tr("Click to assess it here");
        }
        return {};
    case StatusRole:
        return int(s);
    default:
        return {};
    }
}

QVariant AlignmentModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (!session_)
        return {};
    const auto& data = session_->data();
    if (orientation == Qt::Vertical) {
        const auto* o = data.get<Objective>(objectiveAt(section));
        return o ? objectiveRowHeader(qs(o->text), section, role) : QVariant();
    }
    const bool teaching = section < activityCount();
    const Id t = targetAt(section);
    const std::string* title = nullptr;
    if (teaching) {
        if (const auto* a = data.get<Activity>(t))
            title = &a->title;
    } else if (const auto* a = data.get<Assessment>(t)) {
        title = &a->title;
    }
    if (!title)
        return {};
    const auto text = qs(*title);
    if (role == Qt::DisplayRole)
        return text;
    if (role == Qt::ToolTipRole)
        return (teaching ? tr("Activity: %1") : tr("Assessment: %1")).arg(text);
    if (role == Qt::ForegroundRole)
        return teaching ? QColor(0x1A, 0x52, 0x76) : QColor(0x78, 0x28, 0x1F);
    return {};
}

Qt::ItemFlags AlignmentModel::flags(const QModelIndex& index) const
{
    return index.isValid() ? Qt::ItemIsEnabled | Qt::ItemIsSelectable : Qt::NoItemFlags;
}

bool AlignmentModel::toggle(const QModelIndex& index)
{
    if (!session_ || !index.isValid() || session_->readOnly())
        return false;
    const bool teaching = index.column() < activityCount();
    const LinkKey key { teaching ? LinkKind::Teaches : LinkKind::Assesses, objectiveAt(index.row()),
        targetAt(index.column()) };
    if (session_->data().link(key))
        return session_->apply(UnlinkItems { key });
    return session_->apply(LinkItems { Link { key, std::nullopt, std::nullopt } });
}

} // namespace coursemap::studio
