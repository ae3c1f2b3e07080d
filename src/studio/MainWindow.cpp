#include "MainWindow.h"

#include "CsvImportDialog.h"
#include "CurriculumInventoryDialog.h"
#include "FrameworksDialog.h"
#include "ProgramPage.h"
#include "ReviewPanel.h"
#include "VersionsDialog.h"

#include "AlignmentModel.h"
#include "ChartsPage.h"
#include "CompetencyMapModel.h"
#include "CourseTreeModel.h"
#include "DetailsForm.h"
#include "FindingsPanel.h"
#include "ItemTablePage.h"
#include "MatrixView.h"
#include "ObjectiveEditor.h"
#include "Palette.h"
#include "Session.h"
#include "SyllabusDialog.h"

#include "coursemap/Error.h"
#include "coursemap/interchange/CsvFormat.h"
#include "coursemap/interchange/JsonFormat.h"
#include "coursemap/storage/OutputFile.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDateTime>
#include <QDockWidget>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QProgressDialog>
#include <QPushButton>
#include <QSettings>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTimer>
#include <QToolBar>
#include <QTreeView>
#include <QUndoGroup>
#include <QVBoxLayout>

namespace coursemap::studio {

namespace {

constexpr int MaxRecent = 8;

QStackedWidget* withPlaceholder(QWidget* page, const QString& placeholder, QWidget* parent)
{
    auto* stack = new QStackedWidget(parent);
    auto* label = new QLabel(placeholder, stack);
    label->setAlignment(Qt::AlignCenter);
    label->setStyleSheet("color: gray; font-size: 14pt;");
    stack->addWidget(label);
    stack->addWidget(page);
    return stack;
}

QWidget* legend(const std::vector<std::pair<QColor, QString>>& entries, QWidget* parent)
{
    auto* box = new QWidget(parent);
    auto* row = new QHBoxLayout(box);
    row->setContentsMargins(6, 2, 6, 2);
    for (const auto& [color, text] : entries) {
        auto* swatch = new QLabel(box);
        swatch->setFixedSize(14, 14);
        swatch->setStyleSheet(QStringLiteral("background: %1; border: 1px solid #999;").arg(color.name()));
        row->addWidget(swatch);
        row->addWidget(new QLabel(text, box));
        row->addSpacing(10);
    }
    row->addStretch();
    return box;
}

} // namespace

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent)
    , treeModel_(new CourseTreeModel(this))
    , tree_(new QTreeView(this))
    , tabs_(new QTabWidget(this))
    , centre_(new QStackedWidget(this))
    , welcome_(new QWidget(this))
    , details_(new DetailsForm(this))
    , objectives_(new ItemTablePage(TableKind::Objectives, this))
    , activities_(new ItemTablePage(TableKind::Activities, this))
    , assessments_(new ItemTablePage(TableKind::Assessments, this))
    , alignmentView_(new MatrixView(this))
    , alignment_(new AlignmentModel(this))
    , competencyView_(new MatrixView(this))
    , competencies_(new CompetencyMapModel(this))
    , charts_(new ChartsPage(this))
    , program_(new ProgramPage(this))
    , findings_(new FindingsPanel(this))
    , review_(new ReviewPanel(this))
    , messageBar_(new QLabel(this))
    , saveState_(new QLabel(this))
{
    setObjectName("mainWindow");
    resize(1440, 900);
    setDockOptions(QMainWindow::AnimatedDocks | QMainWindow::AllowTabbedDocks);

    askReadOnly = [this](const LockOwner& owner, const QString& path) {
        const auto who
            = owner.user.empty() ? tr("another program") : tr("%1 on %2").arg(qs(owner.user), qs(owner.host));
        const auto since = QDateTime::fromString(qs(owner.since), Qt::ISODate).toLocalTime();
        QMessageBox box(QMessageBox::Question, tr("Map already open"),
            tr("%1 is open for editing by %2%3.\n\nYou can open it read-only to look at it; edits will be "
               "possible once it is closed there.")
                .arg(QFileInfo(path).fileName(), who,
                    since.isValid() ? tr(" since %1").arg(since.toString("d MMM, HH:mm")) : QString()),
            QMessageBox::Cancel, this);
        box.setTextFormat(Qt::PlainText); // the mark's text is anyone's: never rich text
        auto* readOnly = box.addButton(tr("Open &Read-Only"), QMessageBox::AcceptRole);
        box.setDefaultButton(readOnly);
        box.exec();
        return box.clickedButton() == readOnly;
    };
    confirm = [this](const QString& question) {
        return QMessageBox::question(this, tr("Coursemap Studio"), question) == QMessageBox::Yes;
    };
    showError
        = [this](const QString& title, const QString& text) { QMessageBox::warning(this, title, text); };
    askAuthor = [this](const QString& suggestion) {
        bool ok = false;
        const auto name = QInputDialog::getText(this, tr("Your Name"),
            tr("Your name, as it will appear on your comments, approvals and versions:"), QLineEdit::Normal,
            suggestion, &ok);
        return ok ? name.trimmed() : QString();
    };
    review_->author = [this] { return author(); };

    // Left: the program and its courses.
    tree_->setObjectName("courseTree");
    tree_->setAccessibleName(tr("Program and courses"));
    tree_->setModel(treeModel_);
    tree_->setHeaderHidden(true);
    tree_->setUniformRowHeights(true);
    auto* treeDock = new QDockWidget(tr("Courses"), this);
    treeDock->setObjectName("coursesDock");
    auto* treeBox = new QWidget(treeDock);
    auto* treeLayout = new QVBoxLayout(treeBox);
    treeLayout->setContentsMargins(4, 4, 4, 4);
    treeLayout->addWidget(tree_);
    auto* newCourse = new QPushButton(tr("New course"), treeBox);
    newCourse->setObjectName("newCourseButton");
    treeLayout->addWidget(newCourse);
    treeDock->setWidget(treeBox);
    addDockWidget(Qt::LeftDockWidgetArea, treeDock);

    // Right: findings.
    auto* findingsDock = new QDockWidget(tr("Findings"), this);
    findingsDock->setObjectName("findingsDock");
    findingsDock->setWidget(findings_);
    addDockWidget(Qt::RightDockWidgetArea, findingsDock);
    resizeDocks({ treeDock, findingsDock }, { 230, 330 }, Qt::Horizontal);
    // Beside it, as a tab: the review (status, comments).
    auto* reviewDock = new QDockWidget(tr("Review"), this);
    reviewDock->setObjectName("reviewDock");
    reviewDock->setWidget(review_);
    addDockWidget(Qt::RightDockWidgetArea, reviewDock);
    tabifyDockWidget(findingsDock, reviewDock);
    findingsDock->raise();

    // Centre: the course's tabs.
    alignmentView_->setObjectName("alignmentMatrix");
    alignmentView_->setAccessibleName(tr("Alignment matrix"));
    alignmentView_->setModel(alignment_);
    alignmentView_->setToggle([this](const QModelIndex& i) { alignment_->toggle(i); });
    auto* alignmentPage = new QWidget(this);
    auto* alignmentLayout = new QVBoxLayout(alignmentPage);
    alignmentLayout->setContentsMargins(6, 6, 6, 6);
    alignmentLayout->addWidget(legend(
        { { cell::aligned, tr("aligned") }, { cell::belowLevel, tr("below the objective's level") },
            { cell::missing, tr("not taught / not assessed") },
            { QColor(0x1A, 0x52, 0x76), tr("activities") }, { QColor(0x78, 0x28, 0x1F), tr("assessments") } },
        alignmentPage));
    alignmentLayout->addWidget(alignmentView_, 1);
    auto* alignmentHint = new QLabel(
        tr("Click a cell, or press Space, to link or unlink. Hover for what a colour means."), alignmentPage);
    alignmentHint->setStyleSheet("color: gray;");
    alignmentLayout->addWidget(alignmentHint);
    alignmentStack_
        = withPlaceholder(alignmentPage, tr("Choose a course to see its alignment matrix."), this);

    competencyView_->setObjectName("competencyMap");
    competencyView_->setAccessibleName(tr("Competency map"));
    competencyView_->setModel(competencies_);
    competencyView_->setToggle([this](const QModelIndex& i) { competencies_->toggle(i); });
    auto* competencyPage = new QWidget(this);
    auto* competencyLayout = new QVBoxLayout(competencyPage);
    competencyLayout->setContentsMargins(6, 6, 6, 6);
    competencyLayout->addWidget(
        legend({ { contributionColor(Contribution::Introduced), tr("I: introduced") },
                   { contributionColor(Contribution::Reinforced), tr("R: reinforced") },
                   { contributionColor(Contribution::Mastered), tr("M: mastered") } },
            competencyPage));
    competencyLayout->addWidget(competencyView_, 1);
    competencyStack_
        = withPlaceholder(competencyPage, tr("Choose a course to see its competency map."), this);

    tabs_->setObjectName("courseTabs");
    tabs_->setAccessibleName(tr("Course views"));
    tabs_->setDocumentMode(true);
    tabs_->addTab(details_, tr("&Details"));
    tabs_->addTab(objectives_, tr("&Objectives"));
    tabs_->addTab(activities_, tr("&Activities"));
    tabs_->addTab(assessments_, tr("A&ssessments"));
    tabs_->addTab(alignmentStack_, tr("A&lignment"));
    tabs_->addTab(competencyStack_, tr("Co&mpetencies"));
    tabs_->addTab(charts_, tr("C&harts"));
    tabs_->addTab(program_, tr("&Program"));

    messageBar_->setObjectName("messageBar");
    messageBar_->setWordWrap(true);
    messageBar_->setStyleSheet("QLabel { background: #FFEBEE; color: #B71C1C; border: 1px solid #EF9A9A; "
                               "padding: 6px; }");
    messageBar_->hide();
    auto* workspace = new QWidget(this);
    auto* workLayout = new QVBoxLayout(workspace);
    workLayout->setContentsMargins(0, 0, 0, 0);
    workLayout->setSpacing(0);
    workLayout->addWidget(messageBar_);
    workLayout->addWidget(tabs_, 1);

    auto* welcomeLayout = new QVBoxLayout(welcome_);
    auto* welcomeText
        = new QLabel(tr("<h2>Coursemap Studio</h2><p>Open a course map, or start a new one.</p>"), welcome_);
    welcomeText->setAlignment(Qt::AlignCenter);
    auto* welcomeOpen = new QPushButton(tr("&Open a course map…"), welcome_);
    auto* welcomeNew = new QPushButton(tr("&New course map…"), welcome_);
    welcomeLayout->addStretch();
    welcomeLayout->addWidget(welcomeText);
    for (auto* b : { welcomeOpen, welcomeNew }) {
        auto* row = new QHBoxLayout;
        row->addStretch();
        row->addWidget(b);
        row->addStretch();
        welcomeLayout->addLayout(row);
    }
    welcomeLayout->addStretch();
    centre_->addWidget(welcome_);
    centre_->addWidget(workspace);
    setCentralWidget(centre_);

    saveState_->setObjectName("saveState");
    statusBar()->addPermanentWidget(saveState_);

    buildActions();
    buildMenus();
    connect(newCourse, &QPushButton::clicked, this, &MainWindow::addCourse);
    connect(welcomeOpen, &QPushButton::clicked, this, &MainWindow::openWithDialog);
    connect(welcomeNew, &QPushButton::clicked, this, &MainWindow::newWithDialog);
    connect(tree_->selectionModel(), &QItemSelectionModel::currentChanged, this,
        [this](const QModelIndex& current) {
            if (current.isValid())
                selectCourse(treeModel_->idAt(current));
        });
    connect(treeModel_, &QAbstractItemModel::modelReset, this, [this] {
        tree_->expandAll();
        const auto i = treeModel_->indexOf(course_);
        tree_->setCurrentIndex(i.isValid() ? i : treeModel_->programIndex());
    });
    connect(findings_, &FindingsPanel::navigate, this, &MainWindow::navigateTo);
    connect(program_, &ProgramPage::navigate, this, &MainWindow::navigateTo);
    connect(review_, &ReviewPanel::navigate, this, &MainWindow::navigateTo);
    // What a new comment is about: the row chosen in a table, or the link of the alignment matrix's cell.
    for (auto* page : { objectives_, activities_, assessments_ })
        connect(
            page, &ItemTablePage::selectedItemChanged, this, [this](Id id) { review_->setSubject({ id }); });
    connect(alignmentView_->selectionModel(), &QItemSelectionModel::currentChanged, this,
        [this](const QModelIndex& i) {
            if (!session_ || !i.isValid())
                return;
            const Id objective = alignment_->objectiveAt(i.row()), target = alignment_->targetAt(i.column());
            const auto kind = session_->data().kindOf(target);
            const LinkKind linkKind = kind == ItemKind::Activity ? LinkKind::Teaches : LinkKind::Assesses;
            review_->setSubject(session_->data().link({ linkKind, objective, target })
                    ? CommentSubject { objective, target }
                    : CommentSubject { objective, NoId });
        });
    connect(tabs_, &QTabWidget::currentChanged, this, [this](int i) {
        if (versionName_.isEmpty())
            QSettings().setValue("ui/tab", i);
    });

    QSettings settings;
    restoreGeometry(settings.value("ui/geometry").toByteArray());
    restoreState(settings.value("ui/state").toByteArray());
    tabs_->setCurrentIndex(settings.value("ui/tab", ObjectivesPage).toInt());
    setSession(nullptr);
}

MainWindow::~MainWindow()
{
    // The pages listen to the session: let them go first.
    setSession(nullptr);
}

void MainWindow::buildActions()
{
    auto make = [this](const QString& text, const QString& name, const QKeySequence& key = {}) {
        auto* a = new QAction(text, this);
        a->setObjectName(name);
        if (!key.isEmpty())
            a->setShortcut(key);
        return a;
    };
    newAction_ = make(tr("&New Course Map…"), "newFile", QKeySequence::New);
    openAction_ = make(tr("&Open…"), "openFile", QKeySequence::Open);
    saveAsAction_ = make(tr("Save &As…"), "saveAs", QKeySequence::SaveAs);
    closeAction_ = make(tr("&Close"), "closeFile", QKeySequence::Close);
    quitAction_ = make(tr("&Quit"), "quit", QKeySequence::Quit);
    importAction_ = make(tr("&Import from JSON…"), "importJson");
    exportAction_ = make(tr("&Export as JSON…"), "exportJson");
    syllabusAction_ = make(tr("Export &Syllabus…"), "exportSyllabus", QKeySequence(Qt::CTRL | Qt::Key_P));
    connect(syllabusAction_, &QAction::triggered, this, &MainWindow::exportSyllabus);
    connect(importAction_, &QAction::triggered, this, &MainWindow::importWithDialog);
    connect(exportAction_, &QAction::triggered, this, &MainWindow::exportWithDialog);
    addCourseAction_ = make(tr("New &Course"), "addCourse", QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_K));
    deleteCourseAction_ = make(tr("&Delete Course…"), "deleteCourse");
    frameworksAction_ = make(tr("Competency &Frameworks…"), "frameworks");
    importCsvAction_ = make(tr("Import from &CSV…"), "importCsv");
    objectivesCsvAction_ = make(tr("&Objectives as CSV…"), "exportObjectivesCsv");
    alignmentCsvAction_ = make(tr("&Alignment Matrix as CSV…"), "exportAlignmentCsv");
    curriculumInventoryAction_ = make(tr("AAMC &Curriculum Inventory…"), "exportCurriculumInventory");
    connect(frameworksAction_, &QAction::triggered, this, &MainWindow::showFrameworks);
    connect(importCsvAction_, &QAction::triggered, this, &MainWindow::importCsvWithDialog);
    connect(objectivesCsvAction_, &QAction::triggered, this, [this] { exportCsvWithDialog(false); });
    connect(alignmentCsvAction_, &QAction::triggered, this, [this] { exportCsvWithDialog(true); });
    connect(curriculumInventoryAction_, &QAction::triggered, this, &MainWindow::exportCurriculumInventory);
    versionsAction_ = make(tr("&Versions…"), "versions", QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_V));
    commentAction_ = make(tr("&Comment…"), "comment", QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_M));
    statusAction_ = make(tr("Set Course &Status…"), "setCourseStatus");
    connect(versionsAction_, &QAction::triggered, this, [this] { showVersions(); });
    connect(commentAction_, &QAction::triggered, this, [this] {
        showReview();
        review_->text()->setFocus();
    });
    connect(statusAction_, &QAction::triggered, this, [this] {
        showReview();
        review_->courseStatusButton()->click();
    });
    newAction_->setIcon(style()->standardIcon(QStyle::SP_FileIcon));
    openAction_->setIcon(style()->standardIcon(QStyle::SP_DirOpenIcon));

    connect(newAction_, &QAction::triggered, this, &MainWindow::newWithDialog);
    connect(openAction_, &QAction::triggered, this, &MainWindow::openWithDialog);
    connect(saveAsAction_, &QAction::triggered, this, &MainWindow::saveAsWithDialog);
    connect(closeAction_, &QAction::triggered, this, &MainWindow::closeFile);
    connect(quitAction_, &QAction::triggered, this, &QWidget::close);
    connect(addCourseAction_, &QAction::triggered, this, &MainWindow::addCourse);
    connect(deleteCourseAction_, &QAction::triggered, this, &MainWindow::deleteCourse);

    auto* group = new QUndoGroup(this);
    group->setObjectName("undoGroup");
    undoAction_ = group->createUndoAction(this, tr("&Undo"));
    undoAction_->setObjectName("undo");
    undoAction_->setShortcut(QKeySequence::Undo);
    undoAction_->setIcon(style()->standardIcon(QStyle::SP_ArrowBack));
    redoAction_ = group->createRedoAction(this, tr("&Redo"));
    redoAction_->setObjectName("redo");
    redoAction_->setShortcut(QKeySequence::Redo);
    redoAction_->setIcon(style()->standardIcon(QStyle::SP_ArrowForward));
}

void MainWindow::buildMenus()
{
    auto* file = menuBar()->addMenu(tr("&File"));
    file->addAction(newAction_);
    file->addAction(openAction_);
    recentMenu_ = file->addMenu(tr("Open &Recent"));
    recentMenu_->setObjectName("recentMenu");
    connect(recentMenu_, &QMenu::aboutToShow, this, &MainWindow::fillRecentMenu);
    file->addSeparator();
    file->addAction(saveAsAction_);
    file->addSeparator();
    file->addAction(syllabusAction_);
    file->addAction(importAction_);
    file->addAction(importCsvAction_);
    file->addAction(exportAction_);
    auto* exportMenu = file->addMenu(tr("E&xport"));
    exportMenu->setObjectName("exportMenu");
    exportMenu->addAction(objectivesCsvAction_);
    exportMenu->addAction(alignmentCsvAction_);
    exportMenu->addAction(tr("&Heat Map as CSV…"), this, [this] {
        showPage(ProgramTab);
        program_->findChild<QPushButton*>("exportHeatMapCsv")->click();
    });
    exportMenu->addAction(tr("Heat Map as &PDF…"), this, [this] {
        showPage(ProgramTab);
        program_->findChild<QPushButton*>("exportHeatMapPdf")->click();
    });
    exportMenu->addAction(curriculumInventoryAction_);
    file->addSeparator();
    file->addAction(closeAction_);
    file->addSeparator();
    file->addAction(quitAction_);

    editMenu_ = menuBar()->addMenu(tr("&Edit"));
    editMenu_->addAction(undoAction_);
    editMenu_->addAction(redoAction_);
    editMenu_->addSeparator();
    for (auto* page : { objectives_, activities_, assessments_ }) {
        auto* sub = editMenu_->addMenu(page == objectives_ ? tr("&Objectives")
                : page == activities_                      ? tr("&Activities")
                                                           : tr("A&ssessments"));
        for (auto* a : { page->addAction(), page->duplicateAction(), page->deleteAction(),
                 page->moveUpAction(), page->moveDownAction() })
            sub->addAction(a);
    }

    auto* program = menuBar()->addMenu(tr("&Program"));
    program->addAction(addCourseAction_);
    program->addAction(deleteCourseAction_);
    program->addSeparator();
    program->addAction(frameworksAction_);

    auto* reviewMenu = menuBar()->addMenu(tr("&Review"));
    reviewMenu->addAction(commentAction_);
    reviewMenu->addAction(statusAction_);
    reviewMenu->addSeparator();
    reviewMenu->addAction(versionsAction_);
    reviewMenu->addSeparator();
    reviewMenu->addAction(tr("Your &Name…"), this, [this] {
        const auto name = askAuthor(QSettings().value("review/author").toString());
        if (!name.isEmpty())
            QSettings().setValue("review/author", name);
    });

    auto* view = menuBar()->addMenu(tr("&View"));
    for (auto* dock : findChildren<QDockWidget*>())
        view->addAction(dock->toggleViewAction());
    view->addSeparator();
    const QString names[] = { tr("Details"), tr("Objectives"), tr("Activities"), tr("Assessments"),
        tr("Alignment Matrix"), tr("Competency Map"), tr("Charts"), tr("Program Heat Map") };
    for (int i = 0; i < 8; ++i) {
        auto* a = view->addAction(names[i]);
        a->setShortcut(QKeySequence(Qt::CTRL | (Qt::Key_1 + i)));
        connect(a, &QAction::triggered, this, [this, i] { showPage(static_cast<Page>(i)); });
    }

    auto* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About Coursemap Studio"), this, [this] {
        QMessageBox::about(this, tr("About Coursemap Studio"),
            tr("<h3>Coursemap Studio %1</h3><p>Outcomes-based course design for the health professions: "
               "objectives, teaching, assessment and competencies, checked for constructive alignment as you "
               "work.</p><p>The command line <tt>coursemap</tt> runs the same checks.</p>")
                .arg(QApplication::applicationVersion()));
    });

    auto* bar = addToolBar(tr("Main"));
    bar->setObjectName("mainToolBar");
    bar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    bar->addAction(newAction_);
    bar->addAction(openAction_);
    bar->addSeparator();
    bar->addAction(undoAction_);
    bar->addAction(redoAction_);
}

void MainWindow::setSession(std::unique_ptr<Session> session)
{
    auto* group = findChild<QUndoGroup*>("undoGroup");
    if (session_)
        group->removeStack(session_->undoStack());
    // Pages first forget the old session, then it closes (and its mark on the file goes).
    Session* next = session.get();
    course_ = NoId;
    treeModel_->setSession(next);
    details_->setSession(next);
    objectives_->setSession(next);
    activities_->setSession(next);
    assessments_->setSession(next);
    alignment_->setSession(next);
    competencies_->setSession(next);
    charts_->setSession(next);
    program_->setSession(next);
    findings_->setSession(next);
    review_->setSession(next);
    session_ = std::move(session);
    messageBar_->hide();
    if (session_) {
        group->addStack(session_->undoStack());
        group->setActiveStack(session_->undoStack());
        connect(session_.get(), &Session::failed, this, [this](const QString& text) {
            showMessage(text);
            updateSaveState();
        });
        connect(session_.get(), &Session::saved, this, [this] {
            updateSaveState();
            saveState_->setToolTip(tr("Saved at %1").arg(QTime::currentTime().toString()));
            if (session_->unsavedCount() == 0)
                messageBar_->hide();
        });
        connect(session_.get(), &Session::changed, this, [this] { updateActions(); });
        connect(session_.get(), &Session::changedElsewhere, this, [this](const QString& summary) {
            statusBar()->showMessage(summary, 10000);
            saveState_->setToolTip(summary);
        });
        updateSaveState();
        centre_->setCurrentWidget(centre_->widget(1));
        tree_->expandAll();
        const auto courses = session_->data().courses();
        selectCourse(courses.empty() ? NoId : courses.front()->id);
    } else {
        saveState_->clear();
        centre_->setCurrentWidget(welcome_);
    }
    updateTitle();
    updateActions();
}

bool MainWindow::openFile(const QString& path, bool readOnly)
{
    const QFileInfo info(path);
    if (!info.exists()) {
        showError(tr("Cannot open"), tr("%1 does not exist.").arg(QDir::toNativeSeparators(path)));
        return false;
    }
    const auto absolute = info.absoluteFilePath();
    if (session_ && QFileInfo(session_->path()).absoluteFilePath() == absolute
        && readOnly == session_->readOnly())
        return true;
    if (!mayDiscard())
        return false;
    std::unique_ptr<FileLock> lock;
    if (!readOnly) {
        lock = std::make_unique<FileLock>(absolute.toStdString());
        if (const auto owner = lock->tryLock()) {
            if (!askReadOnly(*owner, absolute))
                return false;
            lock.reset();
        }
    }
    try {
        auto document = openInBackground(absolute, lock ? OpenMode::ReadWrite : OpenMode::ReadOnly);
        if (!document)
            return false; // cancelled
        setSession(nullptr);
        setSession(Session::adopt(std::move(document), std::move(lock)));
    } catch (const Error& e) {
        showError(tr("Cannot open %1").arg(info.fileName()), QString::fromStdString(e.message()));
        return false;
    } catch (const std::exception& e) {
        showError(tr("Cannot open %1").arg(info.fileName()),
            tr("Coursemap Studio could not read this file (%1). It has not been changed.").arg(e.what()));
        return false;
    }
    rememberRecent(absolute);
    return true;
}

bool MainWindow::newFile(const QString& path, const QString& programName)
{
    if (!mayDiscard())
        return false;
    try {
        setSession(nullptr);
        setSession(Session::create(path, programName));
    } catch (const Error& e) {
        showError(
            tr("Cannot create %1").arg(QFileInfo(path).fileName()), QString::fromStdString(e.message()));
        return false;
    }
    rememberRecent(QFileInfo(path).absoluteFilePath());
    selectCourse(NoId);
    showPage(DetailsPage);
    return true;
}

bool MainWindow::saveAs(const QString& path)
{
    if (!session_)
        return false;
    const auto target = QFileInfo(path).absoluteFilePath();
    const auto title = tr("Cannot save as %1").arg(QFileInfo(path).fileName());
    // The copy becomes the open map: mark it as ours before writing it.
    auto lock = std::make_unique<FileLock>(target.toStdString());
    if (const auto owner = lock->tryLock()) {
        showError(title,
            tr("%1 is open in another program (%2 on %3).").arg(target, qs(owner->user), qs(owner->host)));
        return false;
    }
    try {
        session_->saveAs(target, std::move(lock));
    } catch (const Error& e) {
        showError(title, QString::fromStdString(e.message()));
        return false;
    }
    updateTitle();
    rememberRecent(target);
    updateSaveState();
    return true;
}

void MainWindow::updateSaveState()
{
    if (!session_)
        saveState_->clear();
    else if (session_->readOnly())
        saveState_->setText(tr("Read-only"));
    else if (const int kept = session_->unsavedCount(); kept > 0)
        saveState_->setText(tr("Changes not saved: %1 — use File > Save As").arg(kept));
    else
        saveState_->setText(tr("All changes saved"));
}

std::unique_ptr<Document> MainWindow::openInBackground(const QString& path, OpenMode mode)
{
    std::erase_if(abandoned_,
        [](const auto& f) { return f->wait_for(std::chrono::seconds(0)) == std::future_status::ready; });
    auto future = std::make_shared<std::future<std::unique_ptr<Document>>>(std::async(
        std::launch::async, [file = path.toStdString(), mode] { return Document::open(file, mode); }));
    // A large map takes a moment: after half a second the user sees progress and may cancel.
    QProgressDialog progress(tr("Opening %1…").arg(QFileInfo(path).fileName()), tr("Cancel"), 0, 0, this);
    progress.setWindowModality(Qt::WindowModal);
    progress.setMinimumDuration(500);
    while (future->wait_for(std::chrono::milliseconds(15)) != std::future_status::ready) {
        QApplication::processEvents(QEventLoop::AllEvents, 15);
        if (progress.wasCanceled()) {
            abandoned_.push_back(future);
            return nullptr;
        }
    }
    return future->get(); // rethrows the opening's Error
}

bool MainWindow::importJson(const QString& jsonPath, const QString& target)
{
    const auto title = tr("Cannot import %1").arg(QFileInfo(jsonPath).fileName());
    QFile file(jsonPath);
    if (!file.open(QIODevice::ReadOnly)) {
        showError(title, file.errorString());
        return false;
    }
    try {
        const auto bytes = file.readAll();
        const auto data = coursemap::importJson(
            std::string_view(bytes.constData(), static_cast<std::size_t>(bytes.size())),
            QFileInfo(jsonPath).fileName().toStdString());
        Document::create(target.toStdString(), data).reset();
    } catch (const Error& e) {
        showError(title, QString::fromStdString(e.message()));
        return false;
    } catch (const std::exception& e) {
        // Not expected (every known problem is an Error); still a message, never a crash.
        showError(
            title, tr("Coursemap Studio could not read this file (%1). Nothing was created.").arg(e.what()));
        return false;
    }
    return openFile(target);
}

bool MainWindow::exportJson(const QString& jsonPath)
{
    return session_ && writeText(jsonPath, coursemap::exportJson(session_->data()));
}

bool MainWindow::writeText(const QString& path, const std::string& text)
{
    // Never onto the open map; written beside and moved into place, so a failed export leaves no half file.
    try {
        writeOutputFile(path.toStdString(), text, filesOfMap(session_->path().toStdString()));
    } catch (const Error& e) {
        showError(tr("Cannot export %1").arg(QFileInfo(path).fileName()), qs(e.message()));
        return false;
    }
    statusBar()->showMessage(tr("Exported %1").arg(QDir::toNativeSeparators(path)), 5000);
    return true;
}

bool MainWindow::exportObjectivesCsv(const QString& path)
{
    if (!session_)
        return false;
    return writeText(
        path, objectivesCsv(session_->data(), course_ == NoId ? std::nullopt : std::optional<Id>(course_)));
}

bool MainWindow::exportAlignmentCsv(const QString& path)
{
    if (!session_ || course_ == NoId) {
        showError(tr("No course chosen"), tr("Choose a course to export its alignment matrix."));
        return false;
    }
    return writeText(path, alignmentCsv(session_->data(), course_));
}

void MainWindow::exportCsvWithDialog(bool alignment)
{
    if (!session_)
        return;
    const auto* course = session_->data().get<Course>(course_);
    const auto base
        = course ? qs(course->code).replace(' ', '-') : QFileInfo(session_->path()).completeBaseName();
    auto path = QFileDialog::getSaveFileName(this,
        alignment ? tr("Export alignment matrix") : tr("Export objectives"),
        base + (alignment ? "-alignment.csv" : "-objectives.csv"), tr("CSV files (*.csv)"));
    if (path.isEmpty())
        return;
    if (!path.endsWith(".csv", Qt::CaseInsensitive))
        path += ".csv";
    alignment ? exportAlignmentCsv(path) : exportObjectivesCsv(path);
}

bool MainWindow::importCsv(const QString& csvPath, std::function<void(CsvImportDialog&)> dialog)
{
    if (!session_ || session_->readOnly())
        return false;
    if (session_->data().courses().empty()) {
        showError(tr("No course yet"), tr("Add a course first: rows are imported into a course."));
        return false;
    }
    QFile file(csvPath);
    if (!file.open(QIODevice::ReadOnly)) {
        showError(tr("Cannot import"), tr("Could not read %1: %2").arg(csvPath, file.errorString()));
        return false;
    }
    const auto bytes = file.readAll();
    CsvTable table;
    try {
        table = parseCsv(std::string_view(bytes.constData(), static_cast<std::size_t>(bytes.size())),
            QFileInfo(csvPath).fileName().toStdString());
    } catch (const Error& e) {
        showError(tr("Cannot import"), qs(e.message()));
        return false;
    }
    if (table.rows.empty()) {
        showError(tr("Cannot import"), tr("%1 has no rows.").arg(QFileInfo(csvPath).fileName()));
        return false;
    }
    CsvImportDialog importer(session_.get(), std::move(table), course_, this);
    if (dialog)
        dialog(importer);
    else
        importer.exec();
    return true;
}

void MainWindow::importCsvWithDialog()
{
    const auto path = QFileDialog::getOpenFileName(
        this, tr("Import from CSV"), {}, tr("Spreadsheets saved as CSV (*.csv *.tsv *.txt);;All files (*)"));
    if (!path.isEmpty())
        importCsv(path);
}

void MainWindow::showFrameworks()
{
    if (!session_)
        return;
    FrameworksDialog dialog(session_.get(), this);
    dialog.exec();
}

void MainWindow::exportCurriculumInventory()
{
    if (!session_)
        return;
    CurriculumInventoryDialog dialog(session_.get(), this);
    dialog.exec();
}

bool MainWindow::reopenLast()
{
    QSettings settings;
    const auto last = settings.value("file/last").toString();
    const auto code = settings.value("file/lastCourse").toString(); // before opening chooses a course
    if (last.isEmpty() || !QFileInfo::exists(last) || !openFile(last))
        return false;
    for (const auto* c : session_->data().courses())
        if (qs(c->code) == code)
            selectCourse(c->id);
    return true;
}

void MainWindow::closeFile()
{
    if (mayDiscard())
        setSession(nullptr);
}

bool MainWindow::mayDiscard()
{
    if (!session_ || session_->unsavedCount() == 0)
        return true;
    return confirm(tr("%1 changes could not be saved to %2 (see the message above the tabs). Close it anyway "
                      "and lose them? Choose No, then File > Save As, to keep them.")
                       .arg(session_->unsavedCount())
                       .arg(QFileInfo(session_->path()).fileName()));
}

void MainWindow::selectCourse(Id courseId)
{
    if (session_ && courseId != NoId && !session_->data().get<Course>(courseId))
        courseId = NoId;
    course_ = courseId;
    const auto index = treeModel_->indexOf(courseId);
    if (index.isValid() && tree_->currentIndex() != index)
        tree_->setCurrentIndex(index);
    details_->setItem(courseId);
    objectives_->setCourse(courseId);
    activities_->setCourse(courseId);
    assessments_->setCourse(courseId);
    alignment_->setCourse(courseId);
    competencies_->setCourse(courseId);
    alignmentStack_->setCurrentIndex(courseId == NoId ? 0 : 1);
    competencyStack_->setCurrentIndex(courseId == NoId ? 0 : 1);
    charts_->setCourse(courseId);
    findings_->setCourse(courseId);
    review_->setCourse(courseId);
    if (session_ && versionName_.isEmpty()) {
        const auto* c = session_->data().get<Course>(courseId);
        QSettings().setValue("file/lastCourse", c ? qs(c->code) : QString());
    }
    updateActions();
}

void MainWindow::showPage(Page page)
{
    tabs_->setCurrentIndex(page);
}

ItemTablePage* MainWindow::page(Page page) const
{
    switch (page) {
    case ObjectivesPage:
        return objectives_;
    case ActivitiesPage:
        return activities_;
    case AssessmentsPage:
        return assessments_;
    default:
        return nullptr;
    }
}

void MainWindow::navigateTo(Id itemId)
{
    if (!session_)
        return;
    const auto& data = session_->data();
    const auto kind = data.kindOf(itemId);
    if (!kind)
        return;
    auto go = [&](Id course, Page p) {
        if (course != course_)
            selectCourse(course);
        showPage(p);
        if (auto* table = page(p))
            table->select(itemId);
    };
    switch (*kind) {
    case ItemKind::Objective:
        go(data.get<Objective>(itemId)->courseId, ObjectivesPage);
        break;
    case ItemKind::Activity:
        go(data.get<Activity>(itemId)->courseId, ActivitiesPage);
        break;
    case ItemKind::Assessment:
        go(data.get<Assessment>(itemId)->courseId, AssessmentsPage);
        break;
    case ItemKind::Course:
        go(itemId, DetailsPage);
        break;
    case ItemKind::Competency:
        go(course_, CompetenciesPage);
        break;
    default:
        go(NoId, DetailsPage);
        break;
    }
}

void MainWindow::addCourse()
{
    if (!session_ || session_->readOnly())
        return;
    Course c;
    c.code = tr("NEW %1").arg(session_->data().courses().size() + 1).toStdString();
    c.title = tr("New course").toStdString();
    if (!session_->apply(AddItem { c, std::nullopt }))
        return;
    selectCourse(session_->data().maxId());
    showPage(DetailsPage);
    if (auto* code = qobject_cast<QLineEdit*>(details_->editorFor("code"))) {
        code->setFocus();
        code->selectAll();
    }
}

void MainWindow::deleteCourse()
{
    if (!session_ || course_ == NoId)
        return;
    const auto& data = session_->data();
    const auto* c = data.get<Course>(course_);
    if (!confirm(
            tr("Delete %1 — %2 with its %3 objectives, %4 activities and %5 assessments? You can undo it.")
                .arg(qs(c->code), qs(c->title))
                .arg(data.objectivesOf(course_).size())
                .arg(data.activitiesOf(course_).size())
                .arg(data.assessmentsOf(course_).size())))
        return;
    session_->apply(RemoveItem { course_ });
    selectCourse(NoId);
}

QString MainWindow::message() const
{
    return messageBar_->isVisible() ? messageBar_->text() : QString();
}

void MainWindow::showMessage(const QString& text)
{
    messageBar_->setText(text);
    messageBar_->show();
    QApplication::beep();
}

void MainWindow::updateTitle()
{
    if (!session_) {
        setWindowTitle(tr("Coursemap Studio"));
        setWindowFilePath({});
        return;
    }
    if (!versionName_.isEmpty()) {
        setWindowTitle(tr("Version “%1” [read-only] — Coursemap Studio").arg(versionName_));
        return;
    }
    setWindowFilePath(session_->path());
    setWindowTitle(tr("%1%2 — Coursemap Studio")
                       .arg(QFileInfo(session_->path()).fileName(),
                           session_->readOnly() ? tr(" [read-only]") : QString()));
}

void MainWindow::updateActions()
{
    const bool open = session_ != nullptr;
    const bool writable = open && !session_->readOnly();
    saveAsAction_->setEnabled(open);
    exportAction_->setEnabled(open);
    syllabusAction_->setEnabled(open && !session_->data().courses().empty());
    closeAction_->setEnabled(open);
    addCourseAction_->setEnabled(writable);
    deleteCourseAction_->setEnabled(writable && course_ != NoId);
    frameworksAction_->setEnabled(open);
    importCsvAction_->setEnabled(writable);
    objectivesCsvAction_->setEnabled(open);
    alignmentCsvAction_->setEnabled(open && course_ != NoId);
    curriculumInventoryAction_->setEnabled(open);
    versionsAction_->setEnabled(open && versionName_.isEmpty());
    commentAction_->setEnabled(writable);
    statusAction_->setEnabled(writable && course_ != NoId);
    if (auto* b = findChild<QPushButton*>("newCourseButton"))
        b->setEnabled(writable);
}

void MainWindow::rememberRecent(const QString& path)
{
    if (!versionName_.isEmpty())
        return; // a version's copy is not a map to come back to
    QSettings settings;
    auto recent = settings.value("file/recent").toStringList();
    recent.removeAll(path);
    recent.prepend(path);
    while (recent.size() > MaxRecent)
        recent.removeLast();
    settings.setValue("file/recent", recent);
    settings.setValue("file/last", path);
}

void MainWindow::fillRecentMenu()
{
    recentMenu_->clear();
    const auto recent = QSettings().value("file/recent").toStringList();
    for (const auto& path : recent) {
        auto* a = recentMenu_->addAction(QFileInfo(path).fileName(), this, [this, path] { openFile(path); });
        a->setToolTip(path);
        a->setEnabled(QFileInfo::exists(path));
    }
    if (recent.isEmpty())
        recentMenu_->addAction(tr("No recent maps"))->setEnabled(false);
}

void MainWindow::openWithDialog()
{
    const auto path = QFileDialog::getOpenFileName(this, tr("Open Course Map"),
        QSettings().value("file/folder").toString(), tr("Course maps (*.coursemap);;All files (*)"));
    if (path.isEmpty())
        return;
    QSettings().setValue("file/folder", QFileInfo(path).absolutePath());
    openFile(path);
}

void MainWindow::newWithDialog()
{
    bool ok = false;
    const auto name = QInputDialog::getText(
        this, tr("New Course Map"), tr("Program name:"), QLineEdit::Normal, tr("Doctor of Medicine"), &ok);
    if (!ok || name.trimmed().isEmpty())
        return;
    auto path = QFileDialog::getSaveFileName(this, tr("Save New Course Map"),
        QSettings().value("file/folder").toString() + "/" + name.trimmed() + ".coursemap",
        tr("Course maps (*.coursemap)"));
    if (path.isEmpty())
        return;
    if (!path.endsWith(".coursemap"))
        path += ".coursemap";
    newFile(path, name);
}

void MainWindow::saveAsWithDialog()
{
    if (!session_)
        return;
    auto path = QFileDialog::getSaveFileName(
        this, tr("Save Course Map As"), session_->path(), tr("Course maps (*.coursemap)"));
    if (path.isEmpty())
        return;
    if (!path.endsWith(".coursemap"))
        path += ".coursemap";
    saveAs(path);
}

void MainWindow::importWithDialog()
{
    const auto json = QFileDialog::getOpenFileName(this, tr("Import Course Map from JSON"),
        QSettings().value("file/folder").toString(), tr("JSON exports (*.json);;All files (*)"));
    if (json.isEmpty())
        return;
    auto target = QFileDialog::getSaveFileName(this, tr("Save Imported Course Map"),
        QFileInfo(json).absolutePath() + "/" + QFileInfo(json).completeBaseName() + ".coursemap",
        tr("Course maps (*.coursemap)"));
    if (target.isEmpty())
        return;
    if (!target.endsWith(".coursemap"))
        target += ".coursemap";
    importJson(json, target);
}

void MainWindow::exportWithDialog()
{
    if (!session_)
        return;
    auto path = QFileDialog::getSaveFileName(this, tr("Export as JSON"),
        QFileInfo(session_->path()).absolutePath() + "/" + QFileInfo(session_->path()).completeBaseName()
            + ".json",
        tr("JSON (*.json)"));
    if (path.isEmpty())
        return;
    if (!path.endsWith(".json"))
        path += ".json";
    exportJson(path);
}

void MainWindow::exportSyllabus()
{
    if (!session_)
        return;
    SyllabusDialog dialog(session_.get(), course_, this);
    dialog.exec();
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    // Whatever is being typed is saved before the window goes.
    if (auto* editor = objectives_->editor())
        editor->commit();
    if (!mayDiscard()) {
        event->ignore();
        return;
    }
    if (auto* focus = QApplication::focusWidget())
        focus->clearFocus();
    if (versionName_.isEmpty()) {
        QSettings settings;
        settings.setValue("ui/geometry", saveGeometry());
        settings.setValue("ui/state", saveState());
    }
    event->accept();
}

void MainWindow::showReview()
{
    if (auto* dock = findChild<QDockWidget*>("reviewDock")) {
        dock->show();
        dock->raise();
    }
}

QString MainWindow::author()
{
    QSettings settings;
    auto name = settings.value("review/author").toString().trimmed();
    if (!name.isEmpty())
        return name;
    name = askAuthor ? askAuthor(qgetenv("USER")) : QString();
    if (!name.isEmpty())
        settings.setValue("review/author", name);
    return name;
}

void MainWindow::showVersions(std::function<void(VersionsDialog&)> dialog)
{
    if (!session_)
        return;
    VersionsDialog versions(session_.get(), this);
    versions.author = [this] { return author(); };
    versions.confirm = confirm;
    versions.openVersion = [this](const std::string& name) { openVersion(name); };
    if (dialog)
        dialog(versions);
    else
        versions.exec();
}

MainWindow* MainWindow::openVersion(const std::string& name)
{
    if (!session_)
        return nullptr;
    try {
        const DocumentData data = session_->version(name);
        auto copy = std::make_unique<QTemporaryDir>();
        if (!copy->isValid())
            throw Error(ErrorCode::Io, "Coursemap Studio could not make a temporary copy of the version.");
        const auto path = copy->filePath("version.coursemap");
        Document::create(path.toStdString(), data).reset();
        auto* window = new MainWindow;
        window->setAttribute(Qt::WA_DeleteOnClose);
        window->versionName_ = qs(name);
        window->versionCopy_ = std::move(copy);
        window->showError = showError;
        if (!window->openFile(path, true)) {
            window->close();
            return nullptr;
        }
        window->selectCourse(course_);
        window->show();
        return window;
    } catch (const Error& e) {
        showError(tr("Cannot open the version"), qs(e.message()));
        return nullptr;
    }
}

} // namespace coursemap::studio
