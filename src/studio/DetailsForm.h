// The details of the course being worked on (code, title, year, credits, hours, director, ...) or, when the
// program is chosen, of the program. Each field is saved when the author leaves it.
#pragma once

#include "coursemap/model/Id.h"

#include <QWidget>

#include <string>
#include <vector>

class QFormLayout;
class QLabel;

namespace coursemap::studio {

class Session;

class DetailsForm : public QWidget
{
    Q_OBJECT

public:
    explicit DetailsForm(QWidget* parent = nullptr);
    void setSession(Session* session);
    // A course's details, or the program's for NoId.
    void setItem(Id courseId);
    // The editor of a field, by its file name ("code", "contact_hours"); for tests and focus.
    QWidget* editorFor(const std::string& field) const;

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    struct Row
    {
        std::string field;
        QWidget* editor;
    };
    void build();
    void load();
    void save(const Row& row);
    Id target() const;

    Session* session_ = nullptr;
    Id course_ = NoId;
    QLabel* heading_;
    QLabel* summary_;
    QWidget* body_ = nullptr;
    std::vector<Row> rows_;
    bool loading_ = false;
};

} // namespace coursemap::studio
