// `coursemap apply` killed with SIGKILL at random moments: after each kill the file is intact and every
// edit acknowledged with "ok N" is in it. Edits are atomic, so what is present is exactly a prefix.
#include "support/Process.h"
#include "support/TestFiles.h"

#include "coursemap/Document.h"
#include "coursemap/Error.h"

#include <catch2/catch.hpp>

#include <array>
#include <chrono>
#include <cstdlib>
#include <memory>
#include <random>
#include <signal.h>
#include <sstream>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

using namespace coursemap;
using namespace coursemap::test;

namespace {
constexpr Id FirstId = 100000;

int trials()
{
    // The long job sets COURSEMAP_CRASH_TRIALS (e.g. 200); CI runs the default.
    if (const char* n = std::getenv("COURSEMAP_CRASH_TRIALS"))
        return std::max(1, std::atoi(n));
#if defined(__SANITIZE_ADDRESS__)
    return 8; // each process runs several times slower under the sanitizers: fewer trials, the same moves
#else
    return 50;
#endif
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
    int interrupted = 0;
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

        // Read-only first, as `coursemap stats` would open it right after a crash: it reads the map, or, when
        // the kill left a change half-written, says so and changes nothing (a read never plays a journal).
        std::unique_ptr<Document> doc;
        const auto bytes = readFile(path);
        try {
            doc = Document::open(path, OpenMode::ReadOnly);
        } catch (const Error& e) {
            REQUIRE(e.code() == ErrorCode::Interrupted);
            CHECK(readFile(path) == bytes);
            CHECK(std::filesystem::exists(path.string() + "-journal"));
            ++interrupted;
            doc = Document::open(path); // opening to edit rolls the half-written change back
        }
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
    WARN(interrupted << " of " << trials() << " kills left a change half-written");
}

TEST_CASE("two programs applying edits to one file at once never corrupt it or lose an acknowledged edit")
{
    TempDir dir;
    const auto path = dir / "map.coursemap";
    openSample(path).reset();
    const int perWriter = 150;
    std::vector<std::unique_ptr<RunningCli>> writers;
    for (int w = 0; w < 2; ++w) {
        std::string batch;
        for (int i = 0; i < perWriter; ++i) {
            const Id id = FirstId + w * 10'000 + i;
            batch += R"({"op":"add","kind":"objective","id":)" + std::to_string(id)
                + R"(,"fields":{"course_id":200,"text":"Writer )" + std::to_string(w) + " objective "
                + std::to_string(i)
                + R"("}})"
                  "\n";
        }
        const auto edits = dir / ("edits" + std::to_string(w) + ".jsonl");
        writeFile(edits, batch);
        writers.push_back(std::make_unique<RunningCli>(
            std::vector<std::string> { "apply", path.string(), edits.string() }));
    }
    std::array<int, 2> acknowledged {};
    for (int w = 0; w < 2; ++w) {
        std::string line;
        while (writers[w]->readLine(line))
            if (line.rfind("ok ", 0) == 0)
                acknowledged[static_cast<std::size_t>(w)] = std::stoi(line.substr(3));
        writers[w]->wait();
    }
    REQUIRE(integrityCheck(path) == "ok");
    const auto data = Document::open(path, OpenMode::ReadOnly)->data();
    for (int w = 0; w < 2; ++w) {
        INFO("writer " << w << " acknowledged " << acknowledged[static_cast<std::size_t>(w)]);
        // Each writer waits its turn for the file (or, kept waiting too long, stops with "busy"); every edit
        // it acknowledged is there.
        for (int i = 0; i < acknowledged[static_cast<std::size_t>(w)]; ++i)
            CHECK(data.get<Objective>(FirstId + w * 10'000 + i));
    }
    CHECK(acknowledged[0] + acknowledged[1] > 0);
}

TEST_CASE("an edit that does not fit on the disk is reported, and every edit saved before it stays")
{
    // A full disk, simulated for one process: a file-size limit (ulimit -f), with SIGXFSZ ignored so the
    // write fails with an error instead of killing the program.
    TempDir dir;
    const auto path = dir / "map.coursemap";
    openSample(path).reset();
    const auto before = std::filesystem::file_size(path);
    std::string batch;
    const std::string filler(3'000, 'x');
    for (int i = 0; i < 400; ++i)
        batch += R"({"op":"add","kind":"objective","id":)" + std::to_string(FirstId + i)
            + R"(,"fields":{"course_id":200,"text":"Describe finding )" + std::to_string(i) + " " + filler
            + R"(."}})" + "\n";
    const auto edits = dir / "edits.jsonl";
    writeFile(edits, batch);
    const auto limitKiB = before / 1024 + 256;
    const auto out = shell("bash -c \"ulimit -f " + std::to_string(limitKiB)
        + "; trap '' XFSZ; exec '" COURSEMAP_CLI "' apply '" + path.string() + "' '" + edits.string()
        + "'\" 2>&1; echo \"exit $?\"");
    INFO(out);
    CHECK_THAT(out, Catch::Contains("exit 2"));
    CHECK_THAT(out, Catch::Contains("disk is full") || Catch::Contains("could not read or write"));
    int acknowledged = 0;
    for (std::size_t at = 0; (at = out.find("ok ", at)) != std::string::npos; at += 3)
        acknowledged = std::max(acknowledged, std::atoi(out.c_str() + at + 3));
    CHECK(acknowledged > 10); // some fitted
    CHECK(acknowledged < 400); // and then the disk was full

    // Opened again with room to spare: intact, every acknowledged edit there, the refused one not.
    REQUIRE(integrityCheck(path) == "ok");
    const auto data = Document::open(path, OpenMode::ReadOnly)->data();
    for (int i = 0; i < acknowledged; ++i)
        CHECK(data.get<Objective>(FirstId + i));
    CHECK_FALSE(data.get<Objective>(FirstId + acknowledged));
}

TEST_CASE("an edit to a map the user may not change is refused with a message, and the file stays as it was")
{
    namespace fs = std::filesystem;
    TempDir dir;
    const auto path = dir / "map.coursemap";
    openSample(path).reset();
    const auto edits = dir / "edit.jsonl";
    writeFile(edits,
        R"({"op":"update","id":203,"field":"text","value":"Explain heart failure."})"
        "\n");
    const auto bytes = readFile(path);
    const auto readable = fs::perms::owner_read | fs::perms::group_read | fs::perms::others_read;
    const auto listable = readable | fs::perms::owner_exec | fs::perms::group_exec | fs::perms::others_exec;
    std::string prefix;
    if (::geteuid() == 0) {
        // Root may write anywhere: the command runs as nobody, who may read the map but not change it.
        fs::permissions(dir.path(), listable | fs::perms::owner_write);
        fs::permissions(path, readable | fs::perms::owner_write);
        prefix = "setpriv --reuid=65534 --regid=65534 --clear-groups ";
    } else {
        // A read-only file in a read-only folder.
        fs::permissions(path, readable);
        fs::permissions(dir.path(), listable);
    }
    const auto out = shell(prefix + "'" COURSEMAP_CLI "' apply '" + path.string() + "' '" + edits.string()
        + "' 2>&1; echo \"exit $?\"");
    fs::permissions(dir.path(), fs::perms::owner_all);
    fs::permissions(path, fs::perms::owner_read | fs::perms::owner_write);
    INFO(out);
    CHECK_THAT(out, Catch::Contains("exit 2"));
    CHECK_THAT(out, Catch::Contains("read-only") && Catch::Contains("Save As"));
    CHECK(readFile(path) == bytes);
    CHECK(integrityCheck(path) == "ok");
}

TEST_CASE("an acknowledged edit is on disk, folder included, before \"ok N\" is printed")
{
    // With a rollback journal, a commit ends by deleting the journal; until the folder is synced, a power cut
    // can bring the journal back and the next open rolls the acknowledged edit away. The system calls of
    // `coursemap apply` show the order: the journal deleted, the folder opened and synced, then "ok 1".
    if (shell("command -v strace").empty())
        FAIL("strace is missing: scripts/install-deps installs it");
    TempDir dir;
    const auto path = dir / "map.coursemap";
    openSample(path).reset();
    const auto edits = dir / "edit.jsonl";
    writeFile(edits,
        R"({"op":"update","id":203,"field":"text","value":"Interpret a 12-lead ECG."})"
        "\n");
    const auto trace = dir / "trace.txt";
    shell("strace -f -qq -e trace=openat,unlink,fsync,fdatasync,write -o '" + trace.string()
        + "' '" COURSEMAP_CLI "' apply '" + path.string() + "' '" + edits.string() + "' >/dev/null 2>&1");
    const auto lines = [&] {
        std::vector<std::string> out;
        std::istringstream in(readFile(trace));
        for (std::string line; std::getline(in, line);)
            out.push_back(line);
        return out;
    }();
    REQUIRE_FALSE(lines.empty());
    const auto at = [&](auto predicate, std::size_t from) {
        for (std::size_t i = from; i < lines.size(); ++i)
            if (predicate(lines[i]))
                return i;
        return lines.size();
    };
    const std::string folder = dir.path().string();
    const auto unlinked = at(
        [&](const std::string& l) {
            return l.find("unlink(\"" + path.string() + "-journal\")") != std::string::npos;
        },
        0);
    const auto ok
        = at([](const std::string& l) { return l.find("write(1, \"ok 1") != std::string::npos; }, 0);
    INFO(readFile(trace));
    REQUIRE(unlinked < lines.size());
    REQUIRE(ok < lines.size());
    CHECK(unlinked < ok);
    // The folder opened after the deletion, and that descriptor synced, before "ok 1".
    const auto opened = at(
        [&](const std::string& l) {
            return l.find("openat(AT_FDCWD, \"" + folder + "\",") != std::string::npos;
        },
        unlinked);
    REQUIRE(opened < ok);
    const auto fd = lines[opened].substr(lines[opened].rfind("= ") + 2);
    const auto synced = at(
        [&](const std::string& l) {
            return l.find("fsync(" + fd + ")") != std::string::npos
                || l.find("fdatasync(" + fd + ")") != std::string::npos;
        },
        opened);
    CHECK(synced < ok);
}
