// The findings panel: what the checker says about the course (or the whole program), grouped by severity and
// rule, updated after every edit. Double-click goes to the item; a finding that is right for the course can
// be accepted with a justification, kept in the file.
#pragma once

#include "coursemap/model/Id.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QPushButton;
class QTextBrowser;
class QTreeView;

namespace coursemap::studio {

class FindingsModel;
class Session;

class FindingsPanel : public QWidget
{
    Q_OBJECT

public:
    explicit FindingsPanel(QWidget* parent = nullptr);
    void setSession(Session* session);
    // The course being worked on; the panel shows its findings unless "Whole program" is chosen.
    void setCourse(Id courseId);
    FindingsModel* model() const { return model_; }
    QTreeView* view() const { return view_; }
    // Accepts the selected finding with this justification; false (and a message) when refused.
    bool acceptSelected(const QString& justification);

signals:
    void navigate(coursemap::Id itemId);

private:
    void showDetail();
    void updateSummary();
    void acceptWithDialog();
    void withdrawSelected();
    void rememberExpanded();
    void restoreExpanded();

    Session* session_ = nullptr;
    Id course_ = NoId;
    FindingsModel* model_;
    QComboBox* scope_;
    QLabel* summary_;
    QTreeView* view_;
    QTextBrowser* detail_;
    QPushButton* goTo_;
    QPushButton* accept_;
    QPushButton* withdraw_;
    QStringList expanded_;
    bool expandedByUser_ = false; // once the user opens or closes a group, the panel keeps their choice
    bool restoring_ = false;
};

} // namespace coursemap::studio
