// The fields of every item kind, described once: their names (the same in JSON, the file and edits),
// types, limits and accessors. JSON interchange, storage and field edits are written against this table,
// so a field is added in one place.
#pragma once

#include "coursemap/model/Item.h"

#include <nlohmann/json.hpp>

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace coursemap {

enum class ValueType
{
    Integer,
    Real,
    Text,
    Boolean,
    Enum
};

enum class FieldRole
{
    Id, // the item's own id
    Parent, // the containing item; implied by nesting in JSON; fixed after creation
    Reference, // another item named explicitly (a comment's target); fixed after creation
    Order, // position among siblings; implied by array order in JSON; changed by reorder edits
    Data, // everything a user edits
};

template <class T> struct Field
{
    std::string_view name; // JSON key, SQL column and edit field name
    ValueType type;
    FieldRole role;
    bool nullable = false;
    std::string choices; // for enums: "one of: ..."; for others: the allowed range in words
    std::function<nlohmann::json(const T&)> get;
    // Checks the value and stores it; returns a problem in words ("must be a number from 0 to 100"),
    // or an empty string when the value was accepted. On a problem the item is unchanged.
    std::function<std::string(T&, const nlohmann::json&)> set;
    // For Parent and Reference fields: the id member, for code that follows references (cascading removals).
    Id T::*ref = nullptr;
};

template <class T> const std::vector<Field<T>>& fieldsOf();
template <class T> const Field<T>* findField(std::string_view name)
{
    for (const auto& f : fieldsOf<T>())
        if (f.name == name)
            return &f;
    return nullptr;
}

// Well-formed UTF-8 (no overlong forms, surrogates or code points past U+10FFFF). Text from JSON and from the
// studio always is; a damaged or hostile file may hold anything.
bool validUtf8(std::string_view s);

// The longest text any field accepts, in characters (code points): far beyond any real objective or
// description, small enough that a hostile file cannot exhaust memory through one field.
inline constexpr std::size_t MaxTextLength = 100'000;

} // namespace coursemap
