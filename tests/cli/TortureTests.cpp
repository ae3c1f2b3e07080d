// The integrity torture test: four `coursemap apply` streams edit one map at once (adds with ids of their own
// and with ids the file gives, field updates of one shared objective, links, comments, removals), a reader
// exports the map throughout, and writers are killed with SIGKILL at random moments. After every trial each
// edit a writer acknowledged with "ok N" is in the map (or was superseded by that writer's own next line,
// the one that may have been committed when the kill came), the file passes integrity_check and opens.
// 50 trials in CI (8 under the sanitizers); COURSEMAP_TORTURE_TRIALS=500 for the long run. The map lives in
// memory (/dev/shm) when it can: what is tested is many processes and kills, which keep what the page cache
// holds; a full sync per commit on the disk would make each trial take half a minute. (Syncing is proved separately: CrashTests.)
#include "support/Process.h"
#include "support/TestFiles.h"

#include "coursemap/Document.h"
#include "coursemap/Error.h"

#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <map>
#include <mutex>
#include <random>
#include <set>
#include <signal.h>
#include <thread>

using namespace coursemap;
using namespace coursemap::test;

namespace {

constexpr int Writers = 4;
constexpr int Lines = 250;
constexpr Id SharedObjective = 203; // every writer changes a field of its own on it
constexpr Id CommentedObjective = 204; // every writer comments on it
constexpr Id TheCourse = 200;
const std::vector<Id> Activities { 231, 232, 233, 234, 235 };
// The field of the shared objective each writer owns, and the values it cycles through.
const std::array<std::string, Writers> SharedField { "text", "bloom_override", "miller_target", "domain" };
const std::array<std::vector<std::string>, Writers> SharedValues { {
    {},
    { "remember", "understand", "apply", "analyze", "evaluate", "create" },
    { "knows", "knows_how", "shows_how", "does" },
    { "cognitive", "psychomotor", "affective" },
} };

int trials()
{
    if (const char* n = std::getenv("COURSEMAP_TORTURE_TRIALS"))
        return std::max(1, std::atoi(n));
#if defined(__SANITIZE_ADDRESS__)
    return 8; // each process runs several times slower under the sanitizers: fewer trials, the same moves
#else
    return 50;
#endif
}

// Ids a writer gives its own objectives: far apart, and below what the file hands out after them.
Id ownId(int trial, int writer, int line)
{
    return 10'000'000 + static_cast<Id>(trial) * 100'000 + writer * 10'000 + line;
}

std::string jsonString(const std::string& s)
{
    return nlohmann::json(s).dump();
}

// What writer w's line i does, and what the map must show for it.
struct Line
{
    std::string json;
    enum Kind
    {
        Add,
        Shared,
        Link,
        Comment,
        Remove,
        Retext
    } kind;
    Id id = NoId; // the objective it adds, links, removes or rewords
    std::string value; // the text or field value it sets
    Id target = NoId; // the activity it links
};

Line lineOf(int trial, int w, int i)
{
    const std::string tag = "T" + std::to_string(trial) + " W" + std::to_string(w) + " L" + std::to_string(i);
    switch (i % 5) {
    case 0: {
        const Id id = ownId(trial, w, i);
        const std::string text = "Describe finding " + tag + ".";
        return { R"({"op":"add","kind":"objective","id":)" + std::to_string(id) + R"(,"fields":{"course_id":)"
                + std::to_string(TheCourse) + R"(,"text":)" + jsonString(text) + "}}",
            Line::Add, id, text, NoId };
    }
    case 1: {
        std::string value = w == 0 ? "Interpret the ECG, " + tag + "."
                                   : SharedValues[static_cast<std::size_t>(w)][static_cast<std::size_t>(i / 5)
                                       % SharedValues[static_cast<std::size_t>(w)].size()];
        return { R"({"op":"update","id":)" + std::to_string(SharedObjective) + R"(,"field":")"
                + SharedField[static_cast<std::size_t>(w)] + R"(","value":)" + jsonString(value) + "}",
            Line::Shared, SharedObjective, value, NoId };
    }
    case 2: {
        const Id id = ownId(trial, w, i - 2);
        const Id activity = Activities[static_cast<std::size_t>(i / 5) % Activities.size()];
        return { R"({"op":"link","kind":"teaches","objective":)" + std::to_string(id) + R"(,"target":)"
                + std::to_string(activity) + "}",
            Line::Link, id, {}, activity };
    }
    case 3: {
        const std::string text = "Comment " + tag;
        return { R"({"op":"add","kind":"comment","fields":{"item_id":)" + std::to_string(CommentedObjective)
                + R"(,"author":"writer )" + std::to_string(w)
                + R"(","created_at":"2026-12-01T09:00:00Z","text":)" + jsonString(text) + "}}",
            Line::Comment, NoId, text, NoId };
    }
    default: {
        const Id id = ownId(trial, w, i - 4);
        if ((i / 5) % 3 == 0)
            return { R"({"op":"remove","id":)" + std::to_string(id) + "}", Line::Remove, id, {}, NoId };
        const std::string text = "Explain finding " + tag + ".";
        return { R"({"op":"update","id":)" + std::to_string(id) + R"(,"field":"text","value":)"
                + jsonString(text) + "}",
            Line::Retext, id, text, NoId };
    }
    }
}

// Whether the map shows the first `done` lines of writer w (its own records and its field of the shared one).
std::string mismatch(const DocumentData& data, int trial, int w, int done)
{
    std::map<Id, std::string> objectives; // alive: text
    std::map<Id, std::set<Id>> links;
    std::set<std::string> comments;
    std::optional<std::string> shared;
    for (int i = 0; i < done; ++i) {
        const Line l = lineOf(trial, w, i);
        switch (l.kind) {
        case Line::Add:
            objectives[l.id] = l.value;
            break;
        case Line::Shared:
            shared = l.value;
            break;
        case Line::Link:
            links[l.id].insert(l.target);
            break;
        case Line::Comment:
            comments.insert(l.value);
            break;
        case Line::Remove:
            objectives.erase(l.id);
            links.erase(l.id);
            break;
        case Line::Retext:
            objectives[l.id] = l.value;
            break;
        }
    }
    for (int i = 0; i < Lines; i += 5) {
        const Id id = ownId(trial, w, i);
        const auto* o = data.get<Objective>(id);
        auto it = objectives.find(id);
        if (it == objectives.end() ? o != nullptr && i < done : (!o || o->text != it->second))
            return "objective " + std::to_string(id) + (o ? " reads \"" + o->text + "\"" : " is missing");
        if (it != objectives.end())
            for (Id a : links[id])
                if (!data.link({ LinkKind::Teaches, id, a }))
                    return "link " + std::to_string(id) + " -> " + std::to_string(a) + " is missing";
    }
    std::multiset<std::string> seen;
    for (const auto& [id, c] : data.all<Comment>())
        if (c.author == "writer " + std::to_string(w))
            seen.insert(c.text);
    for (const auto& c : comments)
        if (seen.count(c) != 1)
            return "comment \"" + c + "\" appears " + std::to_string(seen.count(c)) + " times";
    if (shared) {
        const auto* o = data.get<Objective>(SharedObjective);
        const auto& field = SharedField[static_cast<std::size_t>(w)];
        std::string now;
        if (field == "text")
            now = o->text;
        else if (field == "bloom_override")
            now = o->bloomOverride ? std::string(toString(*o->bloomOverride)) : "";
        else if (field == "miller_target")
            now = o->millerTarget ? std::string(toString(*o->millerTarget)) : "";
        else
            now = o->domain ? std::string(toString(*o->domain)) : "";
        if (now != *shared)
            return "the shared objective's " + field + " is \"" + now + "\", not \"" + *shared + "\"";
    }
    return {};
}

} // namespace

TEST_CASE("four writers, a reader and random kills: every acknowledged edit is kept and the map stays whole")
{
    std::error_code ec;
    TempDir dir(std::filesystem::is_directory("/dev/shm", ec) ? std::filesystem::path("/dev/shm")
                                                              : std::filesystem::temp_directory_path());
    const auto path = dir / "map.coursemap";
    {
        // The writers' own ids lie below the ids the file gives out, which start above 10^12 from here on.
        auto doc = openSample(path);
        Objective far;
        far.id = 1'000'000'000'000;
        far.courseId = TheCourse;
        far.text = "Placeholder.";
        doc->apply(AddItem { far, std::nullopt });
        doc->apply(RemoveItem { far.id });
    }
    std::mt19937 random(20261203);
    int acknowledgedTotal = 0, killed = 0, exports = 0;
    for (int trial = 0; trial < trials(); ++trial) {
        INFO("trial " << trial);
        std::vector<std::unique_ptr<RunningCli>> writers;
        std::array<int, Writers> killAt {};
        for (int w = 0; w < Writers; ++w) {
            std::string batch;
            for (int i = 0; i < Lines; ++i)
                batch += lineOf(trial, w, i).json + "\n";
            const auto edits = dir / ("edits" + std::to_string(w) + ".jsonl");
            writeFile(edits, batch);
            // Half the writers are killed, at a random acknowledged line.
            killAt[static_cast<std::size_t>(w)] = std::uniform_int_distribution<int>(0, 1)(random)
                ? std::uniform_int_distribution<int>(0, Lines / 2)(random)
                : -1;
            writers.push_back(std::make_unique<RunningCli>(
                std::vector<std::string> { "apply", path.string(), edits.string() }));
        }
        // The reader: exports the whole map over and over while the writers work.
        std::atomic<bool> writing = true;
        std::mutex problemMutex;
        std::vector<std::string> readerProblems;
        std::thread reader([&] {
            while (writing) {
                const auto r = runCli({ "export", path.string(), "--format", "json" });
                ++exports;
                // A read may find a writer committing (busy) or a change a kill interrupted (refused: a read
                // never rolls back); it must never find the map damaged.
                if (r.exitCode != 0 && r.err.find("right now") == std::string::npos
                    && r.err.find("interrupted") == std::string::npos) {
                    std::lock_guard lock(problemMutex);
                    readerProblems.push_back(r.err);
                }
            }
        });
        std::array<int, Writers> acknowledged {};
        std::vector<std::thread> followers;
        for (int w = 0; w < Writers; ++w)
            followers.emplace_back([&, w] {
                auto& cli = *writers[static_cast<std::size_t>(w)];
                std::string line;
                while (cli.readLine(line)) {
                    if (line.rfind("ok ", 0) != 0)
                        continue;
                    acknowledged[static_cast<std::size_t>(w)] = std::stoi(line.substr(3));
                    if (acknowledged[static_cast<std::size_t>(w)] == killAt[static_cast<std::size_t>(w)]) {
                        std::this_thread::sleep_for(std::chrono::microseconds(w * 300));
                        cli.kill(SIGKILL);
                        ++killed;
                    }
                }
                cli.wait();
            });
        for (auto& f : followers)
            f.join();
        writing = false;
        reader.join();
        for (const auto& p : readerProblems)
            FAIL_CHECK("the reader found: " << p);

        // Opening to edit finishes any change a kill interrupted; then everything acknowledged is there.
        const auto data = Document::open(path)->data();
        REQUIRE(integrityCheck(path) == "ok");
        for (int w = 0; w < Writers; ++w) {
            const int done = acknowledged[static_cast<std::size_t>(w)];
            acknowledgedTotal += done;
            // The line after the last acknowledged one may have been committed before the kill.
            const auto problem = mismatch(data, trial, w, done);
            if (!problem.empty() && done < Lines)
                if (const auto next = mismatch(data, trial, w, done + 1); next.empty())
                    continue;
            INFO("writer " << w << " acknowledged " << done);
            CHECK(problem == "");
        }
    }
    CHECK(acknowledgedTotal > trials() * Writers * Lines / 4);
    CHECK(killed > 0);
    CHECK(exports > 0);
    WARN(acknowledgedTotal << " acknowledged edits, " << killed << " kills, " << exports << " exports in "
                           << trials() << " trials");
}
