// export --format pdf: a course's syllabus or the program's heat map through the render library, on Qt's
// offscreen platform.
#include "Commands.h"

#include "coursemap/Error.h"
#include "coursemap/program/HeatMap.h"
#include "coursemap/render/SyllabusPages.h"
#include "coursemap/syllabus/Syllabus.h"

#include <QGuiApplication>

#include <cstdlib>
#include <iostream>
#include <memory>
#include <sys/stat.h>
#include <unistd.h>

namespace coursemap::cli {

namespace {

// Fonts and layout need a Qt Gui application; a command line never shows a window.
std::unique_ptr<QGuiApplication> offscreenApplication()
{
    setenv("QT_QPA_PLATFORM", "offscreen", 0);
    static int argc = 1;
    static char name[] = "coursemap";
    static char* argv[] = { name, nullptr };
    return std::make_unique<QGuiApplication>(argc, argv);
}

std::string pageCount(int n)
{
    return std::to_string(n) + (n == 1 ? " page" : " pages");
}

// "-", or a name of standard output itself (/dev/stdout, /dev/fd/1).
bool toStandardOutput(const std::string& path)
{
    struct stat out
    {
    }, named {};
    return path.empty() || path == "-"
        || (::fstat(STDOUT_FILENO, &out) == 0 && ::stat(path.c_str(), &named) == 0
            && out.st_dev == named.st_dev && out.st_ino == named.st_ino);
}

// Where to say what was written: standard error when standard output carries the PDF itself.
std::ostream& said(const std::string& path)
{
    return toStandardOutput(path) ? std::cerr : std::cout;
}

std::string where(const std::string& path)
{
    return toStandardOutput(path) ? std::string("standard output") : path;
}

void write(const render::SyllabusPages& pages, const std::string& path, const std::string& map)
{
    const auto bytes = pages.pdf();
    writeOutput(path, std::string_view(bytes.constData(), static_cast<std::size_t>(bytes.size())), map);
}

} // namespace

void exportSyllabusPdf(const DocumentData& data, const std::string& courseCode, const std::string& path,
    bool letter, const SyllabusOptions& options, const std::string& map)
{
    const auto* course = findCourseByCode(data, courseCode);
    if (!course) {
        std::string codes;
        for (const auto* c : data.courses())
            codes += (codes.empty() ? "" : ", ") + c->code;
        throw Error(ErrorCode::InvalidInput,
            "There is no course \"" + courseCode + "\" in this map"
                + (codes.empty() ? "." : "; it has " + codes + "."));
    }
    const auto app = offscreenApplication();
    const render::SyllabusPages pages(
        buildSyllabus(data, course->id, options), letter ? render::Paper::Letter : render::Paper::A4);
    write(pages, path, map);
    said(path) << "Wrote " << where(path) << ": the " << (options.reviewCopy ? "review copy" : "syllabus")
               << " of " << course->code << " on " << pageCount(pages.pageCount()) << ".\n";
}

void exportHeatMapPdf(const DocumentData& data, const std::string& path, bool letter, const std::string& map)
{
    const auto app = offscreenApplication();
    const render::SyllabusPages report(
        heatMapReport(data), letter ? render::Paper::Letter : render::Paper::A4);
    write(report, path, map);
    said(path) << "Wrote " << where(path) << ": the competency heat map on " << pageCount(report.pageCount())
               << ".\n";
}

} // namespace coursemap::cli
