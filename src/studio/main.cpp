// coursemap-studio [FILE | postgresql://… --program CODE]: the studio, opened on FILE or a program on a
// server, or else on the map open last time.
#include "CsvImportDialog.h"
#include "CurriculumInventoryDialog.h"
#include "FrameworksDialog.h"
#include "MainWindow.h"
#include "ServerDialog.h"
#include "Session.h"
#include "StatusDialog.h"
#include "VersionsDialog.h"

#include "coursemap/Error.h"
#include "coursemap/storage/PostgresStore.h"

#include <QApplication>
#include <QComboBox>
#include <QCommandLineParser>
#include <QDialog>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QScreen>
#include <QSettings>
#include <QTimer>

#include <spdlog/spdlog.h>

#include <cstring>
#include <memory>

using coursemap::studio::CsvImportDialog;
using coursemap::studio::CurriculumInventoryDialog;
using coursemap::studio::FrameworksDialog;
using coursemap::studio::MainWindow;
using coursemap::studio::StatusDialog;
using coursemap::studio::VersionsDialog;

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
    parser.addPositionalArgument("file",
        QApplication::translate(
            "main", "The .coursemap file to open, or a postgresql:// address (with --program)."),
        "[FILE]");
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
    QCommandLineOption dialog("dialog",
        QApplication::translate("main",
            "Open a dialog over the window: frameworks, curriculum-inventory, versions, server (Open from "
            "Server), status[=STATE] (of the course) or csv-import=SHEET.csv (with --grab, the picture is of "
            "the dialog)."),
        "name");
    QCommandLineOption program("program",
        QApplication::translate("main",
            "With a postgresql:// address: the program on the server, by code (needed when it holds more "
            "than one)."),
        "code");
    QCommandLineOption panel("panel",
        QApplication::translate("main", "Bring this side panel to the front: findings or review."), "name");
    parser.addOptions({ readOnly, view, course, item, grab, dialog, program, panel });
    parser.process(app);

    MainWindow window;
    const QString file = parser.positionalArguments().value(0);
    if (coursemap::isServerAddress(file.toStdString()))
        window.openServer(file, parser.value(program), parser.isSet(readOnly));
    else if (!file.isEmpty())
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
    if (parser.value(panel) == "review")
        window.showReview();
    else if (parser.isSet(panel) && parser.value(panel) != "findings") {
        fprintf(stderr, "coursemap-studio: --panel must be findings or review\n");
        return 2;
    }
    window.show();
    if (parser.isSet(item))
        window.navigateTo(parser.value(item).toLongLong());

    QWidget* shown = &window;
    std::unique_ptr<QDialog> opened;
    if (parser.isSet(dialog) && window.session()) {
        const auto name = parser.value(dialog);
        if (name == "frameworks") {
            opened = std::make_unique<FrameworksDialog>(window.session(), &window);
        } else if (name == "curriculum-inventory") {
            opened = std::make_unique<CurriculumInventoryDialog>(window.session(), &window);
        } else if (name == "server") {
            auto server = std::make_unique<coursemap::studio::ServerDialog>(&window);
            if (window.session()->onServer()) {
                // Over a program opened from a server: that server, its programs listed.
                server->addressBox()->setEditText(window.session()->path().section('#', 0, 0));
                server->listPrograms();
            }
            opened = std::move(server);
        } else if (name == "versions") {
            auto versions = std::make_unique<VersionsDialog>(window.session(), &window);
            versions->author = [&window] { return window.author(); };
            versions->openVersion = [&window](const std::string& version) { window.openVersion(version); };
            opened = std::move(versions);
        } else if ((name == "status" || name.startsWith("status="))
            && window.currentCourse() != coursemap::NoId) {
            auto status = std::make_unique<StatusDialog>(window.session(), window.currentCourse(), &window);
            if (const auto state
                = coursemap::parseEnum<coursemap::ReviewStatus>(name.section('=', 1).toStdString()))
                status->choose(*state);
            opened = std::move(status);
        } else if (name.startsWith("csv-import=")) {
            QFile sheet(name.mid(int(std::strlen("csv-import="))));
            if (!sheet.open(QIODevice::ReadOnly)) {
                fprintf(stderr, "coursemap-studio: cannot read %s\n", qPrintable(sheet.fileName()));
                return 2;
            }
            const auto bytes = sheet.readAll();
            try {
                opened = std::make_unique<CsvImportDialog>(window.session(),
                    coursemap::parseCsv(
                        std::string_view(bytes.constData(), static_cast<std::size_t>(bytes.size()))),
                    window.currentCourse(), &window);
            } catch (const coursemap::Error& e) {
                fprintf(stderr, "coursemap-studio: %s\n", e.message().c_str());
                return 2;
            }
        } else {
            fprintf(stderr,
                "coursemap-studio: --dialog must be frameworks, curriculum-inventory, versions, server, "
                "status[=STATE] (with --course) or csv-import=FILE\n");
            return 2;
        }
        opened->show();
        shown = opened.get();
    }

    if (parser.isSet(grab)) {
        const auto out = parser.value(grab);
        QTimer::singleShot(1500, shown, [shown, out] {
            const bool ok = shown->grab().save(out, "PNG");
            QApplication::exit(ok ? 0 : 1);
        });
    }
    return QApplication::exec();
}
