// The competency map of one course: objectives down, the frameworks' competencies across. A cell says how the
// objective serves the competency: Introduced, Reinforced or Mastered. Toggling a cell steps through
// none → I → R → M → none.
#pragma once

#include "coursemap/model/Id.h"

#include <QAbstractTableModel>

#include <vector>

namespace coursemap::studio {

class Session;

class CompetencyMapModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    explicit CompetencyMapModel(QObject* parent = nullptr);
    void setSession(Session* session);
    void setCourse(Id courseId);
    bool toggle(const QModelIndex& index);
    Id objectiveAt(int row) const;
    Id competencyAt(int column) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;

private:
    void reload();

    Session* session_ = nullptr;
    Id courseId_ = NoId;
    std::vector<Id> objectives_, competencies_;
};

} // namespace coursemap::studio
