#include "coursemap/model/DocumentData.h"

#include <algorithm>
#include <utility>

namespace coursemap {

namespace {
int orderOf(const Item& item)
{
    return std::visit(
        [](const auto& i) -> int {
            if constexpr (requires { i.order; })
                return i.order;
            else
                return 0;
        },
        item);
}
}

template <> const std::map<Id, Framework>& DocumentData::all<Framework>() const
{
    return frameworks_;
}
template <> const std::map<Id, Competency>& DocumentData::all<Competency>() const
{
    return competencies_;
}
template <> const std::map<Id, Course>& DocumentData::all<Course>() const
{
    return courses_;
}
template <> const std::map<Id, Objective>& DocumentData::all<Objective>() const
{
    return objectives_;
}
template <> const std::map<Id, Activity>& DocumentData::all<Activity>() const
{
    return activities_;
}
template <> const std::map<Id, Assessment>& DocumentData::all<Assessment>() const
{
    return assessments_;
}
template <> const std::map<Id, Comment>& DocumentData::all<Comment>() const
{
    return comments_;
}

template <> const std::map<Id, Acknowledgement>& DocumentData::all<Acknowledgement>() const
{
    return acknowledgements_;
}
template <> const std::map<Id, StatusChange>& DocumentData::all<StatusChange>() const
{
    return statusChanges_;
}

template <> const std::map<Id, Association>& DocumentData::all<Association>() const
{
    return associations_;
}

template <class T> std::map<Id, T>& DocumentData::mutableAll()
{
    return const_cast<std::map<Id, T>&>(std::as_const(*this).all<T>());
}

std::optional<ItemKind> DocumentData::kindOf(Id id) const
{
    auto it = kindById_.find(id);
    if (it == kindById_.end())
        return std::nullopt;
    return it->second;
}

std::optional<Item> DocumentData::item(Id id) const
{
    const auto kind = kindOf(id);
    if (!kind)
        return std::nullopt;
    switch (*kind) {
    case ItemKind::Program:
        return program_;
    case ItemKind::Framework:
        return frameworks_.at(id);
    case ItemKind::Competency:
        return competencies_.at(id);
    case ItemKind::Course:
        return courses_.at(id);
    case ItemKind::Objective:
        return objectives_.at(id);
    case ItemKind::Activity:
        return activities_.at(id);
    case ItemKind::Assessment:
        return assessments_.at(id);
    case ItemKind::Comment:
        return comments_.at(id);
    case ItemKind::Acknowledgement:
        return acknowledgements_.at(id);
    case ItemKind::StatusChange:
        return statusChanges_.at(id);
    case ItemKind::Association:
        return associations_.at(id);
    }
    return std::nullopt;
}

const Link* DocumentData::link(const LinkKey& key) const
{
    auto it = links_.find(key);
    return it == links_.end() ? nullptr : &it->second;
}

std::vector<const Link*> DocumentData::linksOf(Id objectiveId) const
{
    std::vector<const Link*> out;
    for (auto kind : { LinkKind::Teaches, LinkKind::Assesses, LinkKind::Maps })
        for (auto it = links_.lower_bound({ kind, objectiveId, NoId });
             it != links_.end() && it->first.kind == kind && it->first.objectiveId == objectiveId; ++it)
            out.push_back(&it->second);
    return out;
}

std::vector<const Link*> DocumentData::linksTo(Id targetId) const
{
    std::vector<const Link*> out;
    for (const auto& [key, link] : links_)
        if (key.targetId == targetId)
            out.push_back(&link);
    return out;
}

template <class T> std::vector<const T*> DocumentData::inOrder(const OrderIndex* index) const
{
    std::vector<const T*> out;
    if (!index)
        return out;
    out.reserve(index->size());
    const auto& items = all<T>();
    for (const auto& [order, id] : *index)
        out.push_back(&items.find(id)->second);
    return out;
}

namespace {
template <class Key>
const std::set<std::pair<int, Id>>* indexAt(
    const std::map<Key, std::set<std::pair<int, Id>>>& indexes, const Key& key)
{
    const auto it = indexes.find(key);
    return it == indexes.end() ? nullptr : &it->second;
}
}

std::vector<const Framework*> DocumentData::frameworks() const
{
    return inOrder<Framework>(&frameworkOrder_);
}

std::vector<const Course*> DocumentData::courses() const
{
    return inOrder<Course>(&courseOrder_);
}

std::vector<const Competency*> DocumentData::competenciesOf(Id frameworkId, Id parentId) const
{
    return inOrder<Competency>(indexAt(competenciesByParent_, std::pair { frameworkId, parentId }));
}

std::vector<const Objective*> DocumentData::objectivesOf(Id courseId) const
{
    return inOrder<Objective>(indexAt(objectivesByCourse_, courseId));
}

std::vector<const Activity*> DocumentData::activitiesOf(Id courseId) const
{
    return inOrder<Activity>(indexAt(activitiesByCourse_, courseId));
}

std::vector<const Assessment*> DocumentData::assessmentsOf(Id courseId) const
{
    return inOrder<Assessment>(indexAt(assessmentsByCourse_, courseId));
}

std::vector<const Comment*> DocumentData::commentsOn(Id itemId) const
{
    std::vector<const Comment*> out;
    for (const auto& [id, c] : comments_)
        if (c.itemId == itemId)
            out.push_back(&c);
    return out;
}

std::vector<const StatusChange*> DocumentData::statusHistory(Id itemId) const
{
    std::vector<const StatusChange*> out;
    for (const auto& [id, s] : statusChanges_)
        if (s.itemId == itemId)
            out.push_back(&s);
    return out;
}

std::vector<const Association*> DocumentData::associationsOf(Id competencyId) const
{
    std::vector<const Association*> out;
    for (const auto& [id, a] : associations_)
        if (a.competencyId == competencyId)
            out.push_back(&a);
    return out;
}

std::vector<const Course*> DocumentData::coursesWithin(Id courseId) const
{
    std::vector<const Course*> out;
    for (const auto* c : courses())
        if (c->parentCourseId == courseId)
            out.push_back(c);
    return out;
}

const DocumentData::OrderIndex* DocumentData::siblingIndex(const Item& item) const
{
    return std::visit(
        [&](const auto& i) -> const OrderIndex* {
            using T = std::decay_t<decltype(i)>;
            if constexpr (std::is_same_v<T, Framework>)
                return &frameworkOrder_;
            else if constexpr (std::is_same_v<T, Course>)
                return &courseOrder_;
            else if constexpr (std::is_same_v<T, Competency>)
                return indexAt(competenciesByParent_, std::pair { i.frameworkId, i.parentId });
            else if constexpr (std::is_same_v<T, Objective>)
                return indexAt(objectivesByCourse_, i.courseId);
            else if constexpr (std::is_same_v<T, Activity>)
                return indexAt(activitiesByCourse_, i.courseId);
            else if constexpr (std::is_same_v<T, Assessment>)
                return indexAt(assessmentsByCourse_, i.courseId);
            else
                return nullptr;
        },
        item);
}

DocumentData::OrderIndex* DocumentData::siblingIndex(const Item& item, bool create)
{
    if (!create)
        return const_cast<OrderIndex*>(std::as_const(*this).siblingIndex(item));
    return std::visit(
        [&](const auto& i) -> OrderIndex* {
            using T = std::decay_t<decltype(i)>;
            if constexpr (std::is_same_v<T, Framework>)
                return &frameworkOrder_;
            else if constexpr (std::is_same_v<T, Course>)
                return &courseOrder_;
            else if constexpr (std::is_same_v<T, Competency>)
                return &competenciesByParent_[{ i.frameworkId, i.parentId }];
            else if constexpr (std::is_same_v<T, Objective>)
                return &objectivesByCourse_[i.courseId];
            else if constexpr (std::is_same_v<T, Activity>)
                return &activitiesByCourse_[i.courseId];
            else if constexpr (std::is_same_v<T, Assessment>)
                return &assessmentsByCourse_[i.courseId];
            else
                return nullptr;
        },
        item);
}

std::vector<Id> DocumentData::siblingsOf(const Item& item) const
{
    std::vector<Id> out;
    if (const auto* index = siblingIndex(item)) {
        out.reserve(index->size());
        for (const auto& [order, id] : *index)
            out.push_back(id);
    }
    return out;
}

int DocumentData::orderAfterSiblings(const Item& item) const
{
    const auto* index = siblingIndex(item);
    return index && !index->empty() ? index->rbegin()->first + 1 : 0;
}

void DocumentData::unindex(Id id)
{
    const auto kind = kindOf(id);
    if (!kind)
        return;
    const auto drop = [id]<class Key>(std::map<Key, OrderIndex>& indexes, const Key& key, int order) {
        if (const auto it = indexes.find(key); it != indexes.end()) {
            it->second.erase({ order, id });
            if (it->second.empty())
                indexes.erase(it);
        }
    };
    switch (*kind) {
    case ItemKind::Framework:
        frameworkOrder_.erase({ frameworks_.at(id).order, id });
        break;
    case ItemKind::Course:
        courseOrder_.erase({ courses_.at(id).order, id });
        break;
    case ItemKind::Competency: {
        const auto& c = competencies_.at(id);
        drop(competenciesByParent_, std::pair { c.frameworkId, c.parentId }, c.order);
        break;
    }
    case ItemKind::Objective:
        drop(objectivesByCourse_, objectives_.at(id).courseId, objectives_.at(id).order);
        break;
    case ItemKind::Activity:
        drop(activitiesByCourse_, activities_.at(id).courseId, activities_.at(id).order);
        break;
    case ItemKind::Assessment:
        drop(assessmentsByCourse_, assessments_.at(id).courseId, assessments_.at(id).order);
        break;
    default:
        break;
    }
}

void DocumentData::put(const Item& item)
{
    const Id id = idOf(item);
    // An id read again may now name a record of another kind (another program removed the old one and
    // gave its id to something else): whatever was held under the id goes, whatever its kind.
    if (const auto held = kindOf(id); held && *held != coursemap::kindOf(item))
        erase(id);
    unindex(id);
    if (auto* index = siblingIndex(item, true))
        index->emplace(orderOf(item), id);
    std::visit(
        [&](const auto& i) {
            using T = std::decay_t<decltype(i)>;
            if constexpr (std::is_same_v<T, Program>)
                program_ = i;
            else
                mutableAll<T>()[id] = i;
        },
        item);
    kindById_[id] = coursemap::kindOf(item);
    maxId_ = std::max(maxId_, id);
}

void DocumentData::erase(Id id)
{
    const auto kind = kindOf(id);
    if (!kind)
        return;
    unindex(id);
    switch (*kind) {
    case ItemKind::Program:
        program_ = Program {};
        break;
    case ItemKind::Framework:
        frameworks_.erase(id);
        break;
    case ItemKind::Competency:
        competencies_.erase(id);
        break;
    case ItemKind::Course:
        courses_.erase(id);
        break;
    case ItemKind::Objective:
        objectives_.erase(id);
        break;
    case ItemKind::Activity:
        activities_.erase(id);
        break;
    case ItemKind::Assessment:
        assessments_.erase(id);
        break;
    case ItemKind::Comment:
        comments_.erase(id);
        break;
    case ItemKind::Acknowledgement:
        acknowledgements_.erase(id);
        break;
    case ItemKind::StatusChange:
        statusChanges_.erase(id);
        break;
    case ItemKind::Association:
        associations_.erase(id);
        break;
    }
    kindById_.erase(id);
    // maxId_ stays: ids are never reused within a document's life in memory.
}

bool DocumentData::operator==(const DocumentData& other) const
{
    return program_ == other.program_ && frameworks_ == other.frameworks_
        && competencies_ == other.competencies_ && courses_ == other.courses_
        && objectives_ == other.objectives_ && activities_ == other.activities_
        && assessments_ == other.assessments_ && comments_ == other.comments_
        && acknowledgements_ == other.acknowledgements_ && statusChanges_ == other.statusChanges_
        && associations_ == other.associations_ && links_ == other.links_;
}

void DocumentData::putLink(const Link& link)
{
    links_[link.key] = link;
}

void DocumentData::eraseLink(const LinkKey& key)
{
    links_.erase(key);
}

} // namespace coursemap
