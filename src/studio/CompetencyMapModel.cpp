#include "CompetencyMapModel.h"

#include "Palette.h"
#include "Session.h"

namespace coursemap::studio {

CompetencyMapModel::CompetencyMapModel(QObject* parent)
    : QAbstractTableModel(parent)
{ }

void CompetencyMapModel::setSession(Session* session)
{
    if (session_)
        disconnect(session_, nullptr, this, nullptr);
    session_ = session;
    courseId_ = NoId;
    if (session_)
        connect(session_, &Session::changed, this, [this](const Change& change) {
            const bool structural = std::any_of(change.items.begin(), change.items.end(),
                [](const ItemChange& c) { return c.kind() != ItemKind::Comment; });
            if (structural || courseId_ == NoId) {
                reload();
                return;
            }
            for (const auto& l : change.links) {
                const auto r = std::find(objectives_.begin(), objectives_.end(), l.key().objectiveId);
                const auto c = std::find(competencies_.begin(), competencies_.end(), l.key().targetId);
                if (r != objectives_.end() && c != competencies_.end()) {
                    const auto i = index(static_cast<int>(r - objectives_.begin()),
                        static_cast<int>(c - competencies_.begin()));
                    emit dataChanged(i, i);
                }
            }
        });
    reload();
}

void CompetencyMapModel::setCourse(Id courseId)
{
    courseId_ = courseId;
    reload();
}

void CompetencyMapModel::reload()
{
    beginResetModel();
    objectives_.clear();
    competencies_.clear();
    if (session_ && courseId_ != NoId) {
        const auto& data = session_->data();
        for (const auto* o : data.objectivesOf(courseId_))
            objectives_.push_back(o->id);
        // Competencies in framework order, each domain's competencies after it; a domain with competencies
        // below it is a heading, not a column.
        for (const auto* f : data.frameworks())
            for (const auto* domain : data.competenciesOf(f->id, NoId)) {
                const auto children = data.competenciesOf(f->id, domain->id);
                if (children.empty())
                    competencies_.push_back(domain->id);
                for (const auto* c : children)
                    competencies_.push_back(c->id);
            }
    }
    endResetModel();
}

Id CompetencyMapModel::objectiveAt(int row) const
{
    return row >= 0 && row < static_cast<int>(objectives_.size()) ? objectives_[static_cast<std::size_t>(row)]
                                                                  : NoId;
}

Id CompetencyMapModel::competencyAt(int column) const
{
    return column >= 0 && column < static_cast<int>(competencies_.size())
        ? competencies_[static_cast<std::size_t>(column)]
        : NoId;
}

int CompetencyMapModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(objectives_.size());
}

int CompetencyMapModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(competencies_.size());
}

QVariant CompetencyMapModel::data(const QModelIndex& index, int role) const
{
    if (!session_ || !index.isValid())
        return {};
    const auto* link
        = session_->data().link({ LinkKind::Maps, objectiveAt(index.row()), competencyAt(index.column()) });
    const auto level = link ? link->contribution : std::nullopt;
    switch (role) {
    case Qt::DisplayRole:
        return link ? (level ? levelLetter(*level) : QStringLiteral("●")) : QString();
    case Qt::AccessibleTextRole:
        return !link                             ? tr("not mapped")
            : !level                             ? tr("mapped")
            : *level == Contribution::Introduced ? tr("introduced")
            : *level == Contribution::Reinforced ? tr("reinforced")
                                                 : tr("mastered");
    case Qt::TextAlignmentRole:
        return int(Qt::AlignCenter);
    case Qt::BackgroundRole:
        if (!link)
            return {};
        if (!level)
            return QColor(0xE0, 0xE0, 0xE0);
        return contributionColor(*level);
    case Qt::ToolTipRole:
        return tr("I: introduced · R: reinforced · M: mastered. Click or press Space to change.");
    default:
        return {};
    }
}

QVariant CompetencyMapModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (!session_)
        return {};
    const auto& data = session_->data();
    if (orientation == Qt::Vertical) {
        const auto* o = data.get<Objective>(objectiveAt(section));
        return o ? objectiveRowHeader(qs(o->text), section, role) : QVariant();
    }
    const auto* c = data.get<Competency>(competencyAt(section));
    if (!c)
        return {};
    if (role == Qt::DisplayRole)
        return qs(c->code.empty() ? c->title : c->code);
    if (role == Qt::ToolTipRole)
        return tr("%1 %2").arg(qs(c->code), qs(c->title));
    return {};
}

Qt::ItemFlags CompetencyMapModel::flags(const QModelIndex& index) const
{
    return index.isValid() ? Qt::ItemIsEnabled | Qt::ItemIsSelectable : Qt::NoItemFlags;
}

bool CompetencyMapModel::toggle(const QModelIndex& index)
{
    if (!session_ || !index.isValid() || session_->readOnly())
        return false;
    const LinkKey key { LinkKind::Maps, objectiveAt(index.row()), competencyAt(index.column()) };
    const auto* link = session_->data().link(key);
    if (!link)
        return session_->apply(LinkItems { Link { key, std::nullopt, Contribution::Introduced } });
    if (!link->contribution || *link->contribution == Contribution::Mastered)
        return session_->apply(UnlinkItems { key });
    const auto next = static_cast<Contribution>(static_cast<int>(*link->contribution) + 1);
    return session_->apply(LinkItems { Link { key, std::nullopt, next } });
}

} // namespace coursemap::studio
