#include "support/TestFiles.h"

#include "coursemap/storage/FileLock.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <unistd.h>

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
