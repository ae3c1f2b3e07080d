// Input that used to be quietly misread: a key given twice, a NUL byte, a date that is not one, text measured
// in bytes instead of characters, cells beyond the header and columns with the same title. Each is refused or
// warned about, naming what and where. Also: text made printable for a terminal, and temporaries created
// exclusively.
#include "support/TestFiles.h"

#include "coursemap/Error.h"
#include "coursemap/Printable.h"
#include "coursemap/edit/EditPlanner.h"
#include "coursemap/interchange/CsvFormat.h"
#include "coursemap/interchange/EditJson.h"
#include "coursemap/interchange/JsonFormat.h"
#include "coursemap/interchange/JsonLimits.h"
#include "coursemap/model/Fields.h"
#include "coursemap/program/Frameworks.h"
#include "coursemap/storage/OutputFile.h"
#include "coursemap/syllabus/Syllabus.h"

#include <catch2/catch.hpp>

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

using namespace coursemap;
using namespace coursemap::test;
using nlohmann::json;

namespace {

std::string messageOf(const std::function<void()>& f)
{
    try {
        f();
    } catch (const Error& e) {
        return e.message();
    }
    FAIL("accepted");
    return {};
}

// `count` copies of a character that takes three bytes in UTF-8 (心, U+5FC3).
std::string chinese(std::size_t count)
{
    std::string out;
    for (std::size_t i = 0; i < count; ++i)
        out += "\xE5\xBF\x83";
    return out;
}

} // namespace

TEST_CASE("A key given twice in one JSON object is refused, naming the key and the object")
{
    // An edit line: nlohmann alone keeps the last value and edits 204.
    const auto m = messageOf(
        [] { parseJson(R"({"op":"update","id":203,"id":204,"field":"text","value":"x"})", "line 3"); });
    CHECK_THAT(m, Catch::StartsWith("line 3: the key \"id\" appears twice in the object at the top level"));
    CHECK_THAT(messageOf([] {
        parseJson(R"({"op":"add","kind":"objective","fields":{"course_id":200,"text":"a","text":"b"}})", "l");
    }),
        Catch::Contains("\"text\" appears twice in the object at /fields"));

    // Importing a map: the pointer leads to the object, through lists and keys.
    auto j = json::parse(sampleJson());
    const auto pretty = j.dump(2);
    const auto at = pretty.find("\"text\": \"" + j["courses"][1]["objectives"][0]["text"].get<std::string>());
    REQUIRE(at != std::string::npos);
    auto doubled = pretty;
    doubled.insert(at, "\"text\": \"Something else.\", ");
    CHECK_THAT(messageOf([&] { importJson(doubled, "map.json"); }),
        Catch::Contains("\"text\" appears twice in the object at /courses/1/objectives/0"));

    // A key escaped differently is still the same key; equal keys in different objects are fine.
    CHECK_THAT(messageOf([] { parseJson(R"({"a/b":1,"a\/b":2})", "x"); }), Catch::Contains("\"a/b\""));
    CHECK_NOTHROW(parseJson(R"([{"id":1},{"id":2},{"x":{"id":3}}])", "x"));
    CHECK_THAT(messageOf([] { parseJson(R"([{"id":1},{"x":[0,{"id":2,"id":3}]}])", "x"); }),
        Catch::Contains("at /1/x/1"));

    // A CASE package.
    CHECK_THAT(messageOf([] {
        importCaseFramework(R"({"CFDocument":{"title":"A","title":"B"},"CFItems":[]})", "pkg.json");
    }),
        Catch::Contains("pkg.json: the key \"title\" appears twice in the object at /CFDocument"));
}

TEST_CASE("A NUL byte in JSON is refused with where it is, not taken as the end of the text")
{
    const std::string line("{\"op\":\"remove\",\"id\":238}\0{\"op\":\"remove\",\"id\":239}", 48);
    CHECK_THAT(messageOf([&] { parseJson(line, "line 2"); }),
        Catch::StartsWith("line 2 holds a NUL character (byte 0) at column 25"));
    const std::string file("{\n  \"a\": 1\n}\0", 13);
    CHECK_THAT(messageOf([&] { parseJson(file, "map.json"); }), Catch::Contains("at line 3, column 2"));
}

TEST_CASE("When a comment, acceptance or status change was made is a UTC time or nothing")
{
    TempDir dir;
    auto doc = openSample(dir / "map.coursemap");
    Id next = doc->nextId();
    const auto addComment = [&](const std::string& createdAt) {
        const auto edit = editFromJson(json::parse(
            R"({"op":"add","kind":"comment","fields":{"item_id":203,"author":"Dr. Cho","text":"Which verb?","created_at":")"
            + createdAt + R"("}})"));
        return planEdit(doc->data(), edit, next);
    };
    for (const auto* bad : { "not a date", "2026-11-25", "2026-11-25 06:01:02", "2026-11-25T06:01:02",
             "2026-11-25T06:01:02+01:00", "2026-02-30T06:01:02Z", "2026-13-01T00:00:00Z",
             "2026-11-25T24:00:00Z", "2026-11-25T06:61:02Z", "２０２６-11-25T06:01:02Z",
             "1-11-25T06:01:02Z" }) {
        INFO(bad);
        CHECK_THAT(messageOf([&] { addComment(bad); }),
            Catch::Contains("/fields/created_at: must be a time in UTC written as 2026-11-25T06:01:02Z"));
    }
    CHECK_NOTHROW(addComment("2026-11-25T06:01:02Z"));
    CHECK_NOTHROW(addComment("2024-02-29T23:59:60Z")); // a leap day, a leap second
    CHECK_NOTHROW(addComment("")); // not recorded (edit lines may leave it out)

    // Updated later.
    CHECK_THAT(messageOf([&] {
        Id n = doc->nextId();
        planEdit(doc->data(), UpdateField { 400, "created_at", "yesterday" }, n);
    }),
        Catch::Contains("created_at of comment 400 must be a time in UTC"));

    // Imported: named by its place in the file, for every kind that records a time.
    for (const auto* list : { "comments", "acknowledgements", "status_changes" }) {
        auto j = json::parse(sampleJson());
        if (j[list].empty())
            continue;
        j[list][0]["created_at"] = "last Tuesday";
        INFO(list);
        CHECK_THAT(messageOf([&] { importJson(j.dump(), "map.json"); }),
            Catch::Contains("/" + std::string(list) + "/0/created_at: must be a time in UTC"));
    }
}

TEST_CASE("Text limits count characters, not bytes")
{
    Objective o;
    o.id = 9000;
    o.courseId = 200;
    const auto* text = findField<Objective>("text");
    REQUIRE(text);
    // 1,667 Chinese characters are 5,001 bytes: well within 5,000 characters.
    CHECK(text->set(o, chinese(1'667)).empty());
    CHECK(text->set(o, chinese(5'000)).empty());
    CHECK_THAT(text->set(o, chinese(5'001)), Catch::Contains("at most 5000 characters"));
    CHECK(text->set(o, std::string(5'000, 'a')).empty());
    CHECK_THAT(text->set(o, std::string(5'001, 'a')), Catch::Contains("at most 5000 characters"));
    // Characters of four bytes (emoji) count once each too.
    std::string emoji;
    for (int i = 0; i < 5'000; ++i)
        emoji += "\xF0\x9F\x98\x80";
    CHECK(text->set(o, emoji).empty());
    CHECK_THAT(text->set(o, emoji + "\xF0\x9F\x98\x80"), Catch::Contains("at most 5000 characters"));

    // Through an import and a stored map: the long Chinese objective is kept and read back.
    TempDir dir;
    auto j = json::parse(sampleJson());
    j["courses"][1]["objectives"][0]["text"] = chinese(4'000);
    const auto path = dir / "zh.coursemap";
    Document::create(path, importJson(j.dump()));
    CHECK(Document::open(path, OpenMode::ReadOnly)->data().get<Objective>(201)->text == chinese(4'000));
}

TEST_CASE("A cell beyond the last titled column refuses the sheet, naming its row and column")
{
    TempDir dir;
    auto doc = openSample(dir / "sample.coursemap");
    const auto card = findCourseByCode(doc->data(), "CARD 210")->id;
    // Row 3's objective holds an unquoted comma: its text would be cut and the rest dropped.
    const auto sheet = parseCsv("Objective,Miller\n"
                                "Interpret an ECG.,shows how\n"
                                "Explain preload, afterload and contractility.,knows how\n"
                                "Describe the heart.,knows,,\n"); // empty cells beyond: harmless
    CsvImport import { ItemKind::Objective, card, true, guessCsvColumns(ItemKind::Objective, sheet.rows[0]) };
    const auto m = messageOf([&] { planCsvImport(doc->data(), sheet, import, doc->nextId()); });
    CHECK_THAT(m, Catch::Contains("row 3, column C: \"knows how\" is beyond the last titled column (B)"));
    CHECK_THAT(m, Catch::Contains("put that cell in quotes"));
    CHECK(m.find("row 4") == std::string::npos);

    // Mapped explicitly, a column without a title is imported, not refused.
    const auto untitled = parseCsv("Objective\nInterpret an ECG.,shows how\n");
    CsvImport mapped { ItemKind::Objective, card, true, { { "text", 0 }, { "miller_target", 1 } } };
    const auto change = planCsvImport(doc->data(), untitled, mapped, doc->nextId());
    REQUIRE(change.items.size() == 1);
    CHECK(std::get<Objective>(*change.items[0].after).millerTarget == MillerLevel::ShowsHow);
}

TEST_CASE("A second column with the same title is named in a warning, not dropped without a word")
{
    const auto sheet = parseCsv("Objective,Miller,Objective\nInterpret an ECG.,shows how,Read an ECG.\n");
    CsvImport import { ItemKind::Objective, 1, true, guessCsvColumns(ItemKind::Objective, sheet.rows[0]) };
    const auto warnings = csvImportWarnings(sheet, import);
    REQUIRE(warnings.size() == 1);
    CHECK_THAT(warnings[0], Catch::StartsWith("columns A and C have the same title (\"Objective\")"));
    CHECK_THAT(warnings[0], Catch::Contains("column C is not imported"));
    // Columns with different titles: nothing to say.
    const auto plain = parseCsv("Objective,Miller\nx,knows\n");
    CHECK(csvImportWarnings(
        plain, { ItemKind::Objective, 1, true, guessCsvColumns(ItemKind::Objective, plain.rows[0]) })
              .empty());
}

TEST_CASE("Text made printable: control characters escaped, everything else kept")
{
    CHECK(printable("Describe the heart.") == "Describe the heart.");
    CHECK(printable("caf\xC3\xA9 \xE5\xBF\x83 \xF0\x9F\x98\x80\tok")
        == "caf\xC3\xA9 \xE5\xBF\x83 \xF0\x9F\x98\x80\tok");
    CHECK(printable("\x1B[2J\x1B]0;pwned\x07") == "\\u001B[2J\\u001B]0;pwned\\u0007");
    CHECK(printable("a\nb\rc") == "a\\nb\\rc");
    CHECK(printable("a\nb", LineBreaks::Keep) == "a\nb");
    CHECK(printable("\x7F") == "\\u007F");
    CHECK(printable("\xC2\x9B"
                    "31m\xC2\x85")
        == "\\u009B31m\\u0085"); // C1: CSI and NEL
    CHECK(printable("bad \xFF\xC3") == "bad \\xFF\\xC3");
    CHECK(printable(std::string("nul\0", 4)) == "nul\\u0000");
    // In JSON the C1 escape means the same character.
    CHECK(json::parse(printable(json("\xC2\x9B").dump())) == json("\xC2\x9B"));
}

TEST_CASE("A temporary is created exclusively: a link planted at its name is never followed or replaced")
{
    TempDir dir;
    const auto first = createTempFile(dir.path(), "out.json", 42);
    REQUIRE(first.fd >= 0);
    ::close(first.fd);
    CHECK(first.path.filename().string().starts_with(".out.json."));
    CHECK(first.path.filename().string().ends_with(".part"));
    const auto name = first.path;
    std::filesystem::remove(name);
    // Someone who knows the next name plants a link there to a file of theirs.
    writeFile(dir / "victim.txt", "precious");
    std::filesystem::create_symlink(dir / "victim.txt", name);
    const auto second = createTempFile(dir.path(), "out.json", 42);
    REQUIRE(second.fd >= 0);
    CHECK(second.path != name);
    CHECK(::write(second.fd, "x", 1) == 1);
    ::close(second.fd);
    CHECK(readFile(dir / "victim.txt") == "precious");
    CHECK(std::filesystem::is_symlink(name));
}

TEST_CASE("writeOutputFile refuses the map, folders and disks, and writes a device without replacing it")
{
    TempDir dir;
    const auto map = dir / "m.coursemap";
    openSample(map).reset();
    const auto bytes = readFile(map);
    CHECK_THROWS_WITH(writeOutputFile(map, "x", { map }), Catch::Contains("is the same file as"));
    CHECK_THROWS_WITH(writeOutputFile(dir.path(), "x", { map }), Catch::Contains("is a folder"));
    CHECK(readFile(map) == bytes);
    // A device like /dev/null: the test's own when it may make one (as root), so that a regression replaces
    // nothing of the system's.
    std::filesystem::path null = "/dev/null";
    if (::geteuid() == 0) {
        null = dir / "null";
        REQUIRE(::mknod(null.c_str(), S_IFCHR | 0666, makedev(1, 3)) == 0);
    }
    writeOutputFile(null, "x", { map });
    CHECK(std::filesystem::is_character_file(null));
    writeOutputFile(dir / "new.txt", "hello", { map });
    CHECK(readFile(dir / "new.txt") == "hello");
}
