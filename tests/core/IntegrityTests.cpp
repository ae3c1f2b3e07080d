// Many writers on one map (issue "Integrity"): two Documents on one file stand for two programs, the
// interleavings that lost acknowledged edits before the revision contract are played out step by step, and
// each ends with every acknowledged edit in the file and a map that opens.
#include "support/TestFiles.h"

#include "coursemap/Error.h"
#include "coursemap/analysis/Acceptance.h"
#include "coursemap/analysis/Checker.h"
#include "coursemap/interchange/Csv.h"
#include "coursemap/interchange/CsvFormat.h"
#include "coursemap/interchange/JsonFormat.h"
#include "coursemap/review/Review.h"
#include "coursemap/storage/FileLock.h"

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

TEST_CASE("an id another program removed and gave to a record of another kind replaces the old record here, "
          "and a later removal takes only what it saw")
{
    TwoWriters w; // a: another program; b: a third
    auto stale = Document::open(w.path); // read the map before either wrote
    stale->setWriter("Dr. Sam Cole", "coursemap apply");
    w.a->apply(RemoveItem { 210 }); // objective 210 (course 200) removed
    Comment comment;
    comment.id = 210; // its id given to a comment on an objective of another course
    comment.itemId = 301;
    comment.author = "Bea";
    comment.text = "Comment by Bea on 301";
    w.b->apply(AddItem { comment, std::nullopt });

    SECTION("removing the course the old record was in keeps the new one")
    {
        stale->apply(RemoveItem { 200 });
        const auto disk = w.onDisk();
        REQUIRE(disk.get<Comment>(210));
        CHECK(disk.get<Comment>(210)->text == "Comment by Bea on 301");
        CHECK_FALSE(stale->data().get<Objective>(210));
        CHECK(stale->data() == disk);
    }
    SECTION("any later edit leaves this program holding what the file holds")
    {
        w.b->apply(RemoveItem { 200 });
        stale->apply(UpdateField { 302, "text", "Formulate a plan." });
        CHECK(stale->data() == w.onDisk());
        CHECK(w.onDisk().get<Comment>(210));
    }
    CHECK(integrityCheck(w.path) == "ok");
    CHECK_NOTHROW(Document::open(w.path, OpenMode::ReadOnly));
}

TEST_CASE("a change to a field another program changed is refused even when another edit read their change "
          "first, unless the caller was shown it")
{
    TwoWriters w;
    w.b->apply(UpdateField { 203, "text", "Explain heart failure (Bea)." });
    // A writes something unrelated first: its write reads B's change, but nobody here was shown it.
    w.a->apply(addComment(w.a->data(), { 301, NoId }, "Unrelated.", "Okafor"));

    SECTION("a script that never saw it is refused, naming who, and theirs stays")
    {
        try {
            w.a->apply(UpdateField { 203, "text", "Explain heart failure (A)." });
            FAIL("overwrote another program's change unseen");
        } catch (const Error& e) {
            CHECK(e.code() == ErrorCode::Conflict);
            CHECK_THAT(e.message(), Catch::Contains("Dr. Priya Raman") && Catch::Contains("text"));
        }
        CHECK(w.onDisk().get<Objective>(203)->text == "Explain heart failure (Bea).");
        // Another field of the same objective is still A's to change.
        w.a->apply(UpdateField { 203, "bloom_override", "analyze" });
        CHECK(w.onDisk().get<Objective>(203)->text == "Explain heart failure (Bea).");
    }
    SECTION("a caller that refreshed (as the studio does, showing the change) may change it")
    {
        w.a->refresh();
        w.a->apply(UpdateField { 203, "text", "Explain heart failure (A)." });
        CHECK(w.onDisk().get<Objective>(203)->text == "Explain heart failure (A).");
    }
}

TEST_CASE("a journal left by one map is never played onto another map copied over it, even one made the same "
          "way")
{
    TempDir dir;
    const auto a = dir / "a.coursemap";
    const auto b = dir / "b.coursemap";
    openSample(a).reset(); // two maps imported alike, from different JSON
    DocumentData other = importJson(sampleJson());
    Program program = other.program();
    program.name = "Other program";
    other.put(program);
    const auto objectives = other.all<Objective>();
    for (auto [id, objective] : objectives) {
        objective.text = "OTHER " + objective.text;
        other.put(objective);
    }
    Document::create(b, other).reset();
    killWriterMidCommit(a); // a change to A is interrupted, leaving its journal
    const auto bBytes = readFile(b);
    writeFile(a, bBytes); // and B is copied over A
    const auto journal = readFile(a.string() + "-journal");

    SECTION("read-only, B is read as it is and nothing changes")
    {
        CHECK(Document::open(a, OpenMode::ReadOnly)->data() == other);
        CHECK(readFile(a) == bBytes);
        CHECK(readFile(a.string() + "-journal") == journal);
    }
    SECTION("opened to edit, the journal is set aside and the map is B byte for byte")
    {
        auto editor = Document::open(a);
        CHECK(editor->data() == other);
        editor.reset();
        CHECK(readFile(a) == bBytes);
        CHECK_FALSE(fs::exists(a.string() + "-journal"));
    }
}

TEST_CASE("a map opened through a symbolic link is the same map as its file: its journal, its mark")
{
    TempDir dir;
    fs::create_directories(dir / "real");
    fs::create_directories(dir / "work");
    const auto path = dir.path() / "real" / "map.coursemap";
    const auto link = dir.path() / "work" / "map.coursemap";
    fs::create_symlink("../real/map.coursemap", link);
    auto doc = openSample(path);
    const DocumentData backupData = doc->data();
    const auto backup = readFile(path);
    doc->apply(UpdateField { 203, "text", "Interpret a 12-lead ECG." });
    doc.reset();
    killWriterMidCommit(path);
    writeFile(path, backup); // a backup copied over the map, its journal left beside it
    const auto journal = readFile(path.string() + "-journal");

    SECTION("read through the link, it is the backup and nothing changes")
    {
        CHECK(Document::open(link, OpenMode::ReadOnly)->data() == backupData);
        CHECK(readFile(path) == backup);
        CHECK(readFile(path.string() + "-journal") == journal);
    }
    SECTION("opened to edit through the link, the journal beside the file is set aside, not played")
    {
        auto editor = Document::open(link);
        CHECK(editor->data() == backupData);
        CHECK_FALSE(fs::exists(path.string() + "-journal"));
        editor->apply(UpdateField { 204, "text", "Explain the Frank-Starling law." });
        CHECK(integrityCheck(path) == "ok");
        CHECK(Document::open(path, OpenMode::ReadOnly)->data() == editor->data());
    }
    SECTION("a program holding the map by its link is named to one opening the file, and the other way")
    {
        FileLock byLink(link);
        REQUIRE_FALSE(byLink.tryLock());
        FileLock byFile(path);
        CHECK(byLink.lockPath() == byFile.lockPath());
        CHECK(byFile.tryLock());
        byLink.unlock();
        CHECK_FALSE(byFile.tryLock());
        FileLock again(link);
        CHECK(again.tryLock());
    }
}

TEST_CASE("a write-ahead log left beside a map is never read or merged: the map is refused as it is")
{
    TempDir dir;
    const auto path = dir / "map.coursemap";
    const auto other = dir / "other.db";
    openSample(path).reset();
    fs::copy_file(path, other);
    // Another program changes a copy in WAL mode and dies before checkpointing: its log holds the change.
    const pid_t child = ::fork();
    if (child == 0) {
        sqlite3* db = nullptr;
        if (sqlite3_open_v2(other.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK)
            ::_exit(3);
        const char* sql = "PRAGMA journal_mode = WAL; PRAGMA wal_autocheckpoint = 0;"
                          "UPDATE objective SET text = 'Changed in a write-ahead log' WHERE id = 203;";
        ::_exit(sqlite3_exec(db, sql, nullptr, nullptr, nullptr) == SQLITE_OK ? 0 : 4);
    }
    int status = 0;
    ::waitpid(child, &status, 0);
    REQUIRE(WIFEXITED(status));
    REQUIRE(WEXITSTATUS(status) == 0);
    REQUIRE(fs::file_size(other.string() + "-wal") > 0);
    fs::copy_file(other.string() + "-wal", path.string() + "-wal"); // left beside the map
    const auto bytes = readFile(path);
    const auto wal = readFile(path.string() + "-wal");

    for (const auto mode : { OpenMode::ReadOnly, OpenMode::ReadWrite }) {
        try {
            Document::open(path, mode);
            FAIL("opened a map with a write-ahead log beside it");
        } catch (const Error& e) {
            CHECK_THAT(e.message(),
                Catch::Contains("map.coursemap-wal") && Catch::Contains("nothing was changed")
                    && Catch::Contains("journal_mode=DELETE"));
        }
        CHECK(readFile(path) == bytes);
        CHECK(readFile(path.string() + "-wal") == wal);
        CHECK_FALSE(fs::exists(path.string() + "-shm"));
    }
    // Once the log is moved away, the map opens as it was.
    fs::rename(path.string() + "-wal", dir / "aside-wal");
    CHECK(Document::open(path)->data().get<Objective>(203)->text != "Changed in a write-ahead log");
}

TEST_CASE("a map replaced while open by a copy that went its own way is read again whole, and nothing is "
          "written that refers to what the file no longer has")
{
    TempDir dir;
    const auto path = dir / "map.coursemap";
    const auto copy = dir / "copy.coursemap";
    openSample(path).reset();
    fs::copy_file(path, copy);
    {
        auto m = Document::open(path);
        m->apply(UpdateField { 301, "text", "Present a patient, m1." });
        m->apply(UpdateField { 302, "text", "Formulate a plan, m2." });
        auto x = Document::open(copy); // a colleague's copy, further on
        x->apply(RemoveItem { 210 });
        x->apply(UpdateField { 301, "text", "Present a patient, x2." });
        x->apply(UpdateField { 302, "text", "Formulate a plan, x3." });
        x->apply(UpdateField { 303, "text", "Communicate, x4." });
    }
    auto open = Document::open(path);
    REQUIRE(open->data().get<Objective>(210));
    writeFile(path, readFile(copy)); // copied over the map while it is open

    try {
        open->apply(addComment(open->data(), { 210, NoId }, "On 210.", "Cole"));
        FAIL("commented on an objective the file no longer has");
    } catch (const Error& e) {
        CHECK_THAT(e.message(), Catch::Contains("210"));
    }
    const auto disk = Document::open(path, OpenMode::ReadOnly)->data();
    CHECK_FALSE(disk.get<Objective>(210));
    CHECK(open->data() == disk);
    CHECK(open->data().get<Objective>(301)->text == "Present a patient, x2.");
    open->apply(UpdateField { 304, "text", "Explain, after the copy." });
    CHECK(integrityCheck(path) == "ok");
    CHECK(Document::open(path, OpenMode::ReadOnly)->data().get<Objective>(304)->text
        == "Explain, after the copy.");
}

TEST_CASE("a finding is accepted only if the map as it is written still has it")
{
    TwoWriters w;
    const Link link = *w.a->data().link({ LinkKind::Assesses, 301, 341 });
    w.a->apply(UnlinkItems { link.key }); // 301 is now assessed by nothing: a finding
    const Checker checker(w.a->data());
    std::string rule;
    for (const auto& f : checker.findingsFor(301))
        if (f.subject == 301)
            rule = std::string(f.rule->id);
    REQUIRE_FALSE(rule.empty());
    const auto accept = acceptFinding(w.a->data(), checker, rule, 301, "An optional elective.", "Okafor");
    // Meanwhile another program, having seen the unlink, links the assessment again: the finding is gone.
    w.b->refresh();
    w.b->apply(LinkItems { link });
    try {
        w.a->applyPlan(accept);
        FAIL("accepted a finding the map no longer has");
    } catch (const Error& e) {
        CHECK_THAT(e.message(), Catch::Contains(rule) && Catch::Contains("any more"));
    }
    CHECK(w.onDisk().all<Acknowledgement>() == w.a->data().all<Acknowledgement>());
    CHECK_FALSE(findAcceptance(w.onDisk(), rule, 301));
}

TEST_CASE("a JSON import's review history must be one the review could have written, and acceptances must "
          "name a finding that can exist")
{
    const auto sample = nlohmann::json::parse(sampleJson());
    auto record = [](Id id, Id item, const std::string& status, const std::string& when,
                      const std::string& author = "Dean", const std::string& why = "") {
        return nlohmann::json { { "id", id }, { "item_id", item }, { "status", status }, { "author", author },
            { "created_at", when }, { "justification", why } };
    };
    auto refusedWith = [](const nlohmann::json& json, const std::string& words) {
        try {
            importJson(json.dump());
            FAIL("imported");
        } catch (const Error& e) {
            CHECK_THAT(e.message(), Catch::Contains(words));
        }
    };
    SECTION("an approval straight from draft is invented")
    {
        auto json = sample;
        json["courses"][1]["objectives"][2]["status"] = "approved"; // objective 203
        json["status_changes"].push_back(record(9001, 203, "approved", "2020-01-01T00:00:00Z"));
        refusedWith(json, "cannot follow draft");
    }
    SECTION("a history whose dates go back")
    {
        auto json = sample;
        json["courses"][1]["objectives"][2]["status"] = "approved";
        json["status_changes"].push_back(record(9001, 203, "in_review", "2031-01-01T00:00:00Z"));
        json["status_changes"].push_back(record(9002, 203, "approved", "2030-01-01T00:00:00Z"));
        refusedWith(json, "before the record it follows");
    }
    SECTION("an acceptance on an item the rule finds nothing about")
    {
        auto onComment = sample;
        onComment["acknowledgements"].push_back(
            { { "id", 9003 }, { "item_id", 400 }, { "rule", "objective-not-assessed" },
                { "justification", "x" }, { "author", "a" }, { "created_at", "" } });
        refusedWith(onComment, "/acknowledgements/0/item_id");
        auto onActivity = sample;
        onActivity["acknowledgements"].push_back(
            { { "id", 9003 }, { "item_id", 232 }, { "rule", "objective-not-assessed" },
                { "justification", "x" }, { "author", "a" }, { "created_at", "" } });
        refusedWith(onActivity, "are about items of kind objective");
    }
    SECTION("a history the review wrote is read, and so is the upgrade's record of a status set before it")
    {
        auto json = sample;
        json["courses"][1]["objectives"][2]["status"] = "approved";
        json["status_changes"].push_back(record(9001, 203, "in_review", "2030-01-01T00:00:00Z"));
        json["status_changes"].push_back(record(9002, 203, "approved", "2030-01-01T00:00:00Z"));
        json["courses"][1]["objectives"][3]["status"]
            = "approved"; // objective 204, set directly before format 4
        json["status_changes"].push_back(record(9003, 204, "approved", "2026-12-01T00:00:00Z",
            "Coursemap Studio",
            "Recorded when the map was upgraded to file format 4: the status had been set without a review "
            "record."));
        const auto data = importJson(json.dump());
        CHECK(data.get<Objective>(203)->status == ReviewStatus::Approved);
        CHECK(exportJson(importJson(exportJson(data))) == exportJson(data));
    }
}

TEST_CASE("a comment on a link needs the link, and goes with it when it is unlinked")
{
    TempDir dir;
    const auto path = dir / "map.coursemap";
    auto doc = openSample(path);
    const Link* teaching = nullptr;
    for (const auto& [key, link] : doc->data().links())
        if (key.kind == LinkKind::Teaches && !teaching)
            teaching = &link;
    REQUIRE(teaching);
    const Link link = *teaching;
    const Id objective = link.key.objectiveId;
    Id unlinked = NoId;
    for (const auto* a : doc->data().activitiesOf(doc->data().get<Objective>(objective)->courseId))
        if (!doc->data().link({ LinkKind::Teaches, objective, a->id }))
            unlinked = a->id;
    REQUIRE(unlinked != NoId);

    SECTION("a comment on a link that does not exist is refused, however it comes (an edit line)")
    {
        const auto before = doc->data();
        Comment comment;
        comment.itemId = objective;
        comment.targetId = unlinked;
        comment.author = "Cho";
        comment.text = "Why?";
        CHECK_THROWS_WITH(
            doc->apply(AddItem { comment, std::nullopt }), Catch::Contains("no link to comment on"));
        CHECK(doc->data() == before);
    }
    SECTION("unlinking takes the link's comments and their replies, and undo brings them back")
    {
        const Id first = doc->apply(addComment(doc->data(), { objective, link.key.targetId }, "Why?", "Cho"))
                             .items[0]
                             .id();
        doc->apply(replyToComment(doc->data(), first, "Because.", "Raman"));
        const auto withComments = doc->data();
        const auto unlink = doc->apply(UnlinkItems { link.key });
        for (const auto& [id, comment] : doc->data().all<Comment>())
            CHECK_FALSE((comment.itemId == objective && comment.targetId == link.key.targetId));
        CHECK(Document::open(path, OpenMode::ReadOnly)->data() == doc->data());
        doc->apply(unlink.inverted());
        CHECK(doc->data() == withComments);
        CHECK(Document::open(path, OpenMode::ReadOnly)->data() == withComments);
    }
}
