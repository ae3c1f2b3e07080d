// Speed at school scale, each figure beside a baseline measured in the same run:
//   full check of the large school                     target ≤ 50 ms on one core
//   re-check after one edit                            target ≤ 1 ms
//   open file → model ready   vs a bare SQLite scan    target ≤ 3× the scan
//   one durable edit          vs a bare SQLite commit  target ≤ 1.5× the commit
//   export of the school (open the file, then the AAMC Curriculum Inventory XML with every event's
//   objectives; its verification preview; the objectives CSV; the heat map CSV)       target ≤ 2 s
//   review: keep a named version of the school; read a version back and compare it with now (items, links
//   and both maps' findings), as the Versions dialog does on opening       target ≤ 2 s
// Run: scripts/bench (see docs/performance.md).
#include "LargeSchool.h"

#include "coursemap/Document.h"
#include "coursemap/analysis/Checker.h"
#include "coursemap/analysis/ObjectiveAnalyzer.h"
#include "coursemap/edit/EditPlanner.h"
#include "coursemap/interchange/CsvFormat.h"
#include "coursemap/interchange/CurriculumInventory.h"
#include "coursemap/program/HeatMap.h"
#include "coursemap/review/Diff.h"

#include <SQLiteCpp/SQLiteCpp.h>
#include <benchmark/benchmark.h>

#include <chrono>
#include <filesystem>
#include <iostream>
#include <map>
#include <memory>

using namespace coursemap;
namespace fs = std::filesystem;

namespace {

struct School
{
    fs::path dir;
    fs::path file;
    DocumentData data;

    School()
    {
        dir = fs::temp_directory_path() / ("coursemap-bench-" + std::to_string(::getpid()));
        fs::create_directories(dir);
        file = dir / "school.coursemap";
        Document::create(file, bench::makeLargeSchool());
        // The map as a user has it: opened from its file (the generator's allocation order is not a user's).
        data = Document::open(file, OpenMode::ReadOnly)->data();
    }
    ~School() { fs::remove_all(dir); }
};

School& school()
{
    static School s;
    return s;
}

// The objective edited in the re-check and durable-edit benchmarks, and two texts to alternate.
Id editedObjective(const DocumentData& data)
{
    return std::next(data.all<Objective>().begin(), static_cast<long>(data.all<Objective>().size() / 2))
        ->first;
}
const std::array<std::string, 2> texts { "Interpret a 12-lead ECG for signs of acute ischaemia.",
    "Understand the electrocardiogram." };

void fullCheck(benchmark::State& state)
{
    const auto& data = school().data;
    std::size_t findings = 0;
    for (auto _ : state) {
        // The check is building the checker (every finding computed); freeing it, when the map is closed,
        // is not part of the check and is not timed.
        auto checker = std::make_unique<Checker>(data);
        findings = checker->summary().total();
        benchmark::DoNotOptimize(findings);
        state.PauseTiming();
        checker.reset();
        state.ResumeTiming();
    }
    state.counters["findings"] = static_cast<double>(findings);
    state.counters["objectives"] = static_cast<double>(data.all<Objective>().size());
}

// The objective analyzer alone, on every objective of the school in turn: its cost per objective.
void analyzeObjectives(benchmark::State& state)
{
    std::vector<std::string> texts;
    for (const auto& [id, o] : school().data.all<Objective>())
        texts.push_back(o.text);
    ObjectiveAnalysis a;
    for (auto _ : state) {
        for (const auto& t : texts) {
            analyzeObjective(t, a);
            benchmark::DoNotOptimize(a.status);
        }
    }
    state.counters["per_objective"] = benchmark::Counter(static_cast<double>(texts.size()),
        benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
}

void recheckAfterEdit(benchmark::State& state)
{
    DocumentData data = school().data;
    Checker checker(data);
    const Id id = editedObjective(data);
    Id nextId = data.maxId() + 1;
    int i = 0;
    for (auto _ : state) {
        state.PauseTiming();
        const Edit edit = i % 3 == 2 ? Edit(UnlinkItems { data.linksOf(id).front()->key })
                                     : Edit(UpdateField { id, "text", texts[i % 2] });
        Change change = planEdit(data, edit, nextId);
        change.applyTo(data);
        state.ResumeTiming();
        checker.update(data, change);
        state.PauseTiming();
        if (i % 3 == 2) { // put the link back, outside the timing
            const Change back = change.inverted();
            back.applyTo(data);
            checker.update(data, back);
        }
        ++i;
        state.ResumeTiming();
    }
}

void bareScan(benchmark::State& state)
{
    for (auto _ : state) {
        SQLite::Database db(school().file.string(), SQLite::OPEN_READONLY);
        std::size_t cells = 0;
        for (const char* table : { "program", "framework", "competency", "course", "objective", "activity",
                 "assessment", "comment", "acknowledgement", "link" }) {
            SQLite::Statement q(db, std::string("SELECT * FROM ") + table);
            while (q.executeStep())
                for (int c = 0; c < q.getColumnCount(); ++c) {
                    const auto col = q.getColumn(c);
                    cells += col.isText() ? col.getString().size() : static_cast<std::size_t>(col.getInt64());
                }
        }
        benchmark::DoNotOptimize(cells);
    }
}

void openModel(benchmark::State& state)
{
    for (auto _ : state) {
        auto doc = Document::open(school().file, OpenMode::ReadOnly);
        benchmark::DoNotOptimize(doc->data().all<Objective>().size());
    }
}

void bareCommit(benchmark::State& state)
{
    const auto copy = school().dir / "bare.coursemap";
    fs::copy_file(school().file, copy, fs::copy_options::overwrite_existing);
    SQLite::Database db(copy.string(), SQLite::OPEN_READWRITE);
    db.exec("PRAGMA journal_mode = DELETE");
    db.exec("PRAGMA synchronous = EXTRA");
    const Id id = editedObjective(school().data);
    int i = 0;
    for (auto _ : state) {
        db.exec("BEGIN IMMEDIATE");
        SQLite::Statement update(db, "UPDATE objective SET text = ? WHERE id = ?");
        update.bind(1, texts[i++ % 2]);
        update.bind(2, static_cast<int64_t>(id));
        update.exec();
        db.exec("COMMIT");
    }
}

void durableEdit(benchmark::State& state)
{
    const auto copy = school().dir / "edit.coursemap";
    fs::copy_file(school().file, copy, fs::copy_options::overwrite_existing);
    auto doc = Document::open(copy);
    const Id id = editedObjective(doc->data());
    int i = 0;
    for (auto _ : state)
        doc->apply(UpdateField { id, "text", texts[i++ % 2] });
}

// Following another program: one map open twice; the second changes an objective, the first reads the change
// (revision check, the changed records since, checks, applied in memory). Against the bare commit above.
void followOtherEdit(benchmark::State& state)
{
    const auto copy = school().dir / "follow.coursemap";
    fs::copy_file(school().file, copy, fs::copy_options::overwrite_existing);
    auto reader = Document::open(copy);
    auto writer = Document::open(copy);
    const Id id = editedObjective(writer->data());
    int i = 0;
    for (auto _ : state) {
        state.PauseTiming();
        writer->apply(UpdateField { id, "text", texts[i++ % 2] });
        state.ResumeTiming();
        benchmark::DoNotOptimize(reader->refresh().items.size());
    }
}

// Keeps each benchmark's mean time so the ratios can be printed at the end.
class Reporter : public benchmark::ConsoleReporter
{
public:
    Reporter()
        : ConsoleReporter(OO_Tabular) // plain text: the figures go into docs/performance.md
    { }
    std::map<std::string, double> micros;
    void ReportRuns(const std::vector<Run>& runs) override
    {
        // Each benchmark runs five times; the summary uses the median of the five (the console shows all).
        for (const auto& r : runs)
            if (r.run_type == Run::RT_Aggregate && r.aggregate_name == "median" && !r.error_occurred)
                micros[r.run_name.function_name]
                    = r.GetAdjustedRealTime(); // all benchmarks report microseconds
        ConsoleReporter::ReportRuns(runs);
    }
};

} // namespace

CurriculumInventoryRequest reportRequest()
{
    CurriculumInventoryRequest r;
    r.institutionId = "987";
    r.programId = "5678";
    r.reportingStart = "2026-07-01";
    r.reportingEnd = "2027-06-30";
    r.reportDate = "2027-07-15";
    return r;
}

// From the file on disk to the report in memory, as `coursemap export --format curriculum-inventory` does.
void curriculumInventoryExport(benchmark::State& state)
{
    for (auto _ : state) {
        auto doc = Document::open(school().file, OpenMode::ReadOnly);
        benchmark::DoNotOptimize(exportCurriculumInventory(doc->data(), reportRequest()).xml.size());
    }
}

// The AAMC verification preview of the open school, as the export dialog and `export --preview` show it.
void curriculumInventoryPreviewBench(benchmark::State& state)
{
    for (auto _ : state)
        benchmark::DoNotOptimize(curriculumInventoryPreview(school().data, reportRequest()).missing.size());
}

void objectivesCsvExport(benchmark::State& state)
{
    for (auto _ : state)
        benchmark::DoNotOptimize(objectivesCsv(school().data).size());
}

void heatMapExport(benchmark::State& state)
{
    for (auto _ : state)
        benchmark::DoNotOptimize(heatMapCsv(school().data, computeHeatMap(school().data)).size());
}

// Keeping a version: the whole school as compact JSON, written in 1 MiB parts in one durable transaction.
void saveVersion(benchmark::State& state)
{
    const auto copy = school().dir / "versions.coursemap";
    fs::copy_file(school().file, copy, fs::copy_options::overwrite_existing);
    auto doc = Document::open(copy);
    int i = 0;
    for (auto _ : state)
        doc->saveVersion("Version " + std::to_string(i++), "bench");
}

// Reading the version back (parsed and checked like an import) and comparing it with the map after one edit.
void compareWithVersion(benchmark::State& state)
{
    const auto copy = school().dir / "compare.coursemap";
    fs::copy_file(school().file, copy, fs::copy_options::overwrite_existing);
    auto doc = Document::open(copy);
    doc->saveVersion("Approved", "bench");
    doc->apply(UpdateField { editedObjective(doc->data()), "text", texts[1] });
    for (auto _ : state) {
        const auto diff = diffMaps(doc->version("Approved"), doc->data());
        benchmark::DoNotOptimize(diff.items.size());
    }
}

BENCHMARK(fullCheck)->Unit(benchmark::kMicrosecond)->MinTime(1.0)->Repetitions(5);
BENCHMARK(analyzeObjectives)->Unit(benchmark::kMicrosecond)->MinTime(1.0)->Repetitions(5);
BENCHMARK(recheckAfterEdit)->Unit(benchmark::kMicrosecond)->MinTime(0.5)->Repetitions(5);
BENCHMARK(bareScan)->Unit(benchmark::kMicrosecond)->MinTime(1.0)->Repetitions(5);
BENCHMARK(openModel)->Unit(benchmark::kMicrosecond)->MinTime(1.0)->Repetitions(5);
BENCHMARK(bareCommit)->Unit(benchmark::kMicrosecond)->MinTime(1.0)->Repetitions(5);
BENCHMARK(durableEdit)->Unit(benchmark::kMicrosecond)->MinTime(1.0)->Repetitions(5);
BENCHMARK(followOtherEdit)->Unit(benchmark::kMicrosecond)->MinTime(1.0)->Repetitions(5);
BENCHMARK(curriculumInventoryExport)->Unit(benchmark::kMicrosecond)->MinTime(2.0)->Repetitions(5);
BENCHMARK(curriculumInventoryPreviewBench)->Unit(benchmark::kMicrosecond)->MinTime(1.0)->Repetitions(5);
BENCHMARK(objectivesCsvExport)->Unit(benchmark::kMicrosecond)->MinTime(1.0)->Repetitions(5);
BENCHMARK(heatMapExport)->Unit(benchmark::kMicrosecond)->MinTime(1.0)->Repetitions(5);
BENCHMARK(saveVersion)->Unit(benchmark::kMicrosecond)->MinTime(1.0)->Repetitions(5);
BENCHMARK(compareWithVersion)->Unit(benchmark::kMicrosecond)->MinTime(2.0)->Repetitions(5);

int main(int argc, char** argv)
{
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv))
        return 2;
    {
        // The analyzer's word table is built on first use, once per process.
        const auto start = std::chrono::steady_clock::now();
        benchmark::DoNotOptimize(analyzeObjective("Describe the cardiac cycle.").status);
        const std::chrono::duration<double, std::milli> took = std::chrono::steady_clock::now() - start;
        std::cout << "Objective analyzer ready (first objective, word table built) in " << took.count()
                  << " ms\n";
    }
    const auto& s = school();
    std::cout << "Large school: " << s.data.all<Course>().size() << " courses, "
              << s.data.all<Objective>().size() << " objectives, " << s.data.all<Activity>().size()
              << " activities, " << s.data.all<Assessment>().size() << " assessments, "
              << s.data.all<Competency>().size() << " competencies, " << s.data.links().size()
              << " links; file " << fs::file_size(s.file) / (1024 * 1024) << " MiB\n";
    Reporter reporter;
    benchmark::RunSpecifiedBenchmarks(&reporter);
    auto& t = reporter.micros;
    auto line = [&](const char* what, double value, const char* unit, const char* target, bool ok) {
        std::printf("%-44s %9.2f %-3s  target %-10s %s\n", what, value, unit, target, ok ? "met" : "NOT MET");
    };
    std::printf("\nSummary (same run; medians of five repetitions)\n");
    if (t.contains("fullCheck"))
        line("full check", t["fullCheck"] / 1000, "ms", "<= 50 ms", t["fullCheck"] <= 50'000);
    if (t.contains("recheckAfterEdit"))
        line("re-check after one edit", t["recheckAfterEdit"], "us", "<= 1000 us",
            t["recheckAfterEdit"] <= 1000);
    if (t.contains("openModel") && t.contains("bareScan"))
        line("open → model ready / bare SQLite scan", t["openModel"] / t["bareScan"], "x", "<= 3x",
            t["openModel"] <= 3 * t["bareScan"]);
    if (t.contains("durableEdit") && t.contains("bareCommit"))
        line("durable edit / bare SQLite commit", t["durableEdit"] / t["bareCommit"], "x", "<= 1.5x",
            t["durableEdit"] <= 1.5 * t["bareCommit"]);
    for (const char* name : { "curriculumInventoryExport", "curriculumInventoryPreviewBench",
             "objectivesCsvExport", "heatMapExport" })
        if (t.contains(name) && t.contains("bareScan")) {
            const std::string n = name;
            const auto what = std::string(n == "curriculumInventoryExport" ? "open + Curriculum Inventory XML"
                    : n == "curriculumInventoryPreviewBench"               ? "Curriculum Inventory preview"
                    : n == "objectivesCsvExport"                           ? "objectives CSV (all courses)"
                                                                           : "heat map + its CSV");
            line((what + " (ms)").c_str(), t[name] / 1000, "ms", "<= 2000 ms", t[name] <= 2'000'000);
            line(("  " + what + " / bare scan").c_str(), t[name] / t["bareScan"], "x", "-", true);
        }
    if (t.contains("saveVersion"))
        line("save a named version", t["saveVersion"] / 1000, "ms", "<= 2000 ms",
            t["saveVersion"] <= 2'000'000);
    if (t.contains("compareWithVersion"))
        line("read a version + compare with now", t["compareWithVersion"] / 1000, "ms", "<= 2000 ms",
            t["compareWithVersion"] <= 2'000'000);
    if (t.contains("compareWithVersion") && t.contains("fullCheck"))
        line("  compare / full check", t["compareWithVersion"] / t["fullCheck"], "x", "-", true);
    benchmark::Shutdown();
    return 0;
}
