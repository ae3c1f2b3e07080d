// The program view and standards in the studio: the heat map and the objectives behind a cell, frameworks
// adopted, copied, imported and edited, rows imported from a sheet, and the Curriculum Inventory export.
#include "Studio.h"

#include "CsvImportDialog.h"
#include "CurriculumInventoryDialog.h"
#include "DetailsForm.h"
#include "FrameworksDialog.h"
#include "HeatMapModel.h"
#include "MatrixView.h"
#include "ProgramPage.h"

#include "coursemap/program/Frameworks.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QDateEdit>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTableWidget>
#include <QTextBrowser>
#include <QTreeWidget>

#include <cstdlib>

using namespace coursemap;
using namespace coursemap::studio;
using namespace coursemap::test;

namespace {

QModelIndex cellOf(
    const HeatMapModel* model, const DocumentData& data, const std::string& code, const std::string& course)
{
    for (int r = 0; r < model->rowCount(); ++r) {
        const auto* c = data.get<Competency>(model->competencyAt(r));
        if (!c || c->code != code)
            continue;
        for (int col = 0; col < model->columnCount(); ++col)
            if (data.get<Course>(model->courseAt(col))->code == course)
                return model->index(r, col);
    }
    FAIL("no cell " << code << " × " << course);
    return {};
}

QTreeWidgetItem* treeItem(QTreeWidget* tree, const QString& text, int column)
{
    for (QTreeWidgetItemIterator it(tree); *it; ++it)
        if ((*it)->text(column) == text)
            return *it;
    return nullptr;
}

} // namespace

TEST_CASE("The program heat map shows I/R/M and counts; clicking a cell lists its objectives, which open on "
          "double-click")
{
    Studio s;
    s.window->showPage(MainWindow::ProgramTab);
    auto* page = s.window->program();
    auto* view = page->heatMapView();
    auto* model = page->heatMap();
    const auto& data = s.data();
    // A title row per framework, then its competencies.
    CHECK(
        model->rowCount() == static_cast<int>(data.all<Competency>().size() + data.all<Framework>().size()));
    CHECK(model->columnCount() == 3);
    CHECK(model->headerData(0, Qt::Vertical, Qt::DisplayRole).toString() == "ACGME Core Competencies");

    const auto pc = cellOf(model, data, "PC", "CARD 210");
    CHECK(pc.data().toString() == "I 4");
    CHECK(cellOf(model, data, "PC", "MED 301").data().toString() == "M 2");
    const auto sbpRow = cellOf(model, data, "SBP", "CARD 210").row();
    CHECK(model->headerData(sbpRow, Qt::Vertical, Qt::DisplayRole).toString().endsWith("— gap"));
    CHECK(model->headerData(cellOf(model, data, "PROF", "ICM 101").row(), Qt::Vertical, Qt::DisplayRole)
              .toString()
              .endsWith("— never mastered"));

    view->scrollTo(pc);
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, view->visualRect(pc).center());
    auto* list = page->cellObjectives();
    REQUIRE(list->count() == 4);
    const Id first = list->item(0)->data(Qt::UserRole).value<Id>();
    CHECK(data.get<Objective>(first)->courseId == s.course("CARD 210"));
    CHECK(list->item(0)->text().startsWith("[I] "));
    // Clicking does not change the map.
    CHECK_FALSE(s.window->findChild<QAction*>("undo")->isEnabled());

    list->setCurrentRow(0);
    doubleClick(list->viewport(), list->visualItemRect(list->item(0)).center());
    CHECK(s.window->tabs()->currentIndex() == MainWindow::ObjectivesPage);
    CHECK(s.window->currentCourse() == s.course("CARD 210"));

    // The map follows edits made elsewhere once it is shown again: unlinking one of the four leaves three.
    const Id pcId = model->competencyAt(pc.row());
    s.window->session()->apply(UnlinkItems { { LinkKind::Maps, first, pcId } });
    s.window->showPage(MainWindow::ProgramTab);
    CHECK(cellOf(model, s.data(), "PC", "CARD 210").data().toString() == "I 3");
    // And edits made while it is shown, undo included.
    s.window->session()->undoStack()->undo();
    CHECK(cellOf(model, s.data(), "PC", "CARD 210").data().toString() == "I 4");
    s.window->session()->undoStack()->redo();
    CHECK(cellOf(model, s.data(), "PC", "CARD 210").data().toString() == "I 3");

    // The statistics tab: hours by method, Bloom by year, assessments by Miller level.
    const auto stats = page->statistics()->toPlainText();
    CHECK(stats.contains("Scheduled teaching hours by instructional method"));
    CHECK(stats.contains("Year 2"));
    CHECK(stats.contains("Assessment methods by Miller level"));

    const auto csv = s.dir / "heat.csv";
    REQUIRE(page->exportCsv(QString::fromStdString(csv.string())));
    CHECK_THAT(readFile(csv), Catch::Contains("ACGME Core Competencies,PC,Patient Care,,I 2,I 3,M 2,3,,"));
    const auto pdf = s.dir / "heat.pdf";
    REQUIRE(page->exportPdf(QString::fromStdString(pdf.string())));
    CHECK(readFile(pdf).rfind("%PDF-", 0) == 0);
}

TEST_CASE("Frameworks are adopted from the library, copied, imported from CASE and edited in place, undoably")
{
    Studio s;
    const auto before = s.data().frameworks().size();
    FrameworksDialog dialog(s.window->session(), s.window.get());
    QStringList errors;
    dialog.showError = [&](const QString& title, const QString& text) { errors << title + ": " + text; };
    dialog.confirm = [](const QString&) { return true; };
    dialog.show();
    REQUIRE(QTest::qWaitForWindowExposed(&dialog));

    REQUIRE(dialog.adoptBuiltIn("aacn-essentials-2021"));
    CHECK(s.data().frameworks().size() == before + 1);
    auto* aacn
        = treeItem(dialog.tree(), "The Essentials: Core Competencies for Professional Nursing Education", 1);
    REQUIRE(aacn);
    CHECK(aacn->childCount() == 10);
    CHECK_THAT(s.onDisk().frameworks().back()->description, Catch::Contains("Source: American Association"));
    // The library's entry for a framework already adopted is refused with a reason.
    CHECK_FALSE(dialog.adoptBuiltIn("aacn-essentials-2021"));
    CHECK(errors.join("\n").contains("already"));

    // Edit a competency's title in place: double-click, type, Enter.
    auto* domain = treeItem(dialog.tree(), "D2", 0);
    REQUIRE(domain);
    const Id d2 = domain->data(0, Qt::UserRole).value<Id>(); // the tree is rebuilt after each edit
    dialog.tree()->setCurrentItem(domain, 1);
    dialog.tree()->editItem(domain, 1);
    auto* editor = dialog.tree()->findChild<QLineEdit*>();
    REQUIRE(editor);

    editor->selectAll();
    QTest::keyClicks(editor, "Person-Centred Care");
    QTest::keyClick(editor, Qt::Key_Return);
    QCoreApplication::processEvents(); // the delegate commits on the next turn of the event loop

    CHECK(s.onDisk().get<Competency>(d2)->title == "Person-Centred Care");

    // A competency within it, and its description.
    dialog.select(d2);
    REQUIRE(dialog.addCompetency(true));
    const Id child = dialog.selectedId();
    CHECK(s.data().get<Competency>(child)->parentId == d2);
    dialog.description()->setFocus();
    QTest::keyClicks(dialog.description(), "Shared decisions with the person.");
    dialog.tree()->setFocus(); // leaving the box saves it
    CHECK(s.onDisk().get<Competency>(child)->description == "Shared decisions with the person.");

    // A copy of ACGME to adapt, and one undo removes the copy whole.
    Id acgme = NoId;
    for (const auto* f : s.data().frameworks())
        if (f->name == "ACGME Core Competencies")
            acgme = f->id;
    REQUIRE(dialog.copyFramework(acgme, "Northfield competencies"));
    CHECK(s.data().frameworks().back()->name == "Northfield competencies");
    const auto competencies = s.data().all<Competency>().size();
    s.window->session()->undoStack()->undo();
    CHECK(s.data().all<Competency>().size() == competencies - 6);
    CHECK(s.onDisk().frameworks().back()->name != "Northfield competencies");

    // CASE: a good package adds a framework; a bad one adds nothing and says where the problem is.
    writeFile(s.dir / "case.json",
        R"({"CFDocument": {"identifier": "d", "title": "Pharmacy Outcomes", "creator": "CAPE"},
        "CFItems": [{"identifier": "a", "fullStatement": "Learner", "humanCodingScheme": "1"},
                    {"identifier": "b", "fullStatement": "Foundational knowledge", "humanCodingScheme": "1.1"}],
        "CFAssociations": [{"associationType": "isChildOf", "originNodeURI": {"identifier": "b"}, "destinationNodeURI": {"identifier": "a"}}]})");
    REQUIRE(dialog.importCase(QString::fromStdString((s.dir / "case.json").string())));
    auto* learner = treeItem(dialog.tree(), "Learner", 1);
    REQUIRE(learner);
    CHECK(learner->childCount() == 1);
    writeFile(s.dir / "bad.json", R"({"CFDocument": {"title": "X"}, "CFItems": "none"})");
    const auto frameworks = s.data().frameworks().size();
    CHECK_FALSE(dialog.importCase(QString::fromStdString((s.dir / "bad.json").string())));
    CHECK(errors.last().contains("/CFItems"));
    CHECK(s.data().frameworks().size() == frameworks);

    // Deleting a framework (confirmed) takes its competencies and their mappings with it.
    dialog.select(acgme);
    REQUIRE(dialog.removeSelected());
    const auto disk = s.onDisk();
    CHECK(disk.frameworks().size() == frameworks - 1);
    for (const auto& [key, link] : disk.links())
        CHECK(disk.contains(key.targetId));

    // An item given two parents is adopted under the first, and the dialog says so.
    QStringList remarks;
    dialog.showWarnings = [&](const QString& title, const QString& text) { remarks << title + ": " + text; };
    writeFile(s.dir / "two.json",
        R"({"CFDocument": {"identifier": "d2", "title": "Two parents"},
        "CFItems": [{"identifier": "a", "fullStatement": "A", "humanCodingScheme": "A"},
                    {"identifier": "b", "fullStatement": "B", "humanCodingScheme": "B"},
                    {"identifier": "c", "fullStatement": "C", "humanCodingScheme": "C"}],
        "CFAssociations": [{"associationType": "isChildOf", "originNodeURI": {"identifier": "c"}, "destinationNodeURI": {"identifier": "a"}},
                           {"associationType": "isChildOf", "originNodeURI": {"identifier": "c"}, "destinationNodeURI": {"identifier": "b"}}]})");
    REQUIRE(dialog.importCase(QString::fromStdString((s.dir / "two.json").string())));
    REQUIRE(remarks.size() == 1);
    CHECK(remarks[0].contains("\"C\" has two parents"));
    CHECK(treeItem(dialog.tree(), "A", 1)->childCount() == 1);

    // A framework goes out as a CASE package the import reads back; never onto the open map.
    const auto* ipec = findFramework(s.data(), "IPEC");
    REQUIRE(ipec);
    const Id ipecId = ipec->id;
    dialog.select(s.data().competenciesOf(ipecId, NoId).front()->id); // a competency within it will do
    CHECK(dialog.findChild<QPushButton*>("exportCase")->isEnabled());
    const auto package = s.dir / "ipec.json";
    REQUIRE(dialog.exportCase(ipecId, QString::fromStdString(package.string())));
    const auto back = importCaseFramework(readFile(package));
    CHECK(back.framework.name == s.data().get<Framework>(ipecId)->name);
    CHECK(back.competencies.size() == s.data().competenciesOf(ipecId, NoId).size());
    const auto errorsBefore = errors.size();
    CHECK_FALSE(dialog.exportCase(ipecId, QString::fromStdString(s.file.string())));
    CHECK(errors.size() == errorsBefore + 1);
    CHECK(Document::open(s.file, OpenMode::ReadOnly)->data().frameworks().size()
        == s.data().frameworks().size());
}

TEST_CASE(
    "Rows from a spreadsheet are imported with the columns chosen, or not at all with the bad cells shown")
{
    Studio s;
    const Id card = s.course("CARD 210");
    s.window->selectCourse(card);
    const auto before = s.data().objectivesOf(card).size();
    writeFile(s.dir / "objectives.csv",
        "#;Learning objective;Bloom;Notes\n"
        "1;Interpret a chest X-ray for cardiomegaly.;;ok\n"
        "2;Explain heart failure to a patient and family.;;\n");
    bool shown = false;
    REQUIRE(s.window->importCsv(
        QString::fromStdString((s.dir / "objectives.csv").string()), [&](CsvImportDialog& d) {
            shown = true;
            CHECK(d.courseBox()->currentData().value<Id>() == card);
            CHECK(d.fieldOf(1) == "text"); // guessed from "Learning objective"
            CHECK(d.fieldOf(2) == "bloom_override");
            CHECK(d.fieldOf(3).isEmpty());
            CHECK(d.preview()->rowCount() == 3); // the field choices, then two rows
            // "Notes" is not a field; change "Bloom" to ignore and import.
            d.setField(2, "");
            REQUIRE(d.import());
        }));
    CHECK(shown);
    CHECK(s.onDisk().objectivesOf(card).size() == before + 2);
    CHECK(s.onDisk().objectivesOf(card).back()->text == "Explain heart failure to a patient and family.");
    s.window->session()->undoStack()->undo();
    CHECK(s.onDisk().objectivesOf(card).size() == before);

    // A bad cell: nothing is imported; the dialog names row and column and stays open.
    writeFile(
        s.dir / "activities.csv", "Title,Method,Minutes\nEcho lab,IM012,90\nWard round,Juggling,sixty\n");
    REQUIRE(s.window->importCsv(
        QString::fromStdString((s.dir / "activities.csv").string()), [&](CsvImportDialog& d) {
            d.kindBox()->setCurrentIndex(d.kindBox()->findData(static_cast<int>(ItemKind::Activity)));
            CHECK(d.fieldOf(0) == "title");
            CHECK(d.fieldOf(1) == "method");
            CHECK(d.fieldOf(2) == "minutes");
            CHECK_FALSE(d.import());
            CHECK(d.problems()->isVisibleTo(&d)); // shown in the dialog, which stays open
            CHECK(d.problems()->text().contains("row 3, column B (Instructional method)"));
            CHECK(d.problems()->text().contains("row 3, column C (Minutes)"));
            // Two columns for one field is refused before anything is planned.
            d.setField(1, "title");
            CHECK_FALSE(d.import());
            CHECK(d.problems()->text().contains("Two columns"));
        }));
    CHECK(s.onDisk().activitiesOf(card).size() == s.data().activitiesOf(card).size());
    CHECK_FALSE(s.window->findChild<QAction*>("undo")->isEnabled());

    // A file that is not a readable sheet is reported without a dialog.
    writeFile(s.dir / "broken.csv", "Title\n\"never closed\n");
    CHECK_FALSE(s.window->importCsv(QString::fromStdString((s.dir / "broken.csv").string()),
        [](CsvImportDialog&) { FAIL("the dialog was shown for an unreadable sheet"); }));
    CHECK(s.errors.last().contains("line 2"));

    // The objectives and alignment exports of the course.
    REQUIRE(s.window->exportObjectivesCsv(QString::fromStdString((s.dir / "out.csv").string())));
    CHECK_THAT(readFile(s.dir / "out.csv"), Catch::StartsWith("Course,Objective,"));
    REQUIRE(s.window->exportAlignmentCsv(QString::fromStdString((s.dir / "align.csv").string())));
    CHECK_THAT(readFile(s.dir / "align.csv"), Catch::StartsWith("Objective,Teaching: "));
}

TEST_CASE(
    "The Curriculum Inventory export asks for what the standard needs, then writes a report that validates")
{
    Studio s;
    CurriculumInventoryDialog dialog(s.window->session(), s.window.get());
    dialog.show();
    REQUIRE(QTest::qWaitForWindowExposed(&dialog));
    CHECK_FALSE(dialog.exportButton()->isEnabled());
    CHECK(dialog.problems()->text().contains("institution id is missing"));
    QTest::keyClicks(dialog.institutionId(), "987");
    CHECK(dialog.problems()->text().contains("program id is missing"));
    CHECK_FALSE(dialog.problems()->text().contains("institution id is missing"));
    QTest::keyClicks(dialog.programId(), "5678");
    dialog.start()->setDate(QDate(2026, 7, 1));
    dialog.end()->setDate(QDate(2027, 6, 30));
    CHECK(dialog.exportButton()->isEnabled());
    CHECK(dialog.problems()->text() == "Ready to export.");
    // The verification preview shows the AAMC's tables for the map as it is.
    CHECK(dialog.preview()->toPlainText().contains("Instructional methods by year (hours)"));
    CHECK(dialog.preview()->toPlainText().contains("PCRS coverage"));
    CHECK(dialog.preview()->toPlainText().contains("MED 301"));
    dialog.schema()->setCurrentIndex(1); // v1: the schema the offline validator holds

    const auto out = s.dir / "report.xml";
    REQUIRE(dialog.exportTo(QString::fromStdString(out.string())));
    const std::string command = "'" COURSEMAP_STANDARDS "/medbiq/validate-curriculum-inventory' '"
        + out.string() + "' > /dev/null 2>&1";
    CHECK(std::system(command.c_str()) == 0);

    // The answers are remembered for this map.
    CurriculumInventoryDialog again(s.window->session(), s.window.get());
    CHECK(again.institutionId()->text() == "987");
    CHECK(again.start()->date() == QDate(2026, 7, 1));
    CHECK(again.exportButton()->isEnabled());
}

TEST_CASE(
    "A course's details hold how the Curriculum Inventory reports it: weeks, dates, clerkship, taken by, "
    "part of; clearing a length clears it")
{
    Studio s;
    const Id med = s.course("MED 301");
    const Id card = s.course("CARD 210");
    s.window->selectCourse(med);
    s.window->showPage(MainWindow::DetailsPage);
    auto* details = s.window->details();
    const auto type = [&](const char* field, const QString& text) {
        auto* line = qobject_cast<QLineEdit*>(details->editorFor(field));
        REQUIRE(line);
        line->setFocus();
        line->selectAll();
        if (text.isEmpty())
            QTest::keyClick(line, Qt::Key_Delete);
        QTest::keyClicks(line, text);
        QTest::keyClick(line, Qt::Key_Return);
    };
    const auto choose = [&](const char* field, const QString& value) {
        auto* box = qobject_cast<QComboBox*>(details->editorFor(field));
        REQUIRE(box);
        const int at = box->findData(value);
        REQUIRE(at >= 0);
        box->setCurrentIndex(at);
        emit box->activated(at);
    };
    type("weeks", "12");
    type("start_date", "2027-01-04");
    type("end_date", "2027-03-26");
    choose("clerkship_model", "integrated");
    choose("requirement", "optional");
    choose("parent_course_id", QString::number(card));
    const auto* c = s.data().get<Course>(med);
    CHECK(c->weeks == 12);
    CHECK(c->startDate == "2027-01-04");
    CHECK(c->endDate == "2027-03-26");
    CHECK(c->clerkshipModel == ClerkshipModel::Integrated);
    CHECK(c->requirement == Requirement::Optional);
    CHECK(c->parentCourseId == card);
    CHECK(s.onDisk().get<Course>(med)->weeks == 12);

    // The course it is part of cannot offer itself or a course within it.
    s.window->selectCourse(card);
    auto* partOf = qobject_cast<QComboBox*>(details->editorFor("parent_course_id"));
    CHECK(partOf->findData(QString::number(card)) < 0);
    CHECK(partOf->findData(QString::number(med)) < 0);

    // Emptied, the length is cleared; the clerkship model too when "Not a clerkship" is chosen.
    s.window->selectCourse(med);
    type("weeks", "");
    choose("clerkship_model", "");
    CHECK_FALSE(s.data().get<Course>(med)->weeks.has_value());
    CHECK_FALSE(s.data().get<Course>(med)->clerkshipModel.has_value());
    // A date that is not one is refused with the reason, and the file keeps the old one.
    type("start_date", "next spring");
    CHECK(s.data().get<Course>(med)->startDate == "2027-01-04");
    CHECK(s.window->message().contains("YYYY-MM-DD"));
}
