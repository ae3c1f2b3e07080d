#include "coursemap/model/Labels.h"

#include <string_view>

namespace coursemap {

std::string quoteText(const std::string& text)
{
    constexpr std::size_t max = 70;
    std::string_view s(text);
    s = s.substr(0, s.find('\n'));
    while (!s.empty() && (s.back() == '.' || s.back() == ' ' || s.back() == ';'))
        s.remove_suffix(1);
    bool cutShort = false;
    if (s.size() > max) {
        std::size_t cut = s.rfind(' ', max);
        if (cut == std::string_view::npos || cut < max / 2)
            cut = max;
        while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) // not inside a UTF-8 character
            --cut;
        s = s.substr(0, cut);
        cutShort = true;
    }
    std::string out;
    out.reserve(s.size() + 12);
    out += "\u201C";
    out += s;
    if (cutShort)
        out += "\u2026";
    out += "\u201D";
    return out;
}

Id courseOf(const DocumentData& data, Id id)
{
    const auto item = data.item(id);
    if (!item)
        return NoId;
    return std::visit(
        [](const auto& i) -> Id {
            using T = std::decay_t<decltype(i)>;
            if constexpr (std::is_same_v<T, Course>)
                return i.id;
            else if constexpr (requires { i.courseId; })
                return i.courseId;
            else
                return NoId;
        },
        *item);
}

std::string itemLabel(const DocumentData& data, Id id)
{
    const auto item = data.item(id);
    if (!item)
        return "item " + std::to_string(id);
    auto inCourse = [&](Id courseId) {
        const auto* c = data.get<Course>(courseId);
        return c ? " (" + c->code + ")" : std::string();
    };
    return std::visit(
        [&](const auto& i) -> std::string {
            using T = std::decay_t<decltype(i)>;
            if constexpr (std::is_same_v<T, Program>)
                return "program " + quoteText(i.name);
            else if constexpr (std::is_same_v<T, Framework>)
                return "framework " + quoteText(i.name);
            else if constexpr (std::is_same_v<T, Competency>)
                return "competency " + (i.code.empty() ? "" : i.code + " ") + quoteText(i.title);
            else if constexpr (std::is_same_v<T, Course>)
                return "course " + i.code + " " + quoteText(i.title);
            else if constexpr (std::is_same_v<T, Objective>)
                return "objective " + quoteText(i.text) + inCourse(i.courseId);
            else if constexpr (std::is_same_v<T, Activity>)
                return "teaching activity " + quoteText(i.title) + inCourse(i.courseId);
            else if constexpr (std::is_same_v<T, Assessment>)
                return "assessment " + quoteText(i.title) + inCourse(i.courseId);
            else
                return std::string(toString(ItemTraits<T>::kind)) + " " + std::to_string(i.id);
        },
        *item);
}

} // namespace coursemap
