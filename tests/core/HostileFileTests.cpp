// Files that are not ours, damaged, from the future or crafted to attack: each gets a clear typed error,
// nothing crashes, and the file is left byte-for-byte as it was.
#include "support/TestFiles.h"

#include "coursemap/Error.h"

#include <SQLiteCpp/Database.h>
#include <catch2/catch.hpp>

#include <random>

using namespace coursemap;
using namespace coursemap::test;

namespace {

// Opens the file for editing, expects the error code, and checks the bytes did not change.
Error refusedUnchanged(const std::filesystem::path& path, ErrorCode expected)
{
    const auto bytes = readFile(path);
    try {
        Document::open(path);
    } catch (const Error& e) {
        CHECK(e.code() == expected);
        CHECK_FALSE(e.message().empty());
        CHECK(readFile(path) == bytes);
        CHECK_FALSE(std::filesystem::exists(path.string() + "-journal"));
        return e;
    }
    FAIL("the file opened");
    throw std::logic_error("unreachable");
}

std::filesystem::path sampleFile(const TempDir& dir)
{
    const auto path = dir / "map.coursemap";
    openSample(path);
    return path;
}

} // namespace

TEST_CASE("a missing file is reported as missing")
{
    TempDir dir;
    try {
        Document::open(dir / "nowhere.coursemap");
        FAIL("opened a missing file");
    } catch (const Error& e) {
        CHECK(e.code() == ErrorCode::NotFound);
        CHECK_THAT(e.message(), Catch::Contains("nowhere.coursemap"));
    }
}

TEST_CASE("another application's SQLite file is refused and left unchanged")
{
    TempDir dir;
    const auto path = dir / "firefox-places.sqlite";
    execSql(path,
        "CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT); INSERT INTO moz_places VALUES (1, "
        "'x');");
    const auto e = refusedUnchanged(path, ErrorCode::NotCoursemap);
    CHECK_THAT(e.message(), Catch::Contains("not a Coursemap Studio course map"));
}

TEST_CASE("a text file, an empty file and a folder are refused")
{
    TempDir dir;
    writeFile(dir / "syllabus.docx", "PK\x03\x04 this is not a database at all");
    refusedUnchanged(dir / "syllabus.docx", ErrorCode::NotCoursemap);
    writeFile(dir / "empty.coursemap", "");
    refusedUnchanged(dir / "empty.coursemap", ErrorCode::NotCoursemap);
    std::filesystem::create_directory(dir / "folder.coursemap");
    CHECK_THROWS_AS(Document::open(dir / "folder.coursemap"), Error);
}

TEST_CASE("a file from a newer version is refused, read-write and read-only, and left unchanged")
{
    TempDir dir;
    const auto path = sampleFile(dir);
    execSql(path, "PRAGMA user_version = 99");
    const auto e = refusedUnchanged(path, ErrorCode::NewerVersion);
    CHECK_THAT(e.message(), Catch::Contains("newer version"));
    CHECK_THROWS_AS(Document::open(path, OpenMode::ReadOnly), Error);
}

TEST_CASE("a truncated file is refused as damaged and left unchanged")
{
    TempDir dir;
    const auto path = sampleFile(dir);
    const auto bytes = readFile(path);
    writeFile(path, bytes.substr(0, bytes.size() / 2));
    refusedUnchanged(path, ErrorCode::Corrupt);
}

TEST_CASE("bit flips anywhere give an error or a valid map, never a crash, and never change the file")
{
    TempDir dir;
    const auto path = sampleFile(dir);
    const auto pristine = readFile(path);
    std::mt19937 random(20261124);
    int refused = 0;
    for (int trial = 0; trial < 60; ++trial) {
        auto bytes = pristine;
        for (int flip = 0; flip < 4; ++flip) {
            // Past the 100-byte header, so SQLite itself, not our header check, meets the damage.
            const auto at = std::uniform_int_distribution<std::size_t>(100, bytes.size() - 1)(random);
            bytes[at]
                = static_cast<char>(bytes[at] ^ (1 << std::uniform_int_distribution<int>(0, 7)(random)));
        }
        const auto target = dir / ("flipped-" + std::to_string(trial) + ".coursemap");
        writeFile(target, bytes);
        try {
            Document::open(target, OpenMode::ReadOnly);
        } catch (const Error& e) {
            ++refused;
            CHECK((e.code() == ErrorCode::Corrupt || e.code() == ErrorCode::NotCoursemap
                || e.code() == ErrorCode::Io));
        }
        CHECK(readFile(target) == bytes);
    }
    CHECK(refused > 0);
}

TEST_CASE("a row with a value no field accepts is reported as damage, naming the table")
{
    TempDir dir;
    const auto path = sampleFile(dir);
    execSql(
        path, "UPDATE objective SET bloom_override = 'telepathy' WHERE id = (SELECT min(id) FROM objective)");
    const auto e = refusedUnchanged(path, ErrorCode::Corrupt);
    CHECK_THAT(e.detail(), Catch::Contains("objective"));
    CHECK_THAT(e.detail(), Catch::Contains("bloom_override"));
}

TEST_CASE("links to items that do not exist are reported as damage")
{
    TempDir dir;
    const auto path = sampleFile(dir);
    execSql(
        path, "INSERT INTO link VALUES ('teaches', (SELECT min(id) FROM objective), 987654, NULL, NULL, 0)");
    refusedUnchanged(path, ErrorCode::Corrupt);
}

TEST_CASE("a damaged file of an older format is refused as it was, not upgraded")
{
    TempDir dir;
    const auto path = dir / "old.coursemap";
    execSql(path, readFile(std::filesystem::path(COURSEMAP_FIXTURES) / "format-v2.sql"));
    execSql(
        path, "UPDATE objective SET bloom_override = 'telepathy' WHERE id = (SELECT min(id) FROM objective)");
    refusedUnchanged(path, ErrorCode::Corrupt);
    SQLite::Database db(path.string(), SQLite::OPEN_READONLY);
    CHECK(db.execAndGet("PRAGMA user_version").getInt() == 2);
}

TEST_CASE("review records about the wrong things are reported as damage")
{
    TempDir dir;
    SECTION("a status given to a comment")
    {
        const auto path = sampleFile(dir);
        execSql(path,
            "INSERT INTO status_change VALUES (9001, 400, 'approved', 'x', '2026-01-01T00:00:00Z', '', 0)");
        CHECK_THAT(
            refusedUnchanged(path, ErrorCode::Corrupt).detail(), Catch::Contains("status_change 9001"));
    }
    SECTION("a status no one knows")
    {
        const auto path = sampleFile(dir);
        execSql(path, "INSERT INTO status_change VALUES (9001, 200, 'rubber-stamped', 'x', '', '', 0)");
        refusedUnchanged(path, ErrorCode::Corrupt);
    }
    SECTION("a comment on a link to a course")
    {
        const auto path = sampleFile(dir);
        execSql(path, "INSERT INTO comment VALUES (9001, 203, NULL, 'x', '', 'Hello', 0, 200, 0)");
        CHECK_THAT(refusedUnchanged(path, ErrorCode::Corrupt).detail(), Catch::Contains("target_id"));
    }
}

TEST_CASE("a missing table is reported as damage")
{
    TempDir dir;
    const auto path = sampleFile(dir);
    execSql(path, "DROP TABLE assessment");
    refusedUnchanged(path, ErrorCode::Corrupt);
}

TEST_CASE("triggers planted in a file never fire")
{
    TempDir dir;
    const auto path = sampleFile(dir);
    execSql(path,
        "CREATE TABLE stolen (t TEXT);"
        "CREATE TRIGGER spy AFTER UPDATE ON course BEGIN INSERT INTO stolen VALUES (new.title); END;");
    std::string outcome;
    try {
        auto doc = Document::open(path);
        const Id course = doc->data().courses().front()->id;
        doc->apply(UpdateField { course, "title", "Renamed" });
        outcome = "edited";
    } catch (const Error& e) {
        outcome = e.message();
    }
    INFO(outcome);
    SQLite::Database db(path.string(), SQLite::OPEN_READONLY);
    CHECK(db.execAndGet("SELECT count(*) FROM stolen").getInt() == 0);
}

TEST_CASE("a huge text field is refused as damage without exhausting memory")
{
    TempDir dir;
    const auto path = sampleFile(dir);
    execSql(path,
        "UPDATE course SET description = hex(zeroblob(10000000)) WHERE id = (SELECT min(id) FROM course)");
    refusedUnchanged(path, ErrorCode::Corrupt);
}

TEST_CASE(
    "text that is not valid UTF-8 is reported as damage, naming the row, and the file is left unchanged")
{
    TempDir dir;
    const auto path = dir / "sample.coursemap";
    openSample(path).reset();
    // A course title ending in half a character, as a bit flip or a hostile tool could leave it.
    execSql(path, "UPDATE course SET title = CAST(X'43617264696F6C6F6779C2' AS TEXT) WHERE id = 200");
    const auto before = readFile(path);
    try {
        Document::open(path);
        FAIL("opened");
    } catch (const Error& e) {
        CHECK(e.code() == ErrorCode::Corrupt);
        CHECK_THAT(e.detail(), Catch::Contains("course 200: title is not valid UTF-8 text"));
    }
    CHECK(readFile(path) == before);
}
