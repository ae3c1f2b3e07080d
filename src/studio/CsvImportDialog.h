// Importing rows from a spreadsheet: what each row is (objectives, activities, assessments), the course, and
// which column holds which field — guessed from the column titles, changed with a choice above each column
// of the preview. Import adds every row as one undoable step, or nothing, with the bad cells named.
#pragma once

#include "coursemap/interchange/CsvFormat.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QLabel;
class QScrollArea;
class QTableWidget;

namespace coursemap::studio {

class Session;

class CsvImportDialog : public QDialog
{
    Q_OBJECT

public:
    // `table`: the sheet, already read (MainWindow reads the file and reports a file it cannot read).
    CsvImportDialog(Session* session, CsvTable table, Id courseId, QWidget* parent = nullptr);

    QComboBox* kindBox() const { return kind_; }
    QComboBox* courseBox() const { return course_; }
    QCheckBox* headerBox() const { return header_; }
    QTableWidget* preview() const { return preview_; }
    // The field chosen for a column ("" for ignore); setting it changes the choice above that column.
    QString fieldOf(int column) const;
    void setField(int column, const QString& field);
    QLabel* problems() const { return problems_; }
    // Plans and applies the import; false, with the problems shown in the dialog, when any cell is bad.
    bool import();

private:
    ItemKind kind() const;
    void refill(bool guess);
    void showProblems(const QString& text);

    Session* session_;
    CsvTable table_;
    QComboBox* kind_;
    QComboBox* course_;
    QCheckBox* header_;
    QTableWidget* preview_;
    QLabel* summary_;
    QLabel* problems_;
    QScrollArea* problemsArea_; // shown only when there is something to say
    std::vector<QComboBox*> fields_;
};

} // namespace coursemap::studio
