// `coursemap apply` killed with SIGKILL at random moments: after each kill the file is intact and every
// edit acknowledged with "ok N" is in it. Edits are atomic, so what is present is exactly a prefix.
#include "support/Process.h"
#include "support/TestFiles.h"

#include <catch2/catch.hpp>

#include <chrono>
#include <cstdlib>
#include <random>
#include <signal.h>
#include <sys/wait.h>
#include <thread>

using namespace coursemap;
using namespace coursemap::test;

namespace {
constexpr Id FirstId = 100000;

int trials()
{
    // The long job sets COURSEMAP_CRASH_TRIALS (e.g. 200); CI runs the default.
    if (const char* n = std::getenv("COURSEMAP_CRASH_TRIALS"))
        return std::max(1, std::atoi(n));
    return 50;
}
}

TEST_CASE("apply killed mid-stream keeps every acknowledged edit and an intact file")
{
    TempDir dir;
    const auto path = dir / "map.coursemap";
    openSample(path);
    const int total = 400;

    std::mt19937 random(42);
    int acknowledgedTotal = 0;
    for (int trial = 0; trial < trials(); ++trial) {
        INFO("trial " << trial);
        const auto before = Document::open(path, OpenMode::ReadOnly)->data().all<Objective>().size();
        const auto editsFile = dir / "edits.jsonl";
        // Each trial numbers its objectives in a range of its own.
        auto idOf = [&](int i) { return FirstId + static_cast<Id>(trial) * 1000 + i; };
        std::string batch;
        for (int i = 0; i < total; ++i) {
            const Id id = idOf(i);
            batch += R"({"op":"add","kind":"objective","id":)" + std::to_string(id)
                + R"(,"fields":{"course_id":200,"text":"Crash-test objective )" + std::to_string(id)
                + R"("}})"
                  "\n";
        }
        writeFile(editsFile, batch);

        RunningCli cli({ "apply", path.string(), editsFile.string() });
        const int killAfter = std::uniform_int_distribution<int>(0, 25)(random);
        std::string line;
        int acknowledged = 0;
        while (acknowledged < killAfter && cli.readLine(line))
            acknowledged = std::stoi(line.substr(3));
        // Sometimes kill at once, sometimes a moment later, to land inside a commit.
        std::this_thread::sleep_for(
            std::chrono::microseconds(std::uniform_int_distribution<int>(0, 3000)(random)));
        cli.kill(SIGKILL);
        while (cli.readLine(line)) // lines printed before the kill still count
            acknowledged = std::stoi(line.substr(3));
        cli.wait();
        acknowledgedTotal += acknowledged;

        // Read-only first, as `coursemap stats` would open it right after a crash.
        auto doc = Document::open(path, OpenMode::ReadOnly);
        REQUIRE(integrityCheck(path) == "ok");
        int present = 0;
        for (int i = 0; i < total; ++i) {
            if (doc->data().get<Objective>(idOf(i)))
                ++present;
            else
                break;
        }
        CHECK(present >= acknowledged);
        CHECK(doc->data().all<Objective>().size() == before + static_cast<std::size_t>(present));
    }
    CHECK(acknowledgedTotal > 0);
}
