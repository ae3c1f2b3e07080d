// A program on PostgreSQL at school scale, each figure beside a baseline measured in the same run, on the
// cluster the PG* variables name (scripts/bench runs this under pg_virtualenv: a throwaway cluster on this
// computer, reached over the loopback):
//   open the large school from the server      vs opening its file                  target ≤ 2×
//   one durable edit (Document::apply)         vs a bare single-row UPDATE … COMMIT  target ≤ 1.5×
//   8 writers × 1,000 edits at once            throughput, p50/p99 latency, no edit lost
//   an edit visible to another client (the notification socket, then refresh, as the studio's Session does)
//                                              p50/p99 from the writer's acknowledgement  target p99 ≤ 1 s
// Run: scripts/bench (see docs/performance.md); alone: pg_virtualenv build/coursemap_server_bench.
#include "LargeSchool.h"

#include "coursemap/Document.h"
#include "coursemap/storage/PostgresStore.h"

#include <benchmark/benchmark.h>
#include <pqxx/pqxx>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <map>
#include <poll.h>
#include <thread>
#include <unistd.h>

using namespace coursemap;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

std::string env(const char* name)
{
    const char* v = std::getenv(name);
    return v ? v : "";
}

struct School
{
    fs::path dir;
    fs::path file;
    std::string database;
    std::string uri;
    Id edited = NoId;
    std::vector<Id> objectives;
    std::string director; // a course director of the edited objective's course
    std::string directorUri;

    School()
    {
        dir = fs::temp_directory_path() / ("coursemap-server-bench-" + std::to_string(::getpid()));
        fs::create_directories(dir);
        file = dir / "school.coursemap";
        Document::create(file, bench::makeLargeSchool());
        const std::string base
            = "postgresql://" + env("PGHOST") + ":" + (env("PGPORT").empty() ? "5432" : env("PGPORT"));
        database = "coursemap_bench_" + std::to_string(::getpid());
        {
            pqxx::connection admin(base + "/postgres");
            pqxx::nontransaction tx(admin);
            tx.exec("CREATE DATABASE " + tx.quote_name(database));
        }
        uri = base + "/" + database;
        PostgresStore::initialize(uri);
        auto doc = Document::open(file, OpenMode::ReadOnly);
        PostgresStore::publish(uri, "SCHOOL", doc->data(), doc->nextId(), {}, false);
        for (const auto& [id, o] : doc->data().all<Objective>())
            objectives.push_back(id);
        edited = objectives[objectives.size() / 2];
        // A course director of the edited objective's course, as most writers are: row-level security and
        // every check of the server apply to their edits (the administrator's pass through).
        const auto& data = doc->data();
        const auto course = data.get<Course>(data.get<Objective>(edited)->courseId)->code;
        director = "bench_director_" + std::to_string(::getpid());
        PostgresStore::grant(uri, "SCHOOL", director, ServerRole::CourseDirector, course);
        {
            pqxx::connection admin(uri);
            pqxx::nontransaction tx(admin);
            tx.exec("ALTER ROLE " + tx.quote_name(director) + " PASSWORD " + tx.quote(env("PGPASSWORD")));
        }
        directorUri = "postgresql://" + director + "@" + env("PGHOST") + ":"
            + (env("PGPORT").empty() ? "5432" : env("PGPORT")) + "/" + database;
    }
    ~School()
    {
        fs::remove_all(dir);
        try {
            pqxx::connection admin(uri.substr(0, uri.rfind('/')) + "/postgres");
            pqxx::nontransaction tx(admin);
            tx.exec("DROP DATABASE IF EXISTS " + tx.quote_name(database) + " WITH (FORCE)");
            tx.exec("DROP ROLE IF EXISTS " + tx.quote_name(director));
        } catch (const std::exception& e) {
            std::cerr << "could not drop " << database << ": " << e.what() << "\n";
        }
    }
};

School& school()
{
    static School s;
    return s;
}

const std::array<std::string, 2> texts { "Interpret a 12-lead ECG for signs of acute ischaemia.",
    "Understand the electrocardiogram." };

void openFile(benchmark::State& state)
{
    for (auto _ : state) {
        auto doc = Document::open(school().file, OpenMode::ReadOnly);
        benchmark::DoNotOptimize(doc->data().all<Objective>().size());
    }
}

void openServer(benchmark::State& state)
{
    for (auto _ : state) {
        auto doc = Document::openAt(school().uri, "SCHOOL", OpenMode::ReadOnly);
        benchmark::DoNotOptimize(doc->data().all<Objective>().size());
    }
}

// The floor for one edit on the server: one row updated and committed over the same loopback, nothing else.
void bareUpdate(benchmark::State& state)
{
    pqxx::connection c(school().uri);
    const auto key = pqxx::nontransaction(c)
                         .exec1("SELECT key FROM coursemap.programs WHERE code = 'SCHOOL'")[0]
                         .as<std::int64_t>();
    int i = 0;
    for (auto _ : state) {
        pqxx::work tx(c);
        tx.exec_params("UPDATE coursemap.objective SET text = $1 WHERE program_key = $2 AND id = $3",
            texts[static_cast<std::size_t>(i++ % 2)], key, school().edited);
        tx.commit();
    }
}

void durableEdit(benchmark::State& state)
{
    auto doc = Document::openAt(school().uri, "SCHOOL");
    int i = 0;
    for (auto _ : state)
        doc->apply(UpdateField { school().edited, "text", texts[static_cast<std::size_t>(i++ % 2)] });
}

// Keeps each benchmark's median so the ratios can be printed at the end.
class Reporter : public benchmark::ConsoleReporter
{
public:
    Reporter()
        : ConsoleReporter(OO_Tabular)
    { }
    std::map<std::string, double> micros;
    void ReportRuns(const std::vector<Run>& runs) override
    {
        for (const auto& r : runs)
            if (r.run_type == Run::RT_Aggregate && r.aggregate_name == "median" && !r.error_occurred)
                micros[r.run_name.function_name] = r.GetAdjustedRealTime();
        ConsoleReporter::ReportRuns(runs);
    }
};

double percentile(std::vector<double> v, double p)
{
    std::sort(v.begin(), v.end());
    return v.empty() ? 0
                     : v[std::min(v.size() - 1, static_cast<std::size_t>(p * static_cast<double>(v.size())))];
}

double ms(Clock::duration d)
{
    return std::chrono::duration<double, std::milli>(d).count();
}

// Eight writers, each on a connection of its own, each changing objectives of its own 1,000 times (and every
// tenth edit the same shared objective's text, so that they also meet on one record). Returns false when an
// acknowledged edit is missing afterwards.
bool manyWriters()
{
    constexpr int Writers = 8, Edits = 1000;
    std::vector<std::vector<double>> latency(Writers);
    std::vector<std::string> errors(Writers);
    const auto start = Clock::now();
    std::vector<std::thread> threads;
    for (int w = 0; w < Writers; ++w)
        threads.emplace_back([&, w] {
            try {
                auto doc = Document::openAt(school().uri, "SCHOOL");
                doc->setWriter("writer " + std::to_string(w), "coursemap_server_bench");
                for (int i = 0; i < Edits; ++i) {
                    const Id id = school().objectives[static_cast<std::size_t>(w * 10 + i % 10)];
                    const auto t0 = Clock::now();
                    doc->apply(UpdateField {
                        id, "text", "Explain finding " + std::to_string(w) + "." + std::to_string(i) + "." });
                    latency[static_cast<std::size_t>(w)].push_back(ms(Clock::now() - t0));
                }
            } catch (const std::exception& e) {
                errors[static_cast<std::size_t>(w)] = e.what();
            }
        });
    for (auto& t : threads)
        t.join();
    const double seconds = ms(Clock::now() - start) / 1000;
    std::vector<double> all;
    for (const auto& l : latency)
        all.insert(all.end(), l.begin(), l.end());
    // Each writer's last edit of each of its objectives is what the server holds.
    const auto data = Document::openAt(school().uri, "SCHOOL", OpenMode::ReadOnly)->data();
    int lost = 0;
    for (int w = 0; w < Writers; ++w) {
        if (!errors[static_cast<std::size_t>(w)].empty())
            std::cout << "writer " << w << " stopped: " << errors[static_cast<std::size_t>(w)] << "\n";
        for (int k = 0; k < 10; ++k) {
            const int last = Edits - 10 + k;
            const Id id = school().objectives[static_cast<std::size_t>(w * 10 + k)];
            lost += data.get<Objective>(id)->text
                != "Explain finding " + std::to_string(w) + "." + std::to_string(last) + ".";
        }
    }
    std::printf("%-44s %9.0f edits/s  (%zu edits in %.1f s)\n", "8 writers x 1,000 edits: throughput",
        static_cast<double>(all.size()) / seconds, all.size(), seconds);
    std::printf("%-44s %9.2f ms  p99 %.2f ms\n", "  latency of one edit: p50", percentile(all, 0.5),
        percentile(all, 0.99));
    std::printf("%-44s %9d\n", "  acknowledged edits missing afterwards", lost);
    return lost == 0;
}

// One durable edit against the bare UPDATE ... COMMIT, interleaved (and in alternating order), so that both
// see the same moments of a noisy machine: a disk flush that takes three times as long for a few seconds
// slows both. Returns the median latency of each, in microseconds.
std::pair<double, double> pairedEdits(const std::string& address, int pairs)
{
    auto doc = Document::openAt(address, "SCHOOL");
    pqxx::connection c(school().uri);
    const auto key = pqxx::nontransaction(c)
                         .exec1("SELECT key FROM coursemap.programs WHERE code = 'SCHOOL'")[0]
                         .as<std::int64_t>();
    // Not the record the document edits: the bare update must not move it on under the document.
    const Id other = school().objectives[school().objectives.size() / 2 + 1];
    std::vector<double> bare, durable;
    auto timeBare = [&](int i) {
        const auto t0 = Clock::now();
        pqxx::work tx(c);
        tx.exec_params("UPDATE coursemap.objective SET text = $1 WHERE program_key = $2 AND id = $3",
            texts[static_cast<std::size_t>(i % 2)], key, other);
        tx.commit();
        bare.push_back(ms(Clock::now() - t0) * 1000);
    };
    auto timeDurable = [&](int i) {
        const auto t0 = Clock::now();
        doc->apply(UpdateField { school().edited, "text", texts[static_cast<std::size_t>(i % 2)] });
        durable.push_back(ms(Clock::now() - t0) * 1000);
    };
    for (int i = 0; i < pairs; ++i)
        if (i % 2) {
            timeBare(i);
            timeDurable(i);
        } else {
            timeDurable(i);
            timeBare(i);
        }
    return { percentile(durable, 0.5), percentile(bare, 0.5) };
}

// The writer applies an edit; the watcher, waiting on its notification socket as the studio does, reads it.
void visibleElsewhere(std::vector<double>& out)
{
    auto writer = Document::openAt(school().uri, "SCHOOL");
    auto watcher = Document::openAt(school().uri, "SCHOOL", OpenMode::ReadOnly);
    for (int i = 0; i < 200; ++i) {
        std::atomic<bool> seen = false;
        Clock::time_point acknowledged {}, visible {};
        std::thread watch([&] {
            while (!seen) {
                pollfd p { watcher->store().notificationSocket(), POLLIN, 0 };
                if (poll(&p, 1, 1000) > 0 && watcher->store().takeNotifications()
                    && !watcher->refresh().items.empty()) {
                    visible = Clock::now();
                    seen = true;
                }
            }
        });
        writer->apply(UpdateField { school().edited, "text", texts[static_cast<std::size_t>(i % 2)] });
        acknowledged = Clock::now();
        watch.join();
        out.push_back(std::max(0.0, ms(visible - acknowledged))); // seen even before the writer returned: 0
    }
}

} // namespace

BENCHMARK(openFile)->Unit(benchmark::kMicrosecond)->MinTime(2.0)->Repetitions(5);
BENCHMARK(openServer)->Unit(benchmark::kMicrosecond)->MinTime(2.0)->Repetitions(5);
BENCHMARK(bareUpdate)->Unit(benchmark::kMicrosecond)->MinTime(1.0)->Repetitions(5);
BENCHMARK(durableEdit)->Unit(benchmark::kMicrosecond)->MinTime(1.0)->Repetitions(5);

int main(int argc, char** argv)
{
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv))
        return 2;
    if (env("PGHOST").empty()) {
        std::cerr << "coursemap_server_bench needs a PostgreSQL cluster: pg_virtualenv "
                     "build/coursemap_server_bench\n";
        return 2;
    }
    const auto& s = school();
    std::cout << "Large school on " << s.uri << ": " << s.objectives.size() << " objectives; file "
              << fs::file_size(s.file) / (1024 * 1024) << " MiB\n";
    Reporter reporter;
    benchmark::RunSpecifiedBenchmarks(&reporter);
    auto& t = reporter.micros;
    auto line = [&](const char* what, double value, const char* unit, const char* target, bool ok) {
        std::printf("%-44s %9.2f %-3s  target %-10s %s\n", what, value, unit, target, ok ? "met" : "NOT MET");
    };
    std::printf("\nSummary (same run; medians of five repetitions)\n");
    if (t.contains("openServer") && t.contains("openFile"))
        line("open from the server / open the file", t["openServer"] / t["openFile"], "x", "<= 2x",
            t["openServer"] <= 2 * t["openFile"]);
    if (t.contains("durableEdit") && t.contains("bareUpdate"))
        line("durable edit / bare UPDATE ... COMMIT", t["durableEdit"] / t["bareUpdate"], "x", "<= 1.5x",
            t["durableEdit"] <= 1.5 * t["bareUpdate"]);
    for (const auto& [who, address] :
        { std::pair { "administrator", s.uri }, { "course director", s.directorUri } }) {
        const auto [durable, bare] = pairedEdits(address, 3000);
        std::printf("%-44s %9.0f us  bare %.0f us\n",
            ("  interleaved, by the " + std::string(who) + ": p50").c_str(), durable, bare);
        line("  durable / bare, interleaved", durable / bare, "x", "<= 1.5x", durable <= 1.5 * bare);
    }
    const bool kept = manyWriters();
    std::vector<double> visible;
    visibleElsewhere(visible);
    line("edit visible to another client: p50", percentile(visible, 0.5), "ms", "-", true);
    line("  p99", percentile(visible, 0.99), "ms", "<= 1000 ms", percentile(visible, 0.99) <= 1000);
    benchmark::Shutdown();
    return kept ? 0 : 1;
}
