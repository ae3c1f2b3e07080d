// Exporting the program as an AAMC Curriculum Inventory report: asks for what the standard requires and a
// course map does not hold (the AAMC institution and program ids, the reporting period), lists anything still
// missing as the user types, and writes the XML. Beside it, the verification preview: the tables the AAMC's
// verification report will show (methods by year, PCRS coverage, clerkship weeks) and what is missing, with
// where to fill it in. The answers are remembered for this map.
#pragma once

#include "coursemap/interchange/CurriculumInventory.h"

#include <QDialog>

class QComboBox;
class QDateEdit;
class QPlainTextEdit;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;

namespace coursemap::studio {

class Session;

class CurriculumInventoryDialog : public QDialog
{
    Q_OBJECT

public:
    CurriculumInventoryDialog(Session* session, QWidget* parent = nullptr);

    QLineEdit* institutionId() const { return institutionId_; }
    QLineEdit* programId() const { return programId_; }
    QDateEdit* start() const { return start_; }
    QDateEdit* end() const { return end_; }
    QSpinBox* courseWeeks() const { return courseWeeks_; }
    QLabel* problems() const { return problems_; }
    QComboBox* schema() const { return schema_; }
    QPlainTextEdit* preview() const { return preview_; }
    QPushButton* exportButton() const { return export_; }
    CurriculumInventoryRequest request() const;
    // Writes the report to `path`; false, with the reason shown, when it cannot.
    bool exportTo(const QString& path);

private:
    void check();
    QString settingsKey(const char* name) const;

    Session* session_;
    QLineEdit *institutionId_, *programId_, *reportId_, *title_, *link_, *language_;
    QDateEdit *start_, *end_;
    QSpinBox* courseWeeks_;
    QComboBox* schema_;
    QPlainTextEdit* preview_;
    QLabel* problems_;
    QPushButton* export_;
    bool leftOut_ = false; // the last export left something out (a course with no events)
};

} // namespace coursemap::studio
