// The review panel: the review status of the course (and of the item chosen in a table) with who set it and
// when, and the comment threads of the course or of the chosen item or link, to read, start, answer and
// resolve. Double-click a thread to go to what it is about.
#pragma once

#include "coursemap/model/Id.h"
#include "coursemap/review/Review.h"

#include <QWidget>

#include <functional>

class QCheckBox;
class QComboBox;
class QLabel;
class QPlainTextEdit;
class QPushButton;
class QTextBrowser;
class QTreeWidget;

namespace coursemap::studio {

class Session;
class StatusDialog;

class ReviewPanel : public QWidget
{
    Q_OBJECT

public:
    explicit ReviewPanel(QWidget* parent = nullptr);
    void setSession(Session* session);
    void setCourse(Id courseId);
    // What a new comment is about and whose status "Set Item Status…" sets: an item or a link; NoId for none.
    void setSubject(CommentSubject subject);
    CommentSubject subject() const { return subject_; }

    // The name comments and statuses are recorded under; empty when the user declines to give one.
    std::function<QString()> author;
    // Shows the status dialog (tests answer it instead); the status is set when it is accepted.
    std::function<void(StatusDialog&)> runStatusDialog;

    QTreeWidget* threads() const { return threads_; }
    QPlainTextEdit* text() const { return text_; }
    QTextBrowser* detail() const { return detail_; }
    QLabel* status() const { return status_; }
    QPushButton* commentButton() const { return comment_; }
    QPushButton* replyButton() const { return reply_; }
    QPushButton* resolveButton() const { return resolve_; }
    QPushButton* courseStatusButton() const { return courseStatus_; }
    QPushButton* itemStatusButton() const { return itemStatus_; }
    QComboBox* scope() const { return scope_; }
    QCheckBox* showResolved() const { return showResolved_; }
    // The comment selected in the threads (the first of its thread), or NoId.
    Id selectedComment() const;

signals:
    void navigate(coursemap::Id itemId);

private:
    void reload();
    void showDetail();
    void updateButtons();
    void addComment();
    void reply();
    void toggleResolved();
    void setStatusOf(Id itemId);
    // The subject a new comment goes to: the chosen item or link, else the course, else the program.
    CommentSubject commentTarget() const;

    Session* session_ = nullptr;
    Id course_ = NoId;
    CommentSubject subject_;
    QLabel* status_;
    QPushButton* courseStatus_;
    QLabel* itemStatusLabel_;
    QPushButton* itemStatus_;
    QComboBox* scope_;
    QCheckBox* showResolved_;
    QTreeWidget* threads_;
    QTextBrowser* detail_;
    QLabel* target_;
    QPlainTextEdit* text_;
    QPushButton* comment_;
    QPushButton* reply_;
    QPushButton* resolve_;
    QPushButton* goTo_;
};

} // namespace coursemap::studio
