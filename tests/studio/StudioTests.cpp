// The studio driven as a user drives it: clicks and keys through QTest on the real main window, checking what
// the window shows and what reaches the file.
#include "Studio.h"
#include "support/TestFiles.h"

#include "ChartsPage.h"
#include "DetailsForm.h"
#include "FindingsModel.h"
#include "FindingsPanel.h"
#include "ItemTablePage.h"
#include "MainWindow.h"
#include "MatrixView.h"
#include "ObjectiveEditor.h"
#include "Session.h"
#include "SyllabusDialog.h"

#include "coursemap/Document.h"
#include "coursemap/interchange/JsonFormat.h"

#include <catch2/catch.hpp>

#include <QAbstractButton>
#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMimeData>
#include <QMouseEvent>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QSettings>
#include <QSortFilterProxyModel>
#include <QTabBar>
#include <QTableView>
#include <QTest>
#include <QTextBrowser>
#include <QTreeView>

#include <csignal>
#include <sys/resource.h>
#include <unistd.h>

using namespace coursemap;
using namespace coursemap::studio;
using namespace coursemap::test;

namespace {

QModelIndex findingIndex(FindingsModel* model, std::string_view rule, Id subject)
{
    for (int g = 0; g < model->rowCount(); ++g)
        for (int r = 0; r < model->rowCount(model->index(g, 0)); ++r) {
            const auto ruleIndex = model->index(r, 0, model->index(g, 0));
            for (int f = 0; f < model->rowCount(ruleIndex); ++f) {
                const auto i = model->index(f, 0, ruleIndex);
                if (i.data(FindingsModel::RuleRole).toString().toStdString() == rule
                    && i.data(FindingsModel::SubjectRole).toLongLong() == subject)
                    return i;
            }
        }
    return {};
}

} // namespace

TEST_CASE("Create a new map and a course by typing, and find it there after reopening")
{
    TempDir dir;
    QSettings().clear();
    const auto path = QString::fromStdString((dir / "pharmd.coursemap").string());
    {
        MainWindow window;
        window.showError
            = [](const QString& title, const QString& text) { FAIL((title + text).toStdString()); };
        REQUIRE(window.newFile(path, "Doctor of Pharmacy"));
        window.show();
        REQUIRE(QTest::qWaitForWindowExposed(&window));
        QApplication::setActiveWindow(&window);
        CHECK(window.windowTitle().startsWith("pharmd.coursemap"));

        QTest::mouseClick(window.findChild<QPushButton*>("newCourseButton"), Qt::LeftButton);
        REQUIRE(window.session()->data().courses().size() == 1);
        CHECK(window.tabs()->currentIndex() == MainWindow::DetailsPage);
        auto* code = qobject_cast<QLineEdit*>(window.details()->editorFor("code"));
        REQUIRE(code);
        CHECK(code->hasFocus());
        QTest::keyClicks(code, "PHRM 410");
        QTest::keyClick(code, Qt::Key_Tab); // leaving the field saves it
        auto* title = qobject_cast<QLineEdit*>(window.details()->editorFor("title"));
        title->selectAll();
        QTest::keyClicks(title, "Pharmacotherapy of Infectious Diseases");
        QTest::keyClick(title, Qt::Key_Return);
        CHECK(window.findChild<QLabel*>("saveState")->text() == "All changes saved");

        // A number field refuses words, says why, and keeps the file as it was.
        auto* credits = qobject_cast<QLineEdit*>(window.details()->editorFor("credits"));
        credits->setFocus();
        credits->selectAll();
        QTest::keyClicks(credits, "four");
        QTest::keyClick(credits, Qt::Key_Return);
        CHECK(window.message().contains("number"));
        CHECK(window.session()->data().courses().front()->credits == 0);
    }
    MainWindow reopened;
    REQUIRE(reopened.openFile(path));
    const auto courses = reopened.session()->data().courses();
    REQUIRE(courses.size() == 1);
    CHECK(courses.front()->code == "PHRM 410");
    CHECK(courses.front()->title == "Pharmacotherapy of Infectious Diseases");
    auto* tree = reopened.findChild<QTreeView*>("courseTree");
    const auto row = tree->model()->index(0, 0, tree->model()->index(0, 0));
    CHECK(row.data().toString() == "PHRM 410 — Pharmacotherapy of Infectious Diseases");
    CHECK(QSettings().value("file/recent").toStringList().contains(path));
}

TEST_CASE("Typing an objective shows its verb, Bloom level and problems at once; a suggested verb applies in "
          "one click")
{
    Studio s;
    const Id card = s.course("CARD 210");
    s.window->selectCourse(card);
    s.window->showPage(MainWindow::ObjectivesPage);
    auto* page = s.window->page(MainWindow::ObjectivesPage);
    const auto before = s.data().objectivesOf(card).size();

    page->addAction()->trigger();
    REQUIRE(s.data().objectivesOf(card).size() == before + 1);
    const Id added = s.data().objectivesOf(card).back()->id;
    CHECK(page->selectedId() == added);
    auto* text = s.find<QPlainTextEdit>("objectiveText");
    CHECK(text->hasFocus());
    QTest::keyClicks(text, "Understand the causes of heart failure");
    // Feedback comes with each key, before anything is saved.
    CHECK(s.find<QLabel>("detectedVerb")->text().contains("understand"));
    CHECK(s.find<QLabel>("bloomBadge")->text() == "no level");
    CHECK(
        s.find<QLabel>("objectiveProblems")->text().contains("“understand” cannot be observed or assessed"));
    auto suggestions = s.find<QWidget>("suggestions")->findChildren<QPushButton*>();
    REQUIRE_FALSE(suggestions.isEmpty());

    QTest::keyClick(text, Qt::Key_Return); // Enter saves
    CHECK(s.data().get<Objective>(added)->text == "Understand the causes of heart failure");
    CHECK(s.onDisk().get<Objective>(added)->text == "Understand the causes of heart failure");
    CHECK(s.findings("objective-not-measurable", added) == 1);

    auto* explain = s.window->findChild<QPushButton*>("suggestion_explain");
    REQUIRE(explain);
    QTest::mouseClick(explain, Qt::LeftButton);
    CHECK(s.data().get<Objective>(added)->text == "Explain the causes of heart failure");
    CHECK(s.onDisk().get<Objective>(added)->text == "Explain the causes of heart failure");
    CHECK(s.find<QLabel>("bloomBadge")->text() == "Understand");
    CHECK(s.find<QLabel>("detectedVerb")->text().contains("explain"));
    CHECK(s.findings("objective-not-measurable", added) == 0);
    // The table shows the same, without a widget per row.
    auto* table = s.find<QTableView>("objectivesTable");
    const auto row = table->model()->index(static_cast<int>(before), 0);
    CHECK(row.siblingAtColumn(2).data().toString() == "explain");
    CHECK(row.siblingAtColumn(3).data().toString() == "Understand");
}

TEST_CASE("Alignment cells toggle by click and by keyboard, and the findings follow")
{
    Studio s;
    const Id card = s.course("CARD 210");
    s.window->selectCourse(card);
    s.window->showPage(MainWindow::AlignmentPage);
    auto* view = s.window->alignmentView();
    auto* model = view->model();

    // An objective nothing teaches (the sample's "Be aware of the cardiovascular risk factors ...").
    int row = -1;
    for (int r = 0; r < model->rowCount(); ++r)
        if (s.findings("objective-not-taught", s.data().objectivesOf(card)[static_cast<std::size_t>(r)]->id))
            row = r;
    REQUIRE(row >= 0);
    const Id objective = s.data().objectivesOf(card)[static_cast<std::size_t>(row)]->id;
    const Id activity = s.data().activitiesOf(card).front()->id;
    auto* findingsModel = s.window->findings()->model();
    CHECK(findingIndex(findingsModel, "objective-not-taught", objective).isValid());

    const auto cell = model->index(row, 0);
    view->scrollTo(cell);
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, view->visualRect(cell).center());
    CHECK(s.data().link({ LinkKind::Teaches, objective, activity }));
    CHECK(s.onDisk().link({ LinkKind::Teaches, objective, activity }));
    CHECK(s.findings("objective-not-taught", objective) == 0);
    CHECK_FALSE(findingIndex(findingsModel, "objective-not-taught", objective).isValid());
    CHECK(model->index(row, 0).data().toString() == "●");

    view->setFocus();
    view->setCurrentIndex(model->index(row, 0));
    QTest::keyClick(view, Qt::Key_Space);
    CHECK_FALSE(s.data().link({ LinkKind::Teaches, objective, activity }));
    CHECK(s.findings("objective-not-taught", objective) == 1);
    CHECK(findingIndex(findingsModel, "objective-not-taught", objective).isValid());
    CHECK(view->currentIndex() == model->index(row, 0));
}

TEST_CASE("Undo and redo step back and forth through every kind of edit, on disk as well")
{
    Studio s;
    const Id card = s.course("CARD 210");
    s.window->selectCourse(card);
    auto* undo = s.window->findChild<QAction*>("undo");
    auto* redo = s.window->findChild<QAction*>("redo");
    CHECK_FALSE(undo->isEnabled());

    const auto* first = s.data().objectivesOf(card).front();
    const Id objective = first->id;
    const std::string original = first->text;
    s.window->showPage(MainWindow::ObjectivesPage);
    auto* page = s.window->page(MainWindow::ObjectivesPage);
    REQUIRE(page->select(objective));
    auto* text = s.find<QPlainTextEdit>("objectiveText");
    text->setFocus();
    text->moveCursor(QTextCursor::End);
    QTest::keyClicks(text, " at rest");
    QTest::keyClick(text, Qt::Key_Return);
    CHECK(s.data().get<Objective>(objective)->text == original + " at rest");
    CHECK(undo->text().contains("objective", Qt::CaseInsensitive));

    s.window->showPage(MainWindow::CompetenciesPage);
    auto* map = s.window->competencyView();
    map->setFocus();
    const int column = 0;
    map->setCurrentIndex(map->model()->index(0, column));
    const auto before = map->model()->index(0, column).data().toString();
    QTest::keyClick(map, Qt::Key_Space);
    const auto after = map->model()->index(0, column).data().toString();
    CHECK(after != before);

    undo->trigger(); // the competency cell
    CHECK(map->model()->index(0, column).data().toString() == before);
    undo->trigger(); // the typing, as one step
    CHECK(s.data().get<Objective>(objective)->text == original);
    CHECK(s.onDisk().get<Objective>(objective)->text == original);
    CHECK(text->toPlainText().toStdString() == original);
    redo->trigger();
    CHECK(s.data().get<Objective>(objective)->text == original + " at rest");
    redo->trigger();
    CHECK(map->model()->index(0, column).data().toString() == after);
    CHECK_FALSE(redo->isEnabled());
}

TEST_CASE("The competency map steps a cell through introduced, reinforced, mastered and off")
{
    Studio s;
    const Id card = s.course("CARD 210");
    s.window->selectCourse(card);
    s.window->showPage(MainWindow::CompetenciesPage);
    auto* map = s.window->competencyView();
    auto* model = map->model();
    REQUIRE(model->columnCount() > 0);
    // A cell with no link yet.
    QModelIndex cell;
    for (int c = 0; c < model->columnCount() && !cell.isValid(); ++c)
        if (model->index(0, c).data().toString().isEmpty())
            cell = model->index(0, c);
    REQUIRE(cell.isValid());
    QStringList seen;
    for (int i = 0; i < 4; ++i) {
        QTest::mouseClick(map->viewport(), Qt::LeftButton, {}, map->visualRect(cell).center());
        seen << model->index(cell.row(), cell.column()).data().toString();
    }
    CHECK(seen == QStringList { "I", "R", "M", "" });
}

TEST_CASE("Objectives are reordered, duplicated, deleted and found from the keyboard")
{
    Studio s;
    const Id card = s.course("CARD 210");
    s.window->selectCourse(card);
    s.window->showPage(MainWindow::ObjectivesPage);
    auto* page = s.window->page(MainWindow::ObjectivesPage);
    auto* table = page->view();
    const auto ids = [&] {
        std::vector<Id> out;
        for (const auto* o : s.data().objectivesOf(card))
            out.push_back(o->id);
        return out;
    };
    const auto start = ids();
    REQUIRE(page->select(start[0]));
    table->setFocus();
    QTest::keyClick(table, Qt::Key_Down, Qt::ControlModifier | Qt::ShiftModifier);
    CHECK(ids()[1] == start[0]);
    CHECK(ids()[0] == start[1]);
    CHECK(page->selectedId() == start[0]);

    QTest::keyClick(table, Qt::Key_D, Qt::ControlModifier);
    CHECK(ids().size() == start.size() + 1);
    const Id copy = page->selectedId();
    CHECK(s.data().get<Objective>(copy)->text == s.data().get<Objective>(start[0])->text);
    QTest::keyClick(table, Qt::Key_Delete);
    CHECK(ids().size() == start.size());
    CHECK_FALSE(s.data().get<Objective>(copy));

    QTest::keyClick(table, Qt::Key_F, Qt::ControlModifier);
    CHECK(page->filter()->hasFocus());
    QTest::keyClicks(page->filter(), "murmur");
    CHECK(table->model()->rowCount() == 1);
    CHECK(table->model()->index(0, 1).data().toString().contains("murmurs"));
    // Typing in the filter never deletes rows.
    QTest::keyClick(page->filter(), Qt::Key_Delete);
    CHECK(ids().size() == start.size());
}

TEST_CASE("Cells of the activity table are edited in place, and a bad value is refused with a message")
{
    Studio s;
    const Id card = s.course("CARD 210");
    s.window->selectCourse(card);
    s.window->showPage(MainWindow::AssessmentsPage);
    auto* page = s.window->page(MainWindow::AssessmentsPage);
    auto* model = page->view()->model();
    int weightColumn = -1;
    for (int c = 0; c < model->columnCount(); ++c)
        if (model->headerData(c, Qt::Horizontal, Qt::DisplayRole).toString() == "Weight %")
            weightColumn = c;
    REQUIRE(weightColumn > 0);
    const Id assessment = s.data().assessmentsOf(card).front()->id;
    const double weight = s.data().get<Assessment>(assessment)->weight;

    CHECK(model->setData(model->index(0, weightColumn), "35", Qt::EditRole));
    CHECK(s.data().get<Assessment>(assessment)->weight == 35);
    CHECK_FALSE(model->setData(model->index(0, weightColumn), "140", Qt::EditRole));
    CHECK(s.data().get<Assessment>(assessment)->weight == 35);
    CHECK(s.window->message().contains("weight"));
    CHECK(s.onDisk().get<Assessment>(assessment)->weight == 35);
    s.window->findChild<QAction*>("undo")->trigger();
    CHECK(s.data().get<Assessment>(assessment)->weight == weight);
}

TEST_CASE("A finding is accepted with a justification from the panel, and double-click goes to its item")
{
    Studio s;
    const Id card = s.course("CARD 210");
    s.window->selectCourse(card);
    auto* panel = s.window->findings();
    auto* view = panel->view();
    Id untaught = NoId;
    for (const auto* o : s.data().objectivesOf(card))
        if (s.findings("objective-not-taught", o->id))
            untaught = o->id;
    REQUIRE(untaught != NoId);
    auto index = findingIndex(panel->model(), "objective-not-taught", untaught);
    REQUIRE(index.isValid());
    view->setCurrentIndex(index);
    CHECK(s.window->findChild<QTextBrowser*>("findingDetail")->toPlainText().contains("Fix:"));
    CHECK(s.window->findChild<QPushButton*>("acceptFinding")->isEnabled());

    CHECK_FALSE(panel->acceptSelected("   ")); // a justification is required
    CHECK_FALSE(s.window->message().isEmpty());
    view->setCurrentIndex(findingIndex(panel->model(), "objective-not-taught", untaught));
    REQUIRE(panel->acceptSelected("Taught in the prerequisite course FMS 120; assessed here."));
    index = findingIndex(panel->model(), "objective-not-taught", untaught);
    REQUIRE(index.isValid());
    CHECK(index.data(FindingsModel::AcceptedRole).toBool());
    CHECK(index.parent().parent().data().toString().startsWith("Accepted"));
    CHECK(s.onDisk().all<Acknowledgement>().size() == 1);

    s.window->showPage(MainWindow::ChartsTab);
    view->expand(index.parent().parent());
    view->expand(index.parent());
    view->scrollTo(index);
    doubleClick(view->viewport(), view->visualRect(index).center());
    CHECK(s.window->tabs()->currentIndex() == MainWindow::ObjectivesPage);
    CHECK(s.window->page(MainWindow::ObjectivesPage)->selectedId() == untaught);
}

TEST_CASE("A second window is told who has the map open and may open it read-only")
{
    Studio s;
    MainWindow second;
    std::optional<LockOwner> told;
    second.askReadOnly = [&](const LockOwner& owner, const QString&) {
        told = owner;
        return true;
    };
    REQUIRE(second.openFile(QString::fromStdString(s.file.string())));
    REQUIRE(told);
    CHECK(told->pid == static_cast<long>(getpid()));
    CHECK_FALSE(told->user.empty());
    CHECK(second.session()->readOnly());
    CHECK(second.windowTitle().contains("read-only"));
    CHECK_FALSE(second.findChild<QAction*>("addCourse")->isEnabled());
    CHECK_FALSE(second.page(MainWindow::ObjectivesPage)
                    ->model()
                    ->flags(second.page(MainWindow::ObjectivesPage)->model()->index(0, 2))
                    .testFlag(Qt::ItemIsEditable));

    MainWindow third;
    third.askReadOnly = [](const LockOwner&, const QString&) { return false; };
    CHECK_FALSE(third.openFile(QString::fromStdString(s.file.string())));
    CHECK_FALSE(third.session());

    // Once the first window closes the map, the mark goes and the map opens for editing.
    s.window->closeFile();
    MainWindow fourth;
    fourth.askReadOnly = [](const LockOwner&, const QString&) -> bool {
        FAIL("the map is not open elsewhere");
        return false;
    };
    REQUIRE(fourth.openFile(QString::fromStdString(s.file.string())));
    CHECK_FALSE(fourth.session()->readOnly());
}

TEST_CASE("A file that cannot be opened gets a clear message, and stays as it was")
{
    TempDir dir;
    QSettings().clear();
    const auto bad = dir / "notes.coursemap";
    writeFile(bad, "This is not a course map, just some notes.\n");
    MainWindow window;
    QStringList errors;
    window.showError = [&](const QString& title, const QString& text) { errors << title + ": " + text; };
    CHECK_FALSE(window.openFile(QString::fromStdString(bad.string())));
    REQUIRE(errors.size() == 1);
    CHECK(errors.front().contains("notes.coursemap"));
    CHECK(errors.front().contains("is not a Coursemap Studio course map"));
    CHECK(readFile(bad) == "This is not a course map, just some notes.\n");
    CHECK_FALSE(std::filesystem::exists(dir / "notes.coursemap.lock"));
    CHECK_FALSE(window.session());

    CHECK_FALSE(window.openFile(QString::fromStdString((dir / "missing.coursemap").string())));
    CHECK(errors.back().contains("does not exist"));
}

TEST_CASE("The charts count the course's objectives by Bloom level, teaching time by type and the grade")
{
    Studio s;
    const Id card = s.course("CARD 210");
    s.window->selectCourse(card);
    s.window->showPage(MainWindow::ChartsTab);
    const auto f = s.window->charts()->figures();
    int objectives = 0;
    for (int n : f.bloom)
        objectives += n;
    CHECK(objectives == static_cast<int>(s.data().objectivesOf(card).size()));
    CHECK(f.bloom[6] >= 5); // the sample's five vague objectives have no level
    int minutes = 0;
    for (int n : f.minutes)
        minutes += n;
    int scheduled = 0;
    for (const auto* a : s.data().activitiesOf(card))
        scheduled += a->minutes;
    CHECK(minutes == scheduled);
    double grade = 0;
    for (const auto& [title, weight] : f.weights)
        grade += weight;
    CHECK(grade == Approx(100));
}

TEST_CASE("The studio reopens the last map on the course where it was left")
{
    Studio s;
    const Id card = s.course("CARD 210");
    s.window->selectCourse(card);
    s.window->close();
    s.window->closeFile();
    MainWindow next;
    REQUIRE(next.reopenLast());
    CHECK(next.session()->path().toStdString() == s.file.string());
    CHECK(next.currentCourse() == card);

    // A last map that has gone since is simply not reopened.
    next.closeFile();
    std::filesystem::remove(s.file);
    MainWindow after;
    CHECK_FALSE(after.reopenLast());
    CHECK_FALSE(after.session());
}

TEST_CASE("An export chosen onto the open map is refused, and the map stays as it was")
{
    Studio s;
    s.window->selectCourse(s.course("CARD 210"));
    const auto bytes = readFile(s.file);
    const auto map = QString::fromStdString(s.file.string());
    std::filesystem::create_symlink(s.file, s.dir / "link.csv");
    const auto link = QString::fromStdString((s.dir / "link.csv").string());
    CHECK_FALSE(s.window->exportJson(map));
    CHECK_FALSE(s.window->exportObjectivesCsv(link));
    CHECK_FALSE(s.window->exportAlignmentCsv(map));
    REQUIRE(s.errors.size() == 3);
    for (const auto& e : s.errors)
        CHECK(e.contains("is the same file as"));
    CHECK(readFile(s.file) == bytes);
    CHECK(integrityCheck(s.file) == "ok");
    // The studio goes on with the map as it was.
    CHECK(s.data().courses().size() == 3);
}

TEST_CASE("A JSON export imports into a new map, and a bad one is refused with where the problem is")
{
    TempDir dir;
    QSettings().clear();
    MainWindow window;
    QStringList errors;
    window.showError = [&](const QString& title, const QString& text) { errors << title + ": " + text; };

    auto json = QString::fromStdString(sampleJson());
    json.replace("\"code\": \"CARD 210\"", "\"code\": 210");
    writeFile(dir / "broken.json", json.toStdString());
    const auto target = QString::fromStdString((dir / "broken.coursemap").string());
    CHECK_FALSE(window.importJson(QString::fromStdString((dir / "broken.json").string()), target));
    REQUIRE(errors.size() == 1);
    CHECK(errors.front().contains("/courses/1/code"));
    CHECK_FALSE(std::filesystem::exists(dir / "broken.coursemap"));

    writeFile(dir / "sample.json", sampleJson());
    const auto imported = QString::fromStdString((dir / "sample.coursemap").string());
    REQUIRE(window.importJson(QString::fromStdString((dir / "sample.json").string()), imported));
    CHECK(window.session()->path() == imported);
    CHECK(window.session()->data().courses().size() == 3);

    const auto out = QString::fromStdString((dir / "out.json").string());
    REQUIRE(window.exportJson(out));
    CHECK(readFile(dir / "out.json") == exportJson(window.session()->data()));
}

TEST_CASE("Rows dropped elsewhere in a course's table move there, and a course can be deleted and restored")
{
    Studio s;
    const Id card = s.course("CARD 210");
    s.window->selectCourse(card);
    auto* model = s.window->page(MainWindow::ActivitiesPage)->model();
    std::vector<Id> before;
    for (const auto* a : s.data().activitiesOf(card))
        before.push_back(a->id);
    // Drag the first activity and drop it before the fourth.
    std::unique_ptr<QMimeData> mime(model->mimeData({ model->index(0, 0), model->index(0, 1) }));
    model->dropMimeData(mime.get(), Qt::MoveAction, 3, 0, {});
    std::vector<Id> after;
    for (const auto* a : s.data().activitiesOf(card))
        after.push_back(a->id);
    CHECK(after
        == std::vector<Id> { before[1], before[2], before[0], before[3], before[4], before[5], before[6],
            before[7], before[8], before[9], before[10], before[11] });
    CHECK(model->idAt(2) == before[0]);

    // Typing in a course's details and then choosing another course saves the typing to the first.
    s.window->showPage(MainWindow::DetailsPage);
    auto* director = qobject_cast<QLineEdit*>(s.window->details()->editorFor("director"));
    director->setFocus();
    director->selectAll();
    QTest::keyClicks(director, "Dr. Ada Okafor");
    s.window->selectCourse(s.course("MED 301"));
    CHECK(s.data().get<Course>(card)->director == "Dr. Ada Okafor");
    CHECK(s.data().get<Course>(s.course("MED 301"))->director != "Dr. Ada Okafor");

    const auto objectives = s.data().objectivesOf(card).size();
    s.window->selectCourse(card);
    QString asked;
    s.window->confirm = [&](const QString& question) {
        asked = question;
        return true;
    };
    s.window->findChild<QAction*>("deleteCourse")->trigger();
    CHECK(asked.contains("CARD 210"));
    CHECK_FALSE(s.data().get<Course>(card));
    CHECK(s.data().objectivesOf(card).empty());
    s.window->findChild<QAction*>("undo")->trigger();
    REQUIRE(s.data().get<Course>(card));
    CHECK(s.data().objectivesOf(card).size() == objectives);
}

TEST_CASE("Every control a keyboard or screen-reader user reaches has a name")
{
    Studio s;
    s.window->selectCourse(s.course("CARD 210"));
    QStringList unnamed;
    for (auto* w : s.window->findChildren<QWidget*>()) {
        if (!w->isVisibleTo(s.window.get()) || w->focusPolicy() == Qt::NoFocus)
            continue;
        QString name = w->accessibleName();
        if (auto* b = qobject_cast<QAbstractButton*>(w); b && name.isEmpty())
            name = b->text().isEmpty() ? b->toolTip() : b->text();
        if (name.isEmpty() && !qobject_cast<QTabBar*>(w) && !qobject_cast<QScrollBar*>(w)
            && !qobject_cast<QAbstractItemView*>(w->parentWidget()))
            unnamed << QString("%1 %2").arg(w->metaObject()->className(), w->objectName());
    }
    INFO(unnamed.join(", ").toStdString());
    CHECK(unnamed.isEmpty());
}

TEST_CASE("Export Syllabus previews the course's pages and writes them to PDF")
{
    Studio s;
    const Id card = s.course("CARD 210");
    s.window->selectCourse(card);
    SyllabusDialog dialog(s.window->session(), card, s.window.get());
    auto* preview = dialog.findChild<QListWidget*>("syllabusPreview");
    REQUIRE(preview);
    const int pages = dialog.pageCount();
    CHECK(pages >= 3);
    CHECK(preview->count() == pages);
    CHECK(dialog.status() == QString("%1 pages").arg(pages));

    auto* alignment = dialog.findChild<QCheckBox*>("syllabusAlignment");
    alignment->click();
    CHECK(dialog.pageCount() <= pages);
    auto* paper = dialog.findChild<QComboBox*>("syllabusPaper");
    paper->setCurrentIndex(paper->findData("letter"));
    CHECK(preview->count() == dialog.pageCount());

    const auto out = (s.dir / "card-210-syllabus.pdf").string();
    REQUIRE(dialog.exportTo(QString::fromStdString(out)));
    CHECK(readFile(out).rfind("%PDF-", 0) == 0);
    CHECK_FALSE(dialog.exportTo(QString::fromStdString((s.dir / "missing/x.pdf").string())));
    CHECK(dialog.status().contains("Cannot write"));
    // Exporting changes nothing in the map.
    CHECK_FALSE(s.window->findChild<QAction*>("undo")->isEnabled());
}

TEST_CASE("An edit that cannot be written is reported and kept, and Save As writes it elsewhere")
{
    Studio s;
    const Id card = s.course("CARD 210");
    s.window->selectCourse(card);
    const auto before = s.data().objectivesOf(card).size();
    const auto bytes = readFile(s.file);

    // The disk "fills up": this process may not write past the first kilobyte of any file (SIGXFSZ ignored,
    // so a write fails with an error instead of ending the program).
    struct rlimit original
    {
    };
    getrlimit(RLIMIT_FSIZE, &original);
    const auto oldHandler = std::signal(SIGXFSZ, SIG_IGN);
    struct rlimit full = original;
    full.rlim_cur = 1024;
    REQUIRE(setrlimit(RLIMIT_FSIZE, &full) == 0);
    const auto page = s.window->page(MainWindow::ObjectivesPage);
    s.window->showPage(MainWindow::ObjectivesPage);
    page->addAction()->trigger();
    page->addAction()->trigger(); // a second one: it must not take the first one's id when written
    setrlimit(RLIMIT_FSIZE, &original);
    std::signal(SIGXFSZ, oldHandler);

    CHECK(s.data().objectivesOf(card).size() == before); // not in the map
    CHECK(readFile(s.file) == bytes); // nor in the file
    CHECK(s.window->session()->unsavedCount() == 2);
    CHECK(s.window->message().contains("kept"));
    CHECK(s.find<QLabel>("saveState")->text().contains("not saved"));
    // Closing would lose it: the window asks, and stays open when told no.
    s.window->confirm = [](const QString&) { return false; };
    s.window->closeFile();
    REQUIRE(s.window->session());

    // Save As elsewhere writes the map with the kept edit, as one more undoable step.
    const auto elsewhere = s.dir / "elsewhere.coursemap";
    REQUIRE(s.window->saveAs(QString::fromStdString(elsewhere.string())));
    CHECK(s.window->session()->unsavedCount() == 0);
    CHECK(s.find<QLabel>("saveState")->text() == "All changes saved");
    CHECK(Document::open(elsewhere, OpenMode::ReadOnly)->data().objectivesOf(card).size() == before + 2);
    CHECK(s.window->message().isEmpty());
    CHECK(readFile(s.file) == bytes); // the original is as it was
}
