#include "coursemap/model/Validation.h"

#include "coursemap/model/Fields.h"

#include <map>
#include <set>

namespace coursemap {

Problem itemProblem(const Item& item)
{
    return std::visit(
        [](const auto& i) -> Problem {
            using T = std::decay_t<decltype(i)>;
            T copy = i;
            for (const auto& field : fieldsOf<T>())
                if (auto message = field.set(copy, field.get(i)); !message.empty())
                    return { std::string(field.name), message };
            return {};
        },
        item);
}

Problem parentProblem(const DocumentData& data, const Item& item)
{
    auto isKind = [&](Id id, ItemKind kind) { return data.kindOf(id) == kind; };
    return std::visit(
        [&](const auto& i) -> Problem {
            using T = std::decay_t<decltype(i)>;
            if constexpr (std::is_same_v<T,
                              Objective> || std::is_same_v<T, Activity> || std::is_same_v<T, Assessment>) {
                if (!isKind(i.courseId, ItemKind::Course))
                    return { "course_id", "must be the id of a course in this map" };
            } else if constexpr (std::is_same_v<T, Competency>) {
                if (!isKind(i.frameworkId, ItemKind::Framework))
                    return { "framework_id", "must be the id of a framework in this map" };
                if (i.parentId != NoId) {
                    const auto* parent = data.get<Competency>(i.parentId);
                    if (!parent || parent->frameworkId != i.frameworkId)
                        return { "parent_id", "must be a competency of the same framework, or null" };
                    // Walk up to refuse cycles (a competency inside itself).
                    for (Id up = parent->id; up != NoId;) {
                        if (up == i.id)
                            return { "parent_id", "would put the competency inside itself" };
                        const auto* c = data.get<Competency>(up);
                        up = c ? c->parentId : NoId;
                    }
                }
            } else if constexpr (std::is_same_v<T, Comment>) {
                if (!data.contains(i.itemId))
                    return { "item_id", "must be the id of an item in this map" };
                if (i.targetId != NoId) {
                    const auto target = data.kindOf(i.targetId);
                    if (!isKind(i.itemId, ItemKind::Objective)
                        || (target != ItemKind::Activity && target != ItemKind::Assessment
                            && target != ItemKind::Competency))
                        return { "target_id",
                            "must be the activity, assessment or competency an objective is linked to, or "
                            "null" };
                }
                if (i.parentId != NoId) {
                    const auto* parent = data.get<Comment>(i.parentId);
                    if (!parent || parent->itemId != i.itemId || parent->targetId != i.targetId)
                        return { "parent_id", "must be a comment on the same item, or null" };
                }
            } else if constexpr (std::is_same_v<T, Course>) {
                if (i.parentCourseId != NoId) {
                    if (!isKind(i.parentCourseId, ItemKind::Course))
                        return { "parent_course_id",
                            "must be the id of another course in this map, or null" };
                    // Walk up to refuse cycles (a course within itself).
                    std::set<Id> seen;
                    for (Id up = i.parentCourseId; up != NoId;) {
                        if (up == i.id || !seen.insert(up).second)
                            return { "parent_course_id", "would put the course within itself" };
                        const auto* c = data.get<Course>(up);
                        up = c ? c->parentCourseId : NoId;
                    }
                }
            } else if constexpr (std::is_same_v<T, Association>) {
                if (!isKind(i.competencyId, ItemKind::Competency))
                    return { "competency_id", "must be the id of a competency in this map" };
            } else if constexpr (std::is_same_v<T, Acknowledgement>) {
                if (!data.contains(i.itemId))
                    return { "item_id", "must be the id of an item in this map" };
            } else if constexpr (std::is_same_v<T, StatusChange>) {
                const auto kind = data.kindOf(i.itemId);
                if (kind != ItemKind::Course && kind != ItemKind::Objective && kind != ItemKind::Activity
                    && kind != ItemKind::Assessment)
                    return { "item_id", "must be the id of a course, objective, activity or assessment" };
            }
            return {};
        },
        item);
}

Problem linkProblem(const DocumentData& data, const Link& link)
{
    const auto* objective = data.get<Objective>(link.key.objectiveId);
    if (!objective)
        return { "objective", "must be the id of an objective in this map" };
    switch (link.key.kind) {
    case LinkKind::Teaches: {
        const auto* activity = data.get<Activity>(link.key.targetId);
        if (!activity)
            return { "target", "must be the id of a teaching activity" };
        if (activity->courseId != objective->courseId)
            return { "target", "must be a teaching activity of the objective's own course" };
        if (link.share || link.contribution)
            return { "", "a teaching link has neither a share nor a contribution level" };
        break;
    }
    case LinkKind::Assesses: {
        const auto* assessment = data.get<Assessment>(link.key.targetId);
        if (!assessment)
            return { "target", "must be the id of an assessment" };
        if (assessment->courseId != objective->courseId)
            return { "target", "must be an assessment of the objective's own course" };
        if (link.share && (!(*link.share >= 0) || *link.share > 100))
            return { "share", "must be a number from 0 to 100, or null" };
        if (link.contribution)
            return { "contribution", "belongs to competency links only" };
        break;
    }
    case LinkKind::Maps:
        if (!data.get<Competency>(link.key.targetId))
            return { "target", "must be the id of a competency" };
        if (!link.contribution)
            return { "contribution", "must be " + enumChoices<Contribution>() };
        if (link.share)
            return { "share", "belongs to assessment links only" };
        break;
    }
    return {};
}

Problem reviewProblem(const DocumentData& data)
{
    std::map<Id, const StatusChange*> last;
    for (const auto& [id, record] : data.all<StatusChange>())
        last[record.itemId] = &record; // ids grow with time: the last one is the newest
    auto check = [&](const auto& items) -> Problem {
        for (const auto& [id, item] : items) {
            auto it = last.find(id);
            const ReviewStatus recorded = it == last.end() ? ReviewStatus::Draft : it->second->status;
            if (item.status != recorded)
                return { "status",
                    describe(data, id) + " is " + std::string(toString(item.status))
                        + " but its review history "
                        + (it == last.end() ? "is empty (it would be a draft)"
                                            : "ends with " + std::string(toString(recorded)))
                        + "; a status changes only through review, which records it" };
        }
        return {};
    };
    if (auto p = check(data.all<Course>()))
        return p;
    if (auto p = check(data.all<Objective>()))
        return p;
    if (auto p = check(data.all<Activity>()))
        return p;
    if (auto p = check(data.all<Assessment>()))
        return p;
    std::set<std::pair<std::string, Id>> accepted;
    for (const auto& [id, ack] : data.all<Acknowledgement>())
        if (!accepted.emplace(ack.rule, ack.itemId).second)
            return { "rule",
                "the finding " + ack.rule + " on " + describe(data, ack.itemId) + " is accepted twice" };
    return {};
}

Problem documentProblem(const DocumentData& data)
{
    Problem found;
    auto check = [&](const auto& items) {
        for (const auto& [id, item] : items)
            if (auto p = parentProblem(data, item); p && !found)
                found = { p.field, describe(data, id) + ": " + p.field + " " + p.message };
    };
    check(data.all<Competency>());
    check(data.all<Course>());
    check(data.all<Association>());
    check(data.all<Objective>());
    check(data.all<Activity>());
    check(data.all<Assessment>());
    check(data.all<Comment>());
    check(data.all<Acknowledgement>());
    check(data.all<StatusChange>());
    if (found)
        return found;
    for (const auto& [key, link] : data.links())
        if (auto p = linkProblem(data, link))
            return { p.field,
                "a link of " + describe(data, key.objectiveId) + ": " + p.field + " " + p.message };
    return reviewProblem(data);
}

std::string describe(const DocumentData& data, Id id)
{
    const auto item = data.item(id);
    if (!item)
        return "item " + std::to_string(id);
    return std::visit(
        [&](const auto& i) -> std::string {
            using T = std::decay_t<decltype(i)>;
            std::string kind(toString(ItemTraits<T>::kind));
            if constexpr (std::is_same_v<T, Course>)
                return kind + " " + i.code;
            else
                return kind + " " + std::to_string(i.id);
        },
        *item);
}

} // namespace coursemap
