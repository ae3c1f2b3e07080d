#include "coursemap/edit/Change.h"

#include "coursemap/model/Fields.h"

#include <algorithm>

namespace coursemap {

std::vector<std::string> ItemChange::changedFields() const
{
    std::vector<std::string> out;
    std::visit(
        [&](const auto& anyItem) {
            using T = std::decay_t<decltype(anyItem)>;
            const T* b = before ? std::get_if<T>(&*before) : nullptr;
            const T* a = after ? std::get_if<T>(&*after) : nullptr;
            for (const auto& field : fieldsOf<T>())
                if (!a || !b || field.get(*a) != field.get(*b))
                    out.emplace_back(field.name);
        },
        after ? *after : *before);
    return out;
}

Change Change::inverted() const
{
    Change out;
    out.description = description;
    out.items.reserve(items.size());
    for (auto it = items.rbegin(); it != items.rend(); ++it)
        out.items.push_back({ it->after, it->before });
    for (auto it = links.rbegin(); it != links.rend(); ++it)
        out.links.push_back({ it->after, it->before });
    return out;
}

void Change::applyTo(DocumentData& data) const
{
    for (const auto& c : items) {
        if (c.after)
            data.put(*c.after);
        else
            data.erase(c.id());
    }
    for (const auto& c : links) {
        if (c.after)
            data.putLink(*c.after);
        else
            data.eraseLink(c.key());
    }
}

bool Change::matches(const DocumentData& data) const
{
    // The planner puts each record in a Change at most once, so every `before` is compared with now.
    for (const auto& c : items) {
        const auto now = data.item(c.id());
        if (now.has_value() != c.before.has_value() || (now && !(*now == *c.before)))
            return false;
    }
    for (const auto& c : links) {
        const auto* now = data.link(c.key());
        if ((now != nullptr) != c.before.has_value() || (now && !(*now == *c.before)))
            return false;
    }
    return true;
}

Change addingAll(const DocumentData& data)
{
    Change all;
    all.items.push_back({ std::nullopt, data.program() });
    auto addAll = [&](const auto& items) {
        for (const auto& [id, item] : items)
            all.items.push_back({ std::nullopt, item });
    };
    addAll(data.all<Framework>());
    addAll(data.all<Competency>());
    addAll(data.all<Course>());
    addAll(data.all<Objective>());
    addAll(data.all<Activity>());
    addAll(data.all<Assessment>());
    addAll(data.all<Comment>());
    addAll(data.all<Acknowledgement>());
    addAll(data.all<StatusChange>());
    addAll(data.all<Association>());
    for (const auto& [key, link] : data.links())
        all.links.push_back({ std::nullopt, link });
    return all;
}

} // namespace coursemap
