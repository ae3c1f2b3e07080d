// `coursemap` end to end, as a script or a person at a terminal uses it.
#include "support/Process.h"
#include "support/TestFiles.h"

#include "coursemap/interchange/JsonFormat.h"

#include <catch2/catch.hpp>

using namespace coursemap;
using namespace coursemap::test;
using nlohmann::json;

TEST_CASE("help is available for the program and every command")
{
    auto top = runCli({ "--help" });
    CHECK(top.exitCode == 0);
    for (const char* command : { "new", "import", "export", "stats", "apply", "check", "acknowledge", "rules",
             "objectives", "import-csv", "framework", "heat-map" }) {
        INFO(command);
        CHECK_THAT(top.out, Catch::Contains(command));
        auto help = runCli({ command, "--help" });
        CHECK(help.exitCode == 0);
        CHECK_THAT(help.out, Catch::Contains("Usage"));
    }
}

TEST_CASE("usage mistakes exit with 2 and a message on standard error")
{
    auto none = runCli({});
    CHECK(none.exitCode == 2);
    auto unknown = runCli({ "frobnicate" });
    CHECK(unknown.exitCode == 2);
    CHECK_FALSE(unknown.err.empty());
    TempDir dir;
    auto badFormat = runCli({ "export", sampleMap(dir), "--format", "docx" });
    CHECK(badFormat.exitCode == 2);
    CHECK_THAT(badFormat.err, Catch::Contains("docx"));
    auto missing = runCli({ "stats", (dir / "nowhere.coursemap").string() });
    CHECK(missing.exitCode == 2);
}

TEST_CASE("new creates an empty map and refuses to overwrite a file")
{
    TempDir dir;
    const auto path = (dir / "bsn.coursemap").string();
    auto made = runCli({ "new", path, "--program", "BSN Program", "--degree", "BSN", "--years", "4" });
    REQUIRE(made.exitCode == 0);
    auto doc = Document::open(path, OpenMode::ReadOnly);
    CHECK(doc->data().program().name == "BSN Program");
    CHECK(doc->data().program().degree == "BSN");

    const auto bytes = readFile(path);
    auto again = runCli({ "new", path });
    CHECK(again.exitCode == 2);
    CHECK_THAT(again.err, Catch::Contains("already exists"));
    CHECK(readFile(path) == bytes);
}

TEST_CASE("import then export gives back the same JSON")
{
    TempDir dir;
    const auto path = sampleMap(dir);
    auto out = runCli({ "export", path, "--format", "json" });
    REQUIRE(out.exitCode == 0);
    CHECK(out.out == sampleJson());
    const auto file = (dir / "out.json").string();
    REQUIRE(runCli({ "export", path, "-o", file }).exitCode == 0);
    CHECK(readFile(file) == sampleJson());
}

TEST_CASE("import reads standard input")
{
    TempDir dir;
    const auto path = (dir / "stdin.coursemap").string();
    auto r = runCli({ "import", "-", path }, sampleJson());
    CHECK(r.exitCode == 0);
    CHECK(Document::open(path, OpenMode::ReadOnly)->data() == importJson(sampleJson()));
}

TEST_CASE("a bad import names the problem and creates no file")
{
    TempDir dir;
    auto j = json::parse(sampleJson());
    j["courses"][1]["objectives"][0]["text"] = "";
    writeFile(dir / "bad.json", j.dump());
    const auto path = dir / "bad.coursemap";
    auto r = runCli({ "import", (dir / "bad.json").string(), path.string() });
    CHECK(r.exitCode == 2);
    CHECK_THAT(r.err, Catch::Contains("/courses/1/objectives/0/text: must not be empty"));
    CHECK_FALSE(std::filesystem::exists(path));
    CHECK(std::distance(std::filesystem::directory_iterator(dir.path()), {}) == 1); // no temporary left
}

TEST_CASE("stats counts every kind of item, link and hour")
{
    TempDir dir;
    const auto path = sampleMap(dir);
    auto text = runCli({ "stats", path });
    REQUIRE(text.exitCode == 0);
    CHECK_THAT(text.out, Catch::Contains("CARD 210"));
    CHECK_THAT(text.out, Catch::Contains("Objectives   22"));

    auto r = runCli({ "stats", path, "--format", "json" });
    REQUIRE(r.exitCode == 0);
    const auto s = json::parse(r.out);
    CHECK(s["items"]["course"] == 3);
    CHECK(s["items"]["objective"] == 22);
    CHECK(s["items"]["activity"] == 18);
    CHECK(s["items"]["assessment"] == 10);
    CHECK(s["items"]["competency"] == 10);
    CHECK(s["items"]["comment"] == 2);
    CHECK(s["links"]["teaches"] == 23);
    CHECK(s["links"]["assesses"] == 23);
    CHECK(s["links"]["maps"] == 32);
    CHECK(s["courses"][1]["code"] == "CARD 210");
    CHECK(s["courses"][1]["scheduled_teaching_hours"] == Approx(61.5));
    CHECK(s["courses"][1]["summative_weight"] == Approx(100));
}

TEST_CASE("apply commits each edit and says ok N, and a bad line stops the stream and keeps earlier edits")
{
    TempDir dir;
    const auto path = sampleMap(dir);
    const std::string edits
        = R"({"op":"add","kind":"objective","id":5001,"fields":{"course_id":200,"text":"Interpret an echocardiogram report."}})"
          "\n"
          "\n"
          R"({"op":"link","kind":"teaches","objective":5001,"target":233})"
          "\n"
          R"({"op":"update","id":5001,"field":"bloom_override","value":"evaluate"})"
          "\n"
          R"({"op":"update","id":5001,"field":"bloom_override","value":"telepathy"})"
          "\n"
          R"({"op":"remove","id":5001})"
          "\n";
    auto r = runCli({ "apply", path, "-" }, edits);
    CHECK(r.exitCode == 2);
    CHECK(r.out == "ok 1\nok 2\nok 3\n");
    CHECK_THAT(r.err, Catch::Contains("line 5"));
    CHECK_THAT(r.err, Catch::Contains("3 earlier edit(s) were saved"));
    auto doc = Document::open(path, OpenMode::ReadOnly);
    const auto* added = doc->data().get<Objective>(5001);
    REQUIRE(added);
    CHECK(added->bloomOverride == BloomLevel::Evaluate);
    CHECK(doc->data().link({ LinkKind::Teaches, 5001, 233 }));
}

TEST_CASE("apply reports a line that is not JSON by its number")
{
    TempDir dir;
    const auto path = sampleMap(dir);
    writeFile(dir / "edits.jsonl", "{\"op\":\"remove\",\"id\":238}\n{not json\n");
    auto r = runCli({ "apply", path, (dir / "edits.jsonl").string() });
    CHECK(r.exitCode == 2);
    CHECK(r.out == "ok 1\n");
    CHECK_THAT(r.err, Catch::Contains("line 2 is not valid JSON"));
    CHECK_FALSE(Document::open(path, OpenMode::ReadOnly)->data().contains(238));
}
