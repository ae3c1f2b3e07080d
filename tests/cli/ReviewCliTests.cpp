// `coursemap comment`, `status`, `version` and `diff` end to end, as a committee's script would use them.
#include "support/Process.h"
#include "support/TestFiles.h"

#include <SQLiteCpp/Database.h>
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <chrono>
#include <sys/wait.h>
#include <thread>

using namespace coursemap::test;
using nlohmann::json;

namespace {

ProcessResult ok(const std::vector<std::string>& args, const std::string& input = {})
{
    auto r = runCli(args, input);
    INFO(r.err);
    REQUIRE(r.exitCode == 0);
    return r;
}

ProcessResult refused(const std::vector<std::string>& args)
{
    auto r = runCli(args);
    CHECK(r.exitCode == 2);
    CHECK(r.out.empty());
    return r;
}

} // namespace

TEST_CASE("comment add, reply, list and resolve, on an item, a course and a link")
{
    TempDir dir;
    const auto map = sampleMap(dir);
    auto added
        = ok({ "comment", "add", map, "--item", "203", "--text", "Which verb?", "--author", "Dr. Cho" });
    CHECK_THAT(
        added.out, Catch::StartsWith("Comment #") && Catch::Contains("Understand the pathophysiology"));
    const std::string id = added.out.substr(9, added.out.find(' ', 9) - 9);
    ok({ "comment", "reply", map, id, "--text", "Explain.", "--author", "Dr. Raman" });
    ok({ "comment", "add", map, "--course", "card 210", "--text", "Ready for committee?" });

    auto list = json::parse(ok({ "comment", "list", map, "--course", "CARD 210", "--format", "json" }).out);
    REQUIRE(list.size() == 3); // the sample's thread and our two
    CHECK(list[1]["text"] == "Which verb?");
    CHECK(list[1]["author"] == "Dr. Cho");
    REQUIRE(list[1]["replies"].size() == 1);
    CHECK(list[1]["replies"][0]["text"] == "Explain.");
    CHECK(list[2]["subject"] == "course CARD 210 \u201CCardiovascular Medicine\u201D");

    ok({ "comment", "resolve", map, id });
    CHECK(json::parse(ok({ "comment", "list", map, "--format", "json" }).out).size() == 2);
    CHECK(json::parse(ok({ "comment", "list", map, "--all", "--format", "json" }).out).size() == 3);
    const auto text = ok({ "comment", "list", map, "--all" }).out;
    CHECK_THAT(text, Catch::Contains("[resolved]") && Catch::Contains("Dr. Raman"));
    CHECK_THAT(refused({ "comment", "resolve", map, id }).err, Catch::Contains("already resolved"));
    ok({ "comment", "resolve", map, id, "--reopen" });

    // A link: objective 204 is taught by an activity; the sample's JSON names it.
    const auto exported = json::parse(ok({ "export", map, "--format", "json" }).out);
    json objective;
    for (const auto& c : exported["courses"])
        for (const auto& o : c["objectives"])
            if (o["id"] == 204)
                objective = o;
    const std::string activity = std::to_string(objective["taught_by"][0].get<long long>());
    CHECK_THAT(ok({ "comment", "add", map, "--item", "204", "--target", activity, "--text", "Enough?" }).out,
        Catch::Contains("on link objective"));
    CHECK_THAT(refused({ "comment", "add", map, "--item", "204", "--target", "100", "--text", "x" }).err,
        Catch::Contains("not linked"));
    CHECK_THAT(refused({ "comment", "add", map, "--text", "x" }).err, Catch::Contains("--course CODE"));
    CHECK_THAT(refused({ "comment", "add", map, "--course", "NOPE 1", "--text", "x" }).err,
        Catch::Contains("NOPE 1"));
}

TEST_CASE("status shows the history and sets a new status; approval over errors needs a justification")
{
    TempDir dir;
    const auto map = sampleMap(dir);
    CHECK_THAT(ok({ "status", map, "--course", "CARD 210" }).out,
        Catch::Contains(": in_review") && Catch::Contains("in_review by Dr. Priya Raman"));

    const auto before = readFile(map);
    const auto r = refused({ "status", map, "--course", "CARD 210", "--set", "approved" });
    CHECK_THAT(r.err, Catch::Contains("8 errors") && Catch::Contains("needs a justification"));
    CHECK(readFile(map) == before);
    CHECK_THAT(refused({ "status", map, "--course", "CARD 210", "--set", "done" }).err,
        Catch::Contains("one of: draft, in_review, changes_requested, approved"));
    CHECK_THAT(refused({ "status", map, "--course", "MED 301", "--set", "approved", "-j", "x" }).err,
        Catch::Contains("must be in review before it can be approved"));

    const auto set = json::parse(
        ok({ "status", map, "--course", "CARD 210", "--set", "approved", "--justification",
               "Wording fixed in the spring revision", "--author", "Committee", "--format", "json" })
            .out);
    CHECK(set["status"] == "approved");
    REQUIRE(set["history"].size() == 2);
    CHECK(set["history"][1]["author"] == "Committee");
    CHECK(set["history"][1]["justification"] == "Wording fixed in the spring revision");

    ok({ "status", map, "--item", "203", "--set", "in-review" });
    CHECK(
        json::parse(ok({ "status", map, "--item", "203", "--format", "json" }).out)["status"] == "in_review");
    CHECK_THAT(refused({ "status", map, "--course", "ICM 101", "--item", "203" }).err,
        Catch::Contains("not in ICM 101"));
}

TEST_CASE("version save, list, diff and restore")
{
    TempDir dir;
    const auto map = sampleMap(dir);
    CHECK_THAT(refused({ "diff", map }).err, Catch::Contains("no versions"));
    CHECK_THAT(ok({ "version", "list", map }).out, Catch::Contains("No versions yet"));
    ok({ "version", "save", map, "Approved 2026-27", "--author", "Dr. Cho" });
    CHECK_THAT(
        refused({ "version", "save", map, "Approved 2026-27" }).err, Catch::Contains("already a version"));
    CHECK_THAT(ok({ "diff", map }).out, Catch::Contains("No changes."));

    ok({ "apply", map, "-" },
        R"({"op": "update", "id": 203, "field": "text", "value": "Explain the pathophysiology of heart failure"})"
        "\n");
    const auto text = ok({ "diff", map }).out;
    CHECK_THAT(text, Catch::Contains("Changes from \"Approved 2026-27\" to now"));
    CHECK_THAT(text, Catch::Contains("text: [-Understand-]{+Explain+} the pathophysiology"));
    CHECK_THAT(text, Catch::Contains("Fixed problems") && Catch::Contains("objective-not-measurable"));
    const auto diff = json::parse(
        ok({ "diff", map, "--from", "Approved 2026-27", "--to", "now", "--format", "json" }).out);
    REQUIRE(diff["items"].size() == 1);
    CHECK(diff["items"][0]["id"] == 203);
    CHECK(diff["findings"]["fixed"].size() == 1);
    CHECK(diff["findings"]["new"].empty());
    CHECK_THAT(refused({ "diff", map, "--from", "Final" }).err,
        Catch::Contains("Its versions: \"Approved 2026-27\""));

    const auto restored = ok({ "version", "restore", map, "Approved 2026-27" }).out;
    CHECK_THAT(
        restored, Catch::Contains("1 item and 0 links changed") && Catch::Contains("Before restoring"));
    CHECK_THAT(ok({ "diff", map, "--from", "Approved 2026-27" }).out, Catch::Contains("No changes."));
    const auto versions = json::parse(ok({ "version", "list", map, "--format", "json" }).out);
    REQUIRE(versions.size() == 2);
    CHECK(versions[0]["author"] == "Dr. Cho");
    // The kept version holds the edit the restore took back.
    const std::string kept = versions[1]["name"];
    CHECK_THAT(ok({ "diff", map, "--from", kept, "--to", "Approved 2026-27" }).out,
        Catch::Contains("[-Explain-]{+Understand+}"));
    CHECK_THAT(
        ok({ "version", "restore", map, "Approved 2026-27" }).out, Catch::Contains("nothing to restore"));
}

TEST_CASE("a review copy of the syllabus carries the review history and the open comments, escaped")
{
    TempDir dir;
    const auto map = sampleMap(dir);
    ok({ "comment", "add", map, "--course", "CARD 210", "--text",
        "Is <b>this</b> & that <img src='x'> ready?", "--author", "Dr. Cho" });
    const auto resolved = ok({ "comment", "add", map, "--item", "204", "--text", "Settled already." }).out;
    ok({ "comment", "resolve", map, resolved.substr(9, resolved.find(' ', 9) - 9) });
    const auto pdf = (dir / "review.pdf").string();
    CHECK_THAT(
        ok({ "export", map, "--format", "pdf", "--course", "CARD 210", "--review-copy", "-o", pdf }).out,
        Catch::Contains("the review copy of CARD 210"));
    const auto text = shell("pdftotext -layout '" + pdf + "' -");
    CHECK_THAT(text, Catch::Contains("Review copy"));
    CHECK_THAT(text, Catch::Contains("In review by Dr. Priya Raman"));
    CHECK_THAT(text, Catch::Contains("Open comments"));
    CHECK_THAT(text, Catch::Contains("Is <b>this</b> & that <img src='x'> ready?"));
    CHECK_THAT(text, Catch::Contains("Agreed. I will rewrite it"));
    CHECK_THAT(text, !Catch::Contains("Settled already."));

    // The plain syllabus has none of it.
    ok({ "export", map, "--format", "pdf", "--course", "CARD 210", "-o", pdf });
    CHECK_THAT(shell("pdftotext -layout '" + pdf + "' -"), !Catch::Contains("Open comments"));
}

TEST_CASE("status --set approved weighs the findings of the map as it is written, not as it was read")
{
    TempDir dir;
    const auto map = sampleMap(dir);
    ok({ "status", map, "--item", "301", "--set", "in_review" });
    {
        // Another program is writing: `status` reads the map (no open errors on 301 yet) and waits its turn.
        SQLite::Database other(map, SQLite::OPEN_READWRITE);
        other.setBusyTimeout(20000);
        other.exec("BEGIN IMMEDIATE");
        RunningCli status({ "status", map, "--item", "301", "--set", "approved" });
        std::this_thread::sleep_for(std::chrono::milliseconds(1500));
        // Meanwhile the other program unlinks 301's only assessment, as the revision contract writes it.
        other.exec("DELETE FROM link WHERE kind = 'assesses' AND objective_id = 301 AND target_id = 341;"
                   "UPDATE meta SET value = value + 1 WHERE key = 'revision';"
                   "INSERT INTO removed_link (kind, objective_id, target_id, revision) "
                   "SELECT 'assesses', 301, 341, value FROM meta WHERE key = 'revision';"
                   "INSERT INTO revision_log (revision, author, program, description, created_at) "
                   "SELECT value, 'Bea', 'coursemap apply', 'Unlink', '2026-12-03T10:00:00Z' FROM meta "
                   "WHERE key = 'revision';"
                   "COMMIT");
        std::string line;
        while (status.readLine(line)) { }
        const int raw = status.wait();
        REQUIRE(WIFEXITED(raw));
        CHECK(WEXITSTATUS(raw) == 2); // refused: 301 now has an error and no justification was given
    }
    const auto now = json::parse(ok({ "status", map, "--item", "301", "--format", "json" }).out);
    CHECK(now["status"] == "in_review");
}
