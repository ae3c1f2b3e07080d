// The checker on the sample program, and its incremental re-checks against checks from scratch.
#include "support/TestFiles.h"

#include "coursemap/Error.h"
#include "coursemap/analysis/Acceptance.h"
#include "coursemap/analysis/Checker.h"
#include "coursemap/interchange/JsonFormat.h"

#include <catch2/catch.hpp>

#include <set>

#include <random>

using namespace coursemap;
using namespace coursemap::test;

namespace {

std::set<std::pair<std::string, Id>> keys(const std::vector<Finding>& findings)
{
    std::set<std::pair<std::string, Id>> out;
    for (const auto& f : findings)
        out.insert({ std::string(f.rule->id), f.subject });
    return out;
}

std::vector<std::string> lines(const std::vector<Finding>& findings)
{
    std::vector<std::string> out;
    for (const auto& f : findings)
        out.push_back(std::string(f.rule->id) + " " + std::to_string(f.subject) + " " + f.message
            + (f.acknowledgement ? " [accepted]" : ""));
    return out;
}

} // namespace

TEST_CASE("the sample course shows the findings its author planted, and no others of error severity")
{
    const auto data = importJson(sampleJson());
    const Checker checker(data);
    const auto k = keys(checker.findings());
    // CARD 210's weak objectives: "Understand", "Know", "Be aware of", "Appreciate", "Demonstrate knowledge
    // of".
    for (Id vague : { 203, 205, 207, 209, 214 })
        CHECK(k.contains({ "objective-not-measurable", vague }));
    CHECK(k.contains({ "objective-not-taught", 207 }));
    CHECK(k.contains({ "objective-not-assessed", 207 }));
    CHECK(k.contains({ "objective-not-mapped", 207 }));
    CHECK(k.contains({ "objective-not-taught", 214 }));
    CHECK(k.contains({ "objective-compound", 210 }));
    CHECK(k.contains({ "activity-orphan", 238 })); // the guest lecture on the history of cardiology
    // Strong objectives raise no error; CARD 210's summative weights add up.
    for (const auto& f : checker.findings())
        if (f.severity() == Severity::Error)
            CHECK(std::set<Id> { 104, 203, 205, 207, 209, 214 }.contains(f.subject));
    CHECK_FALSE(k.contains({ "summative-weights", 200 }));
    CHECK_FALSE(k.contains({ "credit-hours", 200 }));
    CHECK_FALSE(k.contains({ "schedule-hours", 200 }));
    for (const auto& f : checker.findingsFor(200))
        CHECK(f.courseId == 200);
}

TEST_CASE("findings come in a stable order: by course, then severity, rule and item")
{
    const auto data = importJson(sampleJson());
    const auto a = lines(Checker(data).findings());
    const auto b = lines(Checker(data).findings());
    CHECK(a == b);
    const auto all = Checker(data).findings();
    for (std::size_t i = 1; i < all.size(); ++i)
        if (all[i].courseId == all[i - 1].courseId)
            CHECK(all[i - 1].severity() <= all[i].severity());
}

TEST_CASE("re-checking after each edit gives what a check from scratch gives")
{
    TempDir dir;
    auto doc = openSample(dir / "map.coursemap");
    Checker checker(doc->data());
    std::mt19937 random(20261125);
    auto pick = [&](const auto& items) {
        auto it = items.begin();
        std::advance(it, std::uniform_int_distribution<std::size_t>(0, items.size() - 1)(random));
        return it->first;
    };
    const std::vector<std::string> texts { "Understand heart failure.", "Identify and treat hypertension.",
        "Perform a focused cardiovascular examination.", "Design a cardiac rehabilitation programme.",
        "Cardiac physiology", "Desribe the conduction system.", "List the causes of syncope." };
    const std::vector<std::string> methods { "AM003", "AM004", "AM008", "AM015", "AM002" };
    std::vector<Change> done;
    for (int step = 0; step < 300; ++step) {
        const auto& data = doc->data();
        Change change;
        try {
            switch (std::uniform_int_distribution<int>(0, 9)(random)) {
            case 0:
                change = doc->apply(UpdateField { pick(data.all<Objective>()), "text",
                    texts[std::uniform_int_distribution<std::size_t>(0, texts.size() - 1)(random)] });
                break;
            case 1: {
                const Id o = pick(data.all<Objective>());
                const auto& course = data.get<Objective>(o)->courseId;
                const auto acts = data.activitiesOf(course);
                if (acts.empty())
                    continue;
                const Id a = acts[std::uniform_int_distribution<std::size_t>(0, acts.size() - 1)(random)]->id;
                if (data.link({ LinkKind::Teaches, o, a }))
                    change = doc->apply(UnlinkItems { { LinkKind::Teaches, o, a } });
                else
                    change = doc->apply(LinkItems { { { LinkKind::Teaches, o, a }, {}, {} } });
                break;
            }
            case 2: {
                const Id o = pick(data.all<Objective>());
                const auto list = data.assessmentsOf(data.get<Objective>(o)->courseId);
                if (list.empty())
                    continue;
                const Id a = list[std::uniform_int_distribution<std::size_t>(0, list.size() - 1)(random)]->id;
                if (data.link({ LinkKind::Assesses, o, a }))
                    change = doc->apply(UnlinkItems { { LinkKind::Assesses, o, a } });
                else
                    change = doc->apply(LinkItems { { { LinkKind::Assesses, o, a }, 50.0, {} } });
                break;
            }
            case 3: {
                const Id o = pick(data.all<Objective>());
                const Id c = pick(data.all<Competency>());
                const auto level
                    = static_cast<Contribution>(std::uniform_int_distribution<int>(0, 2)(random));
                if (data.link({ LinkKind::Maps, o, c }) && level == Contribution::Introduced)
                    change = doc->apply(UnlinkItems { { LinkKind::Maps, o, c } });
                else
                    change = doc->apply(LinkItems { { { LinkKind::Maps, o, c }, {}, level } });
                break;
            }
            case 4:
                change = doc->apply(UpdateField { pick(data.all<Assessment>()), "method",
                    methods[std::uniform_int_distribution<std::size_t>(0, methods.size() - 1)(random)] });
                break;
            case 5:
                change = doc->apply(UpdateField { pick(data.all<Assessment>()), "weight",
                    std::uniform_int_distribution<int>(0, 60)(random) });
                break;
            case 6: {
                Objective o;
                o.courseId = pick(data.all<Course>());
                o.text = texts[std::uniform_int_distribution<std::size_t>(0, texts.size() - 1)(random)];
                change = doc->apply(AddItem { o, std::nullopt });
                break;
            }
            case 7:
                if (std::uniform_int_distribution<int>(0, 3)(random) == 0)
                    change = doc->apply(RemoveItem { pick(data.all<Objective>()) });
                else
                    change = doc->apply(UpdateField {
                        pick(data.all<Course>()), "year", std::uniform_int_distribution<int>(1, 4)(random) });
                break;
            case 8:
                change = doc->apply(UpdateField { data.program().id, "hours_per_credit",
                    std::uniform_int_distribution<int>(25, 45)(random) });
                break;
            case 9:
                if (done.empty())
                    continue;
                doc->apply(done.back().inverted());
                change = done.back().inverted();
                done.pop_back();
                break;
            }
        } catch (const Error&) {
            continue; // an edit the map refuses (e.g. the last item of a kind): nothing changed
        }
        if (!change.empty() && step % 10 != 9)
            done.push_back(change);
        checker.update(doc->data(), change);
        INFO("step " << step << ": " << change.description);
        REQUIRE(lines(checker.findings()) == lines(Checker(doc->data()).findings()));
    }
}

TEST_CASE("an acknowledgement added and undone through edits shows and goes at once")
{
    TempDir dir;
    auto doc = openSample(dir / "map.coursemap");
    Checker checker(doc->data());
    const int warnings = checker.summary().warnings;
    const auto accept = acceptFinding(
        doc->data(), checker, "activity-orphan", 238, "Optional enrichment session.", "Dr Reyes");
    const auto change = doc->applyPlan(accept);
    checker.update(doc->data(), change);
    CHECK(checker.summary().warnings == warnings - 1);
    CHECK(checker.summary().acknowledged == 1);
    doc->apply(change.inverted());
    checker.update(doc->data(), change.inverted());
    CHECK(checker.summary().warnings == warnings);
    CHECK(checker.summary().acknowledged == 0);
    // Removing the activity takes its acknowledgement with it.
    doc->applyPlan(accept);
    doc->apply(RemoveItem { 238 });
    CHECK(doc->data().all<Acknowledgement>().empty());
}
