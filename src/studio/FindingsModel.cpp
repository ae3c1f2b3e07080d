#include "FindingsModel.h"

#include "Palette.h"
#include "Session.h"

#include <QFont>

namespace coursemap::studio {

namespace {
// internalId: 0 for a group; g + 1 for a rule under group g; ((g + 1) << 16) | (r + 1) for a finding under
// rule r of group g.
constexpr quintptr FindingShift = 16;
} // namespace

FindingsModel::FindingsModel(QObject* parent)
    : QAbstractItemModel(parent)
{ }

void FindingsModel::setSession(Session* session)
{
    if (session_)
        disconnect(session_, nullptr, this, nullptr);
    session_ = session;
    scope_ = NoId;
    if (session_)
        connect(session_, &Session::changed, this, &FindingsModel::reload);
    reload();
}

void FindingsModel::setScope(Id courseId)
{
    scope_ = courseId;
    reload();
}

void FindingsModel::reload()
{
    beginResetModel();
    groups_.clear();
    open_ = 0;
    if (session_) {
        auto findings
            = scope_ == NoId ? session_->checker().findings() : session_->checker().findingsFor(scope_);
        for (auto s : { Severity::Error, Severity::Warning, Severity::Info })
            groups_.push_back({ s, false, {}, 0 });
        groups_.push_back({ Severity::Info, true, {}, 0 });
        for (auto& f : findings) {
            auto& g = f.acknowledgement ? groups_.back() : groups_[static_cast<std::size_t>(f.severity())];
            auto it = std::find_if(
                g.rules.begin(), g.rules.end(), [&](const RuleGroup& r) { return r.rule == f.rule; });
            if (it == g.rules.end())
                it = g.rules.insert(g.rules.end(), RuleGroup { f.rule, {} });
            it->findings.push_back(std::move(f));
            ++g.count;
            open_ += !g.accepted;
        }
        std::erase_if(groups_, [](const Group& g) { return g.count == 0; });
    }
    endResetModel();
}

const Finding* FindingsModel::findingAt(const QModelIndex& index) const
{
    if (!index.isValid() || index.internalId() < (quintptr(1) << FindingShift))
        return nullptr;
    const auto g = (index.internalId() >> FindingShift) - 1;
    const auto r = (index.internalId() & 0xFFFF) - 1;
    return &groups_.at(g).rules.at(r).findings.at(static_cast<std::size_t>(index.row()));
}

QModelIndex FindingsModel::index(int row, int column, const QModelIndex& parent) const
{
    if (column != 0 || row < 0 || row >= rowCount(parent))
        return {};
    if (!parent.isValid())
        return createIndex(row, 0, quintptr(0));
    if (parent.internalId() == 0)
        return createIndex(row, 0, quintptr(parent.row() + 1));
    if (parent.internalId() < (quintptr(1) << FindingShift))
        return createIndex(row, 0, (parent.internalId() << FindingShift) | quintptr(parent.row() + 1));
    return {};
}

QModelIndex FindingsModel::parent(const QModelIndex& child) const
{
    if (!child.isValid() || child.internalId() == 0)
        return {};
    if (child.internalId() < (quintptr(1) << FindingShift))
        return createIndex(static_cast<int>(child.internalId() - 1), 0, quintptr(0));
    const auto g = child.internalId() >> FindingShift;
    const auto r = (child.internalId() & 0xFFFF) - 1;
    return createIndex(static_cast<int>(r), 0, g);
}

int FindingsModel::rowCount(const QModelIndex& parent) const
{
    if (!parent.isValid())
        return static_cast<int>(groups_.size());
    if (parent.internalId() == 0)
        return static_cast<int>(groups_.at(static_cast<std::size_t>(parent.row())).rules.size());
    if (parent.internalId() < (quintptr(1) << FindingShift))
        return static_cast<int>(groups_.at(parent.internalId() - 1)
                                    .rules.at(static_cast<std::size_t>(parent.row()))
                                    .findings.size());
    return 0;
}

int FindingsModel::columnCount(const QModelIndex&) const
{
    return 1;
}

QVariant FindingsModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid())
        return {};
    if (index.internalId() == 0) {
        const auto& g = groups_.at(static_cast<std::size_t>(index.row()));
        switch (role) {
        case Qt::DisplayRole:
            return tr("%1 (%2)")
                .arg(g.accepted ? tr("Accepted with a justification") : severityName(g.severity))
                .arg(g.count);
        case Qt::DecorationRole:
            return g.accepted ? QVariant() : QVariant(severityIcon(g.severity));
        case Qt::FontRole: {
            QFont f;
            f.setBold(true);
            return f;
        }
        case GroupKeyRole:
            return g.accepted ? QStringLiteral("accepted") : qs(toString(g.severity));
        default:
            return {};
        }
    }
    if (index.internalId() < (quintptr(1) << FindingShift)) {
        const auto& g = groups_.at(index.internalId() - 1);
        const auto& r = g.rules.at(static_cast<std::size_t>(index.row()));
        switch (role) {
        case Qt::DisplayRole:
            return tr("%1 (%2)").arg(qs(r.rule->title)).arg(r.findings.size());
        case Qt::ToolTipRole:
            return tr("%1: %2").arg(qs(r.rule->id), qs(r.rule->why));
        case RuleRole:
            return qs(r.rule->id);
        case GroupKeyRole:
            return (g.accepted ? QStringLiteral("accepted") : qs(toString(g.severity))) + "/"
                + qs(r.rule->id);
        default:
            return {};
        }
    }
    const auto* f = findingAt(index);
    switch (role) {
    case Qt::DisplayRole:
    case Qt::AccessibleTextRole:
        return qs(f->message);
    case Qt::ToolTipRole:
        return qs(f->fix.empty() ? f->rule->fix : f->fix);
    case SubjectRole:
        return QVariant::fromValue<qlonglong>(f->subject);
    case RuleRole:
        return qs(f->rule->id);
    case AcceptedRole:
        return f->acknowledgement.has_value();
    case DetailRole: {
        auto html = QStringLiteral("<p>%1</p>").arg(qs(f->message).toHtmlEscaped());
        const auto fix = f->fix.empty() ? f->rule->fix : f->fix;
        if (!fix.empty())
            html += tr("<p><b>Fix:</b> %1</p>").arg(qs(fix).toHtmlEscaped());
        if (!f->suggestions.empty()) {
            QStringList verbs;
            for (const auto& v : f->suggestions)
                verbs << qs(v).toHtmlEscaped();
            html += tr("<p><b>Verbs to use instead:</b> %1</p>").arg(verbs.join(", "));
        }
        if (f->acknowledgement)
            html += tr("<p><b>Accepted</b> by %1 on %2: %3</p>")
                        .arg(qs(f->acknowledgement->author).toHtmlEscaped(),
                            qs(f->acknowledgement->createdAt).left(10).toHtmlEscaped(),
                            qs(f->acknowledgement->justification).toHtmlEscaped());
        html += tr("<p style='color:gray'>Rule %1 — %2</p>")
                    .arg(qs(f->rule->id), qs(f->rule->why).toHtmlEscaped());
        return html;
    }
    default:
        return {};
    }
}

} // namespace coursemap::studio
