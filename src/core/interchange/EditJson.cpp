#include "coursemap/interchange/EditJson.h"

#include "ItemJson.h"
#include "coursemap/Error.h"

namespace coursemap {

using nlohmann::json;
using namespace itemjson;

namespace {

[[noreturn]] void bad(const std::string& pointer, const std::string& message)
{
    throw Error(ErrorCode::InvalidInput, pointer + ": " + message);
}

void onlyKeys(const json& object, const std::set<std::string>& allowed)
{
    for (const auto& [key, value] : object.items())
        if (!allowed.contains(key))
            bad("/" + escapePointerToken(key), "is not expected in this edit");
}

Id idAt(const json& object, const char* key)
{
    auto it = object.find(key);
    if (it == object.end())
        bad(std::string("/") + key, "is missing");
    if (!it->is_number_integer() || it->get<std::int64_t>() <= 0)
        bad(std::string("/") + key, "must be the id of an item (a positive whole number)");
    return it->get<Id>();
}

int intAt(const json& object, const char* key)
{
    auto it = object.find(key);
    if (it == object.end())
        bad(std::string("/") + key, "is missing");
    if (!it->is_number_integer() || it->get<std::int64_t>() < 0 || it->get<std::int64_t>() > 1'000'000)
        bad(std::string("/") + key, "must be a whole number of at least 0");
    return static_cast<int>(it->get<std::int64_t>());
}

template <class T> Item readNew(const json& fields, Id id)
{
    T item;
    Problems problems;
    fromJson(
        item, fields, "/fields", { FieldRole::Parent, FieldRole::Reference, FieldRole::Data }, {}, problems);
    if (!problems.empty())
        throw Error(ErrorCode::InvalidInput, problems.summary());
    item.id = id;
    return item;
}

Item newItem(ItemKind kind, const json& fields, Id id)
{
    switch (kind) {
    case ItemKind::Framework:
        return readNew<Framework>(fields, id);
    case ItemKind::Competency:
        return readNew<Competency>(fields, id);
    case ItemKind::Course:
        return readNew<Course>(fields, id);
    case ItemKind::Objective:
        return readNew<Objective>(fields, id);
    case ItemKind::Activity:
        return readNew<Activity>(fields, id);
    case ItemKind::Assessment:
        return readNew<Assessment>(fields, id);
    case ItemKind::Comment:
        return readNew<Comment>(fields, id);
    case ItemKind::Acknowledgement:
        return readNew<Acknowledgement>(fields, id);
    case ItemKind::StatusChange:
        return readNew<StatusChange>(fields, id);
    case ItemKind::Association:
        return readNew<Association>(fields, id);
    case ItemKind::Program:
        break;
    }
    bad("/kind", "a course map has exactly one program; update its fields instead");
}

LinkKey linkKey(const json& object)
{
    auto kindIt = object.find("kind");
    const auto kind = kindIt != object.end() && kindIt->is_string()
        ? parseEnum<LinkKind>(kindIt->get<std::string>())
        : std::nullopt;
    if (!kind)
        bad("/kind", "must be " + enumChoices<LinkKind>());
    return { *kind, idAt(object, "objective"), idAt(object, "target") };
}

} // namespace

Edit editFromJson(const json& object)
{
    if (!object.is_object())
        bad("", "an edit must be a JSON object such as {\"op\": \"remove\", \"id\": 12}");
    auto opIt = object.find("op");
    if (opIt == object.end() || !opIt->is_string())
        bad("/op", "must be one of: add, update, remove, link, unlink, reorder");
    const std::string op = opIt->get<std::string>();

    if (op == "add") {
        onlyKeys(object, { "op", "kind", "id", "index", "fields" });
        auto kindIt = object.find("kind");
        const auto kind = kindIt != object.end() && kindIt->is_string()
            ? parseEnum<ItemKind>(kindIt->get<std::string>())
            : std::nullopt;
        if (!kind)
            bad("/kind", "must be " + enumChoices<ItemKind>());
        const Id id = object.contains("id") ? idAt(object, "id") : NoId;
        auto fieldsIt = object.find("fields");
        if (fieldsIt == object.end())
            bad("/fields", "is missing");
        AddItem add { newItem(*kind, *fieldsIt, id), std::nullopt };
        if (object.contains("index"))
            add.index = intAt(object, "index");
        return add;
    }
    if (op == "update") {
        onlyKeys(object, { "op", "id", "field", "value" });
        auto field = object.find("field");
        if (field == object.end() || !field->is_string())
            bad("/field", "must be the name of a field");
        auto value = object.find("value");
        if (value == object.end())
            bad("/value", "is missing");
        return UpdateField { idAt(object, "id"), field->get<std::string>(), *value };
    }
    if (op == "remove") {
        onlyKeys(object, { "op", "id" });
        return RemoveItem { idAt(object, "id") };
    }
    if (op == "link") {
        onlyKeys(object, { "op", "kind", "objective", "target", "share", "contribution" });
        Link link { linkKey(object), std::nullopt, std::nullopt };
        if (auto share = object.find("share"); share != object.end() && !share->is_null()) {
            if (!share->is_number())
                bad("/share", "must be a number from 0 to 100");
            link.share = share->get<double>();
        }
        if (auto level = object.find("contribution"); level != object.end()) {
            link.contribution
                = level->is_string() ? parseEnum<Contribution>(level->get<std::string>()) : std::nullopt;
            if (!link.contribution)
                bad("/contribution", "must be " + enumChoices<Contribution>());
        }
        return LinkItems { link };
    }
    if (op == "unlink") {
        onlyKeys(object, { "op", "kind", "objective", "target" });
        return UnlinkItems { linkKey(object) };
    }
    if (op == "reorder") {
        onlyKeys(object, { "op", "id", "index" });
        return MoveItem { idAt(object, "id"), intAt(object, "index") };
    }
    bad("/op", "\"" + op + "\" is not an edit; use one of: add, update, remove, link, unlink, reorder");
}

} // namespace coursemap
