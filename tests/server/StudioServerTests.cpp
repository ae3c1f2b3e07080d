// The studio on a program kept on a PostgreSQL server (a throwaway cluster from pg_virtualenv), driven as a
// user drives it: File > Open from Server…, editing, seeing another writer's edit within a second, who is
// connected, and a connection that drops while the user edits.
#include "ServerFixture.h"

#include "support/Process.h"

#include "ItemTablePage.h"
#include "MainWindow.h"
#include "ServerDialog.h"
#include "Session.h"

#include "coursemap/analysis/Checker.h"

#include <catch2/catch.hpp>

#include <QApplication>
#include <QComboBox>
#include <QLabel>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTest>

#include <algorithm>

using namespace coursemap;
using namespace coursemap::studio;
using namespace coursemap::test;

namespace {

std::unique_ptr<Session> sessionOn(const Server& server)
{
    return Session::adopt(Document::openAt(server.uri(), "MD"), nullptr);
}

std::vector<std::string> described(const std::vector<Finding>& findings)
{
    std::vector<std::string> out;
    for (const auto& f : findings)
        out.push_back(std::string(f.rule->id) + " " + std::to_string(f.subject) + " " + f.message);
    std::sort(out.begin(), out.end());
    return out;
}

std::string onServer(const Server& server, Id id)
{
    return Document::openAt(server.uri(), "MD", OpenMode::ReadOnly)->data().get<Objective>(id)->text;
}

struct Window
{
    std::unique_ptr<MainWindow> window = std::make_unique<MainWindow>();
    QStringList errors;

    Window()
    {
        QSettings().clear();
        window->showError
            = [this](const QString& title, const QString& text) { errors << title + ": " + text; };
        window->confirm = [](const QString&) { return true; };
        window->show();
        REQUIRE(QTest::qWaitForWindowExposed(window.get()));
        QApplication::setActiveWindow(window.get());
    }

    QString label(const char* name) const
    {
        auto* l = window->findChild<QLabel*>(name);
        REQUIRE(l);
        return l->text();
    }
};

} // namespace

TEST_CASE(
    "Two sessions on one program: an edit in one reaches the other within a second, findings re-checked")
{
    Server server;
    server.pushSample();
    auto a = sessionOn(server);
    auto b = sessionOn(server);
    CHECK(a->onServer());
    CHECK_THAT(a->connectedAs().toStdString(), Catch::Contains("server administrator"));
    // Each sees the other.
    CHECK_FALSE(a->othersHere().isEmpty());

    QSignalSpy heard(b.get(), &Session::changedElsewhere);
    REQUIRE(a->apply(UpdateField { 203, "text", "Discuss the ECG." }));
    // Within a second: faster than the session's own look every two seconds, so through the notification.
    REQUIRE(heard.wait(1000));
    CHECK(b->data().get<Objective>(203)->text == "Discuss the ECG.");
    CHECK(described(b->checker().findings()) == described(Checker(b->data()).findings()));

    // B's undo stack stays honest: undoing B's own edit after A changed the same field is refused, naming A.
    REQUIRE(b->apply(UpdateField { 204, "text", "Describe the ECG." }));
    REQUIRE(heard.count() == 1);
    QSignalSpy aHeard(a.get(), &Session::changedElsewhere);
    REQUIRE(aHeard.wait(1000));
    REQUIRE(a->apply(UpdateField { 204, "text", "Explain the ECG." }));
    REQUIRE(heard.wait(1000));
    QSignalSpy refused(b.get(), &Session::failed);
    b->undoStack()->undo();
    REQUIRE(refused.count() == 1);
    CHECK_THAT(refused.at(0).at(0).toString().toStdString(), Catch::Contains("was changed by"));
    CHECK(onServer(server, 204) == "Explain the ECG.");
}

TEST_CASE("The studio opens a program from the server, saves edits there and shows another writer's at once")
{
    Server server;
    server.pushSample();
    Window w;
    w.window->openServerWithDialog([&](ServerDialog& dialog) {
        dialog.addressBox()->setEditText(QString::fromStdString(server.uri()));
        QTest::mouseClick(dialog.listButton(), Qt::LeftButton);
        REQUIRE(dialog.programList()->count() == 1);
        CHECK_THAT(dialog.programList()->item(0)->text().toStdString(), Catch::Contains("MD"));
        CHECK(dialog.program() == "MD");
    });
    INFO(w.errors.join("\n").toStdString());
    auto* session = w.window->session();
    REQUIRE(session);
    REQUIRE(session->onServer());
    CHECK_THAT(w.window->windowTitle().toStdString(), Catch::StartsWith("MD on postgresql://"));
    CHECK(w.label("saveState") == "All changes saved");
    CHECK_THAT(w.label("presence").toStdString(), Catch::Contains("Connected as"));
    // The address is remembered for next time (never with a password: one in an address is refused).
    CHECK(ServerDialog::recentAddresses() == QStringList { QString::fromStdString(server.uri()) });

    // Typing an objective's text, as in a file.
    Id card = NoId;
    for (const auto* c : session->data().courses())
        if (c->code == "CARD 210")
            card = c->id;
    w.window->selectCourse(card);
    w.window->showPage(MainWindow::ObjectivesPage);
    REQUIRE(w.window->page(MainWindow::ObjectivesPage)->select(205));
    auto* editor = w.window->findChild<QPlainTextEdit*>("objectiveText");
    REQUIRE(editor);
    editor->setFocus();
    editor->selectAll();
    QTest::keyClicks(editor, "Explain the Frank-Starling law");
    QTest::keyClick(editor, Qt::Key_Return);
    CHECK(onServer(server, 205) == "Explain the Frank-Starling law");
    CHECK(w.label("saveState") == "All changes saved");

    // Another writer (a script) changes another objective: the studio shows it within a second.
    const auto r = runCli({ "apply", server.uri(), "-" },
        R"({"op":"update","id":203,"field":"text","value":"Interpret a 12-lead ECG in chest pain."})"
        "\n");
    INFO(r.err);
    REQUIRE(r.exitCode == 0);
    QTRY_COMPARE_WITH_TIMEOUT(QString::fromStdString(session->data().get<Objective>(203)->text),
        QString("Interpret a 12-lead ECG in chest pain."), 1000);
    CHECK_THAT(w.window->statusBar()->currentMessage().toStdString(), Catch::Contains("coursemap apply"));
    CHECK(w.errors.isEmpty());
}

TEST_CASE(
    "When the server goes away the studio keeps the edit, says so, and saves it when the server is back")
{
    Server server;
    server.pushSample();
    Window w;
    REQUIRE(w.window->openServer(QString::fromStdString(server.uri()), "MD"));
    auto* session = w.window->session();
    REQUIRE(session);

    server.refuseConnections(true);
    // The edit cannot be committed: it is not reported as saved, it is kept and the user is told.
    CHECK_FALSE(session->apply(UpdateField { 203, "text", "Written while the server was away." }));
    CHECK(session->unsavedCount() == 1);
    CHECK_FALSE(session->connected());
    CHECK(w.label("saveState") == "Changes not saved: 1 — waiting for the server");
    CHECK_THAT(
        w.window->message().toStdString(), Catch::Contains("saved as soon as the server answers again"));
    // A second edit waits behind the first, in order.
    CHECK_FALSE(session->apply(UpdateField { 203, "bloom_override", "analyze" }));
    CHECK(session->unsavedCount() == 2);

    server.refuseConnections(false);
    // The session looks again on its own, reconnects and writes both, in order.
    QTRY_COMPARE_WITH_TIMEOUT(session->unsavedCount(), 0, 10000);
    CHECK(session->connected());
    CHECK(w.label("saveState") == "All changes saved");
    const auto data = Document::openAt(server.uri(), "MD", OpenMode::ReadOnly)->data();
    CHECK(data.get<Objective>(203)->text == "Written while the server was away.");
    CHECK(data.get<Objective>(203)->bloomOverride == BloomLevel::Analyze);
    // Undo takes them back, one at a time, on the server.
    session->undoStack()->undo();
    CHECK(Document::openAt(server.uri(), "MD", OpenMode::ReadOnly)->data().get<Objective>(203)->bloomOverride
        != BloomLevel::Analyze);
}

TEST_CASE("An edit whose commit the server kept, though the studio never heard back, is not made twice")
{
    Server server;
    server.pushSample();
    Relay relay;
    Window w;
    REQUIRE(w.window->openServer(QString::fromStdString(relay.uri(server.database())), "MD"));
    auto* session = w.window->session();
    REQUIRE(session);
    const auto count = [&] {
        return Document::openAt(server.uri(), "MD", OpenMode::ReadOnly)->data().all<Objective>().size();
    };
    const auto before = count();

    // The server commits the new objective, but its answer is lost and it cannot be asked: the studio keeps
    // the edit and does not call it saved.
    relay.loseAnswerTo("write_change");
    Objective o;
    o.courseId = 200;
    o.text = "Explain the cardiac cycle.";
    CHECK_FALSE(session->apply(AddItem { o, std::nullopt }));
    CHECK(session->unsavedCount() == 1);
    CHECK(count() == before + 1);

    // The server answers again: the kept edit is found there, not added again, and shown.
    relay.refuse(false);
    QTRY_COMPARE_WITH_TIMEOUT(session->unsavedCount(), 0, 10000);
    CHECK(w.label("saveState") == "All changes saved");
    CHECK(count() == before + 1);
    CHECK(session->data().all<Objective>().size() == before + 1);
}
