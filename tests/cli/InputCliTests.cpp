// What a user types or feeds in, read as meant or refused with what and where: keys given twice, a NUL in an
// edit line, dates, sheets with cells beyond the header or columns with one title, numbers out of range. And
// what `coursemap` prints back: user text never reaches the terminal with its control characters raw.
#include "support/Process.h"
#include "support/TestFiles.h"

#include "coursemap/interchange/JsonFormat.h"

#include <catch2/catch.hpp>

using namespace coursemap;
using namespace coursemap::test;
using nlohmann::json;

TEST_CASE("apply refuses an edit line with a key given twice or a NUL, and changes nothing")
{
    TempDir dir;
    const auto map = sampleMap(dir);
    const auto before = Document::open(map, OpenMode::ReadOnly)->data();
    const auto doubled = runCli({ "apply", map, "-" },
        R"({"op":"update","id":203,"id":204,"field":"text","value":"Explain it."})"
        "\n");
    CHECK(doubled.exitCode == 2);
    CHECK(doubled.out.empty());
    CHECK_THAT(doubled.err, Catch::Contains("line 1: the key \"id\" appears twice"));

    const auto nul = runCli({ "apply", map, "-" },
        std::string(R"({"op":"update","id":203,"field":"text","value":"Explain it."})") + '\0'
            + R"({"op":"remove","id":204})" + "\n");
    CHECK(nul.exitCode == 2);
    CHECK(nul.out.empty());
    CHECK_THAT(nul.err, Catch::Contains("line 1 holds a NUL character (byte 0) at column 62"));
    CHECK(Document::open(map, OpenMode::ReadOnly)->data() == before);
}

TEST_CASE("import refuses a date that is not one, naming the field and the item")
{
    TempDir dir;
    auto j = json::parse(sampleJson());
    j["comments"][1]["created_at"] = "not a date";
    writeFile(dir / "map.json", j.dump());
    const auto r = runCli({ "import", (dir / "map.json").string(), (dir / "map.coursemap").string() });
    CHECK(r.exitCode == 2);
    CHECK_THAT(r.err, Catch::Contains("/comments/1/created_at: must be a time in UTC written as"));
    CHECK_FALSE(std::filesystem::exists(dir / "map.coursemap"));
}

TEST_CASE("import-csv refuses cells beyond the header and warns of a second column with the same title")
{
    TempDir dir;
    const auto map = sampleMap(dir);
    writeFile(dir / "shifted.csv",
        "Objective,Miller\n"
        "Interpret an ECG.,shows how\n"
        "Explain preload, afterload and contractility.,knows how\n");
    const auto shifted
        = runCli({ "import-csv", map, (dir / "shifted.csv").string(), "--course", "CARD 210" });
    CHECK(shifted.exitCode == 2);
    CHECK_THAT(
        shifted.err, Catch::Contains("row 3, column C") && Catch::Contains("beyond the last titled column"));
    const auto count
        = [&] { return Document::open(map, OpenMode::ReadOnly)->data().all<Objective>().size(); };
    const auto before = count();

    writeFile(dir / "twice.csv",
        "Objective,Miller,Objective\n"
        "Interpret an ECG.,shows how,Read the rhythm strip.\n");
    const auto twice = runCli({ "import-csv", map, (dir / "twice.csv").string(), "--course", "CARD 210" });
    CHECK(twice.exitCode == 0);
    CHECK_THAT(twice.err,
        Catch::Contains("warning: columns A and C have the same title (\"Objective\")")
            && Catch::Contains("column C is not imported"));
    CHECK(count() == before + 1);

    // Named by a title two columns share: which one is meant?
    const auto ambiguous = runCli({ "import-csv", map, (dir / "twice.csv").string(), "--course", "CARD 210",
        "--column", "text=Objective", "--dry-run" });
    CHECK(ambiguous.exitCode == 2);
    CHECK_THAT(ambiguous.err, Catch::Contains("columns A and C are both titled \"Objective\""));
}

TEST_CASE("a number option out of range says which option and what it allows")
{
    TempDir dir;
    const auto map = sampleMap(dir);
    const auto weeks = runCli({ "export", map, "--format", "curriculum-inventory", "-o",
        (dir / "r.xml").string(), "--course-weeks", "-5" });
    CHECK(weeks.exitCode == 2);
    CHECK_THAT(
        weeks.err, Catch::Contains("--course-weeks: must be a whole number from 1 to 104; \"-5\" is not"));
    CHECK_THAT(runCli({ "new", (dir / "n.coursemap").string(), "--years", "-3" }).err,
        Catch::Contains("--years: must be a whole number from 1 to 12"));
    CHECK_THAT(
        runCli({ "status", map, "--item", "-5" }).err, Catch::Contains("--item: must be the id of an item"));
    CHECK_THAT(runCli({ "comment", "reply", map, "-5", "--text", "x" }).err,
        Catch::Contains("COMMENT: must be the id of an item"));
    const auto twice = runCli({ "export", map, "--course-weeks", "5", "--course-weeks", "6" });
    CHECK(twice.exitCode == 2);
    CHECK_THAT(twice.err, Catch::Contains("--course-weeks is given 2 times; give it once."));
}

TEST_CASE("user text with control characters is printed escaped, never raw, by every text listing")
{
    TempDir dir;
    // Escape sequences (clear the screen, set the title), a bell, a carriage return that would overwrite the
    // line, a C1 control introducer, and a line break that would forge a line of output.
    const std::string evil = "\x1B[2J\x1B]0;owned\x07 Fake\r\xC2\x9B"
                             "31m";
    auto j = json::parse(sampleJson());
    j["program"]["name"] = "Program " + evil;
    j["courses"][1]["title"] = "Cardiology " + evil;
    j["courses"][1]["objectives"][0]["text"] = "Understand the heart " + evil + "\n  error     forged";
    j["frameworks"][0]["name"] = "Framework " + evil;
    j["frameworks"][0]["competencies"][0]["title"] = "Competency " + evil;
    j["comments"][0]["author"] = "Dr. " + evil;
    j["comments"][0]["text"] = "Comment " + evil;
    writeFile(dir / "evil.json", j.dump());
    const auto map = (dir / "evil.coursemap").string();
    REQUIRE(runCli({ "import", (dir / "evil.json").string(), map }).exitCode == 0);
    // A version's name is one line: the rest of it.
    REQUIRE(runCli({ "version", "save", map,
                       "Version \x1B[2J\x1B]0;owned\x07 \xC2\x9B"
                       "31m" })
                .exitCode
        == 0);
    REQUIRE(runCli({ "apply", map, "-" },
                R"({"op":"update","id":201,"field":"text","value":"Describe it )"
                    + json(evil).dump().substr(1) + "}\n")
                .exitCode
        == 0);

    const auto raw = [](const std::string& s) {
        for (std::size_t i = 0; i < s.size(); ++i) {
            const auto c = static_cast<unsigned char>(s[i]);
            if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7F
                || (c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) <= 0x9F))
                return true;
        }
        return false;
    };
    for (const auto& args : std::vector<std::vector<std::string>> { { "check", map }, { "stats", map },
             { "heat-map", map }, { "comment", "list", map }, { "version", "list", map }, { "diff", map },
             { "framework", "list", map }, { "framework", "list", map, "--competencies" },
             { "export", map, "--format", "csv", "--content", "alignment", "--course", evil },
             { "comment", "list", map, "--format", "json" } }) {
        INFO(args[0] << " " << args[1]);
        const auto r = runCli(args);
        CHECK_FALSE(raw(r.out));
        CHECK_FALSE(raw(r.err));
        // Shown, escaped: \u001B from us, \u001b inside JSON strings.
        CHECK_THAT(r.out + r.err, Catch::Contains("\\u001B[2J") || Catch::Contains("\\u001b[2J"));
        CHECK(r.out.find("\n  error     forged") == std::string::npos);
    }
    // JSON for scripts is still JSON, and still says exactly what the user typed.
    const auto check = runCli({ "check", map, "--format", "json" });
    CHECK_FALSE(raw(check.out));
    CHECK(json::parse(check.out)["file"] == map);
    const auto comments = json::parse(runCli({ "comment", "list", map, "--format", "json" }).out);
    CHECK(comments[0]["author"] == "Dr. " + evil);
    // Exports are data, written byte for byte.
    CHECK(runCli({ "export", map }).out.find(json(evil).dump().substr(1, 10)) != std::string::npos);
}
