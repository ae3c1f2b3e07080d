// An item to and from a JSON object through its field table. Shared by the map format and edit lines.
#pragma once

#include "coursemap/model/Fields.h"

#include <nlohmann/json.hpp>

#include <set>
#include <string>
#include <vector>

namespace coursemap::itemjson {

// Problems found while reading, each at a JSON pointer.
class Problems
{
public:
    void add(const std::string& pointer, const std::string& message)
    {
        if (list_.size() < MaxReported)
            list_.push_back((pointer.empty() ? "/" : pointer) + ": " + message);
        ++count_;
    }
    bool empty() const { return count_ == 0; }
    // One message listing the first problems: "/courses/0/title: must not be empty; ..."
    std::string summary() const
    {
        std::string out;
        for (const auto& p : list_)
            out += (out.empty() ? "" : "\n  ") + p;
        if (count_ > list_.size())
            out += "\n  ... and " + std::to_string(count_ - list_.size()) + " more";
        return out;
    }

private:
    static constexpr std::size_t MaxReported = 20;
    std::vector<std::string> list_;
    std::size_t count_ = 0;
};

inline std::string escapePointerToken(const std::string& key)
{
    std::string out;
    for (char c : key) {
        if (c == '~')
            out += "~0";
        else if (c == '/')
            out += "~1";
        else
            out += c;
    }
    return out;
}

// The item's fields in table order; structural fields (parent, order) only when asked.
template <class T> nlohmann::ordered_json toJson(const T& item, bool withStructure)
{
    nlohmann::ordered_json out = nlohmann::ordered_json::object();
    for (const auto& f : fieldsOf<T>()) {
        if (!withStructure && (f.role == FieldRole::Parent || f.role == FieldRole::Order))
            continue;
        out[std::string(f.name)] = f.get(item);
    }
    return out;
}

// Sets the fields present in `object`. Keys in `extraKeys` are left for the caller; any other key that is
// not an accepted field is a problem. Missing fields keep their defaults.
template <class T>
void fromJson(T& item, const nlohmann::json& object, const std::string& pointer,
    const std::set<FieldRole>& accepted, const std::set<std::string>& extraKeys, Problems& problems)
{
    if (!object.is_object()) {
        problems.add(pointer, "must be an object");
        return;
    }
    for (const auto& [key, value] : object.items()) {
        if (extraKeys.contains(key))
            continue;
        const auto* field = findField<T>(key);
        const std::string at = pointer + "/" + escapePointerToken(key);
        if (!field || !accepted.contains(field->role)) {
            problems.add(at, "is not a field of a " + std::string(toString(ItemTraits<T>::kind)));
            continue;
        }
        if (auto message = field->set(item, value); !message.empty())
            problems.add(at, message);
    }
}

} // namespace coursemap::itemjson
