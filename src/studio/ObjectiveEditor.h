// Writing one objective: as the author types, the detected verb, its Bloom level as a coloured badge and any
// wording problem appear at once, with measurable verbs at the intended level that replace the verb in one
// click. The text is saved after a short pause in typing, when the editor loses focus, or on Ctrl+Enter;
// a run of typing undoes as one step.
#pragma once

#include "coursemap/model/Id.h"

#include <QWidget>

class QHBoxLayout;
class QLabel;
class QPlainTextEdit;
class QTimer;

namespace coursemap::studio {

class Session;

class ObjectiveEditor : public QWidget
{
    Q_OBJECT

public:
    explicit ObjectiveEditor(QWidget* parent = nullptr);
    void setSession(Session* session);
    void setObjective(Id id);
    Id objective() const { return id_; }
    // Saves what is typed, if it differs from the file; false when refused.
    bool commit();
    // Replaces the verb with `verb` and saves.
    void applySuggestion(const QString& verb);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void load();
    void analyze();

    Session* session_ = nullptr;
    Id id_ = NoId;
    bool loading_ = false;
    QLabel* heading_;
    QPlainTextEdit* text_;
    QLabel* verb_;
    QLabel* badge_;
    QLabel* domain_;
    QLabel* problems_;
    QWidget* suggestionBox_;
    QHBoxLayout* suggestions_;
    QTimer* pause_;
};

} // namespace coursemap::studio
