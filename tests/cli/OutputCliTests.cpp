// Where `coursemap export` writes, and what it never destroys: the map it reads (through any path or link), a
// device or pipe, a link planted at a temporary name; a failed export leaves nothing behind; every write to
// standard output is checked.
#include "support/Process.h"
#include "support/TestFiles.h"

#include <catch2/catch.hpp>

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

using namespace coursemap;
using namespace coursemap::test;
namespace fs = std::filesystem;

namespace {

// Every kind of export, each with where its output goes appended.
const std::vector<std::vector<std::string>> exportsOf(const std::string& map)
{
    return {
        { "export", map, "--format", "json", "-o" },
        { "export", map, "--format", "csv", "-o" },
        { "export", map, "--format", "csv", "--content", "heat-map", "-o" },
        { "export", map, "--format", "pdf", "--course", "CARD 210", "-o" },
        { "export", map, "--format", "pdf", "--content", "heat-map", "-o" },
        { "export", map, "--format", "curriculum-inventory", "--institution-id", "987", "--program-id",
            "5678", "--start", "2026-07-01", "--end", "2027-06-30", "-o" },
    };
}

std::vector<std::string> with(std::vector<std::string> args, const std::string& last)
{
    args.push_back(last);
    return args;
}

std::string shellQuoted(const fs::path& p)
{
    return "'" + p.string() + "'";
}

bool isCharacterDevice(const fs::path& p)
{
    struct stat st
    {
    };
    return ::lstat(p.c_str(), &st) == 0 && S_ISCHR(st.st_mode);
}

// A character device like /dev/null or /dev/full (major 1, minor 3 or 7): made in the test's folder when the
// test may (as root), so that a regression replaces a device of its own and never the system's.
fs::path device(const TempDir& dir, const std::string& name, unsigned minor)
{
    if (::geteuid() == 0) {
        const auto path = dir / name;
        REQUIRE(::mknod(path.c_str(), S_IFCHR | 0666, makedev(1, minor)) == 0);
        return path;
    }
    return "/dev/" + name;
}

} // namespace

TEST_CASE("export never writes onto the map it reads, whatever the path, hard link or symbolic link")
{
    TempDir dir;
    const auto map = sampleMap(dir);
    fs::create_directory(dir / "sub");
    fs::create_hard_link(map, dir / "hard.coursemap");
    fs::create_symlink(map, dir / "link.json");
    const auto bytes = readFile(map);
    const std::vector<std::string> sameFile { map, (dir / "sub" / ".." / "sample.coursemap").string(),
        (dir / "hard.coursemap").string(), (dir / "link.json").string() };
    for (const auto& args : exportsOf(map))
        for (const auto& target : sameFile) {
            INFO(args[3] << " " << args[4] << " -o " << target);
            const auto r = runCli(with(args, target));
            CHECK(r.exitCode == 2);
            CHECK_THAT(
                r.err, Catch::Contains("is the same file as") && Catch::Contains("Choose another file"));
            CHECK(readFile(map) == bytes);
        }
    CHECK(fs::is_symlink(dir / "link.json"));
    // Appending to the map through the shell is refused too.
    const auto out = shell("'" COURSEMAP_CLI "' export " + shellQuoted(map) + " >> " + shellQuoted(map)
        + " 2> " + shellQuoted(dir / "err.txt") + "; echo \"exit $?\"");
    CHECK_THAT(out, Catch::Contains("exit 2"));
    CHECK_THAT(readFile(dir / "err.txt"), Catch::Contains("Standard output is the course map"));
    CHECK(readFile(map) == bytes);
    CHECK(integrityCheck(map) == "ok");
}

TEST_CASE("export to a device or a pipe writes to it and never replaces it with a file")
{
    TempDir dir;
    const auto map = sampleMap(dir);
    const auto null = device(dir, "null", 3);
    for (const auto& args : exportsOf(map)) {
        INFO(args[3] << " " << args[4]);
        CHECK(runCli(with(args, null.string())).exitCode == 0);
        CHECK(isCharacterDevice(null));
    }

    // A full device: the write fails, the export says so, the device stays.
    const auto full = device(dir, "full", 7);
    for (const auto& args : exportsOf(map)) {
        INFO(args[3] << " " << args[4]);
        const auto r = runCli(with(args, full.string()));
        CHECK(r.exitCode == 2);
        CHECK_THAT(r.err, Catch::Contains("Cannot write") && Catch::Contains("disk is full"));
        CHECK(isCharacterDevice(full));
    }

    // A named pipe: read by another program while the export writes.
    const auto fifo = dir / "pipe";
    REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
    // (timeout: if the pipe were replaced by a file, the reader would otherwise wait for ever)
    const auto out = shell("timeout 30 cat " + shellQuoted(fifo) + " > " + shellQuoted(dir / "read.json")
        + " & '" COURSEMAP_CLI "' export " + shellQuoted(map) + " -o " + shellQuoted(fifo)
        + "; echo \"exit $?\"; wait");
    CHECK_THAT(out, Catch::Contains("exit 0"));
    CHECK(readFile(dir / "read.json") == sampleJson());
    struct stat st
    {
    };
    REQUIRE(::lstat(fifo.c_str(), &st) == 0);
    CHECK(S_ISFIFO(st.st_mode));

    // A name of standard output, as /dev/stdout is (a link of the test's own, so that a regression replaces
    // nothing of the system's), and - : standard output.
    const auto stdoutLink = (dir / "stdout").string();
    fs::create_symlink("/proc/self/fd/1", stdoutLink);
    CHECK(runCli({ "export", map, "-o", stdoutLink }).out == sampleJson());
    CHECK(runCli({ "export", map, "-o", "-" }).out == sampleJson());
    const auto pdf = runCli({ "export", map, "--format", "pdf", "--course", "CARD 210", "-o", "-" });
    CHECK(pdf.exitCode == 0);
    CHECK(pdf.out.starts_with("%PDF-"));
    CHECK_THAT(pdf.err, Catch::Contains("Wrote standard output"));
    const auto named = runCli({ "export", map, "--format", "pdf", "--course", "CARD 210", "-o", stdoutLink });
    CHECK(named.out.starts_with("%PDF-"));
    CHECK(named.out.find("Wrote") == std::string::npos); // the message is not appended to the PDF

    // A folder is refused, and stays a folder.
    fs::create_directory(dir / "folder");
    const auto r = runCli({ "export", map, "-o", (dir / "folder").string() });
    CHECK(r.exitCode == 2);
    CHECK_THAT(r.err, Catch::Contains("is a folder"));
    CHECK(fs::is_directory(dir / "folder"));
}

TEST_CASE("export follows a symbolic link to the file it points at and keeps the link")
{
    TempDir dir;
    const auto map = sampleMap(dir);
    fs::create_directory(dir / "shared");
    writeFile(dir / "shared" / "report.json", "old");
    fs::permissions(dir / "shared" / "report.json", fs::perms::owner_read | fs::perms::owner_write);
    fs::create_symlink(dir / "shared" / "report.json", dir / "report.json");
    REQUIRE(runCli({ "export", map, "-o", (dir / "report.json").string() }).exitCode == 0);
    CHECK(fs::is_symlink(dir / "report.json"));
    CHECK(readFile(dir / "shared" / "report.json") == sampleJson());
    // The replaced file keeps its permissions.
    CHECK(fs::status(dir / "shared" / "report.json").permissions()
        == (fs::perms::owner_read | fs::perms::owner_write));

    // A link to nothing is refused: where to write would be a guess.
    fs::create_symlink(dir / "nowhere" / "x.json", dir / "dangling.json");
    const auto r = runCli({ "export", map, "-o", (dir / "dangling.json").string() });
    CHECK(r.exitCode == 2);
    CHECK_THAT(r.err, Catch::Contains("symbolic link that leads to no file"));
    CHECK_FALSE(fs::exists(dir / "nowhere"));
}

TEST_CASE("a symbolic link planted at the temporary name is left alone, and so is what it points at")
{
    TempDir dir;
    const auto map = sampleMap(dir);
    writeFile(dir / "victim.txt", "precious");
    // Where the temporary used to be: OUT.part, a name anyone could guess.
    fs::create_symlink(dir / "victim.txt", dir / "out.csv.part");
    for (const auto& args : exportsOf(map)) {
        INFO(args[3] << " " << args[4]);
        REQUIRE(runCli(with(args, (dir / "out.csv").string())).exitCode == 0);
        CHECK(readFile(dir / "victim.txt") == "precious");
        CHECK(fs::is_symlink(dir / "out.csv.part"));
        CHECK(fs::is_regular_file(fs::symlink_status(dir / "out.csv")));
    }
    // Nothing else is left in the folder: the sample, the planted link, its victim and the export.
    CHECK(std::distance(fs::directory_iterator(dir.path()), {}) == 4);
}

TEST_CASE("a failed export leaves no temporary and no half file, and the file it would replace as it was")
{
    TempDir dir;
    const auto map = sampleMap(dir);
    writeFile(dir / "old.json", "the export of last week");
    for (const auto& args : exportsOf(map))
        for (const std::string& target : std::vector<std::string> { "new.out", "old.json" }) {
            INFO(args[3] << " " << args[4] << " -o " << target);
            // A full disk: a file-size limit of 0, with SIGXFSZ ignored so that every write fails.
            std::string command = "ulimit -f 0; trap '' XFSZ; exec '" COURSEMAP_CLI "'";
            for (const auto& a : with(args, (dir / target).string()))
                command += " '" + a + "'";
            const auto out = shell("bash -c \"" + command + "\" 2>&1; echo \"exit $?\"");
            INFO(out);
            CHECK_THAT(out, Catch::Contains("exit 2") && Catch::Contains("Cannot write"));
            CHECK_FALSE(fs::exists(dir / "new.out"));
            CHECK(readFile(dir / "old.json") == "the export of last week");
            std::vector<std::string> names;
            for (const auto& entry : fs::directory_iterator(dir.path()))
                names.push_back(entry.path().filename().string());
            CHECK(names.size() == 2); // sample.coursemap and old.json: no temporary
        }
}

TEST_CASE("every write to standard output is checked: a full disk fails the command with a message")
{
    TempDir dir;
    const auto map = sampleMap(dir);
    for (const std::string& args : std::vector<std::string> { "export " + shellQuoted(map),
             "export " + shellQuoted(map) + " --format csv", "export " + shellQuoted(map) + " -o -",
             "check " + shellQuoted(map), "stats " + shellQuoted(map), "heat-map " + shellQuoted(map),
             "comment list " + shellQuoted(map), "version list " + shellQuoted(map), "rules",
             "framework list", "--help" }) {
        INFO(args);
        const auto out = shell("'" COURSEMAP_CLI "' " + args + " > /dev/full 2> "
            + shellQuoted(dir / "err.txt") + "; echo \"exit $?\"");
        CHECK_THAT(out, Catch::Contains("exit 2"));
        CHECK_THAT(readFile(dir / "err.txt"), Catch::Contains("standard output") && Catch::Contains("full"));
    }
    // apply stops at the first acknowledgement it cannot print, after saving that edit.
    const auto out
        = shell("printf '%s\\n' '{\"op\":\"update\",\"id\":203,\"field\":\"text\",\"value\":\"Explain "
                "it.\"}' '{\"op\":\"update\",\"id\":204,\"field\":\"text\",\"value\":\"Explain "
                "more.\"}' | '" COURSEMAP_CLI "' apply "
            + shellQuoted(map) + " - > /dev/full 2> " + shellQuoted(dir / "err.txt") + "; echo \"exit $?\"");
    CHECK_THAT(out, Catch::Contains("exit 2"));
    CHECK_THAT(readFile(dir / "err.txt"), Catch::Contains("1 edit(s) were saved"));
    const auto data = Document::open(map, OpenMode::ReadOnly)->data();
    CHECK(data.get<Objective>(203)->text == "Explain it.");
    CHECK(data.get<Objective>(204)->text != "Explain more.");
}

TEST_CASE("export and import never write to the names of the files kept beside a map, there or not")
{
    TempDir dir;
    const auto map = sampleMap(dir);
    fs::create_symlink(map, dir / "link.coursemap");
    const auto bytes = readFile(map);
    const auto json = dir / "map.json";
    REQUIRE(runCli({ "export", map, "--format", "json", "-o", json.string() }).exitCode == 0);
    for (const std::string suffix : { "-journal", "-wal", "-shm", ".lock" }) {
        const auto side = map + suffix;
        INFO(side);
        for (const auto& args : exportsOf(map)) {
            const auto r = runCli(with(args, side));
            CHECK(r.exitCode == 2);
            CHECK_THAT(r.err, Catch::Contains("kept beside the course map"));
            CHECK_FALSE(fs::exists(side));
        }
        // Read through a link, the side files are still the real map's; a relative name is the same name.
        CHECK(runCli({ "export", (dir / "link.coursemap").string(), "--format", "json", "-o", side }).exitCode
            == 2);
        const auto relative = shell("cd " + shellQuoted(dir.path())
            + " && '" COURSEMAP_CLI "' export sample.coursemap --format json -o sample.coursemap" + suffix
            + " 2>&1; echo \"exit $?\"");
        CHECK_THAT(relative, Catch::Contains("kept beside the course map") && Catch::Contains("exit 2"));
        const auto imported = runCli({ "import", json.string(), side });
        CHECK(imported.exitCode == 2);
        CHECK_THAT(imported.err, Catch::Contains("kept beside the course map"));
        CHECK_FALSE(fs::exists(side));
        // Standard output redirected to one of them.
        const auto out = shell("'" COURSEMAP_CLI "' export " + shellQuoted(map) + " --format json > "
            + shellQuoted(side) + " 2> " + shellQuoted(dir / "err.txt") + "; echo \"exit $?\"");
        CHECK_THAT(out, Catch::Contains("exit 2"));
        CHECK_THAT(readFile(dir / "err.txt"), Catch::Contains("kept beside the course map"));
        CHECK(fs::file_size(side) == 0);
        fs::remove(side);
        CHECK(readFile(map) == bytes);
    }
    const auto check = runCli({ "check", map });
    CHECK(check.exitCode != 2);
    CHECK(readFile(map) == bytes);
    CHECK(integrityCheck(map) == "ok");
}
