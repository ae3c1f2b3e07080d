// The program's competency frameworks: adopt a shipped one (ACGME, CanMEDS, AAMC EPAs, IPEC, AACN, PCRS),
// import a CASE package or export one as a package, start one's own or a copy of one to edit, and edit codes,
// titles and descriptions in place. Every change is one undoable edit of the open map.
#pragma once

#include "coursemap/model/Id.h"
#include "coursemap/program/Frameworks.h"

#include <QDialog>

#include <functional>

class QPlainTextEdit;
class QPushButton;
class QTreeWidget;
class QTreeWidgetItem;

namespace coursemap::studio {

class Session;

class FrameworksDialog : public QDialog
{
    Q_OBJECT

public:
    FrameworksDialog(Session* session, QWidget* parent = nullptr);

    QTreeWidget* tree() const { return tree_; }
    QPlainTextEdit* description() const { return description_; }
    // What the buttons do; false (after telling the user) when refused.
    bool adoptBuiltIn(const QString& key);
    bool importCase(const QString& path);
    // Writes the framework as a CASE package (as `coursemap framework export-case` does).
    bool exportCase(Id frameworkId, const QString& path);
    bool copyFramework(Id frameworkId, const QString& name);
    bool addFramework();
    bool addCompetency(bool withinSelected);
    bool removeSelected();
    Id selectedId() const;
    void select(Id id);

    std::function<void(const QString& title, const QString& text)> showError;
    // What an import noticed and decided (a CASE item with two parents: which one it keeps), after adopting.
    std::function<void(const QString& title, const QString& text)> showWarnings;
    std::function<bool(const QString& question)> confirm;

private:
    // Adopts what `make` returns (it may throw coursemap::Error) as one undoable change and selects it.
    bool adopt(const std::function<FrameworkTemplate()>& make, const QString& failure);
    void rebuild();
    void itemEdited(QTreeWidgetItem* item, int column);
    void saveDescription();
    void updateButtons();
    // The framework an item of the tree is or is within; NoId for none.
    Id frameworkOf(Id id) const;
    bool eventFilter(QObject* watched, QEvent* event) override;

    Session* session_;
    QTreeWidget* tree_;
    QPlainTextEdit* description_;
    QPushButton *library_, *addCompetency_, *addChild_, *copy_, *exportCase_, *remove_;
    bool rebuilding_ = false;
    bool inEdit_ = false; // applying an edit made in the tree
    Id descriptionOf_ = NoId;
};

} // namespace coursemap::studio
