// The alignment matrix of one course: objectives down, teaching activities then assessments across. A cell
// is a link (the activity teaches the objective, the assessment assesses it); toggling a cell links or
// unlinks. Colours come from the checker's findings: aligned, untaught, unassessed, below the level.
#pragma once

#include "coursemap/model/Id.h"

#include <QAbstractTableModel>

#include <set>
#include <utility>
#include <vector>

namespace coursemap::studio {

class Session;

class AlignmentModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum CellStatus
    {
        Empty,
        Aligned,
        BelowLevel,
        Missing // the objective is not taught (activity cells) or not assessed (assessment cells)
    };
    static constexpr int StatusRole = Qt::UserRole + 1;

    explicit AlignmentModel(QObject* parent = nullptr);
    void setSession(Session* session);
    void setCourse(Id courseId);
    // Links or unlinks the cell; false when refused.
    bool toggle(const QModelIndex& index);
    int activityCount() const { return static_cast<int>(activities_.size()); }
    Id objectiveAt(int row) const;
    Id targetAt(int column) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;

private:
    void reload();
    CellStatus status(int row, int column) const;

    Session* session_ = nullptr;
    Id courseId_ = NoId;
    std::vector<Id> objectives_, activities_, assessments_;
    std::set<Id> untaught_, unassessed_;
    std::set<std::pair<Id, Id>> belowLevel_; // (objective, activity or assessment)
};

} // namespace coursemap::studio
