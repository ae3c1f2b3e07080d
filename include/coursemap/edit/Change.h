// What an edit did, record by record: each item and link before and after. Applying a Change and then its
// inverse restores the document exactly, which is all undo needs. Listeners receive Changes, so they know
// precisely which items, links and fields changed.
#pragma once

#include "coursemap/model/DocumentData.h"

#include <optional>
#include <string>
#include <vector>

namespace coursemap {

struct ItemChange
{
    std::optional<Item> before; // empty: the item was added
    std::optional<Item> after; // empty: the item was removed

    Id id() const { return idOf(after ? *after : *before); }
    ItemKind kind() const { return kindOf(after ? *after : *before); }
    bool added() const { return !before && after; }
    bool removed() const { return before && !after; }
    // The names of the fields whose value differs (all fields for an added or removed item).
    std::vector<std::string> changedFields() const;
};

struct LinkChange
{
    std::optional<Link> before;
    std::optional<Link> after;

    const LinkKey& key() const { return after ? after->key : before->key; }
};

struct Change
{
    std::string description; // "Add objective", "Remove course CARD 201": an undo menu entry
    std::vector<ItemChange> items;
    std::vector<LinkChange> links;

    bool empty() const { return items.empty() && links.empty(); }
    Change inverted() const;
    // Apply to in-memory data; the caller has checked that `before` states match.
    void applyTo(DocumentData& data) const;
    // True when every `before` state is what `data` holds now.
    bool matches(const DocumentData& data) const;
};

// The whole document as one Change that adds every record (what a store writes to publish or copy a map).
Change addingAll(const DocumentData& data);

} // namespace coursemap
