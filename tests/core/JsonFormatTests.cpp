// The JSON form: stable, lossless, and strict about what it accepts; import is all or nothing.
#include "support/TestFiles.h"

#include "coursemap/Error.h"
#include "coursemap/interchange/JsonFormat.h"

#include <catch2/catch.hpp>

using namespace coursemap;
using namespace coursemap::test;
using nlohmann::json;

namespace {

std::string importError(const std::string& text)
{
    try {
        importJson(text, "map.json");
    } catch (const Error& e) {
        CHECK(e.code() == ErrorCode::InvalidInput);
        return e.message();
    }
    FAIL("the JSON was accepted");
    return {};
}

json sample()
{
    return json::parse(sampleJson());
}

} // namespace

TEST_CASE("export, import and export again give the same bytes")
{
    const auto first = exportJson(importJson(sampleJson()));
    CHECK(first == sampleJson()); // the bundled sample is kept in canonical form
    CHECK(exportJson(importJson(first)) == first);
}

TEST_CASE("a map survives a trip through a file and JSON unchanged")
{
    TempDir dir;
    auto doc = openSample(dir / "a.coursemap");
    auto copy = Document::create(dir / "b.coursemap", importJson(exportJson(doc->data())));
    CHECK(copy->data() == doc->data());
}

TEST_CASE("user text with markup, quotes and other scripts round-trips exactly")
{
    auto j = sample();
    const std::string hostile
        = "<img src='file:///etc/hostname'> &amp; \"quoted\" \\ 日本語 עברית Ünïcödé\n\ttab";
    j["courses"][0]["objectives"][0]["text"] = "Describe " + hostile;
    const auto data = importJson(j.dump());
    CHECK(exportJson(importJson(exportJson(data))) == exportJson(data));
    CHECK(
        data.get<Objective>(j["courses"][0]["objectives"][0]["id"].get<Id>())->text == "Describe " + hostile);
}

TEST_CASE("items without ids get new ones after the largest id given")
{
    json j = { { "format", "coursemap" }, { "version", 1 }, { "program", { { "name", "PharmD" } } },
        { "courses",
            { { { "id", 50 }, { "code", "PHAR 501" }, { "title", "Pharmacotherapy I" },
                { "objectives",
                    { { { "text", "Recommend a regimen." } }, { { "text", "Monitor it." } } } } } } } };
    const auto data = importJson(j.dump());
    const auto objectives = data.objectivesOf(50);
    REQUIRE(objectives.size() == 2);
    CHECK(objectives[0]->id > 50);
    CHECK(objectives[1]->id > objectives[0]->id);
    CHECK(data.program().id > 50);
}

TEST_CASE("syntax errors say where")
{
    CHECK_THAT(importError("{\"format\": \"coursemap\",\n \"version\": 1,,}"), Catch::Contains("line 2"));
    CHECK_THAT(importError(""), Catch::Contains("not valid JSON"));
}

TEST_CASE("deep nesting is refused before it is built")
{
    const std::string deep = std::string(200000, '[') + std::string(200000, ']');
    CHECK_THAT(importError(deep), Catch::Contains("levels deep"));
}

TEST_CASE("wrong types and values are reported at their JSON pointer")
{
    auto j = sample();
    j["courses"][1]["objectives"][2]["text"] = 42;
    j["courses"][1]["credits"] = "six";
    j["courses"][1]["activities"][0]["method"] = "Lecture";
    j["courses"][1]["assessments"][1]["weight"] = 150;
    j["courses"][0]["objectives"][0]["bloom_override"] = "memorize";
    const auto message = importError(j.dump());
    CHECK_THAT(message, Catch::Contains("/courses/1/objectives/2/text: must be text"));
    CHECK_THAT(message, Catch::Contains("/courses/1/credits: must be a number from 0 to 200"));
    CHECK_THAT(message, Catch::Contains("/courses/1/activities/0/method: must be an AAMC method code"));
    CHECK_THAT(message, Catch::Contains("/courses/1/assessments/1/weight"));
    CHECK_THAT(message, Catch::Contains("/courses/0/objectives/0/bloom_override: must be one of: remember"));
    CHECK_THAT(message, Catch::Contains("nothing was changed"));
}

TEST_CASE("unknown keys, missing required text and a missing program are reported")
{
    auto j = sample();
    j["courses"][0]["colour"] = "blue";
    j["courses"][0]["title"] = "";
    CHECK_THAT(importError(j.dump()), Catch::Contains("/courses/0/colour: is not a field of a course"));
    CHECK_THAT(importError(j.dump()), Catch::Contains("/courses/0/title: must not be empty"));
    json k = sample();
    k.erase("program");
    CHECK_THAT(importError(k.dump()), Catch::Contains("/program: is missing"));
}

TEST_CASE("duplicate ids are refused")
{
    auto j = sample();
    j["courses"][1]["objectives"][1]["id"] = j["courses"][1]["objectives"][0]["id"];
    CHECK_THAT(importError(j.dump()), Catch::Contains("/courses/1/objectives/1/id: repeats id"));
}

TEST_CASE("dangling and cross-course links are refused")
{
    auto j = sample();
    j["courses"][1]["objectives"][0]["taught_by"].push_back(987654);
    j["courses"][1]["objectives"][1]["taught_by"].push_back(j["courses"][0]["activities"][0]["id"]);
    j["courses"][1]["objectives"][2]["competencies"].push_back(
        { { "competency", 11 }, { "contribution", "expert" } });
    const auto message = importError(j.dump());
    CHECK_THAT(message,
        Catch::Contains("/courses/1/objectives/0/taught_by/1: must be the id of a teaching activity"));
    CHECK_THAT(message,
        Catch::Contains("/courses/1/objectives/1/taught_by/1: must be a teaching activity of the objective's "
                        "own course"));
    CHECK_THAT(message, Catch::Contains("contribution: must be one of: introduced, reinforced, mastered"));
}

TEST_CASE("a comment on an item that does not exist is refused")
{
    auto j = sample();
    j["comments"][0]["item_id"] = 123456;
    CHECK_THAT(importError(j.dump()), Catch::Contains("/comments/0/item_id"));
}

TEST_CASE("JSON from a newer format version is refused with a reason")
{
    auto j = sample();
    j["version"] = 7;
    CHECK_THAT(importError(j.dump()), Catch::Contains("newer Coursemap Studio"));
    CHECK_THAT(importError("[1, 2, 3]"), Catch::Contains("must be an object"));
}

TEST_CASE("a number too large for any field is refused as bad JSON, not a crash")
{
    try {
        importJson(
            R"({"format": "coursemap", "version": 2, "program": {"id": 1, "name": "P", "length_years": 2e330}})");
        FAIL("imported");
    } catch (const Error& e) {
        CHECK(e.code() == ErrorCode::InvalidInput);
        CHECK_THAT(e.message(), Catch::Contains("number overflow"));
    }
}
