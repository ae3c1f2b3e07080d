// Edit lines for `coursemap apply`: each kind parses to the edit it names; mistakes name their place.
#include "coursemap/Error.h"
#include "coursemap/interchange/EditJson.h"

#include <catch2/catch.hpp>

using namespace coursemap;
using nlohmann::json;

namespace {
std::string editError(const std::string& text)
{
    try {
        editFromJson(json::parse(text));
    } catch (const Error& e) {
        return e.message();
    }
    FAIL("the edit was accepted");
    return {};
}
}

TEST_CASE("each edit kind is read from its JSON form")
{
    auto add = std::get<AddItem>(editFromJson(json::parse(
        R"({"op":"add","kind":"objective","id":900,"index":2,"fields":{"course_id":200,"text":"Interpret an echo report."}})")));
    const auto& o = std::get<Objective>(add.item);
    CHECK(o.id == 900);
    CHECK(o.courseId == 200);
    CHECK(o.text == "Interpret an echo report.");
    CHECK(add.index == 2);

    auto update = std::get<UpdateField>(
        editFromJson(json::parse(R"({"op":"update","id":7,"field":"week","value":3})")));
    CHECK(update.id == 7);
    CHECK(update.field == "week");
    CHECK(update.value == 3);

    CHECK(std::get<RemoveItem>(editFromJson(json::parse(R"({"op":"remove","id":7})"))).id == 7);

    auto link = std::get<LinkItems>(editFromJson(
        json::parse(R"({"op":"link","kind":"assesses","objective":201,"target":264,"share":12.5})")));
    CHECK(link.link.key.kind == LinkKind::Assesses);
    CHECK(link.link.share == 12.5);
    auto maps = std::get<LinkItems>(editFromJson(
        json::parse(R"({"op":"link","kind":"maps","objective":201,"target":11,"contribution":"mastered"})")));
    CHECK(maps.link.contribution == Contribution::Mastered);

    auto unlink = std::get<UnlinkItems>(
        editFromJson(json::parse(R"({"op":"unlink","kind":"teaches","objective":201,"target":231})")));
    CHECK(unlink.key.targetId == 231);

    auto move = std::get<MoveItem>(editFromJson(json::parse(R"({"op":"reorder","id":201,"index":0})")));
    CHECK(move.index == 0);
}

TEST_CASE("mistakes in an edit line are named")
{
    CHECK_THAT(editError(R"({"op":"delete","id":1})"), Catch::Contains("\"delete\" is not an edit"));
    CHECK_THAT(editError(R"({"op":"remove"})"), Catch::Contains("/id: is missing"));
    CHECK_THAT(editError(R"({"op":"remove","id":-3})"), Catch::Contains("/id: must be the id"));
    CHECK_THAT(editError(R"({"op":"add","kind":"syllabus","fields":{}})"), Catch::Contains("/kind"));
    CHECK_THAT(editError(R"({"op":"add","kind":"objective","fields":{"text":7}})"),
        Catch::Contains("/fields/text: must be text"));
    CHECK_THAT(
        editError(R"({"op":"add","kind":"objective","fields":{"ord":7}})"), Catch::Contains("/fields/ord"));
    CHECK_THAT(editError(R"({"op":"link","kind":"maps","objective":1,"target":2,"contribution":"expert"})"),
        Catch::Contains("/contribution"));
    CHECK_THAT(editError(R"({"op":"update","id":1,"field":"text","value":"x","extra":1})"),
        Catch::Contains("/extra"));
    CHECK_THAT(editError(R"([1])"), Catch::Contains("must be a JSON object"));
}
