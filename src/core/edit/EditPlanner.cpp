#include "coursemap/edit/EditPlanner.h"

#include "coursemap/Error.h"
#include "coursemap/model/Fields.h"
#include "coursemap/model/Validation.h"

#include <algorithm>
#include <map>
#include <set>

namespace coursemap {

namespace {

[[noreturn]] void refuse(std::string message)
{
    throw Error(ErrorCode::InvalidEdit, std::move(message));
}

std::string kindName(ItemKind kind)
{
    return std::string(toString(kind));
}

bool isReviewRecord(ItemKind kind)
{
    return kind == ItemKind::StatusChange || kind == ItemKind::Acknowledgement;
}

bool hasReviewStatus(ItemKind kind)
{
    return kind == ItemKind::Course || kind == ItemKind::Objective || kind == ItemKind::Activity
        || kind == ItemKind::Assessment;
}

[[noreturn]] void refuseReviewRecord(ItemKind kind)
{
    if (kind == ItemKind::StatusChange)
        refuse("The review history is written by the review itself (coursemap status, or Review > Set "
               "Status in the studio) and cannot be edited.");
    refuse("A finding is accepted or withdrawn with its justification through coursemap acknowledge, or "
           "Accept in the studio's findings; acceptances cannot be edited directly.");
}

bool isOrdered(ItemKind kind)
{
    return kind != ItemKind::Program && kind != ItemKind::Comment && kind != ItemKind::Acknowledgement
        && kind != ItemKind::StatusChange && kind != ItemKind::Association;
}

ReviewStatus reviewStatusOf(const Item& item)
{
    return std::visit(
        [](const auto& i) -> ReviewStatus {
            if constexpr (requires { i.status; })
                if constexpr (std::is_same_v<std::decay_t<decltype(i.status)>, ReviewStatus>)
                    return i.status;
            return ReviewStatus::Draft;
        },
        item);
}

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

void setOrder(Item& item, int order)
{
    std::visit(
        [order](auto& i) {
            if constexpr (requires { i.order; })
                i.order = order;
        },
        item);
}

// Give the ids their positions as order values; record a change for every other item whose order moves.
void renumber(const DocumentData& data, const std::vector<Id>& ids, Id skip, Change& change)
{
    for (std::size_t pos = 0; pos < ids.size(); ++pos) {
        if (ids[pos] == skip)
            continue;
        auto item = data.item(ids[pos]);
        if (orderOf(*item) == static_cast<int>(pos))
            continue;
        auto moved = *item;
        setOrder(moved, static_cast<int>(pos));
        change.items.push_back({ item, moved });
    }
}

// The link a comment on a link is about (objective item_id to target_id, of the kind the target's kind makes
// it), or null when there is no such link.
const Link* linkCommentedOn(const DocumentData& data, const Comment& comment)
{
    const auto target = data.kindOf(comment.targetId);
    if (!target)
        return nullptr;
    const LinkKind kind = *target == ItemKind::Activity ? LinkKind::Teaches
        : *target == ItemKind::Assessment               ? LinkKind::Assesses
                                                        : LinkKind::Maps;
    return data.link({ kind, comment.itemId, comment.targetId });
}

Change planAdd(const DocumentData& data, const AddItem& add, Id& nextId, EditScope scope)
{
    Item item = add.item;
    const auto kind = kindOf(item);
    if (kind == ItemKind::Program)
        refuse("A course map has exactly one program; edit its fields instead of adding another.");
    if (scope == EditScope::Content) {
        if (isReviewRecord(kind))
            refuseReviewRecord(kind);
        if (hasReviewStatus(kind) && reviewStatusOf(item) != ReviewStatus::Draft)
            refuse("A new " + kindName(kind) + " starts as a draft: its status changes only through review ("
                + "coursemap status, or Review > Set Status), which records who changed it and why.");
    }
    Id id = idOf(item);
    if (id == NoId) {
        if (nextId > MaxId)
            refuse("This map has used every id it can give (up to 2^53 - 1), so nothing more can be added.");
        id = nextId;
    } else if (id < 0 || id > MaxId || data.contains(id))
        refuse("Cannot add " + kindName(kind) + " " + std::to_string(id)
            + (id > MaxId || id < 0 ? ": an id must be from 1 to 9007199254740991 (2^53 - 1)."
                                    : ": that id is already in use."));
    setId(item, id);
    if (auto p = itemProblem(item))
        refuse("Cannot add the " + kindName(kind) + ": " + p.field + " " + p.message + ".");
    if (auto p = parentProblem(data, item))
        refuse("Cannot add the " + kindName(kind) + ": " + p.field + " " + p.message + ".");
    if (const auto* comment = std::get_if<Comment>(&item); comment && comment->targetId != NoId)
        if (!linkCommentedOn(data, *comment))
            refuse("Cannot add the comment: " + describe(data, comment->itemId) + " is not linked to "
                + describe(data, comment->targetId) + ", so there is no link to comment on.");

    Change change;
    change.description = "Add " + kindName(kind);
    if (isOrdered(kind)) {
        auto siblings = data.siblingsOf(item);
        if (add.index) {
            const auto at = std::clamp<std::ptrdiff_t>(*add.index, 0, std::ssize(siblings));
            siblings.insert(siblings.begin() + at, id);
            setOrder(item, static_cast<int>(at));
            renumber(data, siblings, id, change);
        } else {
            setOrder(item, siblings.empty() ? 0 : orderOf(*data.item(siblings.back())) + 1);
        }
    }
    change.items.insert(change.items.begin(), { std::nullopt, item });
    nextId = std::max(nextId, id + 1);
    return change;
}

Change planUpdate(const DocumentData& data, const UpdateField& update, EditScope scope)
{
    const auto before = data.item(update.id);
    if (!before)
        refuse("There is no item with id " + std::to_string(update.id) + ".");
    if (scope == EditScope::Content) {
        if (isReviewRecord(kindOf(*before)))
            refuseReviewRecord(kindOf(*before));
        if (hasReviewStatus(kindOf(*before)) && update.field == "status")
            refuse("The status of " + describe(data, update.id)
                + " changes only through review (coursemap status, or Review > Set Status in the studio), "
                  "which records who changed it, when and why, and asks for a justification to approve over "
                  "errors.");
    }
    Item after = *before;
    std::visit(
        [&](auto& i) {
            using T = std::decay_t<decltype(i)>;
            const auto* field = findField<T>(update.field);
            if (!field)
                refuse("A " + kindName(ItemTraits<T>::kind) + " has no field \"" + update.field + "\".");
            if (field->role != FieldRole::Data)
                refuse("The field \"" + update.field + "\" of a " + kindName(ItemTraits<T>::kind)
                    + " cannot be changed this way"
                    + (field->role == FieldRole::Order ? " (use reorder)." : "."));
            if (auto message = field->set(i, update.value); !message.empty())
                refuse("The " + update.field + " of " + describe(data, update.id) + " " + message + ".");
            // A field naming another item (a course placed within another) must name one that fits.
            if constexpr (std::is_same_v<T, Course>)
                if (update.field == "parent_course_id")
                    if (auto p = parentProblem(data, after); p)
                        refuse("The " + update.field + " of " + describe(data, update.id) + " " + p.message
                            + ".");
        },
        after);
    Change change;
    // "Change contact hours of course", "Change text of objective": an undo menu entry.
    std::string words = update.field;
    std::replace(words.begin(), words.end(), '_', ' ');
    change.description = "Change " + words + " of " + kindName(kindOf(*before));
    if (!(after == *before))
        change.items.push_back({ before, after });
    return change;
}

// Every item that names another in a parent or reference field (Fields.h), by the id it names: the items that
// go when that one goes. Derived from the field table, so a new kind of item cannot be forgotten.
std::multimap<Id, Id> referrers(const DocumentData& data)
{
    std::multimap<Id, Id> out;
    auto scan = [&]<class T>(const std::map<Id, T>& items) {
        for (const auto& field : fieldsOf<T>())
            if (field.ref && (field.role == FieldRole::Parent || field.role == FieldRole::Reference))
                for (const auto& [id, item] : items)
                    if (const Id to = item.*(field.ref); to != NoId)
                        out.emplace(to, id);
    };
    scan(data.all<Framework>());
    scan(data.all<Competency>());
    scan(data.all<Course>());
    scan(data.all<Objective>());
    scan(data.all<Activity>());
    scan(data.all<Assessment>());
    scan(data.all<Comment>());
    scan(data.all<Acknowledgement>());
    scan(data.all<StatusChange>());
    scan(data.all<Association>());
    return out;
}

Change planRemove(const DocumentData& data, const RemoveItem& remove, EditScope scope)
{
    const auto item = data.item(remove.id);
    if (!item)
        refuse("There is no item with id " + std::to_string(remove.id) + ".");
    if (kindOf(*item) == ItemKind::Program)
        refuse("The program of a course map cannot be removed.");
    if (scope == EditScope::Content && isReviewRecord(kindOf(*item)))
        refuseReviewRecord(kindOf(*item));

    // Everything that goes with the item: whatever names it as its parent or refers to it, and so on down.
    const auto refs = referrers(data);
    std::vector<Id> doomed { remove.id };
    std::set<Id> doomedSet { remove.id };
    for (std::size_t i = 0; i < doomed.size(); ++i) {
        const auto [first, last] = refs.equal_range(doomed[i]);
        for (auto it = first; it != last; ++it)
            if (doomedSet.insert(it->second).second)
                doomed.push_back(it->second);
    }

    Change change;
    change.description = "Remove " + describe(data, remove.id);
    for (const auto& [key, link] : data.links())
        if (doomedSet.contains(key.objectiveId) || doomedSet.contains(key.targetId))
            change.links.push_back({ link, std::nullopt });
    for (Id id : doomed)
        change.items.push_back({ data.item(id), std::nullopt });
    // Courses placed within a course that goes stay, one level up: a course is not a container.
    for (const auto& [id, course] : data.all<Course>())
        if (course.parentCourseId != NoId && doomedSet.contains(course.parentCourseId)
            && !doomedSet.contains(id)) {
            Course moved = course;
            moved.parentCourseId = NoId;
            if (const auto* parent = data.get<Course>(course.parentCourseId))
                moved.parentCourseId = parent->parentCourseId;
            change.items.push_back({ Item(course), Item(moved) });
        }
    return change;
}

Change planLink(const DocumentData& data, const LinkItems& edit)
{
    if (auto p = linkProblem(data, edit.link))
        refuse("Cannot link " + describe(data, edit.link.key.objectiveId) + " and "
            + describe(data, edit.link.key.targetId) + ": " + (p.field.empty() ? "" : p.field + " ")
            + p.message + ".");
    Change change;
    change.description = std::string(edit.link.key.kind == LinkKind::Teaches ? "Link teaching activity"
            : edit.link.key.kind == LinkKind::Assesses                       ? "Link assessment"
                                                                             : "Map to competency");
    const auto* existing = data.link(edit.link.key);
    if (existing && *existing == edit.link)
        return change;
    change.links.push_back({ existing ? std::optional(*existing) : std::nullopt, edit.link });
    return change;
}

Change planUnlink(const DocumentData& data, const UnlinkItems& edit)
{
    const auto* existing = data.link(edit.key);
    if (!existing)
        refuse(describe(data, edit.key.objectiveId) + " and " + describe(data, edit.key.targetId)
            + " are not linked (" + std::string(toString(edit.key.kind)) + ").");
    Change change;
    change.description = "Unlink";
    change.links.push_back({ *existing, std::nullopt });
    // The comments on the link go with it, and everything that refers to them (replies), as with a removal.
    const auto refs = referrers(data);
    std::vector<Id> doomed;
    for (const auto& [id, comment] : data.all<Comment>())
        if (comment.itemId == edit.key.objectiveId && comment.targetId == edit.key.targetId)
            doomed.push_back(id);
    std::set<Id> doomedSet(doomed.begin(), doomed.end());
    for (std::size_t i = 0; i < doomed.size(); ++i) {
        const auto [first, last] = refs.equal_range(doomed[i]);
        for (auto it = first; it != last; ++it)
            if (doomedSet.insert(it->second).second)
                doomed.push_back(it->second);
    }
    for (Id id : doomed)
        change.items.push_back({ data.item(id), std::nullopt });
    return change;
}

Change planMove(const DocumentData& data, const MoveItem& move)
{
    const auto item = data.item(move.id);
    if (!item)
        refuse("There is no item with id " + std::to_string(move.id) + ".");
    if (!isOrdered(kindOf(*item)))
        refuse("A " + kindName(kindOf(*item)) + " has no position to change.");
    auto siblings = data.siblingsOf(*item);
    siblings.erase(std::find(siblings.begin(), siblings.end(), move.id));
    const auto at = std::clamp<std::ptrdiff_t>(move.index, 0, std::ssize(siblings));
    siblings.insert(siblings.begin() + at, move.id);
    Change change;
    change.description = "Move " + kindName(kindOf(*item));
    renumber(data, siblings, NoId, change);
    return change;
}

} // namespace

Change planEdit(const DocumentData& data, const Edit& edit, Id& nextId, EditScope scope)
{
    return std::visit(
        [&](const auto& e) -> Change {
            using E = std::decay_t<decltype(e)>;
            if constexpr (std::is_same_v<E, AddItem>)
                return planAdd(data, e, nextId, scope);
            else if constexpr (std::is_same_v<E, UpdateField>)
                return planUpdate(data, e, scope);
            else if constexpr (std::is_same_v<E, RemoveItem>)
                return planRemove(data, e, scope);
            else if constexpr (std::is_same_v<E, LinkItems>)
                return planLink(data, e);
            else if constexpr (std::is_same_v<E, UnlinkItems>)
                return planUnlink(data, e);
            else
                return planMove(data, e);
        },
        edit);
}

Edit copyItem(const DocumentData& data, Id id)
{
    auto item = data.item(id);
    if (!item)
        refuse("There is no item with id " + std::to_string(id) + ".");
    const auto kind = kindOf(*item);
    if (kind == ItemKind::Program || isReviewRecord(kind))
        refuse("A " + kindName(kind) + " cannot be copied.");
    setId(*item, NoId);
    std::visit(
        [](auto& i) {
            if constexpr (requires { i.status; })
                if constexpr (std::is_same_v<std::decay_t<decltype(i.status)>, ReviewStatus>)
                    i.status = ReviewStatus::Draft;
        },
        *item);
    std::optional<int> index;
    if (isOrdered(kind)) {
        const auto siblings = data.siblingsOf(*data.item(id));
        index = static_cast<int>(std::find(siblings.begin(), siblings.end(), id) - siblings.begin()) + 1;
    }
    return AddItem { *item, index };
}

Change planEdits(const DocumentData& data, const std::vector<Edit>& edits, Id& nextId,
    std::string description, const std::function<std::string(std::size_t)>& where, EditScope scope)
{
    Change all;
    all.description = std::move(description);
    if (edits.empty())
        return all;
    DocumentData scratch = data;
    std::map<Id, std::size_t> itemAt;
    std::map<LinkKey, std::size_t> linkAt;
    for (std::size_t i = 0; i < edits.size(); ++i) {
        Change change;
        try {
            change = planEdit(scratch, edits[i], nextId, scope);
        } catch (const Error& e) {
            if (!where)
                throw;
            throw Error(e.code(), where(i) + ": " + e.message(), e.detail());
        }
        change.applyTo(scratch);
        // One record per item and link: its state before the first edit, after the last.
        for (auto& c : change.items) {
            auto [it, added] = itemAt.emplace(c.id(), all.items.size());
            if (added)
                all.items.push_back(std::move(c));
            else
                all.items[it->second].after = std::move(c.after);
        }
        for (auto& c : change.links) {
            auto [it, added] = linkAt.emplace(c.key(), all.links.size());
            if (added)
                all.links.push_back(std::move(c));
            else
                all.links[it->second].after = std::move(c.after);
        }
    }
    // Added and then removed again: nothing to record.
    std::erase_if(all.items, [](const ItemChange& c) { return !c.before && !c.after; });
    std::erase_if(all.links, [](const LinkChange& c) { return !c.before && !c.after; });
    return all;
}

} // namespace coursemap
