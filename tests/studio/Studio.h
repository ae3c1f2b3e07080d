// The studio under test: a copy of the bundled sample in a fresh folder and a main window open on it, with
// the window's questions answered and its error messages collected.
#pragma once

#include "support/TestFiles.h"

#include "MainWindow.h"
#include "Session.h"

#include "coursemap/Document.h"

#include <catch2/catch.hpp>

#include <QApplication>
#include <QMouseEvent>
#include <QSettings>
#include <QTest>

namespace coursemap::test {

using studio::MainWindow;

// A copy of the bundled sample in a fresh folder, and a studio window open on it.
struct Studio
{
    TempDir dir;
    std::filesystem::path file = dir / "md-program.coursemap";
    std::unique_ptr<MainWindow> window;
    QStringList errors;

    Studio()
    {
        QSettings().clear();
        openSample(file).reset();
        window = makeWindow();
        REQUIRE(window->openFile(QString::fromStdString(file.string())));
        window->show();
        REQUIRE(QTest::qWaitForWindowExposed(window.get()));
        QApplication::setActiveWindow(window.get());
    }

    std::unique_ptr<MainWindow> makeWindow()
    {
        auto w = std::make_unique<MainWindow>();
        w->showError = [this](const QString& title, const QString& text) { errors << title + ": " + text; };
        w->confirm = [](const QString&) { return true; };
        return w;
    }

    const DocumentData& data() const { return window->session()->data(); }

    Id course(const std::string& code) const
    {
        for (const auto* c : data().courses())
            if (c->code == code)
                return c->id;
        FAIL("no course " << code);
        return NoId;
    }

    // The findings of `rule` about `subject` right now.
    int findings(std::string_view rule, Id subject) const
    {
        int n = 0;
        for (const auto& f : window->session()->checker().findingsFor(subject))
            n += f.rule->id == rule && f.subject == subject;
        return n;
    }

    // What the file on disk holds, read by a second connection.
    DocumentData onDisk() const { return Document::open(file, OpenMode::ReadOnly)->data(); }

    template <class T> T* find(const char* name) const
    {
        auto* w = window->findChild<T*>(name);
        REQUIRE(w);
        return w;
    }
};

// A double-click as a mouse sends it: press, release, double-click, release. (QTest::mouseDClick leaves out
// the first release, which item views take for the start of a drag.)
inline void doubleClick(QWidget* widget, QPoint pos)
{
    QTest::mouseClick(widget, Qt::LeftButton, {}, pos);
    QMouseEvent dbl(
        QEvent::MouseButtonDblClick, pos, widget->mapToGlobal(pos), Qt::LeftButton, Qt::LeftButton, {});
    QApplication::sendEvent(widget, &dbl);
    QTest::mouseRelease(widget, Qt::LeftButton, {}, pos);
}

} // namespace coursemap::test
