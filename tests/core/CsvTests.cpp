// Spreadsheets in and out: the CSV reader, cells safe from formula injection, the objectives sheet and the
// alignment matrix, and importing rows all or nothing.
#include "support/TestFiles.h"

#include "coursemap/Error.h"
#include "coursemap/interchange/CsvFormat.h"
#include "coursemap/syllabus/Syllabus.h"

#include <catch2/catch.hpp>

using namespace coursemap;
using namespace coursemap::test;

namespace {

using Rows = std::vector<std::vector<std::string>>;

Id courseId(const Document& doc, const std::string& code)
{
    const auto* c = findCourseByCode(doc.data(), code);
    REQUIRE(c);
    return c->id;
}

} // namespace

TEST_CASE("The CSV reader reads what spreadsheets write")
{
    CHECK(parseCsv("a,b\r\n1,2\r\n").rows == Rows { { "a", "b" }, { "1", "2" } });
    CHECK(parseCsv("a,b\n1,2").rows == Rows { { "a", "b" }, { "1", "2" } }); // no final line break
    CHECK(
        parseCsv("\xEF\xBB\xBFtitle\nx\n").rows == Rows { { "title" }, { "x" } }); // Excel's byte-order mark
    const auto quoted = parseCsv("\"a, b\",\"say \"\"hi\"\"\",\"two\nlines\"\n");
    CHECK(quoted.rows == Rows { { "a, b", "say \"hi\"", "two\nlines" } });
    const auto semicolons = parseCsv("Objective;Miller\nDescribe x, y;knows\n"); // European Excel
    CHECK(semicolons.separator == ';');
    CHECK(semicolons.rows[1] == std::vector<std::string> { "Describe x, y", "knows" });
    CHECK(parseCsv("a\tb\n1\t2\n").separator == '\t');
    CHECK(parseCsv("sep=;\na;b\n").rows == Rows { { "a", "b" } });
    CHECK(parseCsv("a,b\n\n1,2\n\n").rows.size() == 2); // blank lines are not rows
    CHECK(parseCsv("a,,\n").rows == Rows { { "a", "", "" } });
    CHECK(parseCsv("5\" tall,x\n").rows == Rows { { "5\" tall", "x" } });
    CHECK(parseCsv("").rows.empty());

    CHECK_THROWS_WITH(parseCsv("a,b\n1,\"open\n2,3\n", "sheet.csv"),
        Catch::Contains("sheet.csv, line 2") && Catch::Contains("never closed"));
    CHECK_THROWS_WITH(parseCsv("\"a\"b,c\n"), Catch::Contains("line 1"));
}

TEST_CASE("Cells a spreadsheet would run as formulas are written as text")
{
    CHECK(csvCell("=HYPERLINK(\"http://evil\",\"x\")") == "\"'=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\"");
    CHECK(csvCell("+1") == "'+1");
    CHECK(csvCell("-2+3") == "'-2+3");
    CHECK(csvCell("@SUM(A1)") == "'@SUM(A1)");
    CHECK(csvCell("\tx") == "\"'\tx\"");
    CHECK(csvCell("plain") == "plain");
    CHECK(csvCell("a,b") == "\"a,b\"");
    CHECK(csvCell("a;b") == "\"a;b\"");
    CHECK(csvValue("-5") == "-5"); // our own numbers are not guarded
    CHECK(csvRow({ "a", "b" }) == "a,b\r\n");
    CHECK(columnLetter(0) == "A");
    CHECK(columnLetter(25) == "Z");
    CHECK(columnLetter(26) == "AA");
    CHECK(columnLetter(701) == "ZZ");
    // What we write reads back as the same text (with the guard's apostrophe).
    const std::string tricky = "=1+1, \"quoted\"\nnext line";
    CHECK(parseCsv(csvRow({ csvCell(tricky), csvCell("x") })).rows == Rows { { "'" + tricky, "x" } });
}

TEST_CASE("The objectives sheet holds every objective with its links, and reads back into a course")
{
    TempDir dir;
    auto doc = openSample(dir / "sample.coursemap");
    const auto card = courseId(*doc, "CARD 210");
    const auto sheet = objectivesCsv(doc->data(), card);
    const auto table = parseCsv(sheet);
    const auto objectives = doc->data().objectivesOf(card);
    REQUIRE(table.rows.size() == objectives.size() + 1 + 2); // the header, the objectives, the legend
    CHECK(table.rows[0][1] == "Objective");
    for (std::size_t i = 0; i < objectives.size(); ++i)
        CHECK(table.rows[i + 1][1] == objectives[i]->text);
    CHECK_THAT(sheet, Catch::Contains("ECG interpretation workshop"));
    CHECK(parseCsv(objectivesCsv(doc->data())).rows.size() == doc->data().all<Objective>().size() + 1 + 2);

    // Round trip: a new course with the same activities and assessments takes the sheet back, links and all.
    Course copy = *doc->data().get<Course>(card);
    copy.id = NoId;
    copy.code = "CARD 211";
    copy.status = ReviewStatus::Draft; // a new course starts as a draft
    doc->apply(AddItem { copy, std::nullopt });
    const auto target = courseId(*doc, "CARD 211");
    for (const auto* a : doc->data().activitiesOf(card)) {
        Activity x = *a;
        x.id = NoId;
        x.courseId = target;
        x.status = ReviewStatus::Draft;
        doc->apply(AddItem { x, std::nullopt });
    }
    for (const auto* a : doc->data().assessmentsOf(card)) {
        Assessment x = *a;
        x.id = NoId;
        x.courseId = target;
        x.status = ReviewStatus::Draft;
        doc->apply(AddItem { x, std::nullopt });
    }
    CsvImport import { ItemKind::Objective, target, true,
        guessCsvColumns(ItemKind::Objective, table.rows[0]) };
    doc->apply(planCsvImport(doc->data(), table, import, doc->nextId()));
    const auto imported = doc->data().objectivesOf(target);
    REQUIRE(imported.size() == objectives.size());
    const auto linkCount = [&](Id objective, LinkKind kind) {
        int n = 0;
        for (const auto* l : doc->data().linksOf(objective))
            n += l->key.kind == kind;
        return n;
    };
    for (std::size_t i = 0; i < objectives.size(); ++i) {
        INFO(objectives[i]->text);
        CHECK(imported[i]->text == objectives[i]->text);
        CHECK(imported[i]->bloomOverride == objectives[i]->bloomOverride);
        CHECK(imported[i]->millerTarget == objectives[i]->millerTarget);
        for (auto kind : { LinkKind::Teaches, LinkKind::Assesses, LinkKind::Maps })
            CHECK(linkCount(imported[i]->id, kind) == linkCount(objectives[i]->id, kind));
    }
    // The new course's sheet reads as the old one's, course code aside: shares and levels came back too.
    const auto again = parseCsv(objectivesCsv(doc->data(), target)).rows;
    REQUIRE(again.size() == table.rows.size());
    for (std::size_t r = 1; r + 2 < again.size(); ++r) { // the legend's two rows aside
        CHECK(again[r][0] == "CARD 211");
        // Course title last: the new course's own.
        CHECK(std::vector(again[r].begin() + 1, again[r].end() - 1)
            == std::vector(table.rows[r].begin() + 1, table.rows[r].end() - 1));
    }
}

TEST_CASE("The alignment matrix sheet marks teaching and the assessment blueprint")
{
    TempDir dir;
    auto doc = openSample(dir / "sample.coursemap");
    const auto card = courseId(*doc, "CARD 210");
    const auto table = parseCsv(alignmentCsv(doc->data(), card));
    const auto activities = doc->data().activitiesOf(card);
    const auto assessments = doc->data().assessmentsOf(card);
    REQUIRE(table.rows[0].size() == 1 + activities.size() + assessments.size());
    CHECK(table.rows[0][1] == "Teaching: " + activities[0]->title);
    const auto objectives = doc->data().objectivesOf(card);
    for (std::size_t r = 0; r < objectives.size(); ++r)
        for (std::size_t a = 0; a < activities.size(); ++a)
            CHECK((table.rows[r + 1][a + 1] == "x")
                == (doc->data().link({ LinkKind::Teaches, objectives[r]->id, activities[a]->id })
                    != nullptr));
    CHECK_THAT(alignmentCsv(doc->data(), card), Catch::Contains("%"));
}

TEST_CASE("Activities and assessments import from a sheet, with names or codes for methods")
{
    TempDir dir;
    auto doc = openSample(dir / "sample.coursemap");
    const auto card = courseId(*doc, "CARD 210");
    const auto before = doc->data().activitiesOf(card).size();
    const auto sheet = parseCsv("Session title;Method;Duration (min);Week;IPE;Learning type\n"
                                "Valve disease lecture;Lecture;50;3;no;\n"
                                "Echo lab;im012;120;4;yes;Practice\n"
                                "Ward round;Ward Rounds;90;;x;inquiry\n");
    CsvImport import { ItemKind::Activity, card, true, guessCsvColumns(ItemKind::Activity, sheet.rows[0]) };
    CHECK(import.columns.size() == 6);
    const auto change = planCsvImport(doc->data(), sheet, import, doc->nextId());
    CHECK(change.description == "Import 3 activities into CARD 210");
    doc->apply(change);
    const auto activities = doc->data().activitiesOf(card);
    REQUIRE(activities.size() == before + 3);
    const auto* echo = activities[before + 1];
    CHECK(echo->title == "Echo lab");
    CHECK(echo->method == "IM012");
    CHECK(echo->minutes == 120);
    CHECK(echo->week == 4);
    CHECK(echo->interprofessional);
    CHECK(echo->learningType == LearningType::Practice);
    CHECK(activities[before]->method == "IM013");
    CHECK_FALSE(activities[before + 2]->week);
    CHECK(activities[before + 2]->method == "IM029");
    // One edit: one undo removes all three.
    doc->apply(change.inverted());
    CHECK(doc->data().activitiesOf(card).size() == before);

    const auto exams
        = parseCsv("Title,Assessment method,Weight,Summative\nFinal,AM004,\"60,5%\",yes\nQuiz,AM004,0,no\n");
    CsvImport examImport { ItemKind::Assessment, card, true,
        guessCsvColumns(ItemKind::Assessment, exams.rows[0]) };
    doc->apply(planCsvImport(doc->data(), exams, examImport, doc->nextId()));
    const auto assessments = doc->data().assessmentsOf(card);
    CHECK(assessments[assessments.size() - 2]->weight == Approx(60.5));
    CHECK_FALSE(assessments.back()->summative);
}

TEST_CASE("A sheet with any bad cell adds nothing and names every bad cell by row and column")
{
    TempDir dir;
    auto doc = openSample(dir / "sample.coursemap");
    const auto card = courseId(*doc, "CARD 210");
    const auto before = doc->data();
    const auto sheet = parseCsv("Objective,Miller,Bloom,Taught by,Competencies\n"
                                "Interpret an ECG.,shows how,,ECG interpretation workshop,MK:R\n"
                                "Describe the heart.,shows,,,\n"
                                ",knows,,,\n"
                                "Explain heart failure.,,analyse,No such session,ZZ; PC:Q\n");
    CsvImport import { ItemKind::Objective, card, true, guessCsvColumns(ItemKind::Objective, sheet.rows[0]) };
    REQUIRE(import.columns.size() == 5);
    try {
        planCsvImport(before, sheet, import, doc->nextId());
        FAIL("the sheet was accepted");
    } catch (const Error& e) {
        const std::string m = e.message();
        CHECK_THAT(m, Catch::StartsWith("Nothing was imported"));
        CHECK_THAT(m, Catch::Contains("row 3, column B (Miller target)"));
        CHECK_THAT(m, Catch::Contains("row 4, column A (Objective): must not be empty"));
        CHECK_THAT(m, Catch::Contains("row 5, column D (Taught by)") && Catch::Contains("No such session"));
        CHECK_THAT(m, Catch::Contains("row 5, column E (Competencies): no competency has the code \"ZZ\""));
        CHECK_THAT(m, Catch::Contains("\"PC:Q\": the level must be I, R or M"));
        CHECK(m.find("row 2") == std::string::npos);
        CHECK(m.find("row 5, column C") == std::string::npos); // "analyse" is the British spelling of analyze
    }
    CHECK(doc->data() == before);

    // No column for the required field; an unknown field; an empty sheet.
    CHECK_THROWS_WITH(
        planCsvImport(before, sheet, { ItemKind::Objective, card, true, { { "miller_target", 1 } } }, 1000),
        Catch::Contains("Objective"));
    CHECK_THROWS_WITH(planCsvImport(before, sheet,
                          { ItemKind::Objective, card, true, { { "text", 0 }, { "minutes", 1 } } }, 1000),
        Catch::Contains("minutes"));
    CHECK_THROWS_WITH(planCsvImport(before, parseCsv("Objective\n"),
                          { ItemKind::Objective, card, true, { { "text", 0 } } }, 1000),
        Catch::Contains("no rows"));
    CHECK_THROWS_AS(
        planCsvImport(before, sheet, { ItemKind::Objective, 999999, true, { { "text", 0 } } }, 1000), Error);
    // Not UTF-8 (a sheet saved as Windows-1252): named by cell.
    CHECK_THROWS_WITH(planCsvImport(before, parseCsv("Objective\nDescribe the caf\xE9 effect.\n"),
                          { ItemKind::Objective, card, true, { { "text", 0 } } }, 1000),
        Catch::Contains("row 2, column A (Objective): is not valid UTF-8"));
}

TEST_CASE("Guessing columns from the header titles people use")
{
    const auto cols = guessCsvColumns(
        ItemKind::Objective, { "#", "Learning objective", "Bloom's level", "Miller level" });
    REQUIRE(cols.size() == 3);
    CHECK(cols[0].field == "text");
    CHECK(cols[0].column == 1);
    CHECK(cols[1].field == "bloom_override");
    CHECK(cols[2].field == "miller_target");
    CHECK(guessCsvColumns(ItemKind::Activity, { "Name", "Duration" }).size() == 2);
    CHECK(guessCsvColumns(ItemKind::Assessment, { "Something else" }).empty());
}
