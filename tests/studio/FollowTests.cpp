// The studio follows its file: another program (`coursemap apply`) changes the map while the studio has it
// open, and the studio shows the change, keeps its own edits and its undo stack honest.
#include "Studio.h"
#include "support/Process.h"

#include "ItemTablePage.h"
#include "ObjectiveEditor.h"

#include <SQLiteCpp/Database.h>

#include <QAction>
#include <QItemSelectionModel>
#include <QLabel>
#include <QPlainTextEdit>
#include <QStatusBar>
#include <QTableView>
#include <QUndoStack>

using namespace coursemap;
using namespace coursemap::studio;
using namespace coursemap::test;

namespace {

void applyElsewhere(const Studio& s, const std::string& line)
{
    const auto r = runCli({ "apply", s.file.string(), "-" }, line + "\n");
    INFO(r.err);
    REQUIRE(r.exitCode == 0);
}

int revisionsLogged(const Studio& s)
{
    SQLite::Database db(s.file.string(), SQLite::OPEN_READONLY);
    return db.execAndGet("SELECT count(*) FROM revision_log").getInt();
}

} // namespace

TEST_CASE(
    "A change coursemap apply makes shows in the open studio within a second, and later edits keep both")
{
    Studio s;
    const Id card = s.course("CARD 210");
    s.window->selectCourse(card);
    s.window->showPage(MainWindow::ObjectivesPage);
    auto* table = s.window->page(MainWindow::ObjectivesPage)->view();

    applyElsewhere(
        s, R"({"op":"update","id":203,"field":"text","value":"Interpret a 12-lead ECG in chest pain."})");
    QTRY_COMPARE_WITH_TIMEOUT(QString::fromStdString(s.data().get<Objective>(203)->text),
        QString("Interpret a 12-lead ECG in chest pain."), 1000);
    // The table shows it, and the status bar says who changed what.
    bool shown = false;
    for (int r = 0; r < table->model()->rowCount(); ++r)
        shown = shown
            || table->model()->index(r, 1).data().toString() == "Interpret a 12-lead ECG in chest pain.";
    CHECK(shown);
    CHECK_THAT(s.window->statusBar()->currentMessage().toStdString(),
        Catch::Contains("coursemap apply") && Catch::Contains("text"));

    // An edit in the studio afterwards: both changes are in the file.
    REQUIRE(s.window->session()->apply(UpdateField { 203, "bloom_override", "analyze" }));
    const auto disk = s.onDisk();
    CHECK(disk.get<Objective>(203)->text == "Interpret a 12-lead ECG in chest pain.");
    CHECK(disk.get<Objective>(203)->bloomOverride == BloomLevel::Analyze);

    // An objective added elsewhere appears in the table; one removed elsewhere goes.
    const int rows = table->model()->rowCount();
    applyElsewhere(s,
        R"({"op":"add","kind":"objective","fields":{"course_id":200,"text":"Describe the cardiac cycle."}})");
    QTRY_COMPARE_WITH_TIMEOUT(table->model()->rowCount(), rows + 1, 1000);
    applyElsewhere(s, R"({"op":"remove","id":204})");
    QTRY_COMPARE_WITH_TIMEOUT(table->model()->rowCount(), rows, 1000);
    CHECK(s.window->session()->checker().findingsFor(204).empty());
    CHECK(s.errors.isEmpty());
}

TEST_CASE("Typing in the objective editor is not lost when another program changes the map meanwhile")
{
    Studio s;
    s.window->selectCourse(s.course("CARD 210"));
    s.window->showPage(MainWindow::ObjectivesPage);
    auto* page = s.window->page(MainWindow::ObjectivesPage);
    REQUIRE(page->select(205));
    auto* editor = s.find<QPlainTextEdit>("objectiveText");
    editor->setFocus();
    editor->selectAll();
    QTest::keyClicks(editor, "Explain the Frank-Starling law");
    // Another program changes another objective while the typing is not yet saved.
    applyElsewhere(s, R"({"op":"update","id":203,"field":"text","value":"Interpret a 12-lead ECG."})");
    QTRY_COMPARE_WITH_TIMEOUT(QString::fromStdString(s.data().get<Objective>(203)->text),
        QString("Interpret a 12-lead ECG."), 1000);
    CHECK(editor->toPlainText() == "Explain the Frank-Starling law");
    QTest::keyClick(editor, Qt::Key_Return);
    const auto disk = s.onDisk();
    CHECK(disk.get<Objective>(205)->text == "Explain the Frank-Starling law");
    CHECK(disk.get<Objective>(203)->text == "Interpret a 12-lead ECG.");
}

TEST_CASE("An undo of an edit another program has changed since is refused with a message naming who")
{
    Studio s;
    REQUIRE(s.window->session()->apply(UpdateField { 203, "text", "Read an ECG." }));
    s.window->session()->follow();
    applyElsewhere(s, R"({"op":"update","id":203,"field":"text","value":"Interpret a 12-lead ECG."})");
    s.window->session()->follow();
    s.window->session()->undoStack()->undo();
    auto* bar = s.find<QLabel>("messageBar");
    CHECK(bar->isVisible());
    CHECK_THAT(bar->text().toStdString(),
        Catch::Contains("cannot be applied") && Catch::Contains("coursemap apply"));
    CHECK(s.onDisk().get<Objective>(203)->text == "Interpret a 12-lead ECG.");
    CHECK(s.data().get<Objective>(203)->text == "Interpret a 12-lead ECG.");
}

TEST_CASE("Deleting several rows is one change: one transaction, one undo step")
{
    Studio s;
    const Id card = s.course("CARD 210");
    s.window->selectCourse(card);
    s.window->showPage(MainWindow::ObjectivesPage);
    auto* page = s.window->page(MainWindow::ObjectivesPage);
    auto* table = page->view();
    const auto before = s.data().objectivesOf(card).size();
    const int logged = revisionsLogged(s);
    table->setFocus();
    table->selectionModel()->select(QItemSelection(table->model()->index(0, 0), table->model()->index(2, 0)),
        QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    QTest::keyClick(table, Qt::Key_Delete);
    CHECK(s.data().objectivesOf(card).size() == before - 3);
    CHECK(s.onDisk().objectivesOf(card).size() == before - 3);
    CHECK(revisionsLogged(s) == logged + 1);
    CHECK(s.window->session()->undoStack()->count() == 1);
    s.window->session()->undoStack()->undo();
    CHECK(s.onDisk().objectivesOf(card).size() == before);
}
