// Setting the review status of a course or item: the moves open from where it stands (draft → in review →
// changes requested or approved; back to draft), and a justification, required to approve over error-level
// findings and kept with the approval.
#pragma once

#include "coursemap/model/Enums.h"
#include "coursemap/model/Id.h"

#include <QDialog>

class QButtonGroup;
class QDialogButtonBox;
class QLabel;
class QPlainTextEdit;

namespace coursemap::studio {

class Session;

class StatusDialog : public QDialog
{
    Q_OBJECT

public:
    StatusDialog(Session* session, Id itemId, QWidget* parent = nullptr);

    // Chooses a status (one of the moves offered; false when it is not offered).
    bool choose(ReviewStatus status);
    QPlainTextEdit* justification() const { return justification_; }
    QDialogButtonBox* buttons() const { return buttons_; }
    QLabel* warning() const { return warning_; }
    ReviewStatus chosen() const;

private:
    void update();

    Session* session_;
    Id item_;
    int errors_ = 0;
    QButtonGroup* choices_;
    QPlainTextEdit* justification_;
    QLabel* warning_;
    QDialogButtonBox* buttons_;
};

} // namespace coursemap::studio
