// Many writers on one map (issue "Integrity"): two Documents on one file stand for two programs, the
// interleavings that lost acknowledged edits before the revision contract are played out step by step, and
// each ends with every acknowledged edit in the file and a map that opens.
#include "support/TestFiles.h"

#include "coursemap/Error.h"
#include "coursemap/analysis/Checker.h"
#include "coursemap/interchange/Csv.h"
#include "coursemap/interchange/CsvFormat.h"
#include "coursemap/interchange/JsonFormat.h"
#include "coursemap/review/Review.h"

#include <SQLiteCpp/Database.h>
#include <catch2/catch.hpp>
#include <sqlite3.h>

#include <sys/wait.h>
#include <unistd.h>

using namespace coursemap;
using namespace coursemap::test;
namespace fs = std::filesystem;

namespace {

Objective newObjective(Id course, const std::string& text)
{
    Objective o;
    o.courseId = course;
    o.text = text;
    return o;
}

// A map opened by two programs: `a` and `b` both read it before either writes.
struct TwoWriters
{
    TempDir dir;
    fs::path path = dir / "map.coursemap";
    std::unique_ptr<Document> a, b;
    TwoWriters()
    {
        openSample(path).reset();
        a = Document::open(path);
        a->setWriter("Dr. Amara Okafor", "Coursemap Studio");
        b = Document::open(path);
        b->setWriter("Dr. Priya Raman", "coursemap apply");
    }
    DocumentData onDisk() const { return Document::open(path, OpenMode::ReadOnly)->data(); }
};

// Leaves `path` as a writer killed in the middle of a commit leaves it: a child process changes many pages
// with a tiny page cache, so SQLite writes the journal, syncs it and spills changed pages into the map, and
// then dies without committing. The journal beside the map is hot.
void killWriterMidCommit(const fs::path& path)
{
    const pid_t child = ::fork();
    if (child == 0) {
        sqlite3* db = nullptr;
        if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK)
            ::_exit(3);
        const char* sql = "PRAGMA journal_mode = DELETE; PRAGMA cache_size = 10; BEGIN IMMEDIATE;"
                          "UPDATE objective SET text = text || printf('%.6000c', 'x');"
                          "UPDATE activity SET description = printf('%.6000c', 'y');"
                          "UPDATE meta SET value = value + 1 WHERE key = 'revision';";
        ::_exit(sqlite3_exec(db, sql, nullptr, nullptr, nullptr) == SQLITE_OK ? 0 : 4);
    }
    int status = 0;
    ::waitpid(child, &status, 0);
    REQUIRE(WIFEXITED(status));
    REQUIRE(WEXITSTATUS(status) == 0);
    REQUIRE(fs::exists(path.string() + "-journal"));
}

} // namespace

TEST_CASE("two programs adding at once both keep what they added, each with an id of its own")
{
    TwoWriters w;
    const auto byB = w.b->apply(AddItem { newObjective(200, "Describe the cardiac cycle."), std::nullopt });
    const auto byA
        = w.a->apply(AddItem { newObjective(200, "Explain preload and afterload."), std::nullopt });
    const Id idB = byB.items.front().id();
    const Id idA = byA.items.front().id();
    CHECK(idA != idB);
    const auto disk = w.onDisk();
    CHECK(disk.get<Objective>(idA)->text == "Explain preload and afterload.");
    CHECK(disk.get<Objective>(idB)->text == "Describe the cardiac cycle.");
    // A read B's objective while writing: its copy is the file's.
    CHECK(w.a->data() == disk);

    SECTION("and two comments never share an id")
    {
        const auto c1 = w.b->apply(addComment(w.b->data(), { 203, NoId }, "Which verb?", "Raman"));
        const auto c2 = w.a->apply(addComment(w.a->data(), { 203, NoId }, "Is this assessed?", "Okafor"));
        CHECK(c1.items.front().id() != c2.items.front().id());
        CHECK(w.onDisk().all<Comment>().size() == w.a->data().all<Comment>().size());
    }
}

TEST_CASE("a change to one field keeps another program's change to another field of the same item")
{
    TwoWriters w;
    w.b->apply(UpdateField { 203, "text", "Interpret a 12-lead ECG in a patient with chest pain." });
    w.a->apply(UpdateField { 203, "bloom_override", "analyze" });
    const Checker checker(w.a->data());
    w.a->applyPlan([&](const DocumentData& data, Id& next) {
        return planStatus(data, checker, 203, ReviewStatus::InReview, "", "Okafor", next);
    });
    const auto disk = w.onDisk();
    const auto* o = disk.get<Objective>(203);
    CHECK(o->text == "Interpret a 12-lead ECG in a patient with chest pain.");
    CHECK(o->bloomOverride == BloomLevel::Analyze);
    CHECK(o->status == ReviewStatus::InReview);
}

TEST_CASE("a change to a field another program changed since is refused, naming who, and theirs stays")
{
    TwoWriters w;
    w.b->apply(UpdateField { 203, "text", "Interpret a 12-lead ECG." });
    try {
        w.a->apply(UpdateField { 203, "text", "Read an ECG." });
        FAIL("overwrote another program's change unseen");
    } catch (const Error& e) {
        CHECK(e.code() == ErrorCode::Conflict);
        CHECK_THAT(e.message(), Catch::Contains("Dr. Priya Raman") && Catch::Contains("text"));
    }
    CHECK(w.onDisk().get<Objective>(203)->text == "Interpret a 12-lead ECG.");
    // A now holds their version, so the same change made again is a change to what A sees, and is saved.
    CHECK(w.a->data().get<Objective>(203)->text == "Interpret a 12-lead ECG.");
    w.a->apply(UpdateField { 203, "text", "Read an ECG." });
    CHECK(w.onDisk().get<Objective>(203)->text == "Read an ECG.");
}

TEST_CASE("an edit to what another program removed is refused with what happened, and the map still opens")
{
    TwoWriters w;
    SECTION("an objective added to a course removed meanwhile")
    {
        w.a->apply(RemoveItem { 200 });
        try {
            w.b->apply(AddItem { newObjective(200, "Describe the cardiac cycle."), std::nullopt });
            FAIL("added to a removed course");
        } catch (const Error& e) {
            CHECK_THAT(e.message(), Catch::Contains("Meanwhile") && Catch::Contains("removed course CARD"));
        }
    }
    SECTION("a link to an activity removed meanwhile")
    {
        const Id activity = w.a->data().activitiesOf(200).front()->id;
        w.a->apply(RemoveItem { activity });
        CHECK_THROWS_AS(w.b->apply(LinkItems {
                            Link { { LinkKind::Teaches, 203, activity }, std::nullopt, std::nullopt } }),
            Error);
        CHECK_FALSE(w.onDisk().link({ LinkKind::Teaches, 203, activity }));
    }
    CHECK(integrityCheck(w.path) == "ok");
    CHECK(w.onDisk() == w.a->data());
}

TEST_CASE("an undo whose records another program has changed since is refused, naming who")
{
    TwoWriters w;
    const auto mine = w.a->apply(UpdateField { 203, "text", "Read an ECG." });
    w.b->refresh(); // B sees A's change, and then changes the text again
    w.b->apply(UpdateField { 203, "text", "Interpret a 12-lead ECG." });
    try {
        w.a->apply(mine.inverted());
        FAIL("undone over another program's change");
    } catch (const Error& e) {
        CHECK(e.code() == ErrorCode::Conflict);
        CHECK_THAT(e.message(), Catch::Contains("Dr. Priya Raman"));
    }
    CHECK(w.onDisk().get<Objective>(203)->text == "Interpret a 12-lead ECG.");
    // An undo of something nobody else touched still works.
    const auto other = w.a->apply(UpdateField { 204, "bloom_override", "apply" });
    w.a->apply(other.inverted());
    CHECK_FALSE(w.onDisk().get<Objective>(204)->bloomOverride);
}

TEST_CASE("another program's changes are read on refresh and told to listeners as changes from elsewhere")
{
    TwoWriters w;
    std::vector<std::pair<Change, ChangeSource>> heard;
    w.a->subscribe([&](const Change& c, const ChangeSource& s) { heard.emplace_back(c, s); });
    CHECK(w.a->refresh().empty());
    w.b->apply(UpdateField { 203, "text", "Interpret a 12-lead ECG." });
    w.b->apply(RemoveItem { 204 });
    const auto change = w.a->refresh();
    REQUIRE(heard.size() == 1);
    CHECK(heard[0].second.external);
    REQUIRE(heard[0].second.writers.size() == 2);
    CHECK(heard[0].second.writers[0].author == "Dr. Priya Raman");
    CHECK(heard[0].second.writers[1].description == "Remove objective 204");
    CHECK(w.a->data() == w.onDisk());
    CHECK_THAT(summarizeChange(change), Catch::Contains("removed"));
    CHECK(w.a->refresh().empty());
}

TEST_CASE("a map with a table, index, trigger or view the format does not define is not written")
{
    TempDir dir;
    const auto path = dir / "map.coursemap";
    openSample(path).reset();
    // REPLACE would delete the other comments by one author to keep this index unique.
    execSql(path, "CREATE UNIQUE INDEX one_per_author ON comment(author)");
    const auto bytes = readFile(path);
    try {
        Document::open(path);
        FAIL("opened for editing");
    } catch (const Error& e) {
        CHECK(e.code() == ErrorCode::ForeignSchema);
        CHECK_THAT(e.message(), Catch::Contains("one_per_author") && Catch::Contains("read-only"));
    }
    CHECK(readFile(path) == bytes);
    // Reading it is allowed.
    CHECK(Document::open(path, OpenMode::ReadOnly)->data().all<Comment>().size() > 0);
    CHECK(readFile(path) == bytes);
}

TEST_CASE("a read-only open never plays back a journal: a map whose last change was interrupted")
{
    TempDir dir;
    const auto path = dir / "map.coursemap";
    const DocumentData before = openSample(path)->data();
    killWriterMidCommit(path);
    const auto bytes = readFile(path);
    const auto journal = readFile(path.string() + "-journal");

    SECTION("is refused read-only, saying how to recover it, and left as it is")
    {
        try {
            Document::open(path, OpenMode::ReadOnly);
            FAIL("read a half-written map");
        } catch (const Error& e) {
            CHECK(e.code() == ErrorCode::Interrupted);
            CHECK_THAT(e.message(), Catch::Contains("interrupted") && Catch::Contains("coursemap recover"));
        }
        CHECK(readFile(path) == bytes);
        CHECK(readFile(path.string() + "-journal") == journal);
    }
    SECTION("is rolled back when opened to edit, keeping every committed change")
    {
        CHECK(Document::open(path)->data() == before);
        CHECK_FALSE(fs::exists(path.string() + "-journal"));
        CHECK(integrityCheck(path) == "ok");
    }
}

TEST_CASE("a reader that has the map open when another program's change is interrupted is told so, not that "
          "the file is read-only")
{
    TempDir dir;
    const auto path = dir / "map.coursemap";
    openSample(path).reset();
    auto reader = Document::open(path, OpenMode::ReadOnly);
    killWriterMidCommit(path);
    const auto bytes = readFile(path);
    try {
        reader->refresh();
        FAIL("read a half-written map");
    } catch (const Error& e) {
        CHECK(e.code() == ErrorCode::Interrupted);
        CHECK_THAT(e.message(), Catch::Contains("interrupted") && Catch::Contains("coursemap recover"));
    }
    CHECK(readFile(path) == bytes);
    CHECK(fs::exists(path.string() + "-journal"));
}

TEST_CASE("a backup copied over a map with a leftover journal opens as the backup")
{
    TempDir dir;
    const auto path = dir / "map.coursemap";
    auto doc = openSample(path);
    const DocumentData backupData = doc->data();
    const auto backup = readFile(path); // copied aside by a backup tool
    doc->apply(UpdateField { 203, "text", "Interpret a 12-lead ECG." });
    doc.reset();
    killWriterMidCommit(path); // the next change is interrupted, leaving its journal
    writeFile(path, backup); // and the backup is copied back over the map
    const auto journal = readFile(path.string() + "-journal");

    SECTION("read-only: read as the backup, the journal left alone")
    {
        auto reader = Document::open(path, OpenMode::ReadOnly);
        CHECK(reader->data() == backupData);
        REQUIRE(reader->notes().size() == 1);
        CHECK_THAT(reader->notes().front(), Catch::Contains("does not belong to this map"));
        CHECK(readFile(path) == backup);
        CHECK(readFile(path.string() + "-journal") == journal);
    }
    SECTION("to edit: the journal set aside, kept, not played")
    {
        auto editor = Document::open(path);
        CHECK(editor->data() == backupData);
        CHECK_FALSE(fs::exists(path.string() + "-journal"));
        int kept = 0;
        for (const auto& entry : fs::directory_iterator(dir.path()))
            if (entry.path().filename().string().starts_with("map.coursemap-journal.set-aside-")) {
                CHECK(readFile(entry.path()) == journal);
                ++kept;
            }
        CHECK(kept == 1);
        editor->apply(UpdateField { 204, "text", "Explain the Frank-Starling law." });
        CHECK(integrityCheck(path) == "ok");
    }
}

TEST_CASE("ids stay at most 2^53 - 1 and no arithmetic on them overflows")
{
    TempDir dir;
    auto json = nlohmann::json::parse(sampleJson());
    SECTION("an import with a larger id is refused, naming where")
    {
        json["courses"][0]["objectives"][0]["id"] = 9223372036854775807LL;
        try {
            importJson(json.dump());
            FAIL("imported");
        } catch (const Error& e) {
            CHECK_THAT(e.message(), Catch::Contains("/courses/0/objectives/0/id") && Catch::Contains("2^53"));
        }
        json["courses"][0]["objectives"][0]["id"] = 9007199254740992LL;
        CHECK_THROWS_AS(importJson(json.dump()), Error);
    }
    SECTION("a map holding the largest id refuses another addition, clearly, and stays whole")
    {
        json["courses"][0]["objectives"][0]["id"] = 9007199254740991LL;
        auto doc = Document::create(dir / "map.coursemap", importJson(json.dump()));
        try {
            doc->apply(AddItem { newObjective(200, "Describe the cardiac cycle."), std::nullopt });
            FAIL("added past the largest id");
        } catch (const Error& e) {
            CHECK_THAT(e.message(), Catch::Contains("used every id"));
        }
        doc.reset();
        auto reopened = Document::open(dir / "map.coursemap");
        CHECK(reopened->data().get<Objective>(9007199254740991LL));
        CHECK(reopened->data().program().id == 1);
    }
}

TEST_CASE("removing an item takes everything that refers to it, whatever its kind")
{
    TempDir dir;
    auto doc = openSample(dir / "map.coursemap");
    const auto first = doc->apply(addComment(doc->data(), { 203, NoId }, "Which verb?", "Cho"));
    // A comment whose subject is another comment, as an edit line can make one.
    Comment onComment;
    onComment.itemId = first.items.front().id();
    onComment.author = "Raman";
    onComment.createdAt = "2026-12-01T09:00:00Z";
    onComment.text = "Agreed.";
    const auto second = doc->apply(AddItem { onComment, std::nullopt });
    doc->apply(RemoveItem { 203 });
    CHECK_FALSE(doc->data().contains(first.items.front().id()));
    CHECK_FALSE(doc->data().contains(second.items.front().id()));
    doc.reset();
    CHECK_NOTHROW(Document::open(dir / "map.coursemap"));
}

TEST_CASE("review statuses, their history and acceptances change only through the review rules")
{
    TempDir dir;
    auto doc = openSample(dir / "map.coursemap");
    const auto before = doc->data();
    SECTION("not by an edit line")
    {
        CHECK_THROWS_WITH(doc->apply(UpdateField { 104, "status", "approved" }),
            Catch::Contains("changes only through review"));
        StatusChange invented;
        invented.itemId = 104;
        invented.status = ReviewStatus::Approved;
        invented.author = "Nobody";
        CHECK_THROWS_WITH(doc->apply(AddItem { invented, std::nullopt }), Catch::Contains("review history"));
        CHECK_THROWS(doc->apply(RemoveItem { 402 }));
        Acknowledgement ack;
        ack.itemId = 238;
        ack.rule = "no-such-rule";
        ack.justification = "Because.";
        CHECK_THROWS_WITH(doc->apply(AddItem { ack, std::nullopt }), Catch::Contains("acknowledge"));
        Objective approved = newObjective(200, "Describe the cardiac cycle.");
        approved.status = ReviewStatus::Approved;
        CHECK_THROWS_WITH(doc->apply(AddItem { approved, std::nullopt }), Catch::Contains("draft"));
        CHECK(doc->data() == before);
    }
    SECTION("not by a JSON import")
    {
        auto json = nlohmann::json::parse(sampleJson());
        auto approvedWithoutHistory = json;
        approvedWithoutHistory["courses"][0]["objectives"][0]["status"] = "approved";
        CHECK_THROWS_WITH(importJson(approvedWithoutHistory.dump()), Catch::Contains("review history"));
        auto unknownRule = json;
        unknownRule["acknowledgements"] = nlohmann::json::array(
            { { { "item_id", 238 }, { "rule", "no-such-rule" }, { "justification", "Because." },
                { "author", "x" }, { "created_at", "2026-01-01T00:00:00Z" } } });
        CHECK_THROWS_WITH(importJson(unknownRule.dump()), Catch::Contains("names no rule"));
    }
    SECTION("not by a spreadsheet's Status column")
    {
        const auto table = parseCsv("Objective,Status\nDescribe the cardiac cycle.,approved\n");
        CsvImport import { ItemKind::Objective, 200, true,
            guessCsvColumns(ItemKind::Objective, table.rows[0]) };
        CHECK_THROWS_WITH(planCsvImport(doc->data(), table, import, doc->nextId()), Catch::Contains("draft"));
    }
    SECTION("but through review, which records it")
    {
        const Checker checker(doc->data());
        doc->applyPlan([&](const DocumentData& data, Id& next) {
            return planStatus(data, checker, 104, ReviewStatus::InReview, "", "Cho", next);
        });
        CHECK(doc->data().get<Objective>(104)->status == ReviewStatus::InReview);
        CHECK(doc->data().statusHistory(104).back()->author == "Cho");
    }
}

TEST_CASE("restoring a version is one change: the map kept as it was and the version restored, together")
{
    TempDir dir;
    const auto path = dir / "map.coursemap";
    auto doc = openSample(path);
    doc->saveVersion("Approved 2026-27", "Cho");
    doc->apply(UpdateField { 203, "text", "Read an ECG." });
    const Revision before = doc->revision();
    const auto change = doc->restoreVersion("Approved 2026-27", "Cho");
    CHECK_FALSE(change.empty());
    CHECK(doc->revision() == before + 1);
    CHECK(doc->versions().size() == 2);
    CHECK(doc->versions().back().name.starts_with("Before restoring Approved 2026-27"));
    SQLite::Database db(path.string(), SQLite::OPEN_READONLY);
    CHECK(
        db.execAndGet("SELECT count(*) FROM revision_log WHERE revision > " + std::to_string(before)).getInt()
        == 1);
    CHECK(doc->version(doc->versions().back().name).get<Objective>(203)->text == "Read an ECG.");
}
