// Objectives, activities or assessments as a table: of one course, or of every course when the program is
// chosen (20,000 rows in a large school: rows are looked up on demand, never one widget per row). Edits made
// in cells become core field edits; drag and drop reorders within a course.
#pragma once

#include "coursemap/analysis/ObjectiveAnalyzer.h"
#include "coursemap/edit/Change.h"
#include "coursemap/model/Id.h"

#include <QAbstractTableModel>

#include <nlohmann/json.hpp>

#include <functional>
#include <unordered_map>
#include <vector>

namespace coursemap::studio {

class Session;

enum class TableKind
{
    Objectives,
    Activities,
    Assessments
};

class ItemTableModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    static constexpr int IdRole = Qt::UserRole + 1;
    // For ChoiceDelegate: the values a cell may take, as a list of {label, value (JSON text)} maps.
    static constexpr int ChoicesRole = Qt::UserRole + 2;
    static constexpr int JsonRole = Qt::UserRole + 3; // the cell's value as JSON text, for ChoiceDelegate
    // The objective's Bloom level as a colour, for the badge column.
    static constexpr int BadgeRole = Qt::UserRole + 4;

    ItemTableModel(TableKind kind, QObject* parent = nullptr);
    ~ItemTableModel() override;

    void setSession(Session* session);
    // Shows the items of one course, or of every course for NoId.
    void setCourse(Id courseId);
    Id course() const { return courseId_; }
    TableKind kind() const { return kind_; }
    Id idAt(int row) const;
    int rowOf(Id id) const;
    // The column a text search or a new item's typing starts in (title, text).
    int mainColumn() const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    bool setData(const QModelIndex& index, const QVariant& value, int role) override;

    Qt::DropActions supportedDropActions() const override;
    QStringList mimeTypes() const override;
    QMimeData* mimeData(const QModelIndexList& indexes) const override;
    bool dropMimeData(const QMimeData* data, Qt::DropAction action, int row, int column,
        const QModelIndex& parent) override;

    struct Column;

private:
    void reload();
    void onChanged(const coursemap::Change& change);
    const ObjectiveAnalysis& analysis(Id id) const;
    int linkCount(Id id) const;

    TableKind kind_;
    Session* session_ = nullptr;
    Id courseId_ = NoId;
    std::vector<Id> rows_;
    std::unordered_map<Id, int> rowOf_;
    std::vector<Column> columns_;
    mutable std::unordered_map<Id, ObjectiveAnalysis> analyses_; // objectives read so far
    std::unordered_map<Id, int> linkCounts_; // activities and assessments: objectives linked
};

} // namespace coursemap::studio
