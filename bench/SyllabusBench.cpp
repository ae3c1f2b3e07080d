// Exporting a 60-objective course's syllabus to PDF, against LibreOffice (headless) converting the same
// content, written as HTML, to PDF — both measured in this run. Medians of several runs; LibreOffice is
// warmed up first (its first start builds a profile) so that only conversions are compared.
//   coursemap_syllabus_bench            (needs soffice: apt-get install libreoffice-writer-nogui)
// PHASES=1 also prints the time of each step (build, lay out, write); KEEP_HTML=FILE keeps the HTML given to
// LibreOffice.
#include "LargeSchool.h"

#include "coursemap/render/SyllabusPages.h"
#include "coursemap/syllabus/Syllabus.h"

#include <QElapsedTimer>
#include <QFile>
#include <QGuiApplication>
#include <QProcess>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>
#include <vector>

using namespace coursemap;

namespace {

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

// One course of the large school cut down to a typical size: 60 objectives, 40 sessions, 8 assessments, with
// the links among them and to the competencies.
DocumentData typicalCourse()
{
    const auto school = bench::makeLargeSchool(7, 0.01);
    DocumentData out;
    out.put(school.program());
    for (const auto& [id, f] : school.all<Framework>())
        out.put(f);
    for (const auto& [id, c] : school.all<Competency>())
        out.put(c);
    const auto* course = school.courses().front();
    out.put(*course);
    auto take = [&](const auto& items, std::size_t n) {
        for (std::size_t i = 0; i < items.size() && i < n; ++i)
            out.put(*items[i]);
    };
    take(school.objectivesOf(course->id), 60);
    take(school.activitiesOf(course->id), 40);
    take(school.assessmentsOf(course->id), 8);
    for (const auto& [key, link] : school.links())
        if (out.contains(key.objectiveId) && out.contains(key.targetId))
            out.putLink(link);
    return out;
}

} // namespace

int main(int argc, char** argv)
{
    setenv("QT_QPA_PLATFORM", "offscreen", 0);
    QGuiApplication app(argc, argv);
    QTemporaryDir dir;
    const auto data = typicalCourse();
    const Id course = data.courses().front()->id;
    std::printf("Course: %zu objectives, %zu activities, %zu assessments\n", data.objectivesOf(course).size(),
        data.activitiesOf(course).size(), data.assessmentsOf(course).size());

    constexpr int Runs = 9;
    if (getenv("PHASES")) {
        for (int i = 0; i < 3; ++i) {
            QElapsedTimer t;
            t.start();
            const auto syllabus = buildSyllabus(data, course);
            const auto a = t.nsecsElapsed();
            const render::SyllabusPages layout(syllabus, render::Paper::A4);
            const auto b = t.nsecsElapsed();
            layout.writePdf(dir.filePath("syllabus.pdf"));
            const auto c = t.nsecsElapsed();
            std::printf("build %.1f  layout %.1f  pdf %.1f ms\n", a / 1e6, (b - a) / 1e6, (c - b) / 1e6);
        }
    }
    std::vector<double> ours;
    int pages = 0;
    for (int i = 0; i < Runs; ++i) {
        QElapsedTimer t;
        t.start();
        const render::SyllabusPages layout(buildSyllabus(data, course), render::Paper::A4);
        layout.writePdf(dir.filePath("syllabus.pdf"));
        ours.push_back(static_cast<double>(t.nsecsElapsed()) / 1e6);
        pages = layout.pageCount();
    }
    std::printf(
        "%-52s %9.1f ms  (%d pages)\n", "coursemap: build + lay out + write PDF", median(ours), pages);

    // The same content as an HTML file for LibreOffice.
    const auto s = buildSyllabus(data, course);
    QFile html(dir.filePath("syllabus.html"));
    if (!html.open(QIODevice::WriteOnly))
        return 1;
    html.write(("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>" + escapeHtml(s.title)
        + "</title></head><body>" + s.html + "</body></html>")
                   .c_str());
    html.close();
    if (getenv("KEEP_HTML"))
        QFile::copy(html.fileName(), getenv("KEEP_HTML"));
    const QString profile = "-env:UserInstallation=file://" + dir.filePath("lo-profile");
    const QStringList args { profile, "--headless", "--convert-to", "pdf:writer_web_pdf_Export", "--outdir",
        dir.filePath("lo"), html.fileName() };
    auto convert = [&]() -> double {
        QProcess p;
        QElapsedTimer t;
        t.start();
        p.start("soffice", args);
        if (!p.waitForFinished(300'000) || p.exitCode() != 0
            || !QFile::exists(dir.filePath("lo/syllabus.pdf")))
            return -1;
        return static_cast<double>(t.nsecsElapsed()) / 1e6;
    };
    if (convert() < 0) { // warm-up, and the check that LibreOffice is there
        std::printf(
            "LibreOffice (soffice) is not installed or failed: apt-get install libreoffice-writer-nogui\n");
        return 0;
    }
    std::vector<double> theirs;
    for (int i = 0; i < 3; ++i)
        theirs.push_back(convert());
    std::printf("%-52s %9.1f ms\n", "LibreOffice headless: HTML -> PDF (warm profile)", median(theirs));
    std::printf("%-52s %9.1fx  target >= 10x  %s\n", "ratio (same run)", median(theirs) / median(ours),
        median(theirs) / median(ours) >= 10 ? "met" : "NOT met");
    return 0;
}
