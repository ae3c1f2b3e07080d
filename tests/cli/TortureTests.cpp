// The integrity torture test: four `coursemap apply` streams edit one map at once (adds with ids of their own
// and with ids the file gives, field updates of one shared objective, links, comments, removals), a reader
// exports the map throughout, and writers are killed with SIGKILL at random moments. After every trial each
// edit a writer acknowledged with "ok N" is in the map (or was superseded by that writer's own next line,
// the one that may have been committed when the kill came), the file passes integrity_check and opens.
// 50 trials (20 under the sanitizers, as CI runs it); COURSEMAP_TORTURE_TRIALS=500 for the long run. The map
// lives in memory (/dev/shm) when it can: what is tested is many processes and kills, which keep what the page
// cache holds; a full sync per commit on the disk would make each trial take half a minute. (Syncing is proved separately: CrashTests.)
#include "support/Process.h"
#include "support/TestFiles.h"
#include "support/TortureLines.h"

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

using namespace coursemap::test::torture;

namespace {

constexpr int Writers = 4;
constexpr int Lines = 250;

int trials()
{
    if (const char* n = std::getenv("COURSEMAP_TORTURE_TRIALS"))
        return std::max(1, std::atoi(n));
#if defined(__SANITIZE_ADDRESS__)
    return 20; // each process runs a few times slower under the sanitizers: fewer trials, the same moves
#else
    return 50;
#endif
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
            const auto problem = mismatch(data, trial, w, done, Lines);
            if (!problem.empty() && done < Lines)
                if (const auto next = mismatch(data, trial, w, done + 1, Lines); next.empty())
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
