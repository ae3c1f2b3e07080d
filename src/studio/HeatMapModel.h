// The program's competency × course heat map as a table: competencies down (domains with their competencies
// indented beneath), courses across in program sequence. A cell shows the highest level at which the course
// addresses the competency and through how many objectives ("M 3"); gaps and competencies never mastered
// are marked on their row titles. Each framework starts with a title row of its own.
#pragma once

#include "coursemap/program/HeatMap.h"

#include <QAbstractTableModel>

namespace coursemap::studio {

class Session;

class HeatMapModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    explicit HeatMapModel(QObject* parent = nullptr);
    // The model reads the map when told to (`reload`): the program page reloads it when shown and after
    // changes while it is shown, so edits elsewhere do not pay for the whole program's map.
    void setSession(Session* session);
    void reload();
    const HeatMap& heatMap() const { return map_; }
    // The objectives behind a cell, in course order.
    std::vector<Id> objectivesAt(const QModelIndex& index) const;
    Id competencyAt(int row) const; // NoId on a framework's title row
    Id courseAt(int column) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    // The heat map row shown at a table row; null for a framework's title row.
    const HeatRow* heatRow(int row) const;

    Session* session_ = nullptr;
    HeatMap map_;
    struct Line
    {
        Id frameworkId = NoId;
        int heatRow = -1; // index into map_.rows; -1 for the framework's title
    };
    std::vector<Line> lines_;
};

} // namespace coursemap::studio
