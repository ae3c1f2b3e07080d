// `coursemap check`, `acknowledge`, `rules` and `objectives analyze` end to end.
#include "support/Process.h"
#include "support/TestFiles.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <sstream>

using namespace coursemap::test;
using nlohmann::json;

namespace {

// A map with one course whose only problem is an orphan teaching activity (a warning).
std::string warningOnlyMap(const TempDir& dir)
{
    const auto path = (dir / "one.coursemap").string();
    const std::string map = R"({"format": "coursemap", "version": 2,
      "program": {"id": 1, "name": "P"},
      "frameworks": [],
      "courses": [{"id": 2, "code": "X 100", "title": "X", "credits": 0,
        "objectives": [{"id": 3, "text": "Explain the cardiac cycle.", "taught_by": [4], "assessed_by": [{"assessment": 6}]}],
        "activities": [{"id": 4, "title": "Lecture", "method": "IM013", "minutes": 60},
                       {"id": 5, "title": "Welcome", "method": "IM013", "minutes": 0}],
        "assessments": [{"id": 6, "title": "Exam", "method": "AM004", "weight": 100}]}],
      "comments": []})";
    const auto result = runCli({ "import", "-", path }, map);
    INFO(result.err);
    REQUIRE(result.exitCode == 0);
    return path;
}

std::vector<json> jsonLines(const std::string& text)
{
    std::vector<json> out;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);)
        out.push_back(json::parse(line));
    return out;
}

} // namespace

TEST_CASE("check on the sample lists findings by course and exits 1")
{
    TempDir dir;
    const auto map = sampleMap(dir);
    const auto r = runCli({ "check", map });
    CHECK(r.exitCode == 1);
    CHECK_THAT(r.out, Catch::Contains("CARD 210 \u2014 Cardiovascular Medicine"));
    CHECK_THAT(r.out,
        Catch::Contains(
            "\u201Cunderstand\u201D cannot be observed or assessed.  [objective-not-measurable]"));
    CHECK_THAT(r.out, Catch::Contains("Try: explain, describe"));
    CHECK_THAT(r.out, Catch::Contains("Checked 22 objectives in 3 courses: 9 errors"));
}

TEST_CASE("check --format json gives every finding with its rule, item and fix")
{
    TempDir dir;
    const auto r = runCli({ "check", sampleMap(dir), "--format", "json" });
    CHECK(r.exitCode == 1);
    const auto j = json::parse(r.out);
    CHECK(j["summary"]["errors"] == 9);
    bool seen = false;
    for (const auto& f : j["findings"]) {
        CHECK(f.contains("rule"));
        CHECK_FALSE(f["fix"].get<std::string>().empty());
        if (f["rule"] == "activity-orphan" && f["item"]["id"] == 238) {
            seen = true;
            CHECK(f["item"]["kind"] == "activity");
            CHECK(f["course"] == "CARD 210");
            CHECK(f["severity"] == "warning");
            CHECK(f["acknowledged"].is_null());
        }
    }
    CHECK(seen);
}

TEST_CASE("check --fail-on sets which severities fail")
{
    TempDir dir;
    const auto map = warningOnlyMap(dir);
    CHECK(runCli({ "check", map }).exitCode == 0);
    CHECK(runCli({ "check", map, "--fail-on", "error" }).exitCode == 0);
    CHECK(runCli({ "check", map, "--fail-on", "warning" }).exitCode == 1);
    CHECK(runCli({ "check", map, "--fail-on", "info" }).exitCode == 1);
    const auto bad = runCli({ "check", map, "--fail-on", "fatal" });
    CHECK(bad.exitCode == 2);
    CHECK_THAT(bad.err, Catch::Contains("fail-on"));
    CHECK(runCli({ "check", (dir / "missing.coursemap").string() }).exitCode == 2);
    const auto notMap = dir / "notes.txt";
    writeFile(notMap, "hello");
    const auto r = runCli({ "check", notMap.string() });
    CHECK(r.exitCode == 2);
    CHECK_FALSE(r.err.empty());
}

TEST_CASE("acknowledge keeps a justification in the file; the finding no longer fails the check")
{
    TempDir dir;
    const auto map = warningOnlyMap(dir);
    CHECK(runCli({ "check", map, "--fail-on", "warning" }).exitCode == 1);

    auto none = runCli({ "acknowledge", map, "activity-orphan", "5" });
    CHECK(none.exitCode == 2);
    CHECK_THAT(none.err, Catch::Contains("--justification"));
    auto wrong = runCli({ "acknowledge", map, "objective-not-taught", "3", "-j", "x" });
    CHECK(wrong.exitCode == 2);
    CHECK_THAT(wrong.err, Catch::Contains("no objective-not-taught finding"));
    CHECK(runCli({ "acknowledge", map, "no-such-rule", "3", "-j", "x" }).exitCode == 2);

    auto ok = runCli({ "acknowledge", map, "activity-orphan", "5", "-j", "Welcome session <b>on purpose</b>",
        "--author", "Dr Reyes" });
    INFO(ok.err);
    CHECK(ok.exitCode == 0);
    CHECK(runCli({ "check", map, "--fail-on", "warning" }).exitCode == 0);
    const auto text = runCli({ "check", map });
    CHECK_THAT(text.out, Catch::Contains("accepted") && Catch::Contains("Welcome session <b>on purpose</b>"));
    const auto j = json::parse(runCli({ "check", map, "--format", "json" }).out);
    CHECK(j["summary"]["acknowledged"] == 1);
    CHECK(j["findings"][0]["acknowledged"]["author"] == "Dr Reyes");
    // It travels with the map's JSON.
    CHECK_THAT(runCli({ "export", map }).out, Catch::Contains("\"rule\": \"activity-orphan\""));

    CHECK(runCli({ "acknowledge", map, "activity-orphan", "5", "--withdraw" }).exitCode == 0);
    CHECK(runCli({ "check", map, "--fail-on", "warning" }).exitCode == 1);
}

TEST_CASE("objectives analyze writes one JSON object per input line, in order")
{
    const std::string input
        = "By the end of this session, students will be able to interpret a 12-lead ECG.\n"
          "Understand heart failure.\n"
          "\n"
          "1.01 Identify and manage sepsis.\r\n"
          "Cardiac physiology\n";
    const auto r = runCli({ "objectives", "analyze" }, input);
    CHECK(r.exitCode == 0);
    const auto out = jsonLines(r.out);
    REQUIRE(out.size() == 5);
    CHECK(out[0]["text"] == "By the end of this session, students will be able to interpret a 12-lead ECG.");
    CHECK(out[0]["verb"] == "interpret");
    // Where most published lists put it (issue 16): apply; every level any list gives follows, and the note
    // says how they disagree.
    CHECK(out[0]["bloom"] == "apply");
    CHECK(out[0]["bloom_levels"] == json::array({ "apply", "understand", "evaluate", "analyze" }));
    CHECK_THAT(out[0]["bloom_note"].get<std::string>(), Catch::Contains("disagree"));
    CHECK(out[0]["measurable"] == true);
    CHECK(out[0]["compound"] == false);
    CHECK(out[0]["domain"] == "cognitive");
    CHECK(out[0]["findings"].empty());
    CHECK(out[1]["verb"] == "understand");
    CHECK(out[1]["bloom"].is_null());
    CHECK(out[1]["measurable"] == false);
    CHECK(out[1]["findings"][0]["rule"] == "objective-not-measurable");
    CHECK(out[1]["findings"][0]["suggestions"].size() > 3);
    CHECK(out[2]["text"] == "");
    CHECK(out[2]["verb"].is_null());
    CHECK(out[3]["text"] == "1.01 Identify and manage sepsis.");
    CHECK(out[3]["compound"] == true);
    CHECK(out[4]["findings"][0]["rule"] == "objective-no-verb");
}

TEST_CASE(
    "docs/rules.md is what `coursemap rules --format markdown` prints, then the analyzer's corpus report")
{
    const auto r = runCli({ "rules", "--format", "markdown" });
    CHECK(r.exitCode == 0);
    const auto doc = readFile(std::filesystem::path(COURSEMAP_DOCS) / "rules.md");
    REQUIRE(doc.size() > r.out.size());
    CHECK(doc.substr(0, r.out.size()) == r.out);
    // The rest is the report of build/coursemap-score-objectives, kept in step by a core test.
    CHECK(doc.substr(r.out.size()).starts_with("\n## How well the analyzer reads real objectives\n"));
    const auto list = runCli({ "rules" });
    CHECK_THAT(list.out, Catch::Contains("objective-not-assessed"));
    CHECK(json::parse(runCli({ "rules", "--format", "json" }).out).size() >= 20);
}
