// A course map file keeps what was saved, is recognisably ours, is written durably, and copies safely.
#include "support/TestFiles.h"

#include "coursemap/Error.h"
#include "coursemap/interchange/JsonFormat.h"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Transaction.h>
#include <catch2/catch.hpp>

using namespace coursemap;
using namespace coursemap::test;

TEST_CASE("a saved map reopens with exactly the same content")
{
    TempDir dir;
    const auto path = dir / "map.coursemap";
    DocumentData saved;
    {
        auto doc = openSample(path);
        const Id course = doc->data().courses().front()->id;
        doc->apply(UpdateField {
            course, "description", "Ünïcödé, emoji 🫀, and quotes \"'; DROP TABLE course;--" });
        saved = doc->data();
    }
    auto reopened = Document::open(path);
    CHECK(reopened->data() == saved);
    CHECK(exportJson(reopened->data()) == exportJson(saved));
}

TEST_CASE("a new file is marked as ours and set up for durable writes")
{
    TempDir dir;
    const auto path = dir / "map.coursemap";
    Program p;
    p.name = "BSN Program";
    Document::create(path, p);
    SQLite::Database db(path.string(), SQLite::OPEN_READONLY);
    CHECK(db.execAndGet("PRAGMA application_id").getInt() == SqliteStore::ApplicationId);
    CHECK(db.execAndGet("PRAGMA user_version").getInt() == SqliteStore::currentVersion());
    CHECK(db.execAndGet("PRAGMA journal_mode").getString() == "delete");
    CHECK(integrityCheck(path) == "ok");
    CHECK_FALSE(std::filesystem::exists(path.string() + "-wal"));
}

TEST_CASE("creating a map refuses to replace an existing file")
{
    TempDir dir;
    const auto path = dir / "notes.txt";
    writeFile(path, "my notes");
    Program p;
    p.name = "X";
    try {
        Document::create(path, p);
        FAIL("created over an existing file");
    } catch (const Error& e) {
        CHECK(e.code() == ErrorCode::AlreadyExists);
    }
    CHECK(readFile(path) == "my notes");
}

namespace {

// The sample as a file written before format 5 holds it: without the Curriculum Inventory and CASE fields,
// which the upgrade gives their defaults.
DocumentData beforeFormat5(DocumentData data)
{
    const auto strip = [&]<class T>(const std::map<Id, T>& items, auto reset) {
        std::vector<T> changed;
        for (const auto& [id, item] : items) {
            T copy = item;
            reset(copy);
            changed.push_back(copy);
        }
        for (const auto& item : changed)
            data.put(item);
    };
    strip(data.all<Course>(), [](Course& c) {
        const Course defaults;
        c.weeks = defaults.weeks;
        c.startDate = c.endDate = "";
        c.clerkshipModel = defaults.clerkshipModel;
        c.requirement = defaults.requirement;
        c.parentCourseId = NoId;
        c.childOrder = defaults.childOrder;
        c.minimum = c.maximum = std::nullopt;
    });
    strip(data.all<Activity>(), [](Activity& a) {
        a.keywords = a.resourceTypes = "";
        a.required = true;
    });
    strip(data.all<Assessment>(), [](Assessment& a) {
        a.minutes = 0;
        a.keywords = a.resourceTypes = "";
        a.required = true;
    });
    strip(data.all<Framework>(), [](Framework& f) { f.code = f.identifier = f.uri = ""; });
    strip(data.all<Competency>(), [](Competency& c) { c.identifier = c.uri = ""; });
    std::vector<Id> associations;
    for (const auto& [id, a] : data.all<Association>())
        associations.push_back(id);
    for (Id id : associations)
        data.erase(id);
    return data;
}

} // namespace

TEST_CASE("a file in every released format version opens and upgrades to the current one")
{
    // tests/fixtures/format-vN.sql is a dump of the sample as format version N wrote it; one per version.
    for (int version = 1; version <= SqliteStore::currentVersion(); ++version) {
        INFO("format version " << version);
        TempDir dir;
        const auto path = dir / "old.coursemap";
        execSql(path,
            readFile(
                std::filesystem::path(COURSEMAP_FIXTURES) / ("format-v" + std::to_string(version) + ".sql")));
        auto doc = Document::open(path);
        auto expected = importJson(sampleJson());
        if (version < 5)
            expected = beforeFormat5(expected);
        if (version < 3) {
            // The sample's review history came with format 3. Statuses set before it are recorded by the
            // upgrade to format 4, which says so, so that every status is the end of its item's history.
            const auto history = expected.all<StatusChange>();
            for (const auto& [id, record] : history)
                expected.erase(id);
            auto upgraded = doc->data();
            std::map<Id, ReviewStatus> recorded;
            for (const auto& [id, record] : doc->data().all<StatusChange>()) {
                CHECK_THAT(record.justification, Catch::Contains("upgraded to file format 4"));
                recorded[record.itemId] = record.status;
                upgraded.erase(id);
            }
            CHECK(recorded
                == std::map<Id, ReviewStatus> {
                    { 100, ReviewStatus::Approved }, { 200, ReviewStatus::InReview } });
            CHECK(upgraded == expected);
        } else {
            CHECK(doc->data() == expected);
        }
        SQLite::Database db(path.string(), SQLite::OPEN_READONLY);
        CHECK(db.execAndGet("PRAGMA user_version").getInt() == SqliteStore::currentVersion());
    }
}

TEST_CASE("Save As writes a consistent copy and continues editing the copy")
{
    TempDir dir;
    const auto original = dir / "map.coursemap";
    const auto copy = dir / "copy.coursemap";
    auto doc = openSample(original);
    const DocumentData before = doc->data();
    doc->saveAs(copy);
    CHECK(doc->path() == copy);
    CHECK(integrityCheck(copy) == "ok");
    CHECK(Document::open(copy, OpenMode::ReadOnly)->data() == before);

    const Id course = doc->data().courses().front()->id;
    doc->apply(UpdateField { course, "term", "Spring semester" });
    CHECK(Document::open(copy, OpenMode::ReadOnly)->data().get<Course>(course)->term == "Spring semester");
    CHECK(Document::open(original, OpenMode::ReadOnly)->data() == before);
}

TEST_CASE("a map opened read-only refuses edits and stays unchanged")
{
    TempDir dir;
    const auto path = dir / "map.coursemap";
    openSample(path);
    const auto bytes = readFile(path);
    auto doc = Document::open(path, OpenMode::ReadOnly);
    CHECK(doc->readOnly());
    const Id course = doc->data().courses().front()->id;
    try {
        doc->apply(UpdateField { course, "term", "Spring" });
        FAIL("a read-only map accepted an edit");
    } catch (const Error& e) {
        CHECK(e.code() == ErrorCode::ReadOnly);
        CHECK_THAT(e.message(), Catch::Contains("Save As"));
    }
    CHECK(doc->data().get<Course>(course)->term != "Spring");
    CHECK(readFile(path) == bytes);
}

TEST_CASE("while another program writes the file, an edit is refused as busy and kept out of memory")
{
    TempDir dir;
    const auto path = dir / "map.coursemap";
    auto doc = openSample(path);
    const Id course = doc->data().courses().front()->id;
    const auto before = doc->data();

    {
        SQLite::Database other(path.string(), SQLite::OPEN_READWRITE);
        SQLite::Transaction holding(other, SQLite::TransactionBehavior::IMMEDIATE);
        try {
            doc->apply(UpdateField { course, "term", "Spring" });
            FAIL("the edit went through while another writer held the file");
        } catch (const Error& e) {
            CHECK(e.code() == ErrorCode::Busy);
        }
        CHECK(doc->data() == before);
    } // the other writer gives up
    doc->apply(UpdateField { course, "term", "Spring" });
    CHECK(Document::open(path, OpenMode::ReadOnly)->data().get<Course>(course)->term == "Spring");
}

TEST_CASE("an upgrade that must record a status when the file's next id is the largest integer refuses the "
          "file as it was, with no arithmetic overflow")
{
    TempDir dir;
    const auto path = dir / "old.coursemap";
    execSql(path, readFile(std::filesystem::path(COURSEMAP_FIXTURES) / "format-v3.sql"));
    // A status with no review record (the upgrade to format 4 records one, taking the next id).
    execSql(path,
        "UPDATE meta SET value = 9223372036854775807 WHERE key = 'next_id';"
        "UPDATE objective SET status = 'approved' WHERE id = 101;");
    const auto bytes = readFile(path);
    try {
        Document::open(path);
        FAIL("upgraded");
    } catch (const Error& e) {
        CHECK(e.code() == ErrorCode::Corrupt);
        CHECK_THAT(e.message(), Catch::Contains("next id"));
    }
    CHECK(readFile(path) == bytes);
}
