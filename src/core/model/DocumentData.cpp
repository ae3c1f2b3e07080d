#include "coursemap/model/DocumentData.h"

#include <algorithm>
#include <utility>

namespace coursemap {

namespace {
template <class T, class Pred> std::vector<const T*> ordered(const std::map<Id, T>& items, Pred keep)
{
    std::vector<const T*> out;
    for (const auto& [id, item] : items)
        if (keep(item))
            out.push_back(&item);
    std::stable_sort(out.begin(), out.end(), [](const T* a, const T* b) { return a->order < b->order; });
    return out;
}

template <class T> std::vector<Id> idsOf(const std::vector<const T*>& items)
{
    std::vector<Id> out;
    out.reserve(items.size());
    for (const T* item : items)
        out.push_back(item->id);
    return out;
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

std::vector<const Framework*> DocumentData::frameworks() const
{
    return ordered(frameworks_, [](const Framework&) { return true; });
}

std::vector<const Course*> DocumentData::courses() const
{
    return ordered(courses_, [](const Course&) { return true; });
}

std::vector<const Competency*> DocumentData::competenciesOf(Id frameworkId, Id parentId) const
{
    return ordered(competencies_,
        [&](const Competency& c) { return c.frameworkId == frameworkId && c.parentId == parentId; });
}

std::vector<const Objective*> DocumentData::objectivesOf(Id courseId) const
{
    return ordered(objectives_, [&](const Objective& o) { return o.courseId == courseId; });
}

std::vector<const Activity*> DocumentData::activitiesOf(Id courseId) const
{
    return ordered(activities_, [&](const Activity& a) { return a.courseId == courseId; });
}

std::vector<const Assessment*> DocumentData::assessmentsOf(Id courseId) const
{
    return ordered(assessments_, [&](const Assessment& a) { return a.courseId == courseId; });
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
    return ordered(courses_, [&](const Course& c) { return c.parentCourseId == courseId; });
}

std::vector<Id> DocumentData::siblingsOf(const Item& item) const
{
    return std::visit(
        [&](const auto& i) -> std::vector<Id> {
            using T = std::decay_t<decltype(i)>;
            if constexpr (std::is_same_v<T, Framework>)
                return idsOf(frameworks());
            else if constexpr (std::is_same_v<T, Course>)
                return idsOf(courses());
            else if constexpr (std::is_same_v<T, Competency>)
                return idsOf(competenciesOf(i.frameworkId, i.parentId));
            else if constexpr (std::is_same_v<T, Objective>)
                return idsOf(objectivesOf(i.courseId));
            else if constexpr (std::is_same_v<T, Activity>)
                return idsOf(activitiesOf(i.courseId));
            else if constexpr (std::is_same_v<T, Assessment>)
                return idsOf(assessmentsOf(i.courseId));
            else
                return {};
        },
        item);
}

void DocumentData::put(const Item& item)
{
    const Id id = idOf(item);
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
