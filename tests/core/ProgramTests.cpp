// The program view: the competency heat map, program statistics, shipped frameworks and CASE import.
#include "support/MapBuilder.h"
#include "support/TestFiles.h"

#include "LargeSchool.h"
#include "coursemap/Error.h"
#include "coursemap/program/Frameworks.h"
#include "coursemap/program/HeatMap.h"
#include "coursemap/program/ProgramStatistics.h"
#include "coursemap/syllabus/Syllabus.h"

#include <catch2/catch.hpp>

#include <set>

using namespace coursemap;
using namespace coursemap::test;

namespace {

const HeatRow& rowOf(const HeatMap& map, const DocumentData& data, const std::string& code)
{
    for (const auto& r : map.rows)
        if (data.get<Competency>(r.competencyId)->code == code)
            return r;
    FAIL("no row " << code);
    throw;
}

std::size_t columnOf(const HeatMap& map, const DocumentData& data, const std::string& code)
{
    for (std::size_t i = 0; i < map.courses.size(); ++i)
        if (data.get<Course>(map.courses[i])->code == code)
            return i;
    FAIL("no course " << code);
    throw;
}

} // namespace

TEST_CASE("The heat map of the sample program shows I/R/M by course, the gaps and the never mastered")
{
    TempDir dir;
    auto doc = openSample(dir / "sample.coursemap");
    const auto& data = doc->data();
    const auto map = computeHeatMap(data);
    REQUIRE(map.courses.size() == 3);
    // Program sequence: by year.
    CHECK(data.get<Course>(map.courses[0])->year <= data.get<Course>(map.courses[1])->year);
    CHECK(map.rows.size() == data.all<Competency>().size());

    const auto& pc = rowOf(map, data, "PC");
    const auto& card = pc.cells[columnOf(map, data, "CARD 210")];
    CHECK(card.highest() == Contribution::Introduced);
    CHECK(card.total() == 4);
    CHECK(pc.cells[columnOf(map, data, "MED 301")].highest() == Contribution::Mastered);
    CHECK_FALSE(pc.gap());
    CHECK_FALSE(pc.neverMastered());
    // Every objective behind a cell maps that competency, in that course.
    for (Id o : card.objectives) {
        CHECK(data.get<Objective>(o)->courseId == map.courses[columnOf(map, data, "CARD 210")]);
        CHECK(data.link({ LinkKind::Maps, o, pc.competencyId }));
    }
    CHECK(rowOf(map, data, "SBP").gap());
    CHECK(rowOf(map, data, "VE").gap());
    CHECK(rowOf(map, data, "PROF").neverMastered());
    CHECK_FALSE(rowOf(map, data, "PROF").gap());
}

TEST_CASE("A domain's row gathers its competencies, counting an objective once")
{
    MapBuilder b;
    const auto f = b.framework("School");
    const auto domain = b.competency(f, "D1");
    const auto c1 = b.competency(f, "D1.1", domain);
    const auto c2 = b.competency(f, "D1.2", domain);
    const auto y1 = b.course("Y1", 1);
    const auto y2 = b.course("Y2", 2);
    const auto o1 = b.objective(y1, "Describe the cardiac cycle.");
    b.map(o1, c1, Contribution::Introduced);
    b.map(o1, c2, Contribution::Reinforced);
    const auto o2 = b.objective(y2, "Perform a cardiac examination.");
    b.map(o2, c2, Contribution::Mastered);
    const auto o3 = b.objective(y2, "Explain heart failure to a patient.");
    b.data.putLink({ { LinkKind::Maps, o3, c1 }, {}, std::nullopt }); // mapped without a level

    const auto map = computeHeatMap(b.data);
    const auto& d = rowOf(map, b.data, "D1");
    CHECK(d.depth == 0);
    CHECK(rowOf(map, b.data, "D1.1").depth == 1);
    CHECK(d.cells[0].total() == 1); // o1 once, though it maps two competencies of the domain
    CHECK(d.cells[0].highest() == Contribution::Reinforced);
    CHECK(d.cells[1].total() == 2);
    CHECK(d.cells[1].counts[3] == 1); // o3: no level
    CHECK(d.cells[1].highest() == Contribution::Mastered);
    CHECK(rowOf(map, b.data, "D1.1").neverMastered()); // introduced in Y1; Y2 maps it with no level
    CHECK_FALSE(rowOf(map, b.data, "D1.2").neverMastered());

    const auto csv = heatMapCsv(b.data, map);
    CHECK_THAT(
        csv, Catch::StartsWith("Framework,Code,Competency,Within,Y1,Y2,Courses,Gap,Never mastered\r\n"));
    CHECK_THAT(csv, Catch::Contains("School,D1,D1 title,,R 1,M 2,2,,\r\n"));
    CHECK_THAT(csv, Catch::Contains("School,D1.1,D1.1 title,D1,I 1,mapped 1,2,,yes\r\n"));
}

TEST_CASE("The heat map of the large school: every Maps link is counted in its competency's row")
{
    const auto data = bench::makeLargeSchool(1, 0.2);
    const auto map = computeHeatMap(data);
    CHECK(map.courses.size() == data.all<Course>().size());
    CHECK(map.rows.size() == data.all<Competency>().size());
    std::set<std::pair<Id, Id>> direct; // (competency, objective) mapped directly
    for (const auto& [key, link] : data.links())
        if (key.kind == LinkKind::Maps)
            direct.insert({ key.targetId, key.objectiveId });
    std::size_t counted = 0;
    for (const auto& row : map.rows) {
        const bool leaf = data.competenciesOf(row.frameworkId, row.competencyId).empty();
        for (const auto& cell : row.cells) {
            CHECK(cell.total() == static_cast<int>(cell.objectives.size()));
            if (leaf)
                for (Id o : cell.objectives)
                    counted += direct.count({ row.competencyId, o });
        }
    }
    std::size_t leafLinks = 0;
    for (const auto& [c, o] : direct)
        leafLinks += data.competenciesOf(data.get<Competency>(c)->frameworkId, c).empty() ? 1 : 0;
    CHECK(counted == leafLinks);
    CHECK(leafLinks > 1000);
}

TEST_CASE("The heat map report escapes what users typed and lists the gaps")
{
    MapBuilder b;
    const auto f = b.framework("<b>Ours</b>");
    const auto c = b.competency(f, "C1");
    b.edit<Competency>(c, [](Competency& x) { x.title = "<img src='file:///etc/passwd'>"; });
    b.course("A&B 101");
    const auto report = heatMapReport(b.data);
    CHECK(report.label == "Competency heat map");
    CHECK(report.html.find("<b>Ours</b>") == std::string::npos);
    CHECK(report.html.find("&lt;b&gt;Ours&lt;/b&gt;") != std::string::npos);
    CHECK(report.html.find("<img") == std::string::npos);
    CHECK(report.html.find("A&amp;B 101") != std::string::npos);
    CHECK(report.html.find("No course maps these competencies") != std::string::npos);
}

TEST_CASE("Program statistics: hours by method and learning type, Bloom by year, assessments by Miller level")
{
    MapBuilder b;
    const auto y1 = b.course("Y1", 1);
    const auto y3 = b.course("Y3", 3);
    b.activity(y1, "IM013", 90); // lecture: acquisition
    b.activity(y1, "IM013", 30);
    const auto sim = b.activity(y3, "IM025", 120); // simulation
    b.edit<Activity>(sim, [](Activity& a) { a.learningType = LearningType::Practice; });
    b.activity(y3, "", 60);
    b.objective(y1, "List the branches of the aorta.");
    b.objective(y1, "Understand the heart.");
    const auto o = b.objective(y3, "Describe shock.");
    b.edit<Objective>(o, [](Objective& x) { x.bloomOverride = BloomLevel::Analyze; });
    b.assessment(y1, "AM004");
    b.assessment(y3, "AM003");
    b.assessment(y3, "");

    const auto s = computeProgramStatistics(b.data);
    CHECK(s.hoursByMethod.at("IM013") == Approx(2.0));
    CHECK(s.hoursByMethod.at("IM025") == Approx(2.0));
    CHECK(s.hoursByMethod.at("") == Approx(1.0));
    CHECK(s.hoursByLearningType[static_cast<std::size_t>(LearningType::Acquisition)] == Approx(2.0));
    CHECK(s.hoursByLearningType[static_cast<std::size_t>(LearningType::Practice)] == Approx(2.0));
    CHECK(s.hoursByLearningType[6] == Approx(1.0));
    CHECK(s.bloomByYear.at(1)[static_cast<std::size_t>(BloomLevel::Remember)] == 1);
    CHECK(s.bloomByYear.at(1)[6] == 1); // "understand" is not measurable
    CHECK(s.bloomByYear.at(3)[static_cast<std::size_t>(BloomLevel::Analyze)] == 1); // the override wins
    CHECK(s.assessmentsWithoutMethod == 1);
    int counted = 0;
    for (const auto& [level, methods] : s.assessmentMethodsByMiller)
        for (const auto& [code, n] : methods)
            counted += n;
    CHECK(counted == 2);
}

TEST_CASE("The shipped frameworks are the named ones, each with its source")
{
    const auto all = builtInFrameworks();
    REQUIRE(all.size() == 6);
    const std::map<std::string, std::size_t> expected { { "acgme-core-competencies", 6 },
        { "canmeds-2015", 7 }, { "aamc-core-epas", 13 }, { "ipec-2023", 4 }, { "aacn-essentials-2021", 10 },
        { "aamc-pcrs", 8 } };
    for (const auto& t : all) {
        INFO(t.key);
        REQUIRE(expected.contains(t.key));
        CHECK(t.competencies.size() == expected.at(t.key));
        CHECK_FALSE(t.source.empty());
        CHECK_FALSE(t.framework.publisher.empty());
        for (const auto& c : t.competencies) {
            CHECK_FALSE(c.code.empty());
            CHECK_FALSE(c.title.empty());
        }
    }
    CHECK(findBuiltInFramework("IPEC-2023") == findBuiltInFramework("ipec 2023"));
    CHECK(findBuiltInFramework("CanMEDS 2015 Physician Competency Framework")->key == "canmeds-2015");
    CHECK_FALSE(findBuiltInFramework("nonsense"));
    const auto* ipec = findBuiltInFramework("ipec-2023");
    std::vector<std::string> titles;
    for (const auto& c : ipec->competencies)
        titles.push_back(c.title);
    CHECK(titles
        == std::vector<std::string> {
            "Values and Ethics", "Roles and Responsibilities", "Communication", "Teams and Teamwork" });
}

TEST_CASE("Adopting a framework adds it whole, in one undoable change, and not twice")
{
    TempDir dir;
    auto doc = openSample(dir / "sample.coursemap");
    const auto before = doc->data();
    const auto* epas = findBuiltInFramework("aamc-core-epas");
    const auto change = planAddFramework(doc->data(), *epas, doc->nextId());
    doc->apply(change);
    const auto frameworks = doc->data().frameworks();
    REQUIRE(frameworks.size() == before.frameworks().size() + 1);
    const auto* added = frameworks.back();
    CHECK(added->name == epas->framework.name);
    CHECK_THAT(added->description, Catch::Contains("Source: " + epas->source));
    const auto top = doc->data().competenciesOf(added->id, NoId);
    REQUIRE(top.size() == 13);
    CHECK(top[0]->code == "EPA 1");
    CHECK(top[12]->code == "EPA 13");
    CHECK_THROWS_WITH(planAddFramework(doc->data(), *epas, doc->nextId()), Catch::Contains("already"));

    // A copy to edit: the same tree under another name.
    auto copy = frameworkTemplate(doc->data(), added->id);
    copy.framework.name = "Our EPAs";
    doc->apply(planAddFramework(doc->data(), copy, doc->nextId()));
    CHECK(doc->data().competenciesOf(doc->data().frameworks().back()->id, NoId).size() == 13);

    // Undo the first adoption: the framework and all its competencies go; the copy stays.
    doc->apply(change.inverted());
    CHECK(doc->data().frameworks().size() == before.frameworks().size() + 1);
    CHECK(doc->data().frameworks().back()->name == "Our EPAs");
    doc.reset();
    auto again = Document::open(dir / "sample.coursemap");
    CHECK(again->data().frameworks().size() == before.frameworks().size() + 1);
    CHECK(again->data().all<Competency>().size() == before.all<Competency>().size() + 13);
}

namespace {

const char* const CasePackage = R"({
  "CFDocument": { "identifier": "doc-1", "title": "School Competencies", "creator": "Northfield SoM",
                  "version": "2.1", "description": "Our own.", "officialSourceURL": "https://example.edu/case" },
  "CFItems": [
    { "identifier": "i-2", "fullStatement": "Communicate with patients and families.", "humanCodingScheme": "COM",
      "abbreviatedStatement": "Communication" },
    { "identifier": "i-1", "fullStatement": "Care for patients safely and effectively.", "humanCodingScheme": "PC" },
    { "identifier": "i-1-1", "fullStatement": "Take a focused history.", "humanCodingScheme": "PC.1" },
    { "identifier": "i-1-2", "fullStatement": "Examine the patient.", "humanCodingScheme": "PC.2" }
  ],
  "CFAssociations": [
    { "identifier": "a1", "associationType": "isChildOf", "sequenceNumber": 2,
      "originNodeURI": { "identifier": "i-2" }, "destinationNodeURI": { "identifier": "doc-1" } },
    { "identifier": "a2", "associationType": "isChildOf", "sequenceNumber": 1,
      "originNodeURI": { "identifier": "i-1" }, "destinationNodeURI": { "identifier": "doc-1" } },
    { "identifier": "a3", "associationType": "isChildOf", "sequenceNumber": 2,
      "originNodeURI": { "identifier": "i-1-2" }, "destinationNodeURI": { "identifier": "i-1" } },
    { "identifier": "a4", "associationType": "isChildOf", "sequenceNumber": 1,
      "originNodeURI": { "identifier": "i-1-1" }, "destinationNodeURI": { "identifier": "i-1" } },
    { "identifier": "a5", "associationType": "isRelatedTo",
      "originNodeURI": { "identifier": "i-2" }, "destinationNodeURI": { "identifier": "i-1" } }
  ]
})";

} // namespace

TEST_CASE("A CASE package becomes a framework: items, their tree and their order")
{
    const auto t = importCaseFramework(CasePackage);
    CHECK(t.framework.name == "School Competencies");
    CHECK(t.framework.publisher == "Northfield SoM");
    CHECK(t.framework.version == "2.1");
    CHECK(t.source == "https://example.edu/case");
    REQUIRE(t.competencies.size() == 2);
    CHECK(t.competencies[0].code == "PC");
    CHECK(t.competencies[0].title == "Care for patients safely and effectively.");
    REQUIRE(t.competencies[0].children.size() == 2);
    CHECK(t.competencies[0].children[0].code == "PC.1");
    CHECK(t.competencies[0].children[1].code == "PC.2");
    CHECK(t.competencies[1].title == "Communication");
    CHECK(t.competencies[1].description == "Communicate with patients and families.");

    TempDir dir;
    auto doc = openSample(dir / "sample.coursemap");
    doc->apply(planAddFramework(doc->data(), t, doc->nextId()));
    const auto* f = doc->data().frameworks().back();
    CHECK(doc->data().competenciesOf(f->id, doc->data().competenciesOf(f->id, NoId)[0]->id).size() == 2);
}

TEST_CASE("CASE items numbered alike (\"01\" and \"1\") are ordered by their code, whatever their place in "
          "the file")
{
    // Every arrangement of the same three items gives the same order: "01" and "1" are the same number, so
    // the codes decide.
    const std::vector<std::string> items {
        R"({"identifier": "x", "fullStatement": "s", "humanCodingScheme": "B", "listEnumeration": "1"})",
        R"({"identifier": "y", "fullStatement": "s", "humanCodingScheme": "A", "listEnumeration": "01"})",
        R"({"identifier": "z", "fullStatement": "s", "humanCodingScheme": "C", "listEnumeration": "01"})",
        R"({"identifier": "w", "fullStatement": "s", "humanCodingScheme": "D", "listEnumeration": "001"})"
    };
    std::vector<std::size_t> order { 0, 1, 2, 3 };
    do {
        std::string package = R"({"CFDocument": {"title": "X"}, "CFItems": [)";
        for (std::size_t i = 0; i < order.size(); ++i)
            package += (i ? "," : "") + items[order[i]];
        const auto t = importCaseFramework(package + "]}");
        std::string codes;
        for (const auto& c : t.competencies)
            codes += c.code;
        INFO(package);
        CHECK(codes == "ABCD");
    } while (std::next_permutation(order.begin(), order.end()));
}

TEST_CASE("A bad CASE package is refused, naming each problem where it is")
{
    const auto fails = [](const std::string& text, const std::string& expected) {
        INFO(text);
        CHECK_THROWS_WITH(importCaseFramework(text, "pkg.json"), Catch::Contains(expected));
    };
    fails("not json", "pkg.json");
    fails("[]", "must be a CASE package");
    fails(R"({"CFItems": []})", "/CFDocument");
    fails(R"({"CFDocument": {"title": "X"}, "CFItems": []})", "/CFItems");
    fails(R"({"CFDocument": {"title": "X"}, "CFItems": [{"identifier": "a"}]})", "/CFItems/0/fullStatement");
    fails(R"({"CFDocument": {"title": "X"}, "CFItems": [{"identifier": "a", "fullStatement": "s"},
        {"identifier": "a", "fullStatement": "t"}]})",
        "/CFItems/1/identifier");
    fails(
        R"({"CFDocument": {"title": "X", "identifier": "d"}, "CFItems": [{"identifier": "a", "fullStatement": "s"}],
        "CFAssociations": [{"associationType": "isChildOf", "originNodeURI": {"identifier": "zz"},
        "destinationNodeURI": {"identifier": "d"}}]})",
        "/CFAssociations/0/originNodeURI");
    fails(R"({"CFDocument": {"title": "X", "identifier": "d"},
        "CFItems": [{"identifier": "a", "fullStatement": "s"}, {"identifier": "b", "fullStatement": "t"}],
        "CFAssociations": [
          {"associationType": "isChildOf", "originNodeURI": {"identifier": "a"}, "destinationNodeURI": {"identifier": "b"}},
          {"associationType": "isChildOf", "originNodeURI": {"identifier": "b"}, "destinationNodeURI": {"identifier": "a"}}]})",
        "its own ancestor");
    // A value of the wrong JSON type is named where it is, not read as nothing.
    fails(R"({"CFDocument": {"title": "X"}, "CFItems": [{"identifier": "a", "fullStatement": "s",
        "humanCodingScheme": ["x"]}]})",
        "/CFItems/0/humanCodingScheme: must be text");
    fails(R"({"CFDocument": {"title": "X"}, "CFItems": [{"identifier": 123, "fullStatement": "s"}]})",
        "/CFItems/0/identifier: must be text");
    // A package far larger than any framework a school adopts is refused before it is read item by item.
    std::string huge = R"({"CFDocument": {"title": "X"}, "CFItems": [)";
    for (int i = 0; i <= 10000; ++i)
        huge += (i ? "," : "") + std::string(R"({"identifier": "i)") + std::to_string(i)
            + R"(", "fullStatement": "s"})";
    fails(huge + "]}", "/CFItems: has 10001 items; a framework Coursemap Studio adopts has at most 10000");
    fails(
        R"({"CFDocument": {"title": "X", "identifier": "d"}, "CFItems": [{"identifier": "a", "fullStatement": "s"}],
        "CFAssociations": [{"associationType": "isRelatedTo", "identifier": 42, "originNodeURI": {"identifier": "a"},
        "destinationNodeURI": {"identifier": "elsewhere"}}]})",
        "/CFAssociations/0/identifier: must be text");
    // Identifiers name one thing each: an item is not the document, two associations are not one.
    fails(
        R"({"CFDocument": {"title": "X", "identifier": "d"}, "CFItems": [{"identifier": "d", "fullStatement": "s"}]})",
        "/CFItems/0/identifier");
    fails(
        R"({"CFDocument": {"title": "X", "identifier": "d"}, "CFItems": [{"identifier": "a", "fullStatement": "s"}],
        "CFAssociations": [
          {"associationType": "isRelatedTo", "identifier": "r1", "originNodeURI": {"identifier": "a"}, "destinationNodeURI": {"identifier": "x"}},
          {"associationType": "exactMatchOf", "identifier": "r1", "originNodeURI": {"identifier": "a"}, "destinationNodeURI": {"identifier": "y"}}]})",
        "/CFAssociations/1/identifier");
    // A chain deeper than any framework: refused rather than followed.
    std::string items, links;
    for (int i = 0; i < 40; ++i) {
        items += std::string(i ? "," : "") + R"({"identifier": "n)" + std::to_string(i)
            + R"(", "fullStatement": "s"})";
        if (i)
            links += std::string(i > 1 ? "," : "")
                + R"({"associationType": "isChildOf", "originNodeURI": {"identifier": "n)" + std::to_string(i)
                + R"("}, "destinationNodeURI": {"identifier": "n)" + std::to_string(i - 1) + R"("}})";
    }
    fails(
        R"({"CFDocument": {"title": "X"}, "CFItems": [)" + items + R"(], "CFAssociations": [)" + links + "]}",
        "levels deep");
}
