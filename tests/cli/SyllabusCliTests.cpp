// `coursemap export --format pdf`: the syllabus as PDF, read back with poppler's pdftotext, pdfinfo, pdffonts
// and pdfimages as a reader's PDF viewer would see it.
#include "support/Process.h"
#include "support/TestFiles.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <QRegularExpression>
#include <QString>

#include <filesystem>
#include <sstream>

using namespace coursemap::test;

namespace {

std::string quoted(const std::string& s)
{
    return "'" + s + "'";
}

// Text without white space or hyphens: lines wrap differently in a table cell than in the source (and
// pdftotext joins a word hyphenated at a line's end), so text is compared with spaces, line breaks and
// hyphens taken out.
std::string squeezed(const std::string& s)
{
    auto text = QString::fromStdString(s);
    text.remove(QRegularExpression("[\\s-]+"));
    return text.toStdString();
}

// A PDF's text as a reader sees it: compatibility characters folded (Arabic letters come out in their shaped
// forms), direction marks dropped, white space taken out.
std::string pdfText(const std::string& pdf)
{
    auto text = QString::fromStdString(shell("pdftotext -enc UTF-8 " + quoted(pdf) + " -"))
                    .normalized(QString::NormalizationForm_KC);
    text.remove(QChar(0x202A)).remove(QChar(0x202B)).remove(QChar(0x202C));
    return squeezed(text.toStdString());
}

} // namespace

TEST_CASE(
    "export --format pdf writes a course's syllabus with all of its objectives, teaching and assessment")
{
    TempDir dir;
    const auto map = sampleMap(dir);
    const auto pdf = (dir / "card.pdf").string();
    const auto result = runCli({ "export", map, "--format", "pdf", "--course", "CARD 210", "-o", pdf });
    INFO(result.err);
    REQUIRE(result.exitCode == 0);
    CHECK(result.out.find("CARD 210") != std::string::npos);

    const auto text = pdfText(pdf);
    for (const char* expected :
        { "CARD 210 Cardiovascular Medicine", "Dr. Priya Raman, MD, FACC", "Block 3 (weeks 1-6)",
            "Course description", "Prerequisites", "Learning objectives", "Schedule of teaching",
            "Assessment plan", "Assessment blueprint", "Alignment summary", "Page 1 of" })
        CHECK_THAT(text, Catch::Contains(squeezed(expected)));
    // Every objective, activity and assessment of the course, as the sample has them.
    const auto sample = nlohmann::json::parse(readFile(COURSEMAP_SAMPLE_JSON));
    int items = 0;
    for (const auto& course : sample["courses"]) {
        if (course["code"] != "CARD 210")
            continue;
        for (const auto& o : course["objectives"]) {
            CHECK_THAT(text, Catch::Contains(squeezed(o["text"].get<std::string>())));
            ++items;
        }
        for (const auto* kind : { "activities", "assessments" })
            for (const auto& x : course[kind]) {
                CHECK_THAT(text, Catch::Contains(squeezed(x["title"].get<std::string>())));
                ++items;
            }
    }
    CHECK(items == 14 + 12 + 5);
    // Another course's objectives are not in it.
    CHECK_THAT(text, !Catch::Contains(squeezed("Conduct a patient-centred medical interview")));

    const auto info = shell("pdfinfo " + quoted(pdf));
    CHECK_THAT(info, Catch::Contains("(A4)"));
    int pages = 0;
    std::istringstream lines(info);
    for (std::string line; std::getline(lines, line);)
        if (line.rfind("Pages:", 0) == 0)
            pages = std::stoi(line.substr(6));
    CHECK(pages >= 3);
    CHECK(pages <= 6);
    // Every font is embedded, so the PDF looks the same everywhere.
    const auto fonts = shell("pdffonts " + quoted(pdf));
    std::istringstream fontLines(fonts);
    int fontsSeen = 0;
    for (std::string line; std::getline(fontLines, line);) {
        if (line.find("TrueType") == std::string::npos && line.find("Type 1") == std::string::npos)
            continue;
        ++fontsSeen;
        CHECK_THAT(line, Catch::Contains(" yes "));
    }
    CHECK(fontsSeen > 0);

    const auto letter = (dir / "card-letter.pdf").string();
    REQUIRE(runCli({ "export", map, "--format", "pdf", "--course", "card210", "--paper", "letter",
                       "--no-alignment", "-o", letter })
                .exitCode
        == 0);
    CHECK_THAT(shell("pdfinfo " + quoted(letter)), Catch::Contains("(letter)"));
    CHECK_THAT(pdfText(letter), !Catch::Contains(squeezed("Alignment summary")));
}

TEST_CASE("Markup a user typed comes out of the PDF literally and loads nothing")
{
    TempDir dir;
    // A picture and a style sheet the markup names: neither may be read.
    std::filesystem::copy_file(std::string(COURSEMAP_DOCS) + "/screenshots/charts.png", dir / "pic.png");
    writeFile(dir / "x.css", "body { color: red }");
    const auto pic = (dir / "pic.png").string();
    const auto css = (dir / "x.css").string();
    const std::string map = R"({"format": "coursemap", "version": 2,
      "program": {"id": 1, "name": "Programme <b>international</b> & Co"},
      "frameworks": [],
      "courses": [{"id": 2, "code": "HOST 1", "title": "<i>Hostile</i> &amp; co", "credits": 2,
        "description": "<img src='file://)"
        + pic + R"('> <table><tr><td>fake</td></tr></table>",
        "objectives": [{"id": 3, "text": "Explain <b>the cardiac cycle</b> &amp; its phases.", "taught_by": [4],
                        "assessed_by": [{"assessment": 5}]}],
        "activities": [{"id": 4, "title": "<img src='file://)"
        + pic + R"('> Lecture", "method": "IM013", "minutes": 60}],
        "assessments": [{"id": 5, "title": "<link rel=stylesheet href='file://)"
        + css + R"('>Exam",
                         "method": "AM004", "weight": 100}]}],
      "comments": []})";
    const auto path = (dir / "hostile.coursemap").string();
    REQUIRE(runCli({ "import", "-", path }, map).exitCode == 0);
    const auto pdf = (dir / "hostile.pdf").string();
    const auto result = runCli({ "export", path, "--format", "pdf", "--course", "HOST 1", "-o", pdf });
    INFO(result.err);
    REQUIRE(result.exitCode == 0);
    const auto text = pdfText(pdf);
    CHECK_THAT(text, Catch::Contains(squeezed("Explain <b>the cardiac cycle</b> &amp; its phases.")));
    CHECK_THAT(text, Catch::Contains(squeezed("<img src='file://" + pic + "'> Lecture")));
    CHECK_THAT(text, Catch::Contains(squeezed("<link rel=stylesheet href='file://" + css + "'>Exam")));
    CHECK_THAT(text, Catch::Contains(squeezed("<i>Hostile</i> &amp; co")));
    CHECK_THAT(text, Catch::Contains(squeezed("Programme <b>international</b> & Co")));
    CHECK_THAT(text, Catch::Contains(squeezed("<table><tr><td>fake</td></tr></table>")));
    // No picture was loaded into the PDF.
    const auto images = shell("pdfimages -list " + quoted(pdf));
    CHECK(std::count(images.begin(), images.end(), '\n') == 2); // the two header lines only
}

TEST_CASE("CJK and right-to-left text come out of the PDF as they went in")
{
    TempDir dir;
    const std::string chinese = "解释心电图的基本原理。";
    const std::string arabic = "تفسير تخطيط القلب الكهربائي";
    const std::string hebrew = "לפרש אלקטרוקרדיוגרמה";
    const std::string map = R"({"format": "coursemap", "version": 2, "program": {"id": 1, "name": "P"},
      "frameworks": [],
      "courses": [{"id": 2, "code": "INT 100", "title": "心电图 · تخطيط القلب", "credits": 2,
        "objectives": [{"id": 3, "text": ")"
        + chinese + R"("}, {"id": 4, "text": ")" + arabic + R"("},
                       {"id": 5, "text": ")"
        + hebrew + R"("}, {"id": 6, "text": "Décrire l'électrocardiogramme à l'effort."}],
        "activities": [], "assessments": []}],
      "comments": []})";
    const auto path = (dir / "intl.coursemap").string();
    REQUIRE(runCli({ "import", "-", path }, map).exitCode == 0);
    const auto pdf = (dir / "intl.pdf").string();
    REQUIRE(runCli({ "export", path, "--format", "pdf", "--course", "INT 100", "-o", pdf }).exitCode == 0);
    const auto text = pdfText(pdf);
    CHECK_THAT(text, Catch::Contains(squeezed(chinese)));
    CHECK_THAT(text, Catch::Contains(squeezed(arabic)));
    CHECK_THAT(text, Catch::Contains(squeezed(hebrew)));
    CHECK_THAT(text, Catch::Contains(squeezed("Décrire l'électrocardiogramme à l'effort.")));
    CHECK_THAT(text, Catch::Contains(squeezed("INT 100 心电图")));
}

TEST_CASE("export --format pdf says what is missing or wrong, and leaves no file behind")
{
    TempDir dir;
    const auto map = sampleMap(dir);
    const auto pdf = (dir / "out.pdf").string();
    auto r = runCli({ "export", map, "--format", "pdf", "--course", "CARD 999", "-o", pdf });
    CHECK(r.exitCode == 2);
    CHECK_THAT(r.err, Catch::Contains("There is no course \"CARD 999\""));
    CHECK_THAT(r.err, Catch::Contains("CARD 210"));
    r = runCli({ "export", map, "--format", "pdf", "-o", pdf });
    CHECK(r.exitCode == 2);
    CHECK_THAT(r.err, Catch::Contains("--course"));
    r = runCli({ "export", map, "--format", "pdf", "--course", "CARD 210" });
    CHECK(r.exitCode == 2);
    CHECK_THAT(r.err, Catch::Contains("-o"));
    r = runCli({ "export", map, "--format", "pdf", "--course", "CARD 210", "-o",
        (dir / "no/such/dir/x.pdf").string() });
    CHECK(r.exitCode == 2);
    CHECK_THAT(r.err, Catch::Contains("Cannot write"));
    CHECK_FALSE(std::filesystem::exists(pdf));
}
