// export --format pdf: a course's syllabus through the render library, on Qt's offscreen platform.
#include "Commands.h"

#include "coursemap/Error.h"
#include "coursemap/render/SyllabusPages.h"
#include "coursemap/syllabus/Syllabus.h"

#include <QGuiApplication>

#include <cstdlib>
#include <iostream>

namespace coursemap::cli {

void exportSyllabusPdf(const DocumentData& data, const std::string& courseCode, const std::string& path,
    bool letter, bool alignmentSummary)
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
    // Fonts and layout need a Qt Gui application; a command line never shows a window.
    setenv("QT_QPA_PLATFORM", "offscreen", 0);
    static int argc = 1;
    static char name[] = "coursemap";
    static char* argv[] = { name, nullptr };
    QGuiApplication app(argc, argv);
    SyllabusOptions options;
    options.alignmentSummary = alignmentSummary;
    const render::SyllabusPages pages(
        buildSyllabus(data, course->id, options), letter ? render::Paper::Letter : render::Paper::A4);
    pages.writePdf(QString::fromStdString(path));
    std::cout << "Wrote " << path << ": the syllabus of " << course->code << " on " << pages.pageCount()
              << " page" << (pages.pageCount() == 1 ? "" : "s") << ".\n";
}

} // namespace coursemap::cli
