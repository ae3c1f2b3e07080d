// The named versions of a course map: keep the map as it is under a name, compare a version with now or two
// versions with each other (a readable report of what changed, with the findings that are new or fixed),
// open one read-only, and restore one as a single step that Undo takes back.
#pragma once

#include <QDialog>

#include <functional>
#include <string>

class QLineEdit;
class QPushButton;
class QTableWidget;
class QTextBrowser;

namespace coursemap::studio {

class Session;

class VersionsDialog : public QDialog
{
    Q_OBJECT

public:
    VersionsDialog(Session* session, QWidget* parent = nullptr);

    // Keeps the map as it is now under `name`; false (with the reason shown) when it cannot.
    bool saveVersion(const QString& name);
    // Compares the chosen version with now, or the two chosen versions (older first); shows the report.
    void compare();
    // Restores the chosen version after `confirm` agrees; the map as it was is first kept as a version.
    bool restore();

    QTableWidget* list() const { return list_; }
    QLineEdit* name() const { return name_; }
    QTextBrowser* report() const { return report_; }
    QPushButton* saveButton() const { return save_; }
    QPushButton* compareButton() const { return compare_; }
    QPushButton* restoreButton() const { return restore_; }
    QPushButton* openButton() const { return open_; }

    // Hooks: the author to record, asking when needed (empty: cancelled); a yes/no question; opening a
    // version read-only in its own window.
    std::function<QString()> author;
    std::function<bool(const QString&)> confirm;
    std::function<void(const std::string& name)> openVersion;

private:
    void reload();
    void updateButtons();
    std::vector<std::string> chosenNames() const;
    void fail(const QString& text);

    Session* session_;
    QTableWidget* list_;
    QLineEdit* name_;
    QPushButton* save_;
    QPushButton* compare_;
    QPushButton* open_;
    QPushButton* restore_;
    QTextBrowser* report_;
};

} // namespace coursemap::studio
