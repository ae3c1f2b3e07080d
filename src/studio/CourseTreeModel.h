// The program and its courses, for the navigation tree: one root (the program) with the courses below it in
// their order. Each row shows the course's code and title and how many findings it has.
#pragma once

#include "coursemap/model/Id.h"

#include <QAbstractItemModel>

#include <unordered_map>
#include <vector>

namespace coursemap::studio {

class Session;

class CourseTreeModel : public QAbstractItemModel
{
    Q_OBJECT

public:
    static constexpr int IdRole = Qt::UserRole + 1;

    explicit CourseTreeModel(QObject* parent = nullptr);
    void setSession(Session* session);

    QModelIndex programIndex() const;
    QModelIndex indexOf(Id courseId) const; // the program's index for NoId
    Id idAt(const QModelIndex& index) const;

    QModelIndex index(int row, int column, const QModelIndex& parent = {}) const override;
    QModelIndex parent(const QModelIndex& child) const override;
    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;

private:
    void reload();
    void countFindings();

    struct Counts
    {
        int findings = 0, errors = 0, warnings = 0;
    };
    Session* session_ = nullptr;
    std::vector<Id> courses_;
    std::unordered_map<Id, Counts> counts_; // open findings by course
};

} // namespace coursemap::studio
