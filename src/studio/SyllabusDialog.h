// File > Export Syllabus: a course's syllabus previewed page by page as it will print, on A4 or US Letter,
// with or without the alignment summary, then written to PDF.
#pragma once

#include "coursemap/model/Id.h"

#include <QDialog>

#include <memory>

class QCheckBox;
class QComboBox;
class QLabel;
class QListWidget;

namespace coursemap::render {
class SyllabusPages;
}

namespace coursemap::studio {

class Session;

class SyllabusDialog : public QDialog
{
    Q_OBJECT

public:
    SyllabusDialog(Session* session, Id courseId, QWidget* parent = nullptr);
    ~SyllabusDialog() override;

    int pageCount() const;
    // Writes the PDF; false (with the reason shown in the dialog) when it cannot.
    bool exportTo(const QString& path);
    QString status() const;

private:
    void refresh();
    void exportWithDialog();

    Session* session_;
    QComboBox* course_;
    QComboBox* paper_;
    QCheckBox* alignment_;
    QCheckBox* reviewCopy_;
    QListWidget* preview_;
    QLabel* status_;
    std::unique_ptr<render::SyllabusPages> pages_;
};

} // namespace coursemap::studio
