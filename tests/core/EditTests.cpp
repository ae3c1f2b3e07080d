// Every kind of edit changes the map in memory and on disk, tells listeners what changed, and is undone
// exactly by its inverse.
#include "support/TestFiles.h"

#include "coursemap/Error.h"

#include <catch2/catch.hpp>

using namespace coursemap;
using namespace coursemap::test;

namespace {

DocumentData onDisk(const std::filesystem::path& path)
{
    return Document::open(path, OpenMode::ReadOnly)->data();
}

Course courseByCode(const Document& doc, const std::string& code)
{
    for (const auto* c : doc.data().courses())
        if (c->code == code)
            return *c;
    throw std::runtime_error("no course " + code);
}

// Applies the edit, checks memory and file agree, undoes it, and checks both are exactly as before.
Change applyAndUndo(Document& doc, const Edit& edit)
{
    const DocumentData before = doc.data();
    const Change change = doc.apply(edit);
    REQUIRE_FALSE(change.empty());
    CHECK_FALSE(doc.data() == before);
    CHECK(onDisk(doc.path()) == doc.data());
    doc.apply(change.inverted());
    CHECK(doc.data() == before);
    CHECK(onDisk(doc.path()) == before);
    // And redo brings the change back.
    doc.apply(change);
    CHECK(onDisk(doc.path()) == doc.data());
    doc.apply(change.inverted());
    return change;
}

} // namespace

TEST_CASE("adding an objective gives it a new id at the end of its course, and undo removes it")
{
    TempDir dir;
    auto doc = openSample(dir / "map.coursemap");
    const auto card = courseByCode(*doc, "CARD 210");
    const auto count = doc->data().objectivesOf(card.id).size();
    const Id expectedId = doc->nextId();

    Objective o;
    o.courseId = card.id;
    o.text = "Interpret a chest radiograph for signs of pulmonary oedema.";
    const Change change = doc->apply(AddItem { o, std::nullopt });
    REQUIRE(change.items.size() == 1);
    CHECK(change.items[0].added());
    CHECK(change.items[0].id() == expectedId);
    const auto objectives = doc->data().objectivesOf(card.id);
    REQUIRE(objectives.size() == count + 1);
    CHECK(objectives.back()->text == o.text);

    doc->apply(change.inverted());
    CHECK(doc->data().objectivesOf(card.id).size() == count);
    CHECK_FALSE(onDisk(doc->path()).contains(expectedId));
}

TEST_CASE("adding at an index renumbers the siblings, and undo restores their order")
{
    TempDir dir;
    auto doc = openSample(dir / "map.coursemap");
    const auto card = courseByCode(*doc, "CARD 210");
    Activity a;
    a.courseId = card.id;
    a.title = "Welcome and course orientation";
    a.method = "IM013";
    const auto change = applyAndUndo(*doc, AddItem { a, 0 });
    CHECK(change.items.size() > 1); // the new activity and the ones that moved down
}

TEST_CASE("every edit kind is undone exactly, in memory and on disk")
{
    TempDir dir;
    auto doc = openSample(dir / "map.coursemap");
    const auto card = courseByCode(*doc, "CARD 210");
    const auto objectives = doc->data().objectivesOf(card.id);
    const auto activities = doc->data().activitiesOf(card.id);
    const auto assessments = doc->data().assessmentsOf(card.id);
    const Objective first = *objectives.front(); // a copy: edits replace the stored one

    SECTION("update a text field")
    {
        applyAndUndo(*doc, UpdateField { first.id, "text", "Explain the cardiac cycle." });
    }
    SECTION("update an optional level, and clear it")
    {
        applyAndUndo(*doc, UpdateField { first.id, "bloom_override", "analyze" });
        applyAndUndo(*doc, UpdateField { objectives[3]->id, "miller_target", nullptr });
    }
    SECTION("update a course's numbers and delivery")
    {
        applyAndUndo(*doc, UpdateField { card.id, "credits", 5.5 });
        applyAndUndo(*doc, UpdateField { card.id, "delivery_mode", "online" });
    }
    SECTION("update the program")
    {
        applyAndUndo(*doc, UpdateField { doc->data().program().id, "name", "MD Program (2027 curriculum)" });
    }
    SECTION("link an objective to an activity, an assessment with a share, and a competency")
    {
        applyAndUndo(*doc, LinkItems { { { LinkKind::Teaches, first.id, activities.back()->id }, {}, {} } });
        applyAndUndo(*doc,
            LinkItems { { { LinkKind::Assesses, first.id, assessments.front()->id }, 12.5, std::nullopt } });
        const Id competency = doc->data().all<Competency>().begin()->first;
        applyAndUndo(*doc,
            LinkItems { { { LinkKind::Maps, first.id, competency }, std::nullopt, Contribution::Mastered } });
    }
    SECTION("change the level of an existing competency link")
    {
        const auto links = doc->data().linksOf(first.id);
        const auto it = std::find_if(
            links.begin(), links.end(), [](const Link* l) { return l->key.kind == LinkKind::Maps; });
        REQUIRE(it != links.end());
        Link changed = **it;
        changed.contribution = Contribution::Mastered;
        const auto change = applyAndUndo(*doc, LinkItems { changed });
        REQUIRE(change.links.size() == 1);
        CHECK(change.links[0].before);
    }
    SECTION("unlink")
    {
        const auto links = doc->data().linksOf(first.id);
        REQUIRE_FALSE(links.empty());
        applyAndUndo(*doc, UnlinkItems { links.front()->key });
    }
    SECTION("reorder")
    {
        applyAndUndo(*doc, MoveItem { first.id, 5 });
        applyAndUndo(*doc, MoveItem { objectives.back()->id, 0 });
    }
    SECTION("remove an objective that has links: undo brings the links back")
    {
        const auto linkCount = doc->data().linksOf(first.id).size();
        REQUIRE(linkCount >= 2);
        const auto change = applyAndUndo(*doc, RemoveItem { first.id });
        CHECK(change.links.size() == linkCount);
        CHECK(doc->data().linksOf(first.id).size() == linkCount);
    }
    SECTION("remove an activity that teaches objectives")
    {
        applyAndUndo(*doc, RemoveItem { activities.front()->id });
    }
    SECTION("remove a whole course: objectives, activities, assessments, links and comments come back")
    {
        const auto change = applyAndUndo(*doc, RemoveItem { card.id });
        CHECK(change.items.size() > 30);
        CHECK(doc->data().all<Comment>().size() == 2);
    }
    SECTION("remove a framework with its competencies and every link to them")
    {
        applyAndUndo(*doc, RemoveItem { doc->data().frameworks().front()->id });
    }
    SECTION("add and remove a comment and a reply")
    {
        Comment c;
        c.itemId = first.id;
        c.author = "Reviewer";
        c.text = "Which ECG findings count?";
        applyAndUndo(*doc, AddItem { c, std::nullopt });
        const Id commentId = doc->data().all<Comment>().begin()->first;
        applyAndUndo(*doc, RemoveItem { commentId }); // takes its reply with it
    }
}

TEST_CASE("listeners are told exactly which item and fields changed")
{
    TempDir dir;
    auto doc = openSample(dir / "map.coursemap");
    const auto card = courseByCode(*doc, "CARD 210");
    std::vector<Change> heard;
    const int token = doc->subscribe([&](const Change& c, const ChangeSource&) { heard.push_back(c); });

    doc->apply(UpdateField { card.id, "title", "Cardiovascular Medicine and Surgery" });
    REQUIRE(heard.size() == 1);
    REQUIRE(heard[0].items.size() == 1);
    CHECK(heard[0].items[0].id() == card.id);
    CHECK(heard[0].items[0].kind() == ItemKind::Course);
    CHECK(heard[0].items[0].changedFields() == std::vector<std::string> { "title" });

    doc->unsubscribe(token);
    doc->apply(UpdateField { card.id, "title", "Cardiovascular Medicine" });
    CHECK(heard.size() == 1);
}

TEST_CASE("a listener that fails does not undo a saved edit or silence the other listeners")
{
    TempDir dir;
    auto doc = openSample(dir / "map.coursemap");
    const auto card = courseByCode(*doc, "CARD 210");
    int told = 0;
    doc->subscribe([](const Change&, const ChangeSource&) { throw std::runtime_error("view out of date"); });
    doc->subscribe([&](const Change&, const ChangeSource&) { ++told; });
    CHECK_NOTHROW(doc->apply(UpdateField { card.id, "term", "Block 4" }));
    CHECK(told == 1);
    CHECK(onDisk(doc->path()).get<Course>(card.id)->term == "Block 4");
}

TEST_CASE("an edit that changes nothing writes nothing and tells no one")
{
    TempDir dir;
    auto doc = openSample(dir / "map.coursemap");
    const auto card = courseByCode(*doc, "CARD 210");
    int told = 0;
    doc->subscribe([&](const Change&, const ChangeSource&) { ++told; });
    CHECK(doc->apply(UpdateField { card.id, "title", card.title }).empty());
    CHECK(told == 0);
}

TEST_CASE("invalid edits are refused with a clear message and change nothing")
{
    TempDir dir;
    auto doc = openSample(dir / "map.coursemap");
    const DocumentData before = doc->data();
    const auto card = courseByCode(*doc, "CARD 210");
    const auto icm = courseByCode(*doc, "ICM 101");
    const Id objective = doc->data().objectivesOf(card.id).front()->id;
    const Id otherCourseActivity = doc->data().activitiesOf(icm.id).front()->id;

    auto refused = [&](const Edit& edit, const std::string& words) {
        try {
            doc->apply(edit);
            FAIL("the edit was accepted");
        } catch (const Error& e) {
            CHECK(e.code() == ErrorCode::InvalidEdit);
            CHECK_THAT(e.message(), Catch::Contains(words));
        }
        CHECK(doc->data() == before);
        CHECK(onDisk(doc->path()) == before);
    };
    refused(UpdateField { objective, "text", "   " }, "must not be empty");
    refused(UpdateField { objective, "bloom_override", "memorize" }, "one of: remember");
    refused(UpdateField { card.id, "credits", -1 }, "from 0 to 200");
    refused(UpdateField { card.id, "colour", "red" }, "has no field \"colour\"");
    refused(UpdateField { objective, "course_id", icm.id }, "cannot be changed");
    refused(UpdateField { 999999, "text", "x" }, "no item with id 999999");
    refused(LinkItems { { { LinkKind::Teaches, objective, otherCourseActivity }, {}, {} } },
        "objective's own course");
    refused(LinkItems { { { LinkKind::Maps, objective, otherCourseActivity }, std::nullopt,
                Contribution::Introduced } },
        "must be the id of a competency");
    refused(RemoveItem { doc->data().program().id }, "cannot be removed");
    Objective orphan;
    orphan.courseId = 424242;
    orphan.text = "Describe the conduction system.";
    refused(AddItem { orphan, std::nullopt }, "course_id");
    Objective duplicate;
    duplicate.id = objective;
    duplicate.courseId = card.id;
    duplicate.text = "Describe the conduction system.";
    refused(AddItem { duplicate, std::nullopt }, "already in use");
}

TEST_CASE("undoing a change the map no longer matches is refused")
{
    TempDir dir;
    auto doc = openSample(dir / "map.coursemap");
    const auto card = courseByCode(*doc, "CARD 210");
    const auto change = doc->apply(UpdateField { card.id, "title", "Heart" });
    doc->apply(UpdateField { card.id, "title", "Heart and vessels" });
    CHECK_THROWS_AS(doc->apply(change.inverted()), Error);
    CHECK(doc->data().get<Course>(card.id)->title == "Heart and vessels");
}

TEST_CASE("ids are never reused, even after the newest item is removed and the file reopened")
{
    TempDir dir;
    const auto path = dir / "map.coursemap";
    Id removed = NoId;
    {
        auto doc = openSample(path);
        const auto card = courseByCode(*doc, "CARD 210");
        Objective o;
        o.courseId = card.id;
        o.text = "List the causes of syncope.";
        removed = doc->apply(AddItem { o, std::nullopt }).items[0].id();
        doc->apply(RemoveItem { removed });
    }
    auto doc = Document::open(path);
    CHECK(doc->nextId() > removed);
}
