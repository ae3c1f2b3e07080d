// coursemap_import_bench: how `coursemap import-csv` and `coursemap framework import-case` grow with the size
// of what they import. For each size it writes a sheet of N objectives (or a CASE package of N competencies)
// and a small map to import into, runs the real command on them, and reports the wall time and the command's
// peak memory (ru_maxrss of the child, from wait4). A run that takes longer than --timeout is stopped and
// reported as such. Run: build/coursemap_import_bench (see docs/performance.md).
#include "coursemap/Document.h"
#include "coursemap/model/DocumentData.h"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <signal.h>
#include <spawn.h>
#include <sstream>
#include <sys/resource.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

extern char** environ;

using namespace coursemap;
namespace fs = std::filesystem;

namespace {

constexpr Id CourseId = 2;
constexpr int Competencies = 20;

// A program with one course and a framework of 20 competencies (codes C1..C20) for the sheet to map to.
void makeMap(const fs::path& path)
{
    DocumentData data;
    Program p;
    p.id = 1;
    p.name = "Benchmark program";
    data.put(p);
    Course c;
    c.id = CourseId;
    c.code = "BENCH 101";
    c.title = "Benchmark course";
    data.put(c);
    Framework f;
    f.id = 3;
    f.name = "Benchmark framework";
    data.put(f);
    for (int i = 0; i < Competencies; ++i) {
        Competency k;
        k.id = 10 + i;
        k.frameworkId = f.id;
        k.order = i;
        k.code = "C" + std::to_string(i + 1);
        k.title = "Competency " + std::to_string(i + 1);
        data.put(k);
    }
    fs::remove(path);
    Document::create(path, data);
}

void writeSheet(const fs::path& path, long rows)
{
    static const char* verbs[] = { "Describe", "Explain", "Interpret", "Compare", "Demonstrate", "Evaluate" };
    static const char* miller[] = { "knows", "knows how", "shows how", "does" };
    std::ofstream out(path, std::ios::binary);
    out << "Objective,Miller target,Competencies\r\n";
    for (long i = 0; i < rows; ++i)
        out << verbs[i % 6] << " the mechanism of finding " << i << " in the care of patient group " << i % 97
            << "." << ',' << miller[i % 4] << ",C" << (i % Competencies) + 1 << ":R\r\n";
}

// A CASE package of `items` competencies: `fanOut` top-level items, each with `fanOut` children and so on,
// breadth first (fanOut = 0: all at the top level, one flat list).
void writeCase(const fs::path& path, long items, long fanOut)
{
    nlohmann::json cfItems = nlohmann::json::array(), associations = nlohmann::json::array();
    for (long i = 0; i < items; ++i) {
        const auto id = "item-" + std::to_string(i);
        cfItems.push_back({ { "identifier", id }, { "humanCodingScheme", "K" + std::to_string(i) },
            { "fullStatement", "Apply principle " + std::to_string(i) + " to the care of patients." } });
        const long parent = fanOut > 0 && i >= fanOut ? i / fanOut - 1 : -1;
        associations.push_back({ { "associationType", "isChildOf" },
            { "originNodeURI", { { "identifier", id } } },
            { "destinationNodeURI",
                { { "identifier", parent < 0 ? std::string("doc") : "item-" + std::to_string(parent) } } },
            { "sequenceNumber", fanOut > 0 ? i % fanOut : i } });
    }
    const nlohmann::json package { { "CFDocument",
                                       { { "identifier", "doc" },
                                           { "title", "Benchmark framework " + std::to_string(items) },
                                           { "creator", "Coursemap benchmark" } } },
        { "CFItems", std::move(cfItems) }, { "CFAssociations", std::move(associations) } };
    std::ofstream(path, std::ios::binary) << package.dump();
}

// Runs `work` in a child process of its own and waits: the files are written and checked there, so that this
// process stays small. (A child's ru_maxrss starts from its parent's size when it is spawned.)
template <class Work> int inChild(Work work)
{
    std::cout.flush();
    const pid_t pid = ::fork();
    if (pid == 0) {
        int code = 0;
        try {
            code = work();
        } catch (const std::exception& e) {
            std::cerr << e.what() << "\n";
            code = 2;
        }
        std::cout.flush();
        ::_exit(code);
    }
    int status = 0;
    ::waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

struct Run
{
    bool finished = false;
    int exitCode = -1;
    double seconds = 0;
    long peakKiB = 0;
};

Run run(const std::vector<std::string>& args, double timeout)
{
    std::vector<std::string> storage = args;
    std::vector<char*> argv;
    for (auto& s : storage)
        argv.push_back(s.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
    const auto start = std::chrono::steady_clock::now();
    pid_t pid = -1;
    if (posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ) != 0)
        throw std::runtime_error("cannot start " + args[0]);
    posix_spawn_file_actions_destroy(&actions);
    Run r;
    int status = 0;
    rusage usage {};
    for (;;) {
        const pid_t done = ::wait4(pid, &status, WNOHANG, &usage);
        const double elapsed
            = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        if (done == pid) {
            r.finished = true;
            r.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
            r.seconds = elapsed;
            r.peakKiB = usage.ru_maxrss;
            return r;
        }
        if (elapsed > timeout) {
            ::kill(pid, SIGKILL);
            ::wait4(pid, &status, 0, &usage);
            r.seconds = elapsed;
            r.peakKiB = usage.ru_maxrss;
            return r;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(elapsed < 1 ? 2 : 50));
    }
}

std::string figure(const Run& r, double timeout)
{
    std::ostringstream out;
    if (!r.finished)
        out << "did not finish in " << timeout << " s";
    else if (r.exitCode != 0)
        out << "failed (exit " << r.exitCode << ")";
    else
        out << std::fixed << std::setprecision(2) << r.seconds << " s, peak " << std::setprecision(0)
            << r.peakKiB / 1024.0 << " MiB";
    return out.str();
}

} // namespace

int main(int argc, char** argv)
{
    CLI::App app {
        "Time `coursemap import-csv` and `framework import-case` at growing sizes; peak memory from "
        "wait4",
        "coursemap_import_bench"
    };
    std::string coursemap = COURSEMAP_CLI;
    std::vector<long> rows { 10'000, 20'000, 40'000, 1'000'000 };
    std::vector<long> items { 10'000, 100'000 };
    std::vector<long> fanOuts { 0, 30 };
    double timeout = 600;
    std::string folder
        = (fs::temp_directory_path() / ("coursemap-import-bench-" + std::to_string(getpid()))).string();
    app.add_option("--coursemap", coursemap, "The coursemap program to measure")->capture_default_str();
    app.add_option("--rows", rows, "Sheet sizes (objectives)")->capture_default_str();
    app.add_option("--items", items, "CASE package sizes (competencies)")->capture_default_str();
    app.add_option("--fan-out", fanOuts, "CASE trees: children per item; 0 for one flat list")
        ->capture_default_str();
    app.add_option("--timeout", timeout, "Seconds after which a run is stopped")->capture_default_str();
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e);
    }
    fs::create_directories(folder);
    const auto map = fs::path(folder) / "bench.coursemap";
    std::cout << "coursemap: " << coursemap << "\n";
    for (long n : rows) {
        const auto sheet = fs::path(folder) / "sheet.csv";
        inChild([&] {
            writeSheet(sheet, n);
            makeMap(map);
            return 0;
        });
        const auto r = run(
            { coursemap, "import-csv", map.string(), sheet.string(), "--course", "BENCH 101" }, timeout);
        std::cout << "import-csv " << std::setw(9) << n << " rows:  " << figure(r, timeout) << std::endl;
        const auto holdsAll = [&] {
            const auto objectives = Document::open(map, OpenMode::ReadOnly)->data().all<Objective>().size();
            return objectives == static_cast<std::size_t>(n) ? 0 : 1;
        };
        if (r.finished && r.exitCode == 0 && inChild(holdsAll) != 0)
            std::cout << "  but the map does not hold " << n << " objectives\n";
    }
    for (long fan : fanOuts)
        for (long n : items) {
            const auto package = fs::path(folder) / "case.json";
            inChild([&] {
                writeCase(package, n, fan);
                makeMap(map);
                return 0;
            });
            const auto r
                = run({ coursemap, "framework", "import-case", map.string(), package.string() }, timeout);
            std::cout << "import-case " << std::setw(8) << n << " items ("
                      << (fan ? std::to_string(fan) + " children each" : std::string("flat"))
                      << "):  " << figure(r, timeout) << std::endl;
        }
    fs::remove_all(folder);
    return 0;
}
