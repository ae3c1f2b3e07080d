// coursemap-studio [FILE]: the studio, opened on FILE, or else on the map open last time.
#include "MainWindow.h"
#include "Session.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QFileInfo>
#include <QScreen>
#include <QSettings>
#include <QTimer>

#include <spdlog/spdlog.h>

using coursemap::studio::MainWindow;

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    QApplication::setApplicationName("Coursemap Studio");
    QApplication::setOrganizationName("Coursemap");
    QApplication::setApplicationVersion(COURSEMAP_VERSION);
    QApplication::setDesktopFileName("coursemap-studio");
    spdlog::set_level(spdlog::level::warn);

    QCommandLineParser parser;
    parser.setApplicationDescription(QApplication::translate(
        "main", "Coursemap Studio: design outcomes-based courses and check their constructive alignment."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(
        "file", QApplication::translate("main", "The .coursemap file to open."), "[FILE]");
    QCommandLineOption readOnly("read-only", QApplication::translate("main", "Open the map read-only."));
    QCommandLineOption view("view",
        QApplication::translate("main",
            "Start on this tab: details, objectives, activities, assessments, alignment, competencies, "
            "charts, program."),
        "tab");
    QCommandLineOption course(
        "course", QApplication::translate("main", "Start on the course with this code."), "code");
    QCommandLineOption item("item",
        QApplication::translate(
            "main", "Start on this item (its id, as `coursemap check --format json` gives it)."),
        "id");
    QCommandLineOption grab("grab",
        QApplication::translate(
            "main", "Save a picture of the window to this PNG file and quit (for the docs)."),
        "png");
    parser.addOptions({ readOnly, view, course, item, grab });
    parser.process(app);

    MainWindow window;
    const QString file = parser.positionalArguments().value(0);
    if (!file.isEmpty())
        window.openFile(file, parser.isSet(readOnly));
    else
        window.reopenLast();

    if (parser.isSet(course) && window.session())
        for (const auto* c : window.session()->data().courses())
            if (QString::fromStdString(c->code) == parser.value(course))
                window.selectCourse(c->id);
    if (parser.isSet(view)) {
        const QStringList tabs { "details", "objectives", "activities", "assessments", "alignment",
            "competencies", "charts", "program" };
        const int i = tabs.indexOf(parser.value(view));
        if (i < 0) {
            fprintf(stderr, "coursemap-studio: --view must be one of: %s\n", qPrintable(tabs.join(", ")));
            return 2;
        }
        window.showPage(static_cast<MainWindow::Page>(i));
    }
    window.show();
    if (parser.isSet(item))
        window.navigateTo(parser.value(item).toLongLong());

    if (parser.isSet(grab)) {
        const auto out = parser.value(grab);
        QTimer::singleShot(1500, &window, [&window, out] {
            const bool ok = window.grab().save(out, "PNG");
            QApplication::exit(ok ? 0 : 1);
        });
    }
    return QApplication::exec();
}
