// The changes a user can ask for, as plain values: add, update a field, remove, link, unlink, reorder.
// The Document turns an Edit into a Change (what it does to the data) and applies it.
#pragma once

#include "coursemap/model/Item.h"
#include "coursemap/model/Link.h"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <variant>

namespace coursemap {

// Add an item. Its id may be NoId (one is allocated); its parent must exist. Added at the end of its
// siblings unless an index is given.
struct AddItem
{
    Item item;
    std::optional<int> index;
};

// Set one Data field (see Fields.h) to a JSON value: {"field": "text", "value": "Interpret ..."}.
struct UpdateField
{
    Id id = NoId;
    std::string field;
    nlohmann::json value;
};

// Remove an item with everything inside it, its links and the comments on it.
struct RemoveItem
{
    Id id = NoId;
};

// Link an objective to an activity, assessment or competency, or change an existing link's share/level.
struct LinkItems
{
    Link link;
};

struct UnlinkItems
{
    LinkKey key;
};

// Move an item to a position among its siblings (0 = first).
struct MoveItem
{
    Id id = NoId;
    int index = 0;
};

using Edit = std::variant<AddItem, UpdateField, RemoveItem, LinkItems, UnlinkItems, MoveItem>;

} // namespace coursemap
