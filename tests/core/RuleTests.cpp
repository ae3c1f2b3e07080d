// Every rule of the catalogue, each with a map that breaks it and one that does not.
#include "support/MapBuilder.h"

#include "coursemap/analysis/Catalog.h"
#include "coursemap/analysis/Checker.h"

#include <catch2/catch.hpp>

#include <set>

using namespace coursemap;
using namespace coursemap::test;

namespace {

// One course that breaks no rule: two objectives, taught by one lecture, assessed by one written exam,
// mapping one competency from introduced to mastered; 1 credit = 15 contact + 30 self-study hours, all
// scheduled.
struct CleanMap : MapBuilder
{
    Id framework_ = framework();
    Id competency_ = competency(framework_, "MK");
    Id course_ = course("CARD 210", 1, 1, 15, 30);
    Id o1 = objective(course_, "Explain the phases of the cardiac cycle.");
    Id o2 = objective(course_, "Interpret a 12-lead ECG for signs of ischaemia.");
    Id lecture = activity(course_, "IM013", 900);
    Id exam = assessment(course_, "AM004", 100);

    CleanMap()
    {
        for (Id o : { o1, o2 }) {
            teach(o, lecture);
            assess(o, exam);
        }
        map(o1, competency_, Contribution::Introduced);
        map(o2, competency_, Contribution::Mastered);
    }
    void text(Id objective, const std::string& t)
    {
        edit<Objective>(objective, [&](Objective& o) { o.text = t; });
    }
};

std::vector<Finding> found(const DocumentData& data, std::string_view rule)
{
    std::vector<Finding> out;
    for (auto& f : Checker(data).findings())
        if (f.rule->id == rule)
            out.push_back(f);
    return out;
}

bool has(const DocumentData& data, std::string_view rule, Id subject)
{
    const auto list = found(data, rule);
    return std::any_of(list.begin(), list.end(), [&](const Finding& f) { return f.subject == subject; });
}

} // namespace

TEST_CASE("a well-aligned course has no findings")
{
    CleanMap m;
    const Checker checker(m.data);
    for (const auto& f : checker.findings())
        FAIL_CHECK(f.rule->id << ": " << f.message);
    CHECK(checker.summary().total() == 0);
}

TEST_CASE("every rule in the catalogue has an id, a severity, an explanation, an example and a fix")
{
    std::set<std::string_view> ids;
    for (const auto& r : rules()) {
        INFO(r.id);
        CHECK(ids.insert(r.id).second);
        CHECK_FALSE(r.title.empty());
        CHECK(r.why.size() > 60);
        CHECK_FALSE(r.example.empty());
        CHECK_FALSE(r.fix.empty());
        CHECK(findRule(r.id) == &r);
    }
    CHECK(findRule("no-such-rule") == nullptr);
}

TEST_CASE("objective-no-verb")
{
    CleanMap m;
    m.text(m.o1, "Knowledge of the cardiac cycle.");
    const auto f = found(m.data, "objective-no-verb");
    REQUIRE(f.size() == 1);
    CHECK(f[0].subject == m.o1);
    CHECK(f[0].severity() == Severity::Error);
    CHECK_THAT(f[0].message, Catch::Contains("remember"));
    CHECK(std::find(f[0].suggestions.begin(), f[0].suggestions.end(), "list") != f[0].suggestions.end());
    m.text(m.o1, "Cardiac physiology");
    CHECK(has(m.data, "objective-no-verb", m.o1));
    m.text(m.o1, "Describe the cardiac cycle.");
    CHECK_FALSE(has(m.data, "objective-no-verb", m.o1));
}

TEST_CASE("objective-not-measurable")
{
    CleanMap m;
    m.text(m.o1, "Understand the cardiac cycle.");
    auto f = found(m.data, "objective-not-measurable");
    REQUIRE(f.size() == 1);
    CHECK_THAT(f[0].message, Catch::Contains("\u201Cunderstand\u201D cannot be observed"));
    CHECK(std::find(f[0].suggestions.begin(), f[0].suggestions.end(), "explain") != f[0].suggestions.end());

    m.text(m.o1, "Demonstrate knowledge of the cardiac cycle.");
    CHECK(has(m.data, "objective-not-measurable", m.o1));
    m.text(m.o1, "Attend the cardiology lecture series.");
    f = found(m.data, "objective-not-measurable");
    REQUIRE(f.size() == 1);
    CHECK_THAT(f[0].message, Catch::Contains("activity"));

    m.text(m.o1, "Explain the cardiac cycle.");
    CHECK_FALSE(has(m.data, "objective-not-measurable", m.o1));
}

TEST_CASE("objective-describes-teaching")
{
    CleanMap m;
    m.text(m.o1, "Introduce students to the cardiac cycle.");
    const auto f = found(m.data, "objective-describes-teaching");
    REQUIRE(f.size() == 1);
    CHECK_THAT(f[0].message, Catch::Contains("\u201Cintroduce\u201D describes teaching"));
    CHECK_FALSE(f[0].suggestions.empty());
    CHECK_THAT(f[0].fix, Catch::Contains("\u201CExplain the cardiac cycle.\u201D"));
    CHECK_FALSE(has(m.data, "objective-not-measurable", m.o1));
    m.text(m.o1, "Prepare the student to interpret an ECG.");
    CHECK_THAT(found(m.data, "objective-describes-teaching").at(0).fix,
        Catch::Contains("\u201CInterpret an ECG.\u201D"));
    m.text(m.o1, "Provide learners with an overview of the cardiac cycle.");
    CHECK(has(m.data, "objective-describes-teaching", m.o1));
    m.text(m.o1, "Provide patients with written information about the cardiac cycle.");
    CHECK_FALSE(has(m.data, "objective-describes-teaching", m.o1));
}

TEST_CASE("objective-compound")
{
    CleanMap m;
    m.text(m.o1, "Identify and manage acute heart failure.");
    const auto f = found(m.data, "objective-compound");
    REQUIRE(f.size() == 1);
    CHECK_THAT(f[0].message, Catch::Contains("identify, manage"));
    m.text(m.o1, "Describe the causes and treatment of acute heart failure.");
    CHECK_FALSE(has(m.data, "objective-compound", m.o1));
}

TEST_CASE("objective-verb-misspelt")
{
    CleanMap m;
    m.text(m.o1, "Desribe the cardiac cycle.");
    const auto f = found(m.data, "objective-verb-misspelt");
    REQUIRE(f.size() == 1);
    CHECK_THAT(f[0].fix, Catch::Contains("describe"));
    m.text(m.o1, "Describe the cardiac cycle.");
    CHECK_FALSE(has(m.data, "objective-verb-misspelt", m.o1));
}

TEST_CASE("objective-verb-unknown, unless the author set the level")
{
    CleanMap m;
    m.text(m.o1, "Debulk a tumour under supervision.");
    CHECK(has(m.data, "objective-verb-unknown", m.o1));
    m.edit<Objective>(m.o1, [](Objective& o) { o.bloomOverride = BloomLevel::Apply; });
    CHECK_FALSE(has(m.data, "objective-verb-unknown", m.o1));
}

TEST_CASE("objective-level-differs")
{
    CleanMap m;
    m.text(m.o1, "List the causes of chest pain.");
    m.edit<Objective>(m.o1, [](Objective& o) { o.bloomOverride = BloomLevel::Analyze; });
    const auto f = found(m.data, "objective-level-differs");
    REQUIRE(f.size() == 1);
    CHECK_THAT(f[0].message, Catch::Contains("analyze"));
    m.edit<Objective>(m.o1, [](Objective& o) { o.bloomOverride = BloomLevel::Remember; });
    CHECK_FALSE(has(m.data, "objective-level-differs", m.o1));
}

TEST_CASE("objective-not-taught and objective-not-assessed")
{
    CleanMap m;
    m.data.eraseLink({ LinkKind::Teaches, m.o1, m.lecture });
    CHECK(has(m.data, "objective-not-taught", m.o1));
    CHECK_FALSE(has(m.data, "objective-not-taught", m.o2));
    CHECK_FALSE(has(m.data, "objective-not-assessed", m.o1));
    m.data.eraseLink({ LinkKind::Assesses, m.o1, m.exam });
    CHECK(has(m.data, "objective-not-assessed", m.o1));
    CHECK(found(m.data, "objective-not-assessed")[0].severity() == Severity::Error);
}

TEST_CASE("objective-formative-only")
{
    CleanMap m;
    const Id quiz = m.assessment(m.course_, "AM004", 0, false);
    m.assess(m.o1, quiz);
    CHECK_FALSE(has(m.data, "objective-formative-only", m.o1));
    m.data.eraseLink({ LinkKind::Assesses, m.o1, m.exam });
    const auto f = found(m.data, "objective-formative-only");
    REQUIRE(f.size() == 1);
    CHECK(f[0].items == std::vector<Id> { m.o1, quiz });
}

TEST_CASE("assessment-below-level: a written exam cannot show a skill being performed")
{
    CleanMap m;
    m.text(m.o1, "Perform a lumbar puncture on a task trainer.");
    auto f = found(m.data, "assessment-below-level");
    REQUIRE(f.size() == 1);
    CHECK_THAT(f[0].message, Catch::Contains("shows how") && Catch::Contains("AM004"));
    CHECK(f[0].items == std::vector<Id> { m.o1, m.exam });
    // An OSCE observes it.
    const Id osce = m.assessment(m.course_, "AM003", 0, false);
    m.assess(m.o1, osce);
    CHECK_FALSE(has(m.data, "assessment-below-level", m.o1));
}

TEST_CASE("assessment-below-level: Bloom's level and the author's Miller target")
{
    CleanMap m;
    m.text(m.o1, "Design a quality improvement project for the ward.");
    m.edit<Assessment>(m.exam, [](Assessment& a) { a.method = "AM008"; }); // a standardized MCQ subject exam
    auto f = found(m.data, "assessment-below-level");
    REQUIRE(f.size() == 1);
    CHECK_THAT(f[0].message, Catch::Contains("create") && Catch::Contains("evaluate"));
    m.edit<Assessment>(m.exam, [](Assessment& a) { a.method = "AM016"; }); // project assessment
    CHECK_FALSE(has(m.data, "assessment-below-level", m.o1));

    m.text(m.o1, "Explain the cardiac cycle.");
    m.edit<Objective>(m.o1, [](Objective& o) { o.millerTarget = MillerLevel::Does; });
    m.edit<Assessment>(m.exam, [](Assessment& a) { a.method = "AM003"; }); // OSCE: shows how
    CHECK(has(m.data, "assessment-below-level", m.o1));
    m.edit<Assessment>(m.exam, [](Assessment& a) { a.method = "AM002"; }); // rating in practice: does
    CHECK_FALSE(has(m.data, "assessment-below-level", m.o1));
}

TEST_CASE("teaching-below-level")
{
    CleanMap m;
    m.text(m.o1, "Perform a lumbar puncture on a task trainer.");
    m.edit<Assessment>(m.exam, [](Assessment& a) { a.method = "AM003"; });
    const auto f = found(m.data, "teaching-below-level");
    REQUIRE(f.size() == 1);
    CHECK_THAT(f[0].message, Catch::Contains("Lecture (IM013)"));
    const Id sim = m.activity(m.course_, "IM025", 0);
    m.teach(m.o1, sim);
    CHECK_FALSE(has(m.data, "teaching-below-level", m.o1));
}

TEST_CASE("objective-not-mapped, only when the program has competencies")
{
    CleanMap m;
    m.data.eraseLink({ LinkKind::Maps, m.o1, m.competency_ });
    CHECK(has(m.data, "objective-not-mapped", m.o1));
    MapBuilder bare;
    const Id c = bare.course("X 1");
    const Id o = bare.objective(c, "Explain the cardiac cycle.");
    CHECK_FALSE(has(bare.data, "objective-not-mapped", o));
}

TEST_CASE("activity-orphan and assessment-orphan")
{
    CleanMap m;
    const Id talk = m.activity(m.course_, "IM013", 0);
    const Id quiz = m.assessment(m.course_, "AM004", 0, false);
    CHECK(has(m.data, "activity-orphan", talk));
    CHECK(has(m.data, "assessment-orphan", quiz));
    CHECK_FALSE(has(m.data, "activity-orphan", m.lecture));
    CHECK_FALSE(has(m.data, "assessment-orphan", m.exam));
}

TEST_CASE("method-not-in-vocabulary")
{
    CleanMap m;
    m.edit<Activity>(m.lecture, [](Activity& a) { a.method = "IM099"; });
    m.edit<Assessment>(m.exam, [](Assessment& a) { a.method = "AM015"; });
    CHECK(has(m.data, "method-not-in-vocabulary", m.lecture));
    const auto f = found(m.data, "method-not-in-vocabulary");
    REQUIRE(f.size() == 2);
    CHECK(std::any_of(
        f.begin(), f.end(), [](const Finding& x) { return x.message.find("retired") != std::string::npos; }));
}

TEST_CASE("summative-weights")
{
    CleanMap m;
    m.edit<Assessment>(m.exam, [](Assessment& a) { a.weight = 90; });
    const auto f = found(m.data, "summative-weights");
    REQUIRE(f.size() == 1);
    CHECK_THAT(f[0].message, Catch::Contains("90 %"));
    const Id essay = m.assessment(m.course_, "AM004", 10);
    m.assess(m.o1, essay);
    CHECK(found(m.data, "summative-weights").empty());
    // Formative weights do not count.
    m.assessment(m.course_, "AM004", 50, false);
    CHECK(found(m.data, "summative-weights").empty());
}

TEST_CASE("weight-teaching-mismatch")
{
    CleanMap m;
    CHECK(found(m.data, "weight-teaching-mismatch").empty());
    m.assess(m.o1, m.exam, 90);
    m.assess(m.o2, m.exam, 10);
    const auto f = found(m.data, "weight-teaching-mismatch");
    REQUIRE(f.size() == 1);
    CHECK(f[0].subject == m.o2);
    CHECK_THAT(f[0].message, Catch::Contains("10 %") && Catch::Contains("50 %"));
}

TEST_CASE("credit-hours follows the program's hours per credit")
{
    CleanMap m;
    m.edit<Course>(m.course_, [](Course& c) { c.credits = 2; });
    auto f = found(m.data, "credit-hours");
    REQUIRE(f.size() == 1);
    CHECK_THAT(f[0].message, Catch::Contains("90 study hours") && Catch::Contains("declares 45"));
    auto program = m.data.program();
    program.hoursPerCredit = 25; // ECTS: 2 credits = 50 hours, within 20 % of 45
    m.data.put(program);
    CHECK(found(m.data, "credit-hours").empty());
}

TEST_CASE("schedule-hours")
{
    CleanMap m;
    m.edit<Activity>(m.lecture, [](Activity& a) { a.minutes = 300; });
    const auto f = found(m.data, "schedule-hours");
    REQUIRE(f.size() == 1);
    CHECK_THAT(f[0].message, Catch::Contains("15 contact hours") && Catch::Contains("schedules 5 hours"));
    m.edit<Activity>(m.lecture, [](Activity& a) { a.minutes = 840; }); // 14 h: within 20 %
    CHECK(found(m.data, "schedule-hours").empty());
}

TEST_CASE("competency-not-covered, judged on competencies and not on the domains that hold them")
{
    CleanMap m;
    const Id domain = m.competency(m.framework_, "PC");
    const Id leaf = m.competency(m.framework_, "PC1", domain);
    CHECK(has(m.data, "competency-not-covered", leaf));
    CHECK_FALSE(has(m.data, "competency-not-covered", domain));
    CHECK_FALSE(has(m.data, "competency-not-covered", m.competency_));
    CHECK(found(m.data, "competency-not-covered")[0].courseId == NoId);
}

TEST_CASE("competency-only-introduced and competency-never-mastered")
{
    CleanMap m;
    m.map(m.o2, m.competency_, Contribution::Introduced);
    CHECK(has(m.data, "competency-only-introduced", m.competency_));
    m.map(m.o2, m.competency_, Contribution::Reinforced);
    CHECK_FALSE(has(m.data, "competency-only-introduced", m.competency_));
    CHECK(has(m.data, "competency-never-mastered", m.competency_));
    m.map(m.o2, m.competency_, Contribution::Mastered);
    CHECK_FALSE(has(m.data, "competency-never-mastered", m.competency_));
}

TEST_CASE("competency-out-of-sequence")
{
    CleanMap m;
    const Id later = m.course("MED 301", 3);
    const Id o3 = m.objective(later, "Explain heart failure to a patient.");
    m.map(o3, m.competency_, Contribution::Introduced);
    CHECK_FALSE(has(m.data, "competency-out-of-sequence", m.competency_)); // also introduced in year 1
    m.map(m.o1, m.competency_, Contribution::Mastered);
    const auto f = found(m.data, "competency-out-of-sequence");
    REQUIRE(f.size() == 1);
    CHECK_THAT(
        f[0].message, Catch::Contains("mastered in year 1") && Catch::Contains("introduced in year 3"));
}

TEST_CASE("an acknowledged finding carries its justification and no longer counts")
{
    CleanMap m;
    const Id talk = m.activity(m.course_, "IM013", 0);
    Checker before(m.data);
    CHECK(before.summary().warnings == 1);
    Acknowledgement a;
    a.id = 9999;
    a.itemId = talk;
    a.rule = "activity-orphan";
    a.justification = "A welcome session; it teaches no objective on purpose.";
    m.data.put(a);
    const Checker after(m.data);
    CHECK(after.summary().warnings == 0);
    CHECK(after.summary().acknowledged == 1);
    const auto f = after.findings();
    REQUIRE(f.size() == 1);
    REQUIRE(f[0].acknowledgement);
    CHECK(f[0].acknowledgement->justification == a.justification);
}

TEST_CASE("every AAMC method in the catalogue is found by its code, and others are not")
{
    for (const auto& m : instructionalMethods())
        CHECK(findInstructionalMethod(m.code) == &m);
    for (const auto& m : assessmentMethods())
        CHECK(findAssessmentMethod(m.code) == &m);
    CHECK(instructionalMethods().size() == 31);
    CHECK(assessmentMethods().size() == 19);
    for (const char* bad : { "", "IM", "IM000", "IM032", "AM020", "IM01", "IMX01", "AM004 ", "im013" }) {
        CHECK(findInstructionalMethod(bad) == nullptr);
        CHECK(findAssessmentMethod(bad) == nullptr);
    }
    CHECK(findAssessmentMethod("AM004")->miller == MillerLevel::KnowsHow);
    CHECK(findAssessmentMethod("AM003")->performance);
    CHECK(findInstructionalMethod("IM013")->name == "Lecture");
}
