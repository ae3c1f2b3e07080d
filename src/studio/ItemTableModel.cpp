#include "ItemTableModel.h"

#include "Palette.h"
#include "Session.h"

#include "coursemap/analysis/Catalog.h"
#include "coursemap/model/Fields.h"
#include "coursemap/review/Review.h"

#include <QApplication>
#include <QIODevice>
#include <QMimeData>

#include <tuple>

namespace coursemap::studio {

using nlohmann::json;

namespace {

const char* const IdsMime = "application/x-coursemap-item-ids";

QString label(std::string_view fileName)
{
    auto s = qs(fileName).replace('_', ' ');
    if (!s.isEmpty())
        s[0] = s[0].toUpper();
    return s;
}

template <class E>
std::vector<std::pair<QString, json>> enumChoices(
    bool nullable, const QString& none, QString (*name)(E) = nullptr)
{
    std::vector<std::pair<QString, json>> out;
    if (nullable)
        out.emplace_back(none, json(nullptr));
    const auto names = enumNames<E>();
    for (std::size_t i = 0; i < names.size(); ++i)
        out.emplace_back(name ? name(static_cast<E>(i)) : label(names[i]), json(std::string(names[i])));
    return out;
}

template <class T> json fieldOf(const DocumentData& data, Id id, std::string_view field)
{
    const T* item = data.get<T>(id);
    const auto* f = findField<T>(field);
    return item && f ? f->get(*item) : json();
}

json fieldOf(const DocumentData& data, TableKind kind, Id id, std::string_view field)
{
    switch (kind) {
    case TableKind::Objectives:
        return fieldOf<Objective>(data, id, field);
    case TableKind::Activities:
        return fieldOf<Activity>(data, id, field);
    case TableKind::Assessments:
        return fieldOf<Assessment>(data, id, field);
    }
    return {};
}

Id courseOf(const DocumentData& data, TableKind kind, Id id)
{
    switch (kind) {
    case TableKind::Objectives:
        return data.get<Objective>(id) ? data.get<Objective>(id)->courseId : NoId;
    case TableKind::Activities:
        return data.get<Activity>(id) ? data.get<Activity>(id)->courseId : NoId;
    case TableKind::Assessments:
        return data.get<Assessment>(id) ? data.get<Assessment>(id)->courseId : NoId;
    }
    return NoId;
}

// A count of links, centred, marked when there are none (an untaught objective, an activity teaching
// nothing).
QVariant countCell(int n, int role)
{
    if (role == Qt::DisplayRole)
        return n;
    if (role == Qt::BackgroundRole && n == 0)
        return cell::missing;
    if (role == Qt::TextAlignmentRole)
        return int(Qt::AlignCenter);
    return {};
}

ItemKind itemKind(TableKind kind)
{
    switch (kind) {
    case TableKind::Objectives:
        return ItemKind::Objective;
    case TableKind::Activities:
        return ItemKind::Activity;
    case TableKind::Assessments:
        return ItemKind::Assessment;
    }
    return ItemKind::Objective;
}

} // namespace

// One column: a core field shown and edited as it is, or a value worked out from the map.
struct ItemTableModel::Column
{
    enum Type
    {
        Number, // the row's position
        CourseCode, // the course, when every course is shown
        Field, // a core field: text, number, or one of `choices`
        Check, // a true/false core field, as a check box
        Derived, // worked out, read-only
    };
    Type type;
    QString header;
    QString tip;
    std::string field;
    std::vector<std::pair<QString, json>> choices;
    std::function<QVariant(const ItemTableModel&, Id, int role)> derived = {};
};

ItemTableModel::ItemTableModel(TableKind kind, QObject* parent)
    : QAbstractTableModel(parent)
    , kind_(kind)
{ }

ItemTableModel::~ItemTableModel() = default;

void ItemTableModel::setSession(Session* session)
{
    if (session_)
        disconnect(session_, nullptr, this, nullptr);
    session_ = session;
    courseId_ = NoId;
    if (session_)
        connect(session_, &Session::changed, this, &ItemTableModel::onChanged);
    reload();
}

void ItemTableModel::setCourse(Id courseId)
{
    if (courseId == courseId_ && !columns_.empty())
        return;
    courseId_ = courseId;
    reload();
}

void ItemTableModel::reload()
{
    beginResetModel();
    rows_.clear();
    rowOf_.clear();
    analyses_.clear();
    linkCounts_.clear();
    columns_.clear();
    if (session_) {
        const auto& data = session_->data();
        // In course order, then in order within the course: one pass over the items, then a sort.
        std::unordered_map<Id, int> courseOrder;
        for (const auto* c : data.courses())
            courseOrder.emplace(c->id, c->order);
        std::vector<std::tuple<int, Id, int, Id>> keyed; // course order, course, order, id
        auto collect = [&](const auto& items) {
            for (const auto& [id, item] : items)
                if (courseId_ == NoId ? courseOrder.contains(item.courseId) : item.courseId == courseId_)
                    keyed.emplace_back(
                        courseId_ == NoId ? courseOrder.at(item.courseId) : 0, item.courseId, item.order, id);
        };
        switch (kind_) {
        case TableKind::Objectives:
            collect(data.all<Objective>());
            break;
        case TableKind::Activities:
            collect(data.all<Activity>());
            break;
        case TableKind::Assessments:
            collect(data.all<Assessment>());
            break;
        }
        std::sort(keyed.begin(), keyed.end());
        rows_.reserve(keyed.size());
        for (const auto& key : keyed)
            rows_.push_back(std::get<3>(key));
        for (std::size_t i = 0; i < rows_.size(); ++i)
            rowOf_[rows_[i]] = static_cast<int>(i);
        if (kind_ != TableKind::Objectives)
            for (const auto& [key, link] : data.links())
                if (key.kind != LinkKind::Maps && rowOf_.contains(key.targetId))
                    ++linkCounts_[key.targetId];
    }

    // Review: set in the review panel, where each change is recorded with who, when and why.
    auto status = Column { Column::Derived, tr("Status"), tr("Review status: set it in the Review panel"), {},
        {}, [](const ItemTableModel& m, Id id, int role) -> QVariant {
            const auto value = reviewStatus(m.session_->data(), id);
            if (!value)
                return {};
            if (role == Qt::DisplayRole || role == Qt::AccessibleTextRole)
                return statusName(*value);
            if (role == Qt::BackgroundRole && *value != ReviewStatus::Draft)
                return statusColor(*value);
            if (role == Qt::ToolTipRole) {
                const auto history = m.session_->data().statusHistory(id);
                if (history.empty())
                    return tr("%1. Set it in the Review panel.").arg(statusName(*value));
                return tr("%1 by %2, %3")
                    .arg(statusName(history.back()->status), qs(history.back()->author),
                        qs(history.back()->createdAt.substr(0, 10)));
            }
            return {};
        } };
    auto comments
        = Column { Column::Derived, tr("Comments"), tr("Open comment threads: read them in the Review panel"),
              {}, {}, [](const ItemTableModel& m, Id id, int role) -> QVariant {
                  const int n = openThreadCount(m.session_->data(), id);
                  if (n == 0)
                      return {};
                  if (role == Qt::DisplayRole)
                      return n;
                  if (role == Qt::ToolTipRole)
                      return n == 1 ? tr("1 open comment thread: see the Review panel")
                                    : tr("%1 open comment threads: see the Review panel").arg(n);
                  if (role == Qt::BackgroundRole)
                      return QColor(0xFF, 0xF9, 0xC4);
                  if (role == Qt::TextAlignmentRole)
                      return int(Qt::AlignCenter);
                  return {};
              } };
    auto number = Column { Column::Number, tr("#"), tr("Position in the course"), {}, {} };
    auto course = Column { Column::CourseCode, tr("Course"), {}, {}, {} };
    columns_.push_back(number);
    if (courseId_ == NoId)
        columns_.push_back(course);
    switch (kind_) {
    case TableKind::Objectives: {
        columns_.push_back({ Column::Field, tr("Objective"),
            tr("What learners can do at the end: one measurable verb and its object"), "text", {} });
        columns_.push_back({ Column::Derived, tr("Verb"), tr("The action verb the studio reads"), {}, {},
            [](const ItemTableModel& m, Id id, int role) -> QVariant {
                const auto& a = m.analysis(id);
                if (role == Qt::DisplayRole)
                    return qs(a.verb);
                if (role == Qt::ToolTipRole)
                    return a.measurable() ? tr("Measurable verb") : tr("Not a measurable verb");
                if (role == Qt::ForegroundRole && !a.measurable())
                    return QColor(0xC6, 0x28, 0x28);
                return {};
            } });
        auto bloom = Column { Column::Field, tr("Bloom"),
            tr("The cognitive level the verb asks for (Bloom's revised taxonomy); choose one to override it"),
            "bloom_override", enumChoices<BloomLevel>(true, tr("As detected"), &bloomName) };
        bloom.derived = [](const ItemTableModel& m, Id id, int role) -> QVariant {
            const auto* o = m.session_->data().get<Objective>(id);
            const auto& a = m.analysis(id);
            const auto level = o && o->bloomOverride ? o->bloomOverride : a.bloom;
            switch (role) {
            case Qt::DisplayRole:
                return level ? bloomName(*level) : QVariant();
            case BadgeRole:
            case Qt::BackgroundRole:
                return level ? QVariant(bloomColor(*level)) : QVariant();
            case Qt::ToolTipRole:
                return o && o->bloomOverride ? tr("Set by the author (the verb reads as %1)")
                                                   .arg(a.bloom ? bloomName(*a.bloom) : tr("no level"))
                                             : tr("Detected from the verb");
            default:
                return {};
            }
        };
        columns_.push_back(bloom);
        columns_.push_back(
            { Column::Field, tr("Miller target"), tr("The level of Miller's pyramid learners should reach"),
                "miller_target", enumChoices<MillerLevel>(true, tr("Not set"), &millerName) });
        for (auto [kind, header, tip] :
            { std::tuple { LinkKind::Teaches, tr("Taught"), tr("Activities teaching it") },
                std::tuple { LinkKind::Assesses, tr("Assessed"), tr("Assessments assessing it") } })
            columns_.push_back({ Column::Derived, header, tip, {}, {},
                [kind](const ItemTableModel& m, Id id, int role) -> QVariant {
                    int n = 0;
                    for (const auto* l : m.session_->data().linksOf(id))
                        n += l->key.kind == kind;
                    return countCell(n, role);
                } });
        break;
    }
    case TableKind::Activities: {
        std::vector<std::pair<QString, json>> methods { { tr("Not set"), json("") } };
        for (const auto& m : instructionalMethods())
            methods.emplace_back(tr("%1 %2").arg(qs(m.code), qs(m.name)), json(m.code));
        columns_.push_back({ Column::Field, tr("Activity"), tr("The session's title"), "title", {} });
        columns_.push_back(
            { Column::Field, tr("Method"), tr("AAMC instructional method"), "method", methods });
        columns_.push_back({ Column::Field, tr("Learning type"), tr("Laurillard's six learning types"),
            "learning_type", enumChoices<LearningType>(true, tr("Not set"), &learningTypeName) });
        columns_.push_back({ Column::Field, tr("Week"), {}, "week", {} });
        columns_.push_back({ Column::Field, tr("Minutes"), {}, "minutes", {} });
        columns_.push_back({ Column::Check, tr("IPE"),
            tr("Interprofessional: learners of several professions"), "interprofessional", {} });
        columns_.push_back(
            { Column::Check, tr("Required"), tr("Every learner of the course attends it"), "required", {} });
        columns_.push_back({ Column::Field, tr("MeSH keywords"),
            tr("MeSH descriptors as id and name, separated by semicolons: D006333 Heart Failure"), "keywords",
            {} });
        columns_.push_back({ Column::Field, tr("Resource types"),
            tr("AAMC resource types, separated by semicolons: RE005; RE021"), "resource_types", {} });
        break;
    }
    case TableKind::Assessments: {
        std::vector<std::pair<QString, json>> methods { { tr("Not set"), json("") } };
        for (const auto& m : assessmentMethods())
            if (!m.retired)
                methods.emplace_back(tr("%1 %2").arg(qs(m.code), qs(m.name)), json(m.code));
        columns_.push_back({ Column::Field, tr("Assessment"), tr("The assessment's title"), "title", {} });
        columns_.push_back({ Column::Field, tr("Method"), tr("AAMC assessment method"), "method", methods });
        columns_.push_back(
            { Column::Check, tr("Summative"), tr("Counts towards the grade"), "summative", {} });
        columns_.push_back(
            { Column::Field, tr("Weight %"), tr("Percent of the course grade"), "weight", {} });
        columns_.push_back({ Column::Field, tr("Week"), {}, "week", {} });
        columns_.push_back({ Column::Field, tr("Minutes"), tr("How long learners sit it"), "minutes", {} });
        columns_.push_back(
            { Column::Check, tr("Required"), tr("Every learner of the course sits it"), "required", {} });
        columns_.push_back({ Column::Field, tr("MeSH keywords"),
            tr("MeSH descriptors as id and name, separated by semicolons: D006333 Heart Failure"), "keywords",
            {} });
        columns_.push_back({ Column::Field, tr("Resource types"),
            tr("AAMC resource types, separated by semicolons: RE005; RE021"), "resource_types", {} });
        break;
    }
    }
    if (kind_ != TableKind::Objectives)
        columns_.push_back({ Column::Derived, tr("Objectives"), tr("Objectives linked to it"), {}, {},
            [](const ItemTableModel& m, Id id, int role) -> QVariant {
                return countCell(m.linkCount(id), role);
            } });
    columns_.push_back(status);
    columns_.push_back(comments);
    endResetModel();
}

void ItemTableModel::onChanged(const Change& change)
{
    bool reset = !change.links.empty() && kind_ != TableKind::Objectives;
    std::vector<int> changedRows;
    for (const auto& c : change.items) {
        if (c.kind() == ItemKind::Course && (c.added() || c.removed()))
            reset = true;
        if (c.kind() == ItemKind::Comment) // the comment count of the row it is about
            if (const auto it = rowOf_.find(std::get<Comment>(c.after ? *c.after : *c.before).itemId);
                it != rowOf_.end())
                changedRows.push_back(it->second);
        if (c.kind() != itemKind(kind_))
            continue;
        analyses_.erase(c.id());
        const auto it = rowOf_.find(c.id());
        const Id course = c.after ? courseOf(session_->data(), kind_, c.id()) : NoId;
        const bool belongs = c.after && (courseId_ == NoId || course == courseId_);
        if (c.added() || c.removed() || it == rowOf_.end() || !belongs)
            reset |= belongs || it != rowOf_.end();
        else if (const auto fields = c.changedFields();
                 std::find(fields.begin(), fields.end(), "ord") != fields.end())
            reset = true;
        else
            changedRows.push_back(it->second);
    }
    for (const auto& l : change.links)
        if (const auto it = rowOf_.find(l.key().objectiveId); it != rowOf_.end())
            changedRows.push_back(it->second);
    if (reset) {
        reload();
        return;
    }
    for (int row : changedRows)
        emit dataChanged(index(row, 0), index(row, columnCount() - 1));
}

const ObjectiveAnalysis& ItemTableModel::analysis(Id id) const
{
    auto it = analyses_.find(id);
    if (it == analyses_.end()) {
        const auto* o = session_->data().get<Objective>(id);
        it = analyses_.emplace(id, analyzeObjective(o ? o->text : std::string())).first;
    }
    return it->second;
}

int ItemTableModel::linkCount(Id id) const
{
    const auto it = linkCounts_.find(id);
    return it == linkCounts_.end() ? 0 : it->second;
}

Id ItemTableModel::idAt(int row) const
{
    return row >= 0 && row < static_cast<int>(rows_.size()) ? rows_[static_cast<std::size_t>(row)] : NoId;
}

int ItemTableModel::rowOf(Id id) const
{
    const auto it = rowOf_.find(id);
    return it == rowOf_.end() ? -1 : it->second;
}

int ItemTableModel::mainColumn() const
{
    return courseId_ == NoId ? 2 : 1;
}

int ItemTableModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(rows_.size());
}

int ItemTableModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(columns_.size());
}

QVariant ItemTableModel::data(const QModelIndex& index, int role) const
{
    if (!session_ || !index.isValid() || index.row() >= static_cast<int>(rows_.size()))
        return {};
    const Id id = rows_[static_cast<std::size_t>(index.row())];
    const auto& col = columns_.at(static_cast<std::size_t>(index.column()));
    const auto& data = session_->data();
    if (role == IdRole)
        return QVariant::fromValue<qlonglong>(id);
    switch (col.type) {
    case Column::Number: {
        if (role == Qt::DisplayRole) {
            const auto order = fieldOf(data, kind_, id, "ord");
            return courseId_ == NoId ? QVariant(order.get<int>() + 1) : QVariant(index.row() + 1);
        }
        if (role == Qt::TextAlignmentRole)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    }
    case Column::CourseCode: {
        if (role != Qt::DisplayRole)
            return {};
        const auto* c = data.get<Course>(courseOf(data, kind_, id));
        return c ? qs(c->code) : QVariant();
    }
    case Column::Derived:
        return col.derived(*this, id, role);
    case Column::Check: {
        if (role == Qt::CheckStateRole)
            return fieldOf(data, kind_, id, col.field).get<bool>() ? Qt::Checked : Qt::Unchecked;
        if (role == Qt::ToolTipRole)
            return col.tip;
        return {};
    }
    case Column::Field:
        break;
    }
    if (col.derived)
        if (auto v = col.derived(*this, id, role); v.isValid() || role == Qt::DisplayRole)
            return v;
    const auto value = fieldOf(data, kind_, id, col.field);
    switch (role) {
    case Qt::DisplayRole:
    case Qt::ToolTipRole:
    case Qt::AccessibleTextRole:
        if (!col.choices.empty()) {
            for (const auto& [text, v] : col.choices)
                if (v == value)
                    return text;
            return qs(value.is_string() ? value.get<std::string>() : value.dump());
        }
        if (value.is_string())
            return qs(value.get<std::string>());
        if (value.is_number_integer())
            return static_cast<qlonglong>(value.get<std::int64_t>());
        if (value.is_number())
            return value.get<double>();
        return {};
    case Qt::EditRole:
        if (value.is_string())
            return qs(value.get<std::string>());
        if (value.is_null())
            return QString();
        return qs(value.dump());
    case JsonRole:
        return qs(value.dump());
    case ChoicesRole: {
        if (col.choices.empty())
            return {};
        QVariantList list;
        for (const auto& [text, v] : col.choices)
            list.push_back(QVariantMap { { "label", text }, { "value", qs(v.dump()) } });
        return list;
    }
    default:
        return {};
    }
}

QVariant ItemTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= static_cast<int>(columns_.size()))
        return QAbstractTableModel::headerData(section, orientation, role);
    const auto& col = columns_[static_cast<std::size_t>(section)];
    if (role == Qt::DisplayRole)
        return col.header;
    if (role == Qt::ToolTipRole && !col.tip.isEmpty())
        return col.tip;
    return {};
}

Qt::ItemFlags ItemTableModel::flags(const QModelIndex& index) const
{
    const bool reorder = session_ && !session_->readOnly() && courseId_ != NoId;
    if (!index.isValid())
        return reorder ? Qt::ItemIsDropEnabled : Qt::NoItemFlags;
    auto f = Qt::ItemIsEnabled | Qt::ItemIsSelectable;
    if (reorder)
        f |= Qt::ItemIsDragEnabled;
    if (!session_ || session_->readOnly())
        return f;
    const auto& col = columns_.at(static_cast<std::size_t>(index.column()));
    if (col.type == Column::Field)
        f |= Qt::ItemIsEditable;
    if (col.type == Column::Check)
        f |= Qt::ItemIsUserCheckable;
    return f;
}

bool ItemTableModel::setData(const QModelIndex& index, const QVariant& value, int role)
{
    if (!session_ || !index.isValid())
        return false;
    const Id id = idAt(index.row());
    const auto& col = columns_.at(static_cast<std::size_t>(index.column()));
    if (col.type == Column::Check && role == Qt::CheckStateRole)
        return session_->apply(UpdateField { id, col.field, value.toInt() == Qt::Checked });
    if (col.type != Column::Field)
        return false;
    json v;
    if (role == JsonRole) {
        v = json::parse(value.toString().toStdString(), nullptr, false);
        if (v.is_discarded())
            return false;
    } else if (role == Qt::EditRole) {
        const auto current = fieldOf(session_->data(), kind_, id, col.field);
        const QString text = value.toString();
        if (current.is_string()) {
            v = text.toStdString();
        } else if (text.trimmed().isEmpty()) {
            v = nullptr; // the core says whether the field may be empty
        } else {
            bool ok = false;
            const double x = text.trimmed().toDouble(&ok);
            if (!ok) {
                emit session_->failed(tr("%1 must be a number; \"%2\" is not one.").arg(col.header, text));
                return false;
            }
            v = x == static_cast<double>(static_cast<std::int64_t>(x)) && !text.contains('.')
                ? json(static_cast<std::int64_t>(x))
                : json(x);
        }
    } else {
        return false;
    }
    if (v == fieldOf(session_->data(), kind_, id, col.field))
        return true;
    return session_->apply(UpdateField { id, col.field, v });
}

Qt::DropActions ItemTableModel::supportedDropActions() const
{
    return Qt::MoveAction;
}

QStringList ItemTableModel::mimeTypes() const
{
    return { IdsMime };
}

QMimeData* ItemTableModel::mimeData(const QModelIndexList& indexes) const
{
    QByteArray bytes;
    for (const auto& i : indexes)
        if (i.column() == 0)
            bytes += QByteArray::number(static_cast<qlonglong>(idAt(i.row()))) + ' ';
    auto* mime = new QMimeData;
    mime->setData(IdsMime, bytes);
    return mime;
}

bool ItemTableModel::dropMimeData(
    const QMimeData* data, Qt::DropAction action, int row, int, const QModelIndex& parent)
{
    if (action != Qt::MoveAction || !data->hasFormat(IdsMime) || courseId_ == NoId || !session_)
        return false;
    if (row < 0)
        row = parent.isValid() ? parent.row() : rowCount();
    const auto ids = data->data(IdsMime).split(' ');
    if (ids.isEmpty())
        return false;
    const Id id = ids.front().toLongLong();
    const int from = rowOf(id);
    if (from < 0)
        return false;
    // Dropped before `row`: once the item leaves its place, rows below it move up by one.
    const int to = from < row ? row - 1 : row;
    if (to != from)
        session_->apply(MoveItem { id, to });
    return false; // the model reorders itself on the change; the view must not remove the dragged row
}

} // namespace coursemap::studio
