// The objective analyzer on objectives as educators write them (tests/data/objectives.tsv and the corpus of
// real objectives in tests/data/corpus), and its details.
#include "support/TestFiles.h"

#include "ObjectiveCorpus.h"
#include "coursemap/analysis/ObjectiveAnalyzer.h"

#include <catch2/catch.hpp>

#include <sstream>

using namespace coursemap;
using namespace coursemap::test;

namespace {

struct Expected
{
    std::string text, verb, bloom, measurable, compound, domain;
};

std::vector<Expected> examples()
{
    std::vector<Expected> out;
    std::istringstream in(readFile(std::filesystem::path(COURSEMAP_TEST_DATA) / "objectives.tsv"));
    for (std::string line; std::getline(in, line);) {
        if (line.empty() || line[0] == '#')
            continue;
        std::vector<std::string> cells;
        std::istringstream row(line);
        for (std::string cell; std::getline(row, cell, '\t');)
            cells.push_back(cell);
        REQUIRE(cells.size() == 6);
        out.push_back({ cells[0], cells[1], cells[2], cells[3], cells[4], cells[5] });
    }
    return out;
}

} // namespace

TEST_CASE("the analyzer reads real-looking objectives as an educator does")
{
    const auto all = examples();
    REQUIRE(all.size() >= 100);
    for (const auto& e : all) {
        INFO(e.text);
        const auto a = analyzeObjective(e.text);
        CHECK((a.verb.empty() ? "-" : a.verb) == e.verb);
        CHECK((a.measurable() && a.bloom ? std::string(toString(*a.bloom)) : "-") == e.bloom);
        CHECK((a.measurable() ? "yes" : "no") == e.measurable);
        CHECK((a.compound() ? "yes" : "no") == e.compound);
        CHECK(std::string(toString(a.domain)) == e.domain);
    }
}

TEST_CASE("a verb the lists place at several levels has all of them, the primary first, and says so")
{
    const auto a = analyzeObjective("Describe the blood supply of the stomach.");
    REQUIRE(a.levels.size() == 2);
    CHECK(a.levels[0] == BloomLevel::Understand);
    CHECK(a.levels[1] == BloomLevel::Remember);
    CHECK_THAT(std::string(a.levelNote), Catch::Contains("remember"));
    CHECK(analyzeObjective("Define hypertension.").levelNote.empty());
}

TEST_CASE("vague verbs aim at a level, and the suggestions are measurable verbs at that level")
{
    const auto know = analyzeObjective("Know the causes of anaemia.");
    CHECK(know.status == VerbStatus::Vague);
    REQUIRE(know.intendedLevel);
    CHECK(*know.intendedLevel == BloomLevel::Remember);
    const auto suggestions = suggestedVerbs(know.intendedLevel);
    CHECK(std::find(suggestions.begin(), suggestions.end(), "list") != suggestions.end());
    for (const auto& verb : suggestions)
        CHECK(analyzeObjective(verb + " the causes of anaemia").measurable());

    const auto appreciate = analyzeObjective("Appreciate the value of teamwork.");
    CHECK(appreciate.intendsAttitude);
    CHECK_FALSE(suggestedVerbs(std::nullopt).empty());
}

TEST_CASE("a misspelt verb is read as the verb it resembles and remembered as typed")
{
    const auto a = analyzeObjective("Desribe the conduction system of the heart.");
    CHECK(a.verb == "describe");
    CHECK(a.typedAs == "desribe");
    // Too far from any verb: not guessed.
    CHECK(analyzeObjective("Xyzzy the heart.").typedAs.empty());
}

TEST_CASE("a word the lists do not know is a verb only when it reads like one")
{
    const auto known = analyzeObjective("Debulk the tumour.");
    CHECK(known.status == VerbStatus::Unknown);
    CHECK(known.verb == "debulk");
    CHECK(known.measurable());
    CHECK_FALSE(known.bloom);
    CHECK(analyzeObjective("Renal physiology and acid-base balance").status == VerbStatus::Missing);
}

TEST_CASE("a setting in the objective raises the Miller level it asks for")
{
    CHECK(analyzeObjective("Perform venepuncture in the clinical setting.").setting == MillerLevel::Does);
    CHECK(analyzeObjective("Perform venepuncture on a manikin.").setting == MillerLevel::ShowsHow);
    CHECK_FALSE(analyzeObjective("Perform venepuncture.").setting);
}

TEST_CASE("the analyzer takes any text without failing")
{
    for (const std::string& text : { std::string(), std::string("   "), std::string("1."),
             std::string("(((("), std::string("and and and"), std::string(5000, 'x'),
             std::string("\xE2\x80\xA2 \xE2\x80\x94 \xC2\xA0"), std::string("\xFF\xFE\xFD"),
             std::string("Describe ") + std::string(3000, '('), std::string("Students will be able to"),
             std::string("By the end of"), std::string("Identify\nList\tDescribe") }) {
        INFO(text.substr(0, 40));
        CHECK_NOTHROW(analyzeObjective(text));
    }
}

TEST_CASE("A suggested verb replaces the leading verb or vague phrase and keeps the rest")
{
    CHECK(withVerb("Understand the cardiac cycle", "explain") == "Explain the cardiac cycle");
    CHECK(withVerb(
              "By the end of the session, students will be able to understand the cardiac cycle.", "explain")
        == "By the end of the session, students will be able to explain the cardiac cycle.");
    CHECK(withVerb("Be aware of the risks of polypharmacy", "identify")
        == "Identify the risks of polypharmacy");
    CHECK(withVerb("Demonstrate knowledge of the Krebs cycle", "describe") == "Describe the Krebs cycle");
    CHECK(withVerb("Knowledge of the Krebs cycle", "describe") == "Describe the Krebs cycle");
    CHECK(withVerb("Desribe the nephron", "describe") == "Describe the nephron");
    CHECK(withVerb("1. Know the “normal” ranges", "list") == "1. List the “normal” ranges");
    CHECK(withVerb("ECG interpretation", "perform") == "Perform ECG interpretation");
    CHECK(withVerb("", "explain") == "Explain");
}

namespace {

corpus::Score corpusScore(const char* part)
{
    return corpus::score(corpus::read(std::filesystem::path(COURSEMAP_TEST_DATA) / "corpus" / part));
}

void checkGoals(const corpus::Score& s)
{
    INFO(s.misses.size() << " disagreements; `build/coursemap-score-objectives --misses` lists them");
    CHECK(s.items >= 300);
    CHECK(s.sources >= 40);
    CHECK(s.verb.percent() >= 97.0);
    CHECK(s.measurable.percent() >= 95.0);
    CHECK(s.bloom.percent() >= 90.0);
    CHECK(s.compound.percent() >= 90.0);
}

} // namespace

TEST_CASE("the analyzer agrees with educators on the real objectives its rules were developed on")
{
    checkGoals(corpusScore("development.tsv"));
}

TEST_CASE("the analyzer agrees with educators on real objectives it was not developed on")
{
    checkGoals(corpusScore("held-out.tsv"));
}

TEST_CASE("docs/rules.md reports the agreement the analyzer reaches on the corpus")
{
    const auto expected = corpus::report(corpusScore("development.tsv"), corpusScore("held-out.tsv"));
    const auto doc = readFile(std::filesystem::path(COURSEMAP_DOCS) / "rules.md");
    CHECK(doc.ends_with(expected));
}

TEST_CASE("any English verb is found and lemmatized, with no level when no list places it")
{
    for (const auto& [text, verb] : std::vector<std::pair<std::string, std::string>> {
             { "Gather a collateral history from the family.", "gather" },
             { "Counselling smokers about cessation.", "counsel" },
             { "Anticipates complications after abdominal surgery.", "anticipate" },
             { "Sought consent before examining the patient.", "seek" },
             { "Localize the lesion from the neurological findings.", "localize" } }) {
        INFO(text);
        const auto a = analyzeObjective(text);
        CHECK(a.verb == verb);
        CHECK(a.measurable());
    }
    const auto unlisted = analyzeObjective("Localize the lesion from the neurological findings.");
    CHECK(unlisted.status == VerbStatus::Unknown);
    CHECK_FALSE(unlisted.bloom);
}

TEST_CASE("outline codes, headings and leading clauses are read past to the verb")
{
    for (const auto& text :
        { "a1. List the basic dimensions of the pharmacy profession.", "4b.ii List the causes of anaemia.",
            "(iii) List the causes of anaemia.", "II.3 List the causes of anaemia.",
            "LO2: List the causes of anaemia.", "SLO 4 \xE2\x80\x93 List the causes of anaemia.",
            "(SUR6) List the causes of anaemia.", "Knowledge for Practice: List the causes of anaemia.",
            "Using the full blood count, list the causes of anaemia.",
            "Given a family history, be able to list the causes of anaemia.",
            "In the haematology courses of Block I, the students should be able to list the causes of "
            "anaemia.",
            "Students are expected to list the causes of anaemia.",
            "The graduate lists the causes of anaemia." }) {
        INFO(text);
        CHECK(analyzeObjective(text).verb == "list");
    }
}

TEST_CASE("a knowledge or growth paraphrase names its head verb and is not measurable")
{
    for (const auto& [text, verb] : std::vector<std::pair<std::string, std::string>> {
             { "Develop a broad understanding of renal physiology.", "develop" },
             { "Acquire knowledge of common skin conditions.", "acquire" },
             { "Have sufficient knowledge of the immunization schedule.", "have" },
             { "Exhibit knowledge of health systems science.", "exhibit" },
             { "Develop skills in critical thinking and decision making.", "develop" },
             { "Be aware of the legal requirements for death certification.", "be aware of" } }) {
        INFO(text);
        const auto a = analyzeObjective(text);
        CHECK(a.verb == verb);
        CHECK_FALSE(a.measurable());
    }
    CHECK(analyzeObjective("Make appropriate use of consultants.").verb == "make");
}

TEST_CASE("a noun phrase has no verb, and teaching is not what learners will do")
{
    CHECK(analyzeObjective("Review of minimum requirements for sedation").status == VerbStatus::Missing);
    const auto teaching = analyzeObjective("Introduce students to the principles of epidemiology.");
    CHECK(teaching.status == VerbStatus::Teaching);
    CHECK_FALSE(teaching.measurable());
    CHECK(analyzeObjective("Cover the main classes of antibiotics.").status == VerbStatus::Teaching);
}

TEST_CASE("the object decides the domain of a verb that does not")
{
    CHECK(analyzeObjective("Examine the abdomen of a patient with pain.").domain
        == LearningDomain::Psychomotor);
    CHECK(analyzeObjective("Examine the role of ultrasound in trauma.").domain == LearningDomain::Cognitive);
}

TEST_CASE("two observable behaviours are compound; synonyms, object lists and clauses are not")
{
    CHECK(analyzeObjective("Communicate the plan to the family and ensure it is understood.").compound());
    CHECK(analyzeObjective("Evaluate renal function and make dosage adjustments.").compound());
    CHECK_FALSE(analyzeObjective("Recognize and identify the signs of sepsis.").compound());
    CHECK_FALSE(analyzeObjective("Understand and apply the principles of asepsis.").compound());
    CHECK_FALSE(analyzeObjective("Describe the indications, techniques, risks and benefits of endoscopy.")
                    .compound());
    CHECK_FALSE(analyzeObjective("Present at conferences that evaluate and analyze errors.").compound());
}

TEST_CASE("the level is where most published lists put the verb, and a split is said")
{
    CHECK(analyzeObjective("Interpret an arterial blood gas.").bloom == BloomLevel::Apply);
    CHECK(analyzeObjective("Compare two antihypertensive drugs.").bloom == BloomLevel::Analyze);
    CHECK(analyzeObjective("Identify the cranial nerves.").bloom == BloomLevel::Remember);
    CHECK(analyzeObjective("Recognize the signs of sepsis.").bloom == BloomLevel::Remember);
    const auto interpret = analyzeObjective("Interpret an arterial blood gas.");
    CHECK(interpret.levels.size() >= 2);
    CHECK_THAT(std::string(interpret.levelNote), Catch::Contains("Clemson"));
}
