// The checker's findings as a tree: severity, then rule, then each finding; findings accepted with a
// justification are gathered last. Shows one course's findings, or the whole program's.
#pragma once

#include "coursemap/analysis/Checker.h"

#include <QAbstractItemModel>

#include <vector>

namespace coursemap::studio {

class Session;

class FindingsModel : public QAbstractItemModel
{
    Q_OBJECT

public:
    static constexpr int SubjectRole = Qt::UserRole + 1; // the finding's item id
    static constexpr int RuleRole = Qt::UserRole + 2; // the rule id
    static constexpr int AcceptedRole = Qt::UserRole + 3;
    static constexpr int DetailRole = Qt::UserRole + 4; // message, fix and suggested verbs, as rich text
    static constexpr int GroupKeyRole = Qt::UserRole + 5; // "error", "error/objective-not-assessed", ...

    explicit FindingsModel(QObject* parent = nullptr);
    void setSession(Session* session);
    // One course's findings, or the whole program's for NoId.
    void setScope(Id courseId);
    Id scope() const { return scope_; }
    const Finding* findingAt(const QModelIndex& index) const;
    int openCount() const { return open_; }

    QModelIndex index(int row, int column, const QModelIndex& parent = {}) const override;
    QModelIndex parent(const QModelIndex& child) const override;
    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;

private:
    void reload();

    struct RuleGroup
    {
        const Rule* rule;
        std::vector<Finding> findings;
    };
    struct Group
    {
        Severity severity;
        bool accepted;
        std::vector<RuleGroup> rules;
        int count = 0;
    };
    Session* session_ = nullptr;
    Id scope_ = NoId;
    std::vector<Group> groups_;
    int open_ = 0;
};

} // namespace coursemap::studio
