// The AAMC Curriculum Inventory report: valid against the MedBiquitous schema (checked offline with
// xmllint), complete, safe with any text, and refused with a clear list when required data is missing.
#include "support/MapBuilder.h"
#include "support/TestFiles.h"

#include "LargeSchool.h"
#include "coursemap/Error.h"
#include "coursemap/interchange/CurriculumInventory.h"

#include <catch2/catch.hpp>
#include <pugixml.hpp>

#include <cstdlib>

using namespace coursemap;
using namespace coursemap::test;

namespace {

CurriculumInventoryRequest request()
{
    // The schema on hand offline is v1 (standards/medbiq); v10's shape is tested in StandardsTests.cpp.
    CurriculumInventoryRequest r;
    r.schema = CurriculumInventorySchema::V1;
    r.institutionId = "987";
    r.programId = "5678";
    r.reportingStart = "2026-07-01";
    r.reportingEnd = "2027-06-30";
    r.reportDate = "2027-07-15";
    return r;
}

// Runs the offline validator on the text; returns its output and whether it passed.
std::pair<bool, std::string> validate(const std::string& xml)
{
    TempDir dir;
    writeFile(dir / "report.xml", xml);
    const auto out = dir / "out.txt";
    const std::string command = "'" COURSEMAP_STANDARDS "/medbiq/validate-curriculum-inventory' '"
        + (dir / "report.xml").string() + "' > '" + out.string() + "' 2>&1";
    const int status = std::system(command.c_str());
    return { status == 0, readFile(out) };
}

template <class F> void editProgram(MapBuilder& b, F change)
{
    Program p = b.data.program();
    change(p);
    b.data.put(p);
}

std::size_t count(const pugi::xml_document& doc, const char* xpath)
{
    return doc.select_nodes(xpath).size();
}

} // namespace

TEST_CASE("The sample program's Curriculum Inventory report validates against the schema and holds the map")
{
    TempDir dir;
    auto doc = openSample(dir / "sample.coursemap");
    const auto& data = doc->data();
    const auto report = exportCurriculumInventory(data, request());
    const auto [valid, output] = validate(report.xml);
    INFO(output);
    CHECK(valid);

    pugi::xml_document xml;
    REQUIRE(xml.load_string(report.xml.c_str()));
    CHECK(count(xml, "/CurriculumInventory/Events/Event")
        == data.all<Activity>().size() + data.all<Assessment>().size());
    CHECK(count(xml, "/CurriculumInventory/Sequence/SequenceBlock") == data.all<Course>().size());
    CHECK(count(xml, "/CurriculumInventory/Expectations/CompetencyObject")
        == data.all<Objective>().size() + data.all<Competency>().size());
    CHECK(count(xml, "/CurriculumInventory/AcademicLevels/Level") == 4);
    CHECK(
        std::string(xml.select_node("/CurriculumInventory/ReportDate").node().text().get()) == "2027-07-15");
    CHECK(std::string(xml.select_node("//m:InstitutionID").node().text().get()) == "987");
    // A 30-hour small group is PT30H with its AAMC method; an assessment keeps its purpose.
    const auto small
        = xml.select_node("//Event[Title='Interviewing small groups with standardized patients']").node();
    CHECK(std::string(small.child("EventDuration").text().get()) == "PT30H");
    CHECK(std::string(small.child("InstructionalMethod").attribute("sourceID").value()) == "IM008");
    CHECK(count(xml, "//AssessmentMethod[@purpose='Summative']") > 0);
    // Every reference points at something in the report.
    for (const auto& ref : xml.select_nodes("//EventReference")) {
        const std::string path = ref.node().text().get();
        CHECK(xml.select_nodes(path.c_str()).size() == 1);
    }
    for (const auto& ref : xml.select_nodes("//CompetencyObjectReference")) {
        std::string path = ref.node().text().get();
        // pugixml's XPath has no namespaces: match on local names.
        const auto entry = path.substr(path.find("='") + 2, path.rfind("']") - path.find("='") - 2);
        CHECK(xml.select_nodes(("//lom:entry[text()='" + entry + "']").c_str()).size() == 1);
    }
}

TEST_CASE("Text users typed cannot break the report: markup is escaped, control characters dropped")
{
    MapBuilder b;
    editProgram(b, [](Program& p) {
        p.institution = "A & B <University>";
        p.description = "]]> <!-- \"quoted\" 'single' \x01\x02 bell";
    });
    const auto course = b.course("X&Y <1>", 1);
    const auto a = b.activity(course);
    b.edit<Activity>(a, [](Activity& x) {
        x.title = "</Title><Injected/>";
        x.week = 3;
    });
    const auto o = b.objective(course, "Explain <script>alert('x')</script> & \"more\".");
    b.teach(o, a);
    const auto report = exportCurriculumInventory(b.data, request());
    CHECK(report.xml.find("<Injected/>") == std::string::npos);
    CHECK(report.xml.find("&lt;/Title&gt;&lt;Injected/&gt;") != std::string::npos);
    CHECK(report.xml.find('\x01') == std::string::npos);
    const auto [valid, output] = validate(report.xml);
    INFO(output);
    CHECK(valid);
    pugi::xml_document xml;
    REQUIRE(xml.load_string(report.xml.c_str()));
    CHECK(std::string(xml.select_node("//Event/Title").node().text().get()) == "</Title><Injected/>");
}

TEST_CASE("Missing data the standard requires is asked for, every piece at once, and nothing is written")
{
    MapBuilder b;
    editProgram(b, [](Program& p) { p.description = ""; });
    const auto course = b.course("EMPTY 1", 1);
    const auto a = b.activity(course, "");
    (void)a;
    b.assessment(course, "");
    CurriculumInventoryRequest r;
    r.reportingEnd = "2027-02-30";
    r.language = "english please";
    const auto problems = curriculumInventoryProblems(b.data, r);
    const auto has = [&](const std::string& words) {
        INFO(words);
        CHECK(std::any_of(problems.begin(), problems.end(),
            [&](const std::string& p) { return p.find(words) != std::string::npos; }));
    };
    has("institution id is missing");
    has("program id is missing");
    has("start of the reporting period is missing");
    has("\"2027-02-30\" is not a date");
    has("language");
    has("institution is empty");
    has("description is empty");
    has("EMPTY 1 has no length");
    has("has no AAMC instructional method");
    has("has no AAMC assessment method");
    CHECK_THROWS_WITH(exportCurriculumInventory(b.data, r), Catch::Contains("was not written"));

    // An id that would break the report's references; a period that ends before it starts.
    auto odd = request();
    odd.institutionId = "98'7";
    odd.reportingEnd = "2026-01-01";
    editProgram(b, [](Program& p) { p.description = "Described."; });
    const auto more = curriculumInventoryProblems(b.data, odd);
    CHECK(std::any_of(more.begin(), more.end(),
        [](const std::string& p) { return p.find("may hold only") != std::string::npos; }));
    CHECK(std::any_of(more.begin(), more.end(),
        [](const std::string& p) { return p.find("ends (2026-01-01) before") != std::string::npos; }));
}

TEST_CASE("The large school's report validates too")
{
    auto data = bench::makeLargeSchool(1, 0.05);
    Program p = data.program();
    p.institution = "Large School of Medicine";
    p.description = "A synthetic school.";
    data.put(p);
    const auto report = exportCurriculumInventory(data, request());
    const auto [valid, output] = validate(report.xml);
    INFO(output.substr(0, 2000));
    CHECK(valid);
}
