#include "support/TortureLines.h"

#include <nlohmann/json.hpp>

#include <array>
#include <map>
#include <optional>
#include <set>
#include <vector>

namespace coursemap::test::torture {

namespace {

const std::vector<Id> Activities { 231, 232, 233, 234, 235 };
// The field of the shared objective each writer owns, and the values it cycles through.
const std::array<std::string, FieldOwners> SharedField { "text", "bloom_override", "miller_target",
    "domain" };
const std::array<std::vector<std::string>, FieldOwners> SharedValues { {
    {},
    { "remember", "understand", "apply", "analyze", "evaluate", "create" },
    { "knows", "knows_how", "shows_how", "does" },
    { "cognitive", "psychomotor", "affective" },
} };

std::string jsonString(const std::string& s)
{
    return nlohmann::json(s).dump();
}

} // namespace

Line lineOf(int trial, int w, int i)
{
    const std::string tag = "T" + std::to_string(trial) + " W" + std::to_string(w) + " L" + std::to_string(i);
    switch (i % 5) {
    case 0: {
        const Id id = ownId(trial, w, i);
        const std::string text = "Describe finding " + tag + ".";
        return { R"({"op":"add","kind":"objective","id":)" + std::to_string(id) + R"(,"fields":{"course_id":)"
                + std::to_string(TheCourse) + R"(,"text":)" + jsonString(text) + "}}",
            Line::Add, id, text, NoId };
    }
    case 1: {
        if (w >= FieldOwners) { // no field of the shared objective left: reword its own objective instead
            const Id id = ownId(trial, w, i - 1);
            const std::string text = "Name finding " + tag + ".";
            return { R"({"op":"update","id":)" + std::to_string(id) + R"(,"field":"text","value":)"
                    + jsonString(text) + "}",
                Line::Retext, id, text, NoId };
        }
        std::string value = w == 0 ? "Interpret the ECG, " + tag + "."
                                   : SharedValues[static_cast<std::size_t>(w)][static_cast<std::size_t>(i / 5)
                                       % SharedValues[static_cast<std::size_t>(w)].size()];
        return { R"({"op":"update","id":)" + std::to_string(SharedObjective) + R"(,"field":")"
                + SharedField[static_cast<std::size_t>(w)] + R"(","value":)" + jsonString(value) + "}",
            Line::Shared, SharedObjective, value, NoId };
    }
    case 2: {
        const Id id = ownId(trial, w, i - 2);
        const Id activity = Activities[static_cast<std::size_t>(i / 5) % Activities.size()];
        return { R"({"op":"link","kind":"teaches","objective":)" + std::to_string(id) + R"(,"target":)"
                + std::to_string(activity) + "}",
            Line::Link, id, {}, activity };
    }
    case 3: {
        const std::string text = "Comment " + tag;
        return { R"({"op":"add","kind":"comment","fields":{"item_id":)" + std::to_string(CommentedObjective)
                + R"(,"author":"writer )" + std::to_string(w)
                + R"(","created_at":"2026-12-01T09:00:00Z","text":)" + jsonString(text) + "}}",
            Line::Comment, NoId, text, NoId };
    }
    default: {
        const Id id = ownId(trial, w, i - 4);
        if ((i / 5) % 3 == 0)
            return { R"({"op":"remove","id":)" + std::to_string(id) + "}", Line::Remove, id, {}, NoId };
        const std::string text = "Explain finding " + tag + ".";
        return { R"({"op":"update","id":)" + std::to_string(id) + R"(,"field":"text","value":)"
                + jsonString(text) + "}",
            Line::Retext, id, text, NoId };
    }
    }
}

// Whether the map shows the first `done` lines of writer w (its own records and its field of the shared one).
std::string mismatch(const DocumentData& data, int trial, int w, int done, int lines)
{
    std::map<Id, std::string> objectives; // alive: text
    std::map<Id, std::set<Id>> links;
    std::set<std::string> comments;
    std::optional<std::string> shared;
    for (int i = 0; i < done; ++i) {
        const Line l = lineOf(trial, w, i);
        switch (l.kind) {
        case Line::Add:
            objectives[l.id] = l.value;
            break;
        case Line::Shared:
            shared = l.value;
            break;
        case Line::Link:
            links[l.id].insert(l.target);
            break;
        case Line::Comment:
            comments.insert(l.value);
            break;
        case Line::Remove:
            objectives.erase(l.id);
            links.erase(l.id);
            break;
        case Line::Retext:
            objectives[l.id] = l.value;
            break;
        }
    }
    for (int i = 0; i < lines; i += 5) {
        const Id id = ownId(trial, w, i);
        const auto* o = data.get<Objective>(id);
        auto it = objectives.find(id);
        if (it == objectives.end() ? o != nullptr && i < done : (!o || o->text != it->second))
            return "objective " + std::to_string(id) + (o ? " reads \"" + o->text + "\"" : " is missing");
        if (it != objectives.end())
            for (Id a : links[id])
                if (!data.link({ LinkKind::Teaches, id, a }))
                    return "link " + std::to_string(id) + " -> " + std::to_string(a) + " is missing";
    }
    std::multiset<std::string> seen;
    for (const auto& [id, c] : data.all<Comment>())
        if (c.author == "writer " + std::to_string(w))
            seen.insert(c.text);
    for (const auto& c : comments)
        if (seen.count(c) != 1)
            return "comment \"" + c + "\" appears " + std::to_string(seen.count(c)) + " times";
    if (shared) {
        const auto* o = data.get<Objective>(SharedObjective);
        const auto& field = SharedField[static_cast<std::size_t>(w)];
        std::string now;
        if (field == "text")
            now = o->text;
        else if (field == "bloom_override")
            now = o->bloomOverride ? std::string(toString(*o->bloomOverride)) : "";
        else if (field == "miller_target")
            now = o->millerTarget ? std::string(toString(*o->millerTarget)) : "";
        else
            now = o->domain ? std::string(toString(*o->domain)) : "";
        if (now != *shared)
            return "the shared objective's " + field + " is \"" + now + "\", not \"" + *shared + "\"";
    }
    return {};
}

Id ownId(int trial, int writer, int line)
{
    return 10'000'000 + static_cast<Id>(trial) * 100'000 + writer * 10'000 + line;
}

} // namespace coursemap::test::torture
