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

bool isOrdered(ItemKind kind)
{
    return kind != ItemKind::Program && kind != ItemKind::Comment && kind != ItemKind::Acknowledgement
        && kind != ItemKind::StatusChange;
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

Change planAdd(const DocumentData& data, const AddItem& add, Id& nextId)
{
    Item item = add.item;
    const auto kind = kindOf(item);
    if (kind == ItemKind::Program)
        refuse("A course map has exactly one program; edit its fields instead of adding another.");
    Id id = idOf(item);
    if (id == NoId)
        id = nextId;
    else if (id < 0 || data.contains(id))
        refuse("Cannot add " + kindName(kind) + " " + std::to_string(id) + ": that id is already in use.");
    setId(item, id);
    if (auto p = itemProblem(item))
        refuse("Cannot add the " + kindName(kind) + ": " + p.field + " " + p.message + ".");
    if (auto p = parentProblem(data, item))
        refuse("Cannot add the " + kindName(kind) + ": " + p.field + " " + p.message + ".");

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

Change planUpdate(const DocumentData& data, const UpdateField& update)
{
    const auto before = data.item(update.id);
    if (!before)
        refuse("There is no item with id " + std::to_string(update.id) + ".");
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

Change planRemove(const DocumentData& data, const RemoveItem& remove)
{
    const auto item = data.item(remove.id);
    if (!item)
        refuse("There is no item with id " + std::to_string(remove.id) + ".");
    if (kindOf(*item) == ItemKind::Program)
        refuse("The program of a course map cannot be removed.");

    // Everything that goes with the item: its contents, then comments on any of them.
    std::vector<Id> doomed { remove.id };
    for (std::size_t i = 0; i < doomed.size(); ++i) {
        const Id id = doomed[i];
        switch (*data.kindOf(id)) {
        case ItemKind::Course:
            for (auto* o : data.objectivesOf(id))
                doomed.push_back(o->id);
            for (auto* a : data.activitiesOf(id))
                doomed.push_back(a->id);
            for (auto* a : data.assessmentsOf(id))
                doomed.push_back(a->id);
            break;
        case ItemKind::Framework:
            for (auto* c : data.competenciesOf(id, NoId))
                doomed.push_back(c->id);
            break;
        case ItemKind::Competency: {
            const auto* c = data.get<Competency>(id);
            for (auto* child : data.competenciesOf(c->frameworkId, id))
                doomed.push_back(child->id);
            break;
        }
        default:
            break;
        }
    }
    const std::set<Id> doomedSet(doomed.begin(), doomed.end());
    for (const auto& [id, comment] : data.all<Comment>())
        if ((doomedSet.contains(comment.itemId) || doomedSet.contains(comment.targetId))
            && !doomedSet.contains(id))
            doomed.push_back(id);
    for (const auto& [id, ack] : data.all<Acknowledgement>())
        if (doomedSet.contains(ack.itemId) && !doomedSet.contains(id))
            doomed.push_back(id);
    for (const auto& [id, record] : data.all<StatusChange>())
        if (doomedSet.contains(record.itemId) && !doomedSet.contains(id))
            doomed.push_back(id);
    // Replies to a removed comment go with it.
    for (std::size_t i = 0; i < doomed.size(); ++i)
        if (data.kindOf(doomed[i]) == ItemKind::Comment)
            for (const auto& [id, reply] : data.all<Comment>())
                if (reply.parentId == doomed[i]
                    && std::find(doomed.begin(), doomed.end(), id) == doomed.end())
                    doomed.push_back(id);

    Change change;
    change.description = "Remove " + describe(data, remove.id);
    const std::set<Id> all(doomed.begin(), doomed.end());
    for (const auto& [key, link] : data.links())
        if (all.contains(key.objectiveId) || all.contains(key.targetId))
            change.links.push_back({ link, std::nullopt });
    for (Id id : doomed)
        change.items.push_back({ data.item(id), std::nullopt });
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

Change planEdit(const DocumentData& data, const Edit& edit, Id& nextId)
{
    return std::visit(
        [&](const auto& e) -> Change {
            using E = std::decay_t<decltype(e)>;
            if constexpr (std::is_same_v<E, AddItem>)
                return planAdd(data, e, nextId);
            else if constexpr (std::is_same_v<E, UpdateField>)
                return planUpdate(data, e);
            else if constexpr (std::is_same_v<E, RemoveItem>)
                return planRemove(data, e);
            else if constexpr (std::is_same_v<E, LinkItems>)
                return planLink(data, e);
            else if constexpr (std::is_same_v<E, UnlinkItems>)
                return planUnlink(data, e);
            else
                return planMove(data, e);
        },
        edit);
}

Change planEdits(const DocumentData& data, const std::vector<Edit>& edits, Id& nextId,
    std::string description, const std::function<std::string(std::size_t)>& where)
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
            change = planEdit(scratch, edits[i], nextId);
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
