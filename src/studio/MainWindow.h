// The studio's window: the program's courses on the left, the course's details, objectives, activities,
// assessments, alignment matrix, competency map and charts in tabs, the findings on the right. It opens and
// creates maps and wires the pages to the open Session; what the pages show and do is theirs.
#pragma once

#include "coursemap/Document.h"
#include "coursemap/model/Id.h"
#include "coursemap/storage/FileLock.h"

#include <QMainWindow>

#include <functional>
#include <future>
#include <memory>
#include <vector>

class QAction;
class QFrame;
class QLabel;
class QMenu;
class QStackedWidget;
class QTemporaryDir;
class QTimer;
class QTabWidget;
class QTreeView;

namespace coursemap::studio {

class AlignmentModel;
class ChartsPage;
class CsvImportDialog;
class ProgramPage;
class ReviewPanel;
class ServerDialog;
class VersionsDialog;
class CompetencyMapModel;
class CourseTreeModel;
class DetailsForm;
class FindingsPanel;
class ItemTablePage;
class MatrixView;
class Session;

class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    enum Page
    {
        DetailsPage,
        ObjectivesPage,
        ActivitiesPage,
        AssessmentsPage,
        AlignmentPage,
        CompetenciesPage,
        ChartsTab,
        ProgramTab
    };

    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    // Opens a map; false (after telling the user why) when it cannot be opened. When another program has
    // the map open, the user is asked whether to open it read-only.
    bool openFile(const QString& path, bool readOnly = false);
    // Opens program `program` (its code; empty: the only one the user may see) on the PostgreSQL server at
    // `address` (a postgresql:// URI); false after telling the user why it cannot be opened.
    bool openServer(const QString& address, const QString& program, bool readOnly = false);
    // Creates a new map with a program of this name at `path`; false after telling the user why not.
    bool newFile(const QString& path, const QString& programName);
    bool saveAs(const QString& path);
    // Creates a map at `target` from a JSON export (`coursemap export`) and opens it; nothing is created when
    // the JSON has a problem, which the user is told, with where it is.
    bool importJson(const QString& jsonPath, const QString& target);
    bool exportJson(const QString& jsonPath);
    // Reads a CSV sheet and shows the import dialog over it (`dialog`: tests receive it instead of it being
    // shown); false after telling the user when the sheet cannot be read.
    bool importCsv(const QString& csvPath, std::function<void(CsvImportDialog&)> dialog = {});
    // Objectives of the current course (or of every course when the program is chosen), or the current
    // course's alignment matrix, as CSV; false after telling the user why not.
    bool exportObjectivesCsv(const QString& path);
    bool exportAlignmentCsv(const QString& path);
    // Opens the map open when the studio last closed, on the course chosen then; false when there is none.
    bool reopenLast();
    void closeFile();

    // File > Open from Server… (`dialog`: tests receive it, filled in, instead of it being shown).
    void openServerWithDialog(std::function<void(ServerDialog&)> dialog = {});
    // The versions dialog over the map (`dialog`: tests receive it instead of it being shown).
    void showVersions(std::function<void(VersionsDialog&)> dialog = {});
    // Opens a named version of the map read-only in a window of its own; returns it (null after telling the
    // user why it could not be opened). The window keeps a copy of the version until it closes.
    MainWindow* openVersion(const std::string& name);
    // The name comments, statuses and versions are recorded under: remembered, asked for the first time
    // (`askAuthor`); empty when the user declines.
    QString author();

    Session* session() const { return session_.get(); }
    Id currentCourse() const { return course_; }
    void selectCourse(Id courseId);
    void showPage(Page page);
    // Shows an item where it is edited: its course, its tab, its row.
    void navigateTo(Id itemId);
    void addCourse();
    void deleteCourse();
    QString message() const; // the message bar's text, empty when hidden

    ItemTablePage* page(Page page) const;
    DetailsForm* details() const { return details_; }
    FindingsPanel* findings() const { return findings_; }
    ReviewPanel* review() const { return review_; }
    // Brings the review panel to the front.
    void showReview();
    MatrixView* alignmentView() const { return alignmentView_; }
    MatrixView* competencyView() const { return competencyView_; }
    ChartsPage* charts() const { return charts_; }
    ProgramPage* program() const { return program_; }
    QTabWidget* tabs() const { return tabs_; }

    // How the window asks and tells; tests replace these to answer without a modal dialog.
    std::function<bool(const LockOwner& owner, const QString& path)> askReadOnly;
    std::function<bool(const QString& question)> confirm;
    std::function<void(const QString& title, const QString& text)> showError;
    // Asks the user's name, suggesting one; empty when they decline.
    std::function<QString(const QString& suggestion)> askAuthor;

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    void buildActions();
    void buildMenus();
    void setSession(std::unique_ptr<Session> session);
    void updateTitle();
    void updateSaveState();
    // Who is connected to a program on a server, and who else has it open (hidden for a file).
    void updatePresence();
    // True when nothing kept unsaved would be lost by closing the map, or the user agrees to lose it.
    bool mayDiscard();
    void updateActions();
    void showMessage(const QString& text);
    void rememberRecent(const QString& path);
    void fillRecentMenu();
    void openWithDialog();
    void newWithDialog();
    void saveAsWithDialog();
    void importWithDialog();
    void exportWithDialog();
    void exportSyllabus();
    void importCsvWithDialog();
    void exportCsvWithDialog(bool alignment);
    void showFrameworks();
    void exportCurriculumInventory();
    bool writeText(const QString& path, const std::string& text);
    // Opens a map on another thread; after half a second the user sees progress and may cancel (null).
    std::unique_ptr<Document> openInBackground(
        const QString& what, std::function<std::unique_ptr<Document>()> open);

    std::unique_ptr<Session> session_;
    Id course_ = NoId;
    CourseTreeModel* treeModel_;
    QTreeView* tree_;
    QTabWidget* tabs_;
    QStackedWidget* centre_;
    QWidget* welcome_;
    DetailsForm* details_;
    ItemTablePage* objectives_;
    ItemTablePage* activities_;
    ItemTablePage* assessments_;
    QStackedWidget* alignmentStack_;
    MatrixView* alignmentView_;
    AlignmentModel* alignment_;
    QStackedWidget* competencyStack_;
    MatrixView* competencyView_;
    CompetencyMapModel* competencies_;
    ChartsPage* charts_;
    ProgramPage* program_;
    FindingsPanel* findings_;
    ReviewPanel* review_;
    QLabel* messageBar_;
    // Set in a window showing a named version: its name, and the folder holding its copy.
    QString versionName_;
    std::unique_ptr<QTemporaryDir> versionCopy_;
    QLabel* saveState_;
    QLabel* presence_;
    QFrame* presenceSeparator_ = nullptr;
    QTimer* presenceTimer_;
    QMenu* recentMenu_ = nullptr;
    QMenu* editMenu_ = nullptr;
    QAction *newAction_, *openAction_, *openServerAction_, *saveAsAction_, *closeAction_, *quitAction_,
        *importAction_, *exportAction_, *syllabusAction_;
    // Maps whose opening the user cancelled: left to finish on their thread, then dropped.
    std::vector<std::shared_ptr<std::future<std::unique_ptr<Document>>>> abandoned_;
    QAction *undoAction_ = nullptr, *redoAction_ = nullptr;
    QAction *addCourseAction_, *deleteCourseAction_, *frameworksAction_, *importCsvAction_,
        *objectivesCsvAction_, *alignmentCsvAction_, *curriculumInventoryAction_, *versionsAction_,
        *commentAction_, *statusAction_;
};

} // namespace coursemap::studio
