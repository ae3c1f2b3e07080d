// Review: comment threads on items and links, status transitions with the justification rule, named versions
// kept in the file and restored as one undoable change, and the comparison of two states of a map.
#include "support/MapBuilder.h"
#include "support/TestFiles.h"

#include "coursemap/Error.h"
#include "coursemap/analysis/Checker.h"
#include "coursemap/edit/EditPlanner.h"
#include "coursemap/review/Diff.h"
#include "coursemap/review/Review.h"

#include <catch2/catch.hpp>

#include <algorithm>

using namespace coursemap;
using namespace coursemap::test;

namespace {

constexpr Id Card210 = 200; // in review, with error-level findings
constexpr Id Icm101 = 100; // approved
constexpr Id Understand = 203; // “Understand the pathophysiology of heart failure”

template <class F> std::string refusal(F f)
{
    try {
        f();
    } catch (const Error& e) {
        CHECK(e.code() == ErrorCode::InvalidInput);
        return e.message();
    }
    FAIL("nothing was refused");
    return {};
}

const Comment& added(const Document& doc, const Change& change)
{
    return *doc.data().get<Comment>(change.items.front().id());
}

ReviewStatus statusOf(const Document& doc, Id course)
{
    return doc.data().get<Course>(course)->status;
}

Change setStatus(Document& doc, Id item, ReviewStatus s, const std::string& why = {})
{
    const Checker checker(doc.data());
    Id next = doc.nextId();
    const Change change = planStatus(doc.data(), checker, item, s, why, "Dr. Cho", next);
    doc.apply(change);
    return change;
}

const ItemDiff* findItem(const MapDiff& d, Id id)
{
    auto it = std::find_if(d.items.begin(), d.items.end(), [&](const ItemDiff& i) { return i.id == id; });
    return it == d.items.end() ? nullptr : &*it;
}

} // namespace

TEST_CASE("a comment starts a thread; replies join it; resolving any of them resolves the thread")
{
    TempDir dir;
    auto doc = openSample(dir / "map.coursemap");
    const auto& first = added(
        *doc, doc->apply(addComment(doc->data(), { Understand }, "Which verb do you mean?", "Dr. Cho")));
    CHECK(first.author == "Dr. Cho");
    CHECK(first.createdAt.size() == 20);
    const Id firstId = first.id;
    const Id reply
        = doc->apply(replyToComment(doc->data(), firstId, "Explain.", "Dr. Raman")).items.front().id();
    const Id replyToReply
        = doc->apply(replyToComment(doc->data(), reply, "Good.", "Dr. Cho")).items.front().id();
    CHECK(doc->data().get<Comment>(replyToReply)->parentId == firstId); // replies hang on the first

    auto threads = threadsOn(doc->data(), { Understand });
    REQUIRE(threads.size() == 2); // the sample's thread and ours
    CHECK(threads[1].first->id == firstId);
    REQUIRE(threads[1].replies.size() == 2);
    CHECK(threads[1].replies[0]->text == "Explain.");
    CHECK(openThreadCount(doc->data(), Understand) == 2);

    doc->apply(resolveComment(doc->data(), replyToReply));
    CHECK(doc->data().get<Comment>(firstId)->resolved);
    CHECK(openThreadCount(doc->data(), Understand) == 1);
    CHECK(threadsIn(doc->data(), Card210, false).size() == 1);
    CHECK(threadsIn(doc->data(), Card210, true).size() == 2);
    CHECK_THAT(refusal([&] { resolveComment(doc->data(), firstId); }), Catch::Contains("already resolved"));
    doc->apply(resolveComment(doc->data(), firstId, false));
    CHECK_FALSE(doc->data().get<Comment>(firstId)->resolved);

    // On disk, and gone with the objective.
    CHECK(Document::open(doc->path(), OpenMode::ReadOnly)->data() == doc->data());
    doc->apply(RemoveItem { Understand });
    CHECK(threadsOn(doc->data(), { Understand }).empty());
    CHECK(doc->data().all<Comment>().empty());
}

TEST_CASE("a comment on a link names both ends and goes when either end is removed")
{
    TempDir dir;
    auto doc = openSample(dir / "map.coursemap");
    const Link* teaching = nullptr;
    for (const auto* l : doc->data().linksOf(204))
        if (l->key.kind == LinkKind::Teaches)
            teaching = l;
    REQUIRE(teaching);
    const Id target = teaching->key.targetId;
    const Change change = doc->apply(addComment(doc->data(), { 204, target }, "Is a lecture enough?", ""));
    const Comment c = added(*doc, change); // a copy: the comment goes with the link's target below
    CHECK(c.targetId == target);
    CHECK_FALSE(c.author.empty()); // the login name when none is given
    CHECK_THAT(subjectLabel(doc->data(), c), Catch::StartsWith("link objective \u201C"));
    CHECK_THAT(subjectLabel(doc->data(), c), Catch::Contains("\u2192 teaching activity"));
    CHECK(threadsOn(doc->data(), { 204 }).empty()); // on the link, not on the objective
    CHECK(threadsOn(doc->data(), { 204, target }).size() == 1);

    CHECK_THAT(refusal([&] {
        addComment(doc->data(), { 204, 204 }, "x", "");
    }),
        Catch::Contains("not linked"));
    CHECK_THAT(
        refusal([&] { addComment(doc->data(), { 99999 }, "x", ""); }), Catch::Contains("no item 99999"));
    CHECK_THAT(refusal([&] { addComment(doc->data(), { 204 }, "  \n", ""); }), Catch::Contains("empty"));
    CHECK_THAT(
        refusal([&] { replyToComment(doc->data(), 99999, "x", ""); }), Catch::Contains("no comment 99999"));

    doc->apply(RemoveItem { target });
    CHECK(doc->data().get<Comment>(c.id) == nullptr);
}

TEST_CASE("status moves draft → in review → changes requested or approved, and back to draft")
{
    CHECK(statusMayFollow(ReviewStatus::Draft, ReviewStatus::InReview));
    CHECK(statusMayFollow(ReviewStatus::InReview, ReviewStatus::ChangesRequested));
    CHECK(statusMayFollow(ReviewStatus::InReview, ReviewStatus::Approved));
    CHECK(statusMayFollow(ReviewStatus::ChangesRequested, ReviewStatus::InReview));
    CHECK(statusMayFollow(ReviewStatus::Approved, ReviewStatus::InReview)); // reopened
    CHECK(statusMayFollow(ReviewStatus::Approved, ReviewStatus::Draft));
    CHECK_FALSE(statusMayFollow(ReviewStatus::Draft, ReviewStatus::Approved));
    CHECK_FALSE(statusMayFollow(ReviewStatus::Draft, ReviewStatus::ChangesRequested));
    CHECK_FALSE(statusMayFollow(ReviewStatus::ChangesRequested, ReviewStatus::Approved));
    CHECK_FALSE(statusMayFollow(ReviewStatus::InReview, ReviewStatus::InReview));

    TempDir dir;
    auto doc = openSample(dir / "map.coursemap");
    const auto history = doc->data().statusHistory(Card210).size();
    setStatus(*doc, Card210, ReviewStatus::ChangesRequested);
    CHECK(statusOf(*doc, Card210) == ReviewStatus::ChangesRequested);
    const auto records = doc->data().statusHistory(Card210);
    REQUIRE(records.size() == history + 1);
    CHECK(records.back()->status == ReviewStatus::ChangesRequested);
    CHECK(records.back()->author == "Dr. Cho");
    CHECK(records.back()->justification.empty());

    CHECK_THAT(refusal([&] { setStatus(*doc, Card210, ReviewStatus::Approved, "fine"); }),
        Catch::Contains("must be in review before it can be approved"));
    CHECK_THAT(refusal([&] { setStatus(*doc, Card210, ReviewStatus::ChangesRequested); }),
        Catch::Contains("already waiting for requested changes"));
    CHECK(statusOf(*doc, Card210) == ReviewStatus::ChangesRequested);
    CHECK(doc->data().statusHistory(Card210).size() == history + 1); // nothing half-applied

    // One change: undoing it takes back status and record together.
    const Change back = setStatus(*doc, Card210, ReviewStatus::InReview);
    doc->apply(back.inverted());
    CHECK(statusOf(*doc, Card210) == ReviewStatus::ChangesRequested);
    CHECK(doc->data().statusHistory(Card210).size() == history + 1);

    // A program or a comment has no status.
    CHECK_THAT(
        refusal([&] { setStatus(*doc, 1, ReviewStatus::InReview); }), Catch::Contains("Only a course"));
}

TEST_CASE("approving a course with error-level findings needs a justification, which is kept")
{
    TempDir dir;
    auto doc = openSample(dir / "map.coursemap");
    REQUIRE(statusOf(*doc, Card210) == ReviewStatus::InReview);
    const auto message = refusal([&] { setStatus(*doc, Card210, ReviewStatus::Approved); });
    CHECK_THAT(message,
        Catch::Contains("CARD 210") && Catch::Contains("errors (the first:")
            && Catch::Contains("needs a justification"));
    CHECK(statusOf(*doc, Card210) == ReviewStatus::InReview);

    setStatus(*doc, Card210, ReviewStatus::Approved, "Rewording agreed for the spring revision; runs as is.");
    CHECK(statusOf(*doc, Card210) == ReviewStatus::Approved);
    const auto reopened = Document::open(doc->path(), OpenMode::ReadOnly);
    CHECK(reopened->data().statusHistory(Card210).back()->justification
        == "Rewording agreed for the spring revision; runs as is.");

    // A course with no errors is approved without one: an activity of the sample has no error findings.
    const Id activity = doc->data().activitiesOf(Icm101).front()->id;
    setStatus(*doc, activity, ReviewStatus::InReview);
    setStatus(*doc, activity, ReviewStatus::Approved);
    CHECK(doc->data().get<Activity>(activity)->status == ReviewStatus::Approved);
}

TEST_CASE("a named version is kept in the file and restored as one change that undo takes back")
{
    TempDir dir;
    auto doc = openSample(dir / "map.coursemap");
    const DocumentData original = doc->data();
    const auto info = doc->saveVersion("  Approved 2026-27 ", "Dr. Cho");
    CHECK(info.name == "Approved 2026-27");
    CHECK(info.author == "Dr. Cho");

    // Edits after the version: reword, remove, add, a comment.
    doc->apply(UpdateField { Understand, "text", "Explain the pathophysiology of heart failure" });
    doc->apply(RemoveItem { 204 });
    Objective extra;
    extra.courseId = Card210;
    extra.text = "Interpret a chest radiograph for signs of heart failure";
    const Id extraId = doc->apply(AddItem { extra, std::nullopt }).items.front().id();
    const Id comment = doc->apply(addComment(doc->data(), { Card210 }, "Ready for committee.", "Dr. Raman"))
                           .items.front()
                           .id();
    const Id onExtra
        = doc->apply(addComment(doc->data(), { extraId }, "New.", "Dr. Raman")).items.front().id();

    auto reopened = Document::open(doc->path());
    REQUIRE(reopened->versions().size() == 1);
    CHECK(reopened->versions().front().name == "Approved 2026-27");
    CHECK(reopened->version("Approved 2026-27") == original);

    const DocumentData beforeRestore = reopened->data();
    const Change restore
        = planRestore(reopened->data(), reopened->version("Approved 2026-27"), "Approved 2026-27");
    reopened->apply(restore);
    // The curriculum is the version's again; the comment made since on the course stays, the one on the
    // objective the restore removes goes with it.
    CHECK(reopened->data().get<Objective>(Understand)->text == original.get<Objective>(Understand)->text);
    CHECK(reopened->data().get<Objective>(204) != nullptr);
    CHECK(reopened->data().get<Objective>(extraId) == nullptr);
    CHECK(reopened->data().get<Comment>(comment) != nullptr);
    CHECK(reopened->data().get<Comment>(onExtra) == nullptr);
    CHECK(reopened->data().links() == original.links());
    CHECK(Document::open(doc->path(), OpenMode::ReadOnly)->data() == reopened->data());
    CHECK(diffMaps(original, reopened->data()).empty());

    reopened->apply(restore.inverted());
    CHECK(reopened->data() == beforeRestore);

    // Restoring the map to what it already is changes nothing.
    CHECK(planRestore(original, original, "x").empty());
}

TEST_CASE("version names are checked, and a read-only map keeps none")
{
    TempDir dir;
    auto doc = openSample(dir / "map.coursemap");
    doc->saveVersion("Draft 1", "");
    auto code = [&](const std::string& name) {
        try {
            doc->saveVersion(name, "");
        } catch (const Error& e) {
            return e.code();
        }
        return ErrorCode::Io;
    };
    CHECK(code("Draft 1") == ErrorCode::AlreadyExists);
    CHECK(code("   ") == ErrorCode::InvalidInput);
    CHECK(code("now") == ErrorCode::InvalidInput);
    CHECK(code("two\nlines") == ErrorCode::InvalidInput);
    CHECK(code(std::string("bad \xC3\x28 utf-8")) == ErrorCode::InvalidInput);
    CHECK(doc->versions().size() == 1);
    CHECK_THAT(refusal([&] { doc->version("Final"); }), Catch::Contains("Its versions: \"Draft 1\""));

    doc.reset();
    const auto bytes = readFile(dir / "map.coursemap");
    auto readOnly = Document::open(dir / "map.coursemap", OpenMode::ReadOnly);
    CHECK(readOnly->versions().size() == 1);
    try {
        readOnly->saveVersion("Another", "");
        FAIL("a read-only map kept a version");
    } catch (const Error& e) {
        CHECK(e.code() == ErrorCode::ReadOnly);
    }
    CHECK(readFile(dir / "map.coursemap") == bytes);
}

TEST_CASE("a large map's version is kept in parts and read back whole")
{
    TempDir dir;
    auto doc = openSample(dir / "map.coursemap");
    // About 3 MiB of text: more than one part.
    const std::string longText(19'000, 'x');
    std::vector<Edit> edits;
    for (int i = 0; i < 160; ++i) {
        Activity a;
        a.courseId = Card210;
        a.title = "Session " + std::to_string(i);
        a.method = "IM013";
        a.description = longText;
        edits.push_back(AddItem { a, std::nullopt });
    }
    Id next = doc->nextId();
    doc->apply(planEdits(doc->data(), edits, next, "Add sessions"));
    doc->saveVersion("Big", "");
    CHECK(Document::open(doc->path(), OpenMode::ReadOnly)->version("Big") == doc->data());
}

TEST_CASE("a damaged version is reported as damaged and the file is left alone")
{
    TempDir dir;
    const auto path = dir / "map.coursemap";
    openSample(path)->saveVersion("V", "");
    execSql(path,
        "UPDATE version_part SET content = CAST('{\"format\": \"coursemap\", \"version\": 3, \"program\": "
        "7}' AS BLOB)");
    const auto bytes = readFile(path);
    CHECK_THAT(refusal([&] { Document::open(path, OpenMode::ReadOnly)->version("V"); }),
        Catch::Contains("version \"V\"") && Catch::Contains("/program"));
    CHECK(readFile(path) == bytes);
    execSql(path, "UPDATE version_part SET seq = 5");
    try {
        Document::open(path, OpenMode::ReadOnly)->version("V");
        FAIL("a version with a missing part was read");
    } catch (const Error& e) {
        CHECK(e.code() == ErrorCode::Corrupt);
    }
}

TEST_CASE("the comparison names each kind of change")
{
    MapBuilder b;
    const Id course = b.course("CARD 210");
    const Id o1 = b.objective(course, "Explain the causes of heart failure");
    const Id o2 = b.objective(course, "Interpret an ECG");
    const Id o3 = b.objective(course, "Describe the heart sounds");
    const Id lecture = b.activity(course);
    const Id exam = b.assessment(course);
    b.teach(o1, lecture);
    b.assess(o1, exam, 40);
    b.teach(o2, lecture);
    b.assess(o2, exam);
    const DocumentData before = b.data;

    SECTION("unchanged")
    {
        const auto d = diffMaps(before, before);
        CHECK(d.empty());
        CHECK_THAT(diffText(d, "A", "B"), Catch::Contains("No changes."));
    }
    SECTION("a reworded objective, word by word, with the fixed problem")
    {
        b.edit<Objective>(o3, [](Objective& o) { o.text = "Identify the heart sounds"; });
        b.teach(o3, lecture);
        b.assess(o3, exam);
        const auto d = diffMaps(before, b.data);
        const auto* item = findItem(d, o3);
        REQUIRE(item);
        CHECK(item->kind == DiffKind::Changed);
        REQUIRE(item->fields.size() == 1);
        CHECK(item->fields[0].field == "text");
        CHECK_THAT(
            diffText(d, "v1", "now"), Catch::Contains("text: [-Describe-]{+Identify+} the heart sounds"));
        CHECK(d.links.size() == 2);
        CHECK(std::any_of(d.fixedFindings.begin(), d.fixedFindings.end(),
            [](const FindingDiff& f) { return f.rule == "objective-not-taught"; }));
        CHECK(d.newFindings.empty());
    }
    SECTION("added and removed items and links, a changed share, and the new problems")
    {
        const Id o4 = b.objective(course, "Know the drugs");
        b.data.erase(o2);
        b.data.eraseLink({ LinkKind::Teaches, o2, lecture });
        b.data.eraseLink({ LinkKind::Assesses, o2, exam });
        b.assess(o1, exam, 60);
        const auto d = diffMaps(before, b.data);
        CHECK(findItem(d, o4)->kind == DiffKind::Added);
        CHECK(findItem(d, o2)->kind == DiffKind::Removed);
        CHECK_THAT(findItem(d, o2)->label, Catch::Contains("Interpret an ECG"));
        auto link = std::find_if(d.links.begin(), d.links.end(),
            [&](const LinkDiff& l) { return l.key.objectiveId == o1 && l.key.kind == LinkKind::Assesses; });
        REQUIRE(link != d.links.end());
        CHECK(link->kind == DiffKind::Changed);
        CHECK(link->before == "assessed by (40% of the assessment)");
        CHECK(link->after == "assessed by (60% of the assessment)");
        CHECK(std::count_if(d.links.begin(), d.links.end(), [](const LinkDiff& l) {
            return l.kind == DiffKind::Removed;
        }) == 2);
        CHECK(std::any_of(d.newFindings.begin(), d.newFindings.end(),
            [](const FindingDiff& f) { return f.rule == "objective-not-measurable"; }));
        const auto json = diffJson(d, "v1", "now");
        CHECK(json["from"] == "v1");
        CHECK(json["items"].size() == d.items.size());
        CHECK(json["findings"]["new"].size() == d.newFindings.size());
    }
    SECTION("a reordering is one move, not every item after it")
    {
        b.edit<Objective>(o3, [](Objective& o) { o.order = -1; }); // o3 first
        const auto d = diffMaps(before, b.data);
        REQUIRE(d.items.size() == 1);
        CHECK(d.items[0].id == o3);
        CHECK(d.items[0].fields.empty());
        CHECK(d.items[0].moved == std::pair { 3, 1 });
        CHECK_THAT(diffText(d, "A", "B"), Catch::Contains("moved from position 3 to 1"));
    }
    SECTION("user text is escaped in the report")
    {
        b.edit<Objective>(o3, [](Objective& o) { o.text = "Describe <b>the</b> heart & sounds"; });
        const auto html = diffHtml(diffMaps(before, b.data), "<v1>", "now");
        CHECK_THAT(
            html, Catch::Contains("&lt;b&gt;") && Catch::Contains("&amp;") && Catch::Contains("&lt;v1&gt;"));
        CHECK_THAT(html, !Catch::Contains("<b>the</b>"));
    }
}

TEST_CASE("word differences keep the common words and mark the rest")
{
    auto render = [](const std::vector<WordRun>& runs) {
        std::string s;
        for (const auto& r : runs)
            s += r.op == WordRun::Same     ? r.text
                : r.op == WordRun::Removed ? "[-" + r.text + "-]"
                                           : "{+" + r.text + "+}";
        return s;
    };
    CHECK(render(diffWords("a b c", "a b c")) == "a b c");
    CHECK(render(diffWords("", "new text")) == "{+new text+}");
    CHECK(render(diffWords("old", "")) == "[-old-]");
    CHECK(render(diffWords("Explain the causes of failure", "Explain two causes of heart failure"))
        == "Explain [-the-]{+two+} causes of{+ heart+} failure");
    // Changes apart only by a space read as one replacement.
    CHECK(render(diffWords("Understand the pathophysiology of heart failure",
              "Explain the neurohormonal response in heart failure"))
        == "[-Understand-]{+Explain+} the [-pathophysiology of-]{+neurohormonal response in+} heart failure");
}
