// The program and standards commands end to end: import-csv, export as CSV, heat-map PDF and Curriculum
// Inventory XML, framework, heat-map.
#include "support/Process.h"
#include "support/TestFiles.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace coursemap::test;
using nlohmann::json;

namespace {

int objectiveCount(const std::string& map)
{
    const auto stats = runCli({ "stats", map, "--format", "json" });
    REQUIRE(stats.exitCode == 0);
    return json::parse(stats.out)["items"]["objective"].get<int>();
}

} // namespace

TEST_CASE("import-csv adds a sheet's objectives to a course, or nothing with the bad cells named")
{
    TempDir dir;
    const auto map = sampleMap(dir);
    const int before = objectiveCount(map);
    writeFile(dir / "good.csv",
        "Objective,Miller target,Taught by,Competencies\r\n"
        "Interpret an exercise ECG.,shows how,ECG interpretation workshop,MK:R\r\n"
        "\"Explain, to a patient, what an echo shows.\",,,ICS:I\r\n");
    const auto dry
        = runCli({ "import-csv", map, (dir / "good.csv").string(), "--course", "card210", "--dry-run" });
    CHECK(dry.exitCode == 0);
    CHECK_THAT(dry.out, Catch::Contains("Would import 2 objectives into CARD 210"));
    CHECK(objectiveCount(map) == before);

    const auto ok = runCli({ "import-csv", map, (dir / "good.csv").string(), "--course", "CARD 210" });
    INFO(ok.err);
    CHECK(ok.exitCode == 0);
    CHECK_THAT(ok.out, Catch::Contains("Import 2 objectives into CARD 210"));
    CHECK_THAT(ok.err, Catch::Contains("column A (Objective) → text"));
    CHECK(objectiveCount(map) == before + 2);
    const auto sheet = runCli({ "export", map, "--format", "csv", "--course", "CARD 210" });
    CHECK_THAT(sheet.out,
        Catch::Contains(
            "Interpret an exercise ECG.,apply,,shows_how,draft,ECG interpretation workshop,,MK:R"));

    // Columns by letter without a header row; then a sheet with a bad cell changes nothing at all.
    writeFile(dir / "plain.csv", "x;Describe the coronary arteries.\n");
    CHECK(runCli({ "import-csv", map, (dir / "plain.csv").string(), "--course", "CARD 210", "--no-header",
                     "--column", "text=B" })
              .exitCode
        == 0);
    CHECK(objectiveCount(map) == before + 3);
    writeFile(
        dir / "bad.csv", "Objective,Miller\nDescribe the heart.,knows\nDescribe the lungs.,sometimes\n");
    const auto bytes = readFile(map);
    const auto bad = runCli({ "import-csv", map, (dir / "bad.csv").string(), "--course", "CARD 210" });
    CHECK(bad.exitCode == 2);
    CHECK_THAT(bad.err, Catch::Contains("row 3, column B (Miller target)") && Catch::Contains("sometimes"));
    CHECK(readFile(map) == bytes);
    CHECK(runCli({ "import-csv", map, (dir / "bad.csv").string(), "--course", "NOPE 1" }).exitCode == 2);
    const auto badColumn = runCli({ "import-csv", map, (dir / "bad.csv").string(), "--course", "CARD 210",
        "--column", "text=Nonexistent" });
    CHECK(badColumn.exitCode == 2);
    CHECK_THAT(badColumn.err, Catch::Contains("Nonexistent"));
    writeFile(dir / "open.csv", "Objective\n\"Describe\n");
    const auto unclosed = runCli({ "import-csv", map, (dir / "open.csv").string(), "--course", "CARD 210" });
    CHECK(unclosed.exitCode == 2);
    CHECK_THAT(unclosed.err, Catch::Contains("open.csv, line 2"));
    CHECK(readFile(map) == bytes);
}

TEST_CASE("export --format csv: objectives, a course's alignment matrix and the heat map, formula-safe")
{
    TempDir dir;
    const auto map = sampleMap(dir);
    // An objective that a spreadsheet would otherwise run as a formula.
    writeFile(dir / "evil.csv",
        "Objective\n\"=HYPERLINK(\"\"http://evil.example\"\",\"\"Describe the heart\"\")\"\n");
    REQUIRE(runCli({ "import-csv", map, (dir / "evil.csv").string(), "--course", "ICM 101" }).exitCode == 0);
    const auto all = runCli({ "export", map, "--format", "csv", "-o", (dir / "objectives.csv").string() });
    CHECK(all.exitCode == 0);
    const auto text = readFile(dir / "objectives.csv");
    CHECK_THAT(text, Catch::StartsWith("Course,Objective,"));
    CHECK_THAT(text, Catch::Contains(",\"'=HYPERLINK("));
    CHECK(text.find(",=HYPERLINK") == std::string::npos);

    const auto alignment
        = runCli({ "export", map, "--format", "csv", "--content", "alignment", "--course", "CARD 210" });
    CHECK(alignment.exitCode == 0);
    CHECK_THAT(alignment.out, Catch::StartsWith("Objective,Teaching: "));
    CHECK(runCli({ "export", map, "--format", "csv", "--content", "alignment" }).exitCode == 2);

    const auto heat = runCli({ "export", map, "--format", "csv", "--content", "heat-map" });
    CHECK(heat.exitCode == 0);
    CHECK_THAT(heat.out, Catch::Contains("ACGME Core Competencies,SBP,Systems-Based Practice,,,,,0,yes,"));
}

TEST_CASE("export --format curriculum-inventory writes a report that validates, or asks for what it needs")
{
    TempDir dir;
    const auto map = sampleMap(dir);
    const auto out = (dir / "report.xml").string();
    const auto missing = runCli({ "export", map, "--format", "curriculum-inventory", "-o", out });
    CHECK(missing.exitCode == 2);
    CHECK_THAT(missing.err,
        Catch::Contains("--institution-id") && Catch::Contains("--program-id") && Catch::Contains("--start")
            && Catch::Contains("--end"));
    CHECK_THAT(missing.err,
        Catch::Contains("The AAMC institution id is missing.")
            && Catch::Contains("The start of the reporting period is missing."));
    CHECK_THAT(missing.err, !Catch::Contains("--course-weeks")); // every course has a length
    CHECK_FALSE(std::filesystem::exists(out));
    // A problem no option mends names no option.
    REQUIRE(runCli({ "apply", map, "-" },
                R"({"op":"update","id":141,"field":"method","value":"AM015"})"
                "\n")
                .exitCode
        == 0);
    const auto retired = runCli({ "export", map, "--format", "curriculum-inventory", "-o", out,
        "--institution-id", "987", "--program-id", "5678", "--start", "2026-07-01", "--end", "2027-06-30" });
    CHECK(retired.exitCode == 2);
    CHECK_THAT(retired.err, Catch::Contains("AM015") && !Catch::Contains("options"));
    REQUIRE(runCli({ "apply", map, "-" },
                R"({"op":"update","id":141,"field":"method","value":"AM003"})"
                "\n")
                .exitCode
        == 0);

    const auto ok = runCli({ "export", map, "--format", "curriculum-inventory", "-o", out, "--institution-id",
        "987", "--program-id", "5678", "--start", "2026-07-01", "--end", "2027-06-30", "--link",
        "https://example.edu/md", "--schema", "v1" });
    INFO(ok.err);
    CHECK(ok.exitCode == 0);
    const auto validation = shell(
        "'" COURSEMAP_STANDARDS "/medbiq/validate-curriculum-inventory' '" + out + "' 2>&1; echo rc=$?");
    INFO(validation);
    CHECK_THAT(validation, Catch::Contains("validates") && Catch::Contains("rc=0"));
    CHECK_THAT(readFile(out), Catch::Contains("<SupportingLink>https://example.edu/md</SupportingLink>"));
}

TEST_CASE(
    "export --format curriculum-inventory: v10 by default; --preview shows the AAMC's tables, writes nothing")
{
    TempDir dir;
    const auto map = sampleMap(dir);
    const auto out = (dir / "report.xml").string();
    const std::vector<std::string> ids { "--institution-id", "987", "--program-id", "5678", "--start",
        "2026-07-01", "--end", "2027-06-30" };
    auto args = std::vector<std::string> { "export", map, "--format", "curriculum-inventory", "-o", out };
    args.insert(args.end(), ids.begin(), ids.end());
    const auto ok = runCli(args);
    INFO(ok.err);
    REQUIRE(ok.exitCode == 0);
    const auto xml = readFile(out);
    CHECK_THAT(xml, Catch::Contains("xmlns=\"http://ns.medbiq.org/curriculuminventory/v10/\""));
    CHECK_THAT(xml, Catch::Contains("<CompetencyObjectReference>"));
    CHECK_THAT(xml, Catch::Contains("instructionalMethodDuration=\"PT8H\">IM013</InstructionalMethod>"));

    std::filesystem::remove(out);
    auto previewArgs
        = std::vector<std::string> { "export", map, "--format", "curriculum-inventory", "--preview" };
    previewArgs.insert(previewArgs.end(), ids.begin(), ids.end());
    const auto preview = runCli(previewArgs);
    INFO(preview.err);
    CHECK(preview.exitCode == 0);
    CHECK_THAT(preview.out,
        Catch::Contains("Instructional methods by year (hours)") && Catch::Contains("IM013 Lecture")
            && Catch::Contains("Assessment methods by year") && Catch::Contains("PCRS coverage")
            && Catch::Contains("MED 301") && Catch::Contains("h/week")
            && Catch::Contains("Missing or to check"));
    CHECK_FALSE(std::filesystem::exists(out));
    // Without the report's ids the preview still shows the figures, and lists what the export needs.
    const auto bare = runCli({ "export", map, "--format", "curriculum-inventory", "--preview" });
    CHECK(bare.exitCode == 0);
    CHECK_THAT(bare.out,
        Catch::Contains("The AAMC institution id is missing.") && Catch::Contains("--institution-id ID"));
    CHECK_THAT(preview.out, !Catch::Contains("--institution-id ID")); // nothing stops that one
}

TEST_CASE("framework export-case writes a CASE package that import-case reads back; two parents are reported")
{
    TempDir dir;
    const auto map = sampleMap(dir);
    const auto package = (dir / "acgme.json").string();
    const auto exported = runCli({ "framework", "export-case", map, "--framework", "ACGME", "-o", package });
    INFO(exported.err);
    REQUIRE(exported.exitCode == 0);
    const auto j = json::parse(readFile(package));
    CHECK(j["CFItems"].size() == 6);
    CHECK(j["CFAssociations"].size() == 6 + 8); // the tree, then the PCRS associations it keeps

    const auto other = (dir / "other.coursemap").string();
    REQUIRE(runCli({ "new", other }).exitCode == 0);
    const auto imported = runCli({ "framework", "import-case", other, package });
    INFO(imported.err);
    CHECK(imported.exitCode == 0);
    CHECK_THAT(imported.out, Catch::Contains("with 6 competencies and 8 associations"));
    const auto again = (dir / "again.json").string();
    REQUIRE(runCli({ "framework", "export-case", other, "--framework", "ACGME", "-o", again }).exitCode == 0);
    auto a = json::parse(readFile(package)), b = json::parse(readFile(again));
    // The same package, but for when it was written.
    const auto stamp = [](json& p) {
        p["CFDocument"].erase("lastChangeDateTime");
        for (auto* list : { &p["CFItems"], &p["CFAssociations"] })
            for (auto& x : *list)
                x.erase("lastChangeDateTime");
    };
    stamp(a);
    stamp(b);
    CHECK(a == b);

    const auto unknown = runCli({ "framework", "export-case", map, "--framework", "NOPE" });
    CHECK(unknown.exitCode != 0);
    CHECK_THAT(unknown.err, Catch::Contains("no framework \"NOPE\"") && Catch::Contains("ACGME"));

    auto twoParents = json::parse(readFile(package));
    // PC, a child of the document, made a child of MK too.
    json extra;
    for (const auto& x : twoParents["CFAssociations"])
        if (x["associationType"] == "isChildOf" && x["originNodeURI"]["title"] == "MK")
            extra = x;
    REQUIRE(extra.is_object());
    extra["destinationNodeURI"] = extra["originNodeURI"];
    extra["originNodeURI"] = twoParents["CFAssociations"][0]["originNodeURI"];
    extra["identifier"] = "second-parent";
    twoParents["CFAssociations"].push_back(extra);
    twoParents["CFDocument"]["title"] = "ACGME again";
    writeFile(dir / "two.json", twoParents.dump());
    const auto reported = runCli({ "framework", "import-case", other, (dir / "two.json").string() });
    CHECK(reported.exitCode == 0);
    CHECK_THAT(reported.err, Catch::Contains("warning: Item \"PC\" has two parents"));
}

TEST_CASE("export --format pdf --content heat-map: the heat map on paper")
{
    TempDir dir;
    const auto map = sampleMap(dir);
    const auto pdf = (dir / "heat.pdf").string();
    const auto r = runCli({ "export", map, "--format", "pdf", "--content", "heat-map", "-o", pdf });
    INFO(r.err);
    REQUIRE(r.exitCode == 0);
    const auto text = shell("pdftotext -layout '" + pdf + "' -");
    CHECK_THAT(text, Catch::Contains("Competency heat map"));
    CHECK_THAT(text, Catch::Contains("Systems-Based Practice (gap)"));
    CHECK_THAT(text, Catch::Contains("Professionalism (never M)"));
    CHECK_THAT(text, Catch::Contains("CARD 210"));
    CHECK_THAT(text, Catch::Contains("Program statistics"));
}

TEST_CASE("framework: list the shipped ones, adopt one, adopt a copy, import a CASE package")
{
    TempDir dir;
    const auto map = sampleMap(dir);
    const auto list = runCli({ "framework", "list" });
    CHECK(list.exitCode == 0);
    for (const char* key : { "acgme-core-competencies", "canmeds-2015", "aamc-core-epas", "ipec-2023",
             "aacn-essentials-2021", "aamc-pcrs" })
        CHECK_THAT(list.out, Catch::Contains(key));
    CHECK_THAT(list.out, Catch::Contains("Source: "));

    const auto add = runCli({ "framework", "add", map, "canmeds-2015" });
    CHECK(add.exitCode == 0);
    CHECK_THAT(add.out, Catch::Contains("with 7 competencies"));
    const auto twice = runCli({ "framework", "add", map, "canmeds-2015" });
    CHECK(twice.exitCode == 2);
    CHECK_THAT(twice.err, Catch::Contains("already"));
    CHECK(runCli({ "framework", "add", map, "no-such-framework" }).exitCode == 2);
    CHECK(runCli({ "framework", "add", map, "CanMEDS 2015 Physician Competency Framework", "--copy",
                     "Our roles" })
              .exitCode
        == 0);

    writeFile(dir / "case.json",
        R"({"CFDocument": {"identifier": "d", "title": "Nursing Program Outcomes", "creator": "School of Nursing"},
        "CFItems": [{"identifier": "a", "fullStatement": "Provide safe care.", "humanCodingScheme": "PO1"},
                    {"identifier": "b", "fullStatement": "Lead teams.", "humanCodingScheme": "PO2"}],
        "CFAssociations": []})");
    CHECK(runCli({ "framework", "import-case", map, (dir / "case.json").string() }).exitCode == 0);
    writeFile(dir / "broken.json", R"({"CFDocument": {"title": "X"}, "CFItems": [{"identifier": "a"}]})");
    const auto broken = runCli({ "framework", "import-case", map, (dir / "broken.json").string() });
    CHECK(broken.exitCode == 2);
    CHECK_THAT(broken.err, Catch::Contains("/CFItems/0/fullStatement"));

    const auto inMap = runCli({ "framework", "list", map, "--competencies" });
    CHECK_THAT(
        inMap.out, Catch::Contains("CanMEDS 2015 Physician Competency Framework (2015), 7 competencies"));
    CHECK_THAT(inMap.out, Catch::Contains("Our roles"));
    CHECK_THAT(inMap.out, Catch::Contains("PO2  Lead teams."));
}

TEST_CASE("heat-map shows I/R/M, gaps and never mastered, as text and as JSON")
{
    TempDir dir;
    const auto map = sampleMap(dir);
    const auto text = runCli({ "heat-map", map });
    CHECK(text.exitCode == 0);
    CHECK_THAT(text.out, Catch::Contains("PC Patient Care: ICM 101 I2, CARD 210 I4, MED 301 M2"));
    CHECK_THAT(text.out, Catch::Contains("SBP Systems-Based Practice: no course  [gap]"));
    CHECK_THAT(text.out,
        Catch::Contains(
            "10 competencies over 3 courses: 2 not mapped by any course, 5 introduced but never mastered."));
    const auto j = json::parse(runCli({ "heat-map", map, "--format", "json" }).out);
    CHECK(j["courses"].size() == 3);
    CHECK(j["competencies"][0]["code"] == "PC");
    CHECK(j["competencies"][0]["cells"][2]["highest"] == "mastered");
}

TEST_CASE("stats adds the program statistics: hours by method and learning type, Bloom by year, Miller")
{
    TempDir dir;
    const auto map = sampleMap(dir);
    const auto j = json::parse(runCli({ "stats", map, "--format", "json" }).out)["program_statistics"];
    CHECK(j["hours_by_method"]["IM003"] == 320.0); // the clerkship's inpatient experience
    CHECK(j["bloom_by_year"].size() == 3);
    CHECK(j["bloom_by_year"]["1"]["apply"] == 3);
    CHECK(j["hours_by_learning_type"]["practice"].get<double>() > 300);
    CHECK(j["assessment_methods_by_miller"]["does"].size() > 0);
    const auto text = runCli({ "stats", map });
    CHECK_THAT(text.out,
        Catch::Contains("Objectives by Bloom level")
            && Catch::Contains("Scheduled hours by instructional method")
            && Catch::Contains("320.0  Clinical Experience – Inpatient (IM003)"));
}

TEST_CASE("heat-map shows what reaches a competency only through a crosswalk as derived, as text and JSON")
{
    TempDir dir;
    const auto map = sampleMap(dir);
    // Two CASE frameworks; an item of the first is an exact match of the second's.
    writeFile(dir / "local.json", R"({"CFDocument": {"identifier": "d1", "title": "Local outcomes"},
        "CFItems": [{"identifier": "11111111-1111-4111-8111-111111111111", "fullStatement": "Examine", "humanCodingScheme": "L1"}],
        "CFAssociations": [{"associationType": "exactMatchOf",
            "originNodeURI": {"identifier": "11111111-1111-4111-8111-111111111111"},
            "destinationNodeURI": {"identifier": "22222222-2222-4222-8222-222222222222"}}]})");
    writeFile(dir / "other.json", R"({"CFDocument": {"identifier": "d2", "title": "Other outcomes"},
        "CFItems": [{"identifier": "22222222-2222-4222-8222-222222222222", "fullStatement": "Examine a patient", "humanCodingScheme": "O1"}]})");
    const auto local = runCli({ "framework", "import-case", map, (dir / "local.json").string() });
    INFO(local.err);
    REQUIRE(local.exitCode == 0);
    CHECK_THAT(local.out, Catch::Contains("with 1 competencies and 1 associations"));
    REQUIRE(runCli({ "framework", "import-case", map, (dir / "other.json").string() }).exitCode == 0);
    long long l1 = 0;
    const auto exported = json::parse(runCli({ "export", map, "--format", "json" }).out);
    for (const auto& f : exported["frameworks"])
        for (const auto& c : f["competencies"])
            if (c["code"] == "L1")
                l1 = c["id"].get<long long>();
    REQUIRE(l1 != 0);
    writeFile(dir / "link.jsonl",
        R"({"op": "link", "kind": "maps", "objective": 202, "target": )" + std::to_string(l1)
            + R"(, "contribution": "reinforced"})" + "\n");
    REQUIRE(runCli({ "apply", map, (dir / "link.jsonl").string() }).exitCode == 0);

    const auto text = runCli({ "heat-map", map });
    CHECK(text.exitCode == 0);
    CHECK_THAT(text.out, Catch::Contains("L1 Examine: CARD 210 R1"));
    CHECK_THAT(text.out, Catch::Contains("O1 Examine a patient: CARD 210 derived 1"));
    const auto j = json::parse(runCli({ "heat-map", map, "--format", "json" }).out);
    bool derived = false;
    for (const auto& c : j["competencies"])
        if (c["code"] == "O1") {
            REQUIRE(c["cells"].size() == 1);
            CHECK(c["cells"][0]["objectives"].empty());
            CHECK(c["cells"][0]["derived"] == json::array({ 202 }));
            derived = true;
        }
    CHECK(derived);
}
