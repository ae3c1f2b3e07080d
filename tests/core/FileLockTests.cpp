#include "support/TestFiles.h"

#include "coursemap/storage/FileLock.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <fcntl.h>
#include <functional>
#include <spawn.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

extern char** environ;

using namespace coursemap;
using namespace coursemap::test;

TEST_CASE("A second program is told who has a map open, and may take it once it is closed")
{
    TempDir dir;
    const auto map = dir / "cardio.coursemap";
    FileLock first(map);
    REQUIRE_FALSE(first.tryLock());
    REQUIRE(first.locked());
    REQUIRE(std::filesystem::exists(dir / "cardio.coursemap.lock"));

    FileLock second(map);
    const auto owner = second.tryLock();
    REQUIRE(owner);
    CHECK(owner->pid == static_cast<long>(getpid()));
    CHECK_FALSE(owner->host.empty());
    CHECK_FALSE(owner->user.empty());
    CHECK(owner->since.size() == 20);
    CHECK_FALSE(second.locked());

    first.unlock();
    CHECK_FALSE(std::filesystem::exists(dir / "cardio.coursemap.lock"));
    CHECK_FALSE(second.tryLock());
    CHECK(second.locked());
}

TEST_CASE("A mark left by a program that is no longer running is taken over")
{
    TempDir dir;
    const auto map = dir / "cardio.coursemap";
    char host[256] = {};
    gethostname(host, sizeof host - 1);
    // A pid above the kernel's maximum is never running.
    writeFile(dir / "cardio.coursemap.lock",
        nlohmann::json { { "user", "someone" }, { "host", host }, { "pid", 99999999 }, { "since", "x" } }
            .dump());
    FileLock lock(map);
    CHECK_FALSE(lock.tryLock());
    CHECK(lock.locked());
}

TEST_CASE("A mark from another computer is trusted")
{
    TempDir dir;
    const auto map = dir / "cardio.coursemap";
    writeFile(dir / "cardio.coursemap.lock",
        nlohmann::json { { "user", "dr.osei" }, { "host", "ward-laptop-7" }, { "pid", 4242 },
            { "since", "2026-11-25T06:00:00Z" } }
            .dump());
    FileLock lock(map);
    const auto owner = lock.tryLock();
    REQUIRE(owner);
    CHECK(owner->user == "dr.osei");
    CHECK(owner->host == "ward-laptop-7");
    CHECK_FALSE(lock.locked());
    // Leaving does not remove another program's mark.
    lock.unlock();
    CHECK(std::filesystem::exists(dir / "cardio.coursemap.lock"));
}

TEST_CASE(
    "A mark whose file holds anything at all is read without failing, and taken over when nobody holds it")
{
    TempDir dir;
    const auto map = dir / "cardio.coursemap";
    char host[256] = {};
    gethostname(host, sizeof host - 1);
    std::string binary;
    for (int i = 0; i < 256; ++i)
        binary += static_cast<char>(i);
    const std::vector<std::string> hostile {
        R"({"user":"x","host":")" + std::string(host) + R"(","pid":"1234","since":"x"})", // pid as text
        R"({"user":"x","host":")" + std::string(host) + R"(","pid":1e300})",
        R"({"user":"x","host":")" + std::string(host) + R"(","pid":18446744073709551615})",
        R"({"user":"x","host":")" + std::string(host) + R"(","pid":-1})",
        R"({"user":"x","host":")" + std::string(host) + R"(","pid":0.5})",
        R"({"user":["a"],"host":{"h":1},"pid":null,"since":7})",
        R"({"user":"x","host":")" + std::string(host) + R"(","pid":)" + std::string(5000, '9') + "}",
        "[1,2,3]",
        "not json at all",
        "",
        binary,
        std::string(100'000, '{'),
        std::string(1'000'000, 'x'),
        std::string("{\"user\":\"a\0b\"}", 15),
    };
    for (const auto& bytes : hostile) {
        INFO(bytes.substr(0, 80));
        writeFile(dir / "cardio.coursemap.lock", bytes);
        FileLock lock(map);
        std::optional<LockOwner> owner;
        REQUIRE_NOTHROW(owner = lock.tryLock());
        CHECK_FALSE(owner); // left over: nobody holds its lock
        CHECK(lock.locked());
        // What it now says is this program's own mark.
        FileLock second(map);
        const auto now = second.tryLock();
        REQUIRE(now);
        CHECK(now->pid == static_cast<long>(getpid()));
        lock.unlock();
        CHECK_FALSE(std::filesystem::exists(dir / "cardio.coursemap.lock"));
    }
}

TEST_CASE("A held mark whose file holds nonsense names nobody, and what it names is only ever plain text")
{
    TempDir dir;
    const auto map = dir / "cardio.coursemap";
    FileLock holder(map);
    REQUIRE_FALSE(holder.tryLock());
    // Someone rewrites the file under the holder: the lock still says it is held.
    for (const auto& bytes :
        std::vector<std::string> { std::string("{\"pid\":\"1\"}"), std::string("\x01\x02\xff"),
            std::string(R"({"user":"\u001b[2Jroot","host":"<b>x</b>","pid":12,"since":"now"})") }) {
        writeFile(dir / "cardio.coursemap.lock", bytes);
        FileLock other(map);
        std::optional<LockOwner> owner;
        REQUIRE_NOTHROW(owner = other.tryLock());
        REQUIRE(owner);
        CHECK_FALSE(other.locked());
        for (unsigned char c : owner->user + owner->host + owner->since)
            CHECK(c >= 0x20);
    }
}

TEST_CASE("A symbolic link at the mark's place is neither followed nor replaced")
{
    TempDir dir;
    const auto map = dir / "cardio.coursemap";
    writeFile(dir / "victim.txt", "precious");
    std::filesystem::create_symlink(dir / "victim.txt", dir / "cardio.coursemap.lock");
    FileLock lock(map);
    CHECK(lock.tryLock()); // not taken: something odd is there
    CHECK_FALSE(lock.locked());
    CHECK(readFile(dir / "victim.txt") == "precious");
    CHECK(std::filesystem::is_symlink(dir / "cardio.coursemap.lock"));
}

namespace {

// Starts lock helpers, one per argument list, each printing to a file of its own; `whileRunning` is called
// once they are started; returns what each printed once all have ended.
std::vector<std::string> racers(const TempDir& dir, const std::vector<std::vector<std::string>>& args,
    const std::function<void(const std::vector<std::filesystem::path>&)>& whileRunning = {})
{
    std::vector<pid_t> pids;
    std::vector<std::filesystem::path> outputs;
    for (std::size_t i = 0; i < args.size(); ++i) {
        outputs.push_back(dir / ("racer-" + std::to_string(i) + ".txt"));
        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        posix_spawn_file_actions_addopen(
            &actions, 1, outputs.back().c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        std::vector<std::string> storage { COURSEMAP_LOCK_HELPER };
        storage.insert(storage.end(), args[i].begin(), args[i].end());
        std::vector<char*> argv;
        for (auto& s : storage)
            argv.push_back(s.data());
        argv.push_back(nullptr);
        pid_t pid = -1;
        REQUIRE(posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ) == 0);
        posix_spawn_file_actions_destroy(&actions);
        pids.push_back(pid);
    }
    if (whileRunning)
        whileRunning(outputs);
    std::vector<std::string> out;
    for (std::size_t i = 0; i < pids.size(); ++i) {
        int status = 0;
        ::waitpid(pids[i], &status, 0);
        CHECK(WIFEXITED(status));
        out.push_back(readFile(outputs[i]));
    }
    return out;
}

} // namespace

TEST_CASE("Programs racing for a stale mark: exactly one takes it over, every time")
{
    TempDir dir;
    const auto map = dir / "cardio.coursemap";
    char host[256] = {};
    gethostname(host, sizeof host - 1);
    for (int round = 0; round < 20; ++round) {
        INFO("round " << round);
        // Left by a program that is gone (and, as pids are reused, possibly naming a running one).
        writeFile(dir / "cardio.coursemap.lock",
            nlohmann::json { { "user", "someone" }, { "host", host }, { "pid", round % 2 ? 1 : 99999999 },
                { "since", "2026-11-25T06:00:00Z" } }
                .dump());
        const auto go = dir / ("go-" + std::to_string(round));
        const auto stop = dir / ("stop-" + std::to_string(round));
        std::vector<std::vector<std::string>> args(6, { map.string(), "once", go.string(), stop.string() });
        // All go at once; the winner keeps the mark until every one has tried.
        const auto results = racers(dir, args, [&](const std::vector<std::filesystem::path>& outputs) {
            writeFile(go, "");
            const auto answered = [](const std::filesystem::path& o) { return !readFile(o).empty(); };
            for (int i = 0; i < 6000 && !std::all_of(outputs.begin(), outputs.end(), answered); ++i)
                std::this_thread::sleep_for(std::chrono::milliseconds(10));
            writeFile(stop, "");
        });
        int took = 0;
        for (const auto& r : results) {
            INFO(r);
            CHECK((r == "locked\n" || r.starts_with("held ")));
            took += r == "locked\n";
        }
        CHECK(took == 1);
    }
}

TEST_CASE("Programs taking and leaving a mark over and over never hold it at the same time")
{
    TempDir dir;
    const auto map = dir / "cardio.coursemap";
    const auto inside = dir / "inside";
    std::vector<std::vector<std::string>> args(4, { map.string(), "loop", "150", inside.string() });
    for (const auto& r : racers(dir, args)) {
        CHECK(r == "done\n");
    }
    CHECK_FALSE(std::filesystem::exists(dir / "cardio.coursemap.lock"));
}

TEST_CASE("A mark held by a program that is killed is taken over at once")
{
    TempDir dir;
    const auto map = dir / "cardio.coursemap";
    const auto go = dir / "go";
    const auto said = dir / "said.txt";
    writeFile(go, "");
    const auto never = dir / "never";
    std::vector<std::string> storage { COURSEMAP_LOCK_HELPER, map.string(), "once", go.string(),
        never.string() };
    std::vector<char*> argv;
    for (auto& s : storage)
        argv.push_back(s.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, said.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    pid_t pid = -1;
    REQUIRE(posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ) == 0);
    posix_spawn_file_actions_destroy(&actions);
    // Wait until it says it holds the mark (without trying to take it meanwhile).
    for (int i = 0; i < 3000 && readFile(said).empty(); ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    REQUIRE(readFile(said) == "locked\n");
    {
        FileLock probe(map);
        const auto owner = probe.tryLock();
        REQUIRE(owner);
        CHECK(owner->pid == pid);
    }
    ::kill(pid, SIGKILL);
    int status = 0;
    ::waitpid(pid, &status, 0);
    FileLock lock(map);
    CHECK_FALSE(lock.tryLock());
    CHECK(lock.locked());
}
