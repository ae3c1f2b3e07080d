// The integrity torture test against a program on a PostgreSQL server: eight `coursemap apply` streams edit
// the program at once (adds with ids of their own, field updates of one shared objective, links, comments,
// removals), half of them are killed with SIGKILL at a random moment, and a watcher follows every commit as
// the studio does (the notification socket, then refresh) with its findings updated incrementally. After
// every trial each edit a writer acknowledged with "ok N" is on the server (or superseded by that writer's
// own next line, which may have been committed when the kill came), every writer that was not killed finished
// all its lines, and the watcher's incrementally updated findings equal a check from scratch of what the
// server holds. 2 trials in CI; COURSEMAP_SERVER_TORTURE_TRIALS=50 for the long run.
#include "ServerFixture.h"

#include "coursemap/analysis/Checker.h"
#include "support/Process.h"
#include "support/TestFiles.h"
#include "support/TortureLines.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <poll.h>
#include <random>
#include <signal.h>
#include <sys/wait.h>
#include <thread>

using namespace coursemap;
using namespace coursemap::test;
using namespace coursemap::test::torture;

namespace {

constexpr int Writers = 8;
constexpr int Lines = 100;

int trials()
{
    if (const char* n = std::getenv("COURSEMAP_SERVER_TORTURE_TRIALS"))
        return std::max(1, std::atoi(n));
    return 2;
}

std::vector<std::string> described(const std::vector<Finding>& findings)
{
    std::vector<std::string> out;
    for (const auto& f : findings)
        out.push_back(std::string(f.rule->id) + " " + std::to_string(f.subject) + " " + f.message);
    std::sort(out.begin(), out.end());
    return out;
}

} // namespace

TEST_CASE("Eight writers on a server program, random kills and a watcher: every acknowledged edit is kept "
          "and the watcher's findings stay true")
{
    Server server;
    server.pushSample();
    {
        // The writers' own ids lie below the ids the server hands out, which start above 10^12 from here on.
        auto doc = Document::openAt(server.uri(), "MD");
        Objective far;
        far.id = 1'000'000'000'000;
        far.courseId = TheCourse;
        far.text = "Placeholder.";
        doc->apply(AddItem { far, std::nullopt });
        doc->apply(RemoveItem { far.id });
    }
    TempDir dir;
    std::mt19937 random(20261203);
    int acknowledgedTotal = 0, heard = 0;
    std::atomic<int> killed = 0;
    for (int trial = 0; trial < trials(); ++trial) {
        INFO("trial " << trial);
        // The watcher opens before the writers start and follows every commit they make.
        auto watcher = Document::openAt(server.uri(), "MD", OpenMode::ReadOnly);
        Checker incremental(watcher->data());
        const int token = watcher->subscribe([&](const Change& c, const ChangeSource&) {
            incremental.update(watcher->data(), c);
            ++heard;
        });
        const int socket = watcher->store().notificationSocket();
        REQUIRE(socket >= 0);

        std::vector<std::unique_ptr<RunningCli>> writers;
        std::array<int, Writers> killAt {};
        for (int w = 0; w < Writers; ++w) {
            std::string batch;
            for (int i = 0; i < Lines; ++i)
                batch += lineOf(trial, w, i).json + "\n";
            const auto edits = dir / ("edits" + std::to_string(w) + ".jsonl");
            writeFile(edits, batch);
            killAt[static_cast<std::size_t>(w)]
                = w % 2 == 0 ? std::uniform_int_distribution<int>(1, Lines - 1)(random) : -1;
            writers.push_back(std::make_unique<RunningCli>(
                std::vector<std::string> { "apply", server.uri(), edits.string() }));
        }
        std::atomic<int> running = Writers;
        std::array<int, Writers> acknowledged {};
        std::array<int, Writers> status {};
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
                        cli.kill(SIGKILL);
                        ++killed;
                    }
                }
                status[static_cast<std::size_t>(w)] = cli.wait();
                --running;
            });
        // The watcher, on this thread: wakes on the socket as the studio does, reads what changed.
        while (running > 0) {
            pollfd p { socket, POLLIN, 0 };
            if (poll(&p, 1, 50) > 0 && watcher->store().takeNotifications())
                watcher->refresh();
        }
        for (auto& f : followers)
            f.join();
        watcher->store().takeNotifications();
        watcher->refresh();

        for (int w = 0; w < Writers; ++w) {
            if (killAt[static_cast<std::size_t>(w)] >= 0)
                continue;
            INFO("writer " << w);
            CHECK(acknowledged[static_cast<std::size_t>(w)] == Lines);
            CHECK((WIFEXITED(status[static_cast<std::size_t>(w)])
                && WEXITSTATUS(status[static_cast<std::size_t>(w)]) == 0));
        }
        // A fresh reader sees every acknowledged edit.
        const auto data = Document::openAt(server.uri(), "MD", OpenMode::ReadOnly)->data();
        for (int w = 0; w < Writers; ++w) {
            const int done = acknowledged[static_cast<std::size_t>(w)];
            acknowledgedTotal += done;
            const auto problem = mismatch(data, trial, w, done, Lines);
            if (!problem.empty() && done < Lines)
                if (const auto next = mismatch(data, trial, w, done + 1, Lines); next.empty())
                    continue;
            INFO("writer " << w << " acknowledged " << done);
            CHECK(problem == "");
        }
        // The watcher holds what the server holds, and its findings were kept true change by change.
        CHECK(watcher->data().all<Objective>().size() == data.all<Objective>().size());
        CHECK(watcher->data().all<Comment>().size() == data.all<Comment>().size());
        CHECK(described(incremental.findings()) == described(Checker(data).findings()));
        watcher->unsubscribe(token);
    }
    CHECK(killed > 0);
    CHECK(heard > 0);
    WARN(acknowledgedTotal << " acknowledged edits, " << killed << " kills, " << heard
                           << " changes heard by the watcher in " << trials() << " trials");
}
