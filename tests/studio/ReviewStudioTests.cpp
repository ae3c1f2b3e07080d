// Review in the studio: commenting, replying and resolving in the review panel; setting a status with the
// justification rule; named versions saved, compared, opened read-only and restored (and the restore undone);
// the name remembered; the review copy of the syllabus.
#include "Studio.h"
#include "support/Process.h"

#include "AlignmentModel.h"
#include "ItemTableModel.h"
#include "ItemTablePage.h"
#include "MatrixView.h"
#include "ReviewPanel.h"
#include "StatusDialog.h"
#include "SyllabusDialog.h"
#include "VersionsDialog.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QTableView>
#include <QTableWidget>
#include <QTextBrowser>
#include <QTreeWidget>

using namespace coursemap;
using namespace coursemap::studio;
using namespace coursemap::test;

namespace {

constexpr Id Understand = 203;

// Names the user once; the studio remembers it.
void answerName(Studio& s, const QString& name, int* asked = nullptr)
{
    s.window->askAuthor = [name, asked](const QString&) {
        if (asked)
            ++*asked;
        return name;
    };
}

void type(QPlainTextEdit* box, const QString& text)
{
    box->setFocus();
    QTest::keyClicks(box, text);
}

} // namespace

TEST_CASE("A reviewer comments on an objective, the author replies, and the thread is resolved")
{
    Studio s;
    int asked = 0;
    answerName(s, "Dr. Helen Cho", &asked);
    auto* review = s.window->review();
    s.window->showReview();
    s.window->navigateTo(Understand); // choose the objective in its table
    CHECK(review->subject().itemId == Understand);
    CHECK(s.find<QLabel>("commentTarget")->text().contains("Understand the pathophysiology"));

    // The sample has one thread on the course already; write a second.
    CHECK(review->threads()->topLevelItemCount() == 1);
    CHECK_FALSE(review->commentButton()->isEnabled()); // nothing written yet
    type(review->text(), "Which verb: explain or interpret?");
    QTest::mouseClick(review->commentButton(), Qt::LeftButton);
    CHECK(review->text()->toPlainText().isEmpty());
    REQUIRE(review->threads()->topLevelItemCount() == 2);
    const auto* comment = s.data().commentsOn(Understand).back();
    CHECK(comment->text == "Which verb: explain or interpret?");
    CHECK(comment->author == "Dr. Helen Cho");
    CHECK(asked == 1);
    CHECK(s.onDisk().get<Comment>(comment->id) != nullptr); // on disk at once

    // Beside the item: the table counts its open threads.
    auto* table = s.window->page(MainWindow::ObjectivesPage);
    const int row = table->model()->rowOf(Understand);
    int column = -1;
    for (int c = 0; c < table->model()->columnCount(); ++c)
        if (table->model()->headerData(c, Qt::Horizontal, Qt::DisplayRole).toString() == "Comments")
            column = c;
    REQUIRE(column >= 0);
    CHECK(table->model()->index(row, column).data().toInt() == 2);

    // The author replies to the chosen thread; the name is asked only once.
    answerName(s, "Dr. Priya Raman", &asked);
    QSettings().setValue("review/author", "Dr. Priya Raman");
    review->threads()->setCurrentItem(review->threads()->topLevelItem(1));
    type(review->text(), "Explain. I will reword it.");
    QTest::mouseClick(review->replyButton(), Qt::LeftButton);
    CHECK(asked == 1);
    const auto threads = threadsOn(s.data(), { Understand });
    REQUIRE(threads.size() == 2);
    REQUIRE(threads[1].replies.size() == 1);
    CHECK(threads[1].replies[0]->author == "Dr. Priya Raman");
    CHECK(review->detail()->toPlainText().contains("Explain. I will reword it."));

    // Resolve: it leaves the list unless resolved threads are shown; Undo brings it back open.
    review->threads()->setCurrentItem(review->threads()->topLevelItem(1));
    QTest::mouseClick(review->resolveButton(), Qt::LeftButton);
    CHECK(s.data().get<Comment>(threads[1].first->id)->resolved);
    CHECK(review->threads()->topLevelItemCount() == 1);
    CHECK(table->model()->index(row, column).data().toInt() == 1);
    review->showResolved()->setChecked(true);
    CHECK(review->threads()->topLevelItemCount() == 2);
    s.window->findChild<QAction*>("undo")->trigger();
    CHECK_FALSE(s.data().get<Comment>(threads[1].first->id)->resolved);
    CHECK_FALSE(s.onDisk().get<Comment>(threads[1].first->id)->resolved);

    // Double-click a thread to go to what it is about.
    s.window->showPage(MainWindow::DetailsPage);
    auto* first = review->threads()->topLevelItem(0);
    review->threads()->setCurrentItem(first);
    emit review->threads()->itemDoubleClicked(first, 0);
    CHECK(s.window->tabs()->currentIndex() == MainWindow::ObjectivesPage);
}

TEST_CASE("A comment on a link of the alignment matrix")
{
    Studio s;
    answerName(s, "Dr. Cho");
    s.window->selectCourse(s.course("CARD 210"));
    s.window->showPage(MainWindow::AlignmentPage);
    auto* view = s.window->alignmentView();
    const auto* model = qobject_cast<const AlignmentModel*>(view->model());
    REQUIRE(model);
    // The first linked cell of the first objective's row.
    QModelIndex linked;
    for (int c = 0; c < model->columnCount() && !linked.isValid(); ++c) {
        const Id objective = model->objectiveAt(0), target = model->targetAt(c);
        if (s.data().link({ LinkKind::Teaches, objective, target })
            || s.data().link({ LinkKind::Assesses, objective, target }))
            linked = model->index(0, c);
    }
    REQUIRE(linked.isValid());
    view->setCurrentIndex(linked);
    auto* review = s.window->review();
    REQUIRE(review->subject().targetId != NoId);
    CHECK(s.find<QLabel>("commentTarget")->text().contains("link objective"));
    type(review->text(), "Is one lecture enough for this?");
    QTest::mouseClick(review->commentButton(), Qt::LeftButton);
    const auto& comments = s.data().all<Comment>();
    const auto& last = comments.rbegin()->second;
    CHECK(last.targetId == review->subject().targetId);
    CHECK(last.itemId == review->subject().itemId);
}

TEST_CASE(
    "Approving a course with errors asks for a justification, which is kept; a refused move is not offered")
{
    Studio s;
    answerName(s, "Curriculum committee");
    const Id card = s.course("CARD 210");
    s.window->selectCourse(card);
    auto* review = s.window->review();
    CHECK(review->status()->text().contains("In review"));

    bool sawWarning = false, okWithoutWhy = true, offeredDraftApproval = false;
    review->runStatusDialog = [&](StatusDialog& d) {
        REQUIRE(d.choose(ReviewStatus::Approved));
        sawWarning = d.warning()->isVisibleTo(&d) && d.warning()->text().contains("8 errors");
        okWithoutWhy = d.buttons()->button(QDialogButtonBox::Ok)->isEnabled();
        type(d.justification(), "Wording fixes agreed for the spring revision.");
        QTest::mouseClick(d.buttons()->button(QDialogButtonBox::Ok), Qt::LeftButton);
    };
    QTest::mouseClick(review->courseStatusButton(), Qt::LeftButton);
    CHECK(sawWarning);
    CHECK_FALSE(okWithoutWhy);
    CHECK(s.data().get<Course>(card)->status == ReviewStatus::Approved);
    const auto* record = s.data().statusHistory(card).back();
    CHECK(record->author == "Curriculum committee");
    CHECK(record->justification == "Wording fixes agreed for the spring revision.");
    CHECK(s.onDisk().statusHistory(card).back()->justification == record->justification);
    CHECK(review->status()->text().contains("Approved"));
    CHECK(review->status()->text().contains("Wording fixes agreed"));

    // A draft course cannot be approved straight away: the move is not offered.
    s.window->selectCourse(s.course("MED 301"));
    review->runStatusDialog = [&](StatusDialog& d) {
        offeredDraftApproval = d.choose(ReviewStatus::Approved);
        REQUIRE(d.choose(ReviewStatus::InReview));
        CHECK_FALSE(d.warning()->isVisibleTo(&d));
        QTest::mouseClick(d.buttons()->button(QDialogButtonBox::Ok), Qt::LeftButton);
    };
    QTest::mouseClick(review->courseStatusButton(), Qt::LeftButton);
    CHECK_FALSE(offeredDraftApproval);
    CHECK(s.data().get<Course>(s.course("MED 301"))->status == ReviewStatus::InReview);

    // One undo step takes back status and record together.
    const auto before = s.data().statusHistory(s.course("MED 301")).size();
    s.window->findChild<QAction*>("undo")->trigger();
    CHECK(s.data().get<Course>(s.course("MED 301"))->status == ReviewStatus::Draft);
    CHECK(s.data().statusHistory(s.course("MED 301")).size() == before - 1);
}

TEST_CASE("An objective's status is set from its row, and the table shows it")
{
    Studio s;
    answerName(s, "Dr. Raman");
    s.window->navigateTo(Understand);
    auto* review = s.window->review();
    REQUIRE(review->itemStatusButton()->isVisibleTo(review));
    review->runStatusDialog = [](StatusDialog& d) {
        REQUIRE(d.choose(ReviewStatus::InReview));
        QTest::mouseClick(d.buttons()->button(QDialogButtonBox::Ok), Qt::LeftButton);
    };
    QTest::mouseClick(review->itemStatusButton(), Qt::LeftButton);
    CHECK(s.data().get<Objective>(Understand)->status == ReviewStatus::InReview);
    auto* table = s.window->page(MainWindow::ObjectivesPage);
    const int row = table->model()->rowOf(Understand);
    bool shown = false;
    for (int c = 0; c < table->model()->columnCount(); ++c)
        shown |= table->model()->index(row, c).data().toString() == "In review";
    CHECK(shown);
}

TEST_CASE("Versions: save, compare with now, open read-only, restore and undo the restore")
{
    Studio s;
    answerName(s, "Dr. Cho");
    const DocumentData original = s.data();

    s.window->showVersions([&](VersionsDialog& d) {
        CHECK(d.report()->toPlainText().contains("No versions yet"));
        CHECK_FALSE(d.saveButton()->isEnabled());
        QTest::keyClicks(d.name(), "Approved 2026-27");
        QTest::mouseClick(d.saveButton(), Qt::LeftButton);
        CHECK(d.list()->rowCount() == 1);
        CHECK(d.list()->item(0, 1)->text() == "Dr. Cho");
        // A second version of the same name is refused, with the reason shown.
        QTest::keyClicks(d.name(), "Approved 2026-27");
        QTest::mouseClick(d.saveButton(), Qt::LeftButton);
        CHECK(d.list()->rowCount() == 1);
        CHECK(d.report()->toPlainText().contains("already a version"));
    });

    // Reword an objective after the version.
    REQUIRE(s.window->session()->apply(
        UpdateField { Understand, "text", "Explain the neurohormonal response in heart failure" }));

    s.window->showVersions([&](VersionsDialog& d) {
        // Opens on what changed since the newest version.
        const auto report = d.report()->toPlainText();
        CHECK(report.contains("Changes from \u201CApproved 2026-27\u201D to now"));
        CHECK(report.contains("Explain the neurohormonal response in heart failure"));
        CHECK(report.contains("Fixed problems"));
        CHECK(report.contains("objective-not-measurable"));

        // Open read-only: a window of its own holding the version.
        MainWindow* opened = nullptr;
        d.openVersion = [&](const std::string& name) { opened = s.window->openVersion(name); };
        d.list()->selectRow(0);
        REQUIRE(d.openButton()->isEnabled());
        QTest::mouseClick(d.openButton(), Qt::LeftButton);
        REQUIRE(opened);
        CHECK(opened->session()->readOnly());
        CHECK(opened->windowTitle().contains("Approved 2026-27"));
        CHECK(opened->session()->data().get<Objective>(Understand)->text
            == original.get<Objective>(Understand)->text);
        opened->close(); // deletes itself and its copy
        CHECK(QSettings().value("file/recent").toStringList().size() == 1); // the copy is not a recent map

        QTest::mouseClick(d.restoreButton(), Qt::LeftButton);
        CHECK(d.report()->toPlainText().contains("Restored version"));
        CHECK(d.list()->rowCount() == 2); // with the map as it was, kept first
        CHECK(d.list()->item(1, 0)->text().startsWith("Before restoring Approved 2026-27"));
    });
    CHECK(s.data().get<Objective>(Understand)->text == original.get<Objective>(Understand)->text);
    CHECK(s.onDisk().get<Objective>(Understand)->text == original.get<Objective>(Understand)->text);

    s.window->findChild<QAction*>("undo")->trigger();
    CHECK(s.data().get<Objective>(Understand)->text == "Explain the neurohormonal response in heart failure");
    CHECK(
        s.onDisk().get<Objective>(Understand)->text == "Explain the neurohormonal response in heart failure");
}

TEST_CASE("The name is asked once, remembered, and can be declined")
{
    Studio s;
    int asked = 0;
    s.window->askAuthor = [&](const QString&) {
        ++asked;
        return QString(); // declined
    };
    auto* review = s.window->review();
    s.window->navigateTo(Understand);
    type(review->text(), "A comment");
    const auto comments = s.data().all<Comment>().size();
    QTest::mouseClick(review->commentButton(), Qt::LeftButton);
    CHECK(asked == 1);
    CHECK(s.data().all<Comment>().size() == comments); // nothing recorded without a name
    answerName(s, "Dr. Cho", &asked);
    QTest::mouseClick(review->commentButton(), Qt::LeftButton);
    QTest::mouseClick(review->commentButton(), Qt::LeftButton); // empty now: nothing happens
    CHECK(asked == 2);
    CHECK(QSettings().value("review/author").toString() == "Dr. Cho");
    CHECK(s.window->author() == "Dr. Cho");
    CHECK(asked == 2);
}

TEST_CASE("The syllabus dialog makes a review copy with the open comments")
{
    Studio s;
    SyllabusDialog dialog(s.window->session(), s.course("CARD 210"), s.window.get());
    const int plain = dialog.pageCount();
    auto* reviewCopy = dialog.findChild<QCheckBox*>("syllabusReviewCopy");
    REQUIRE(reviewCopy);
    reviewCopy->click();
    CHECK(dialog.pageCount() >= plain);
    const auto pdf = s.dir / "review.pdf";
    REQUIRE(dialog.exportTo(QString::fromStdString(pdf.string())));
    const auto text = shell("pdftotext '" + pdf.string() + "' -");
    CHECK_THAT(text, Catch::Contains("Review copy") && Catch::Contains("Open comments"));
}

TEST_CASE("A read-only map shows its review but takes no comment, status or version")
{
    Studio s;
    auto other = s.makeWindow();
    other->askReadOnly = [](const LockOwner&, const QString&) { return true; };
    REQUIRE(other->openFile(QString::fromStdString(s.file.string())));
    REQUIRE(other->session()->readOnly());
    auto* review = other->review();
    other->selectCourse(s.course("CARD 210"));
    CHECK(review->threads()->topLevelItemCount() == 1);
    CHECK_FALSE(review->text()->isEnabled());
    CHECK_FALSE(review->courseStatusButton()->isEnabled());
    other->showVersions([](VersionsDialog& d) {
        CHECK_FALSE(d.name()->isEnabled());
        CHECK_FALSE(d.saveButton()->isEnabled());
    });
}
