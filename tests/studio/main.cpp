// The studio tests run in one QApplication on the offscreen platform, with settings of their own, so that
// they need no screen and never touch a user's recent files or window layout.
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>

#include <QApplication>
#include <QTemporaryDir>

#include <cstdlib>

int main(int argc, char** argv)
{
    setenv("QT_QPA_PLATFORM", "offscreen", 0);
    // Settings in a folder of this process's own: tests run in parallel and must not share recent files.
    QTemporaryDir config;
    setenv("XDG_CONFIG_HOME", config.path().toLocal8Bit().constData(), 1);
    QApplication app(argc, argv);
    QApplication::setOrganizationName("CoursemapTests");
    QApplication::setApplicationName("Coursemap Studio Tests");
    return Catch::Session().run(argc, argv);
}
