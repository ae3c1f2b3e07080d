// The whole content of one course map in memory: the program, frameworks and competencies, courses with
// their objectives, activities and assessments, links and comments. A plain container with lookups;
// the Document owns one and changes it only through edits.
#pragma once

#include "coursemap/model/Item.h"
#include "coursemap/model/Link.h"

#include <map>
#include <optional>
#include <set>
#include <unordered_map>
#include <vector>

namespace coursemap {

class DocumentData
{
public:
    const Program& program() const { return program_; }

    template <class T> const std::map<Id, T>& all() const;
    template <class T> const T* get(Id id) const
    {
        const auto& items = all<T>();
        auto it = items.find(id);
        return it == items.end() ? nullptr : &it->second;
    }
    std::optional<ItemKind> kindOf(Id id) const;
    std::optional<Item> item(Id id) const;
    bool contains(Id id) const { return kindById_.contains(id); }

    const std::map<LinkKey, Link>& links() const { return links_; }
    const Link* link(const LinkKey& key) const;
    // The links of one objective, in key order (teaches, assesses, maps; then by target id).
    std::vector<const Link*> linksOf(Id objectiveId) const;
    // The links that point at an activity, assessment or competency.
    std::vector<const Link*> linksTo(Id targetId) const;

    // Items in their user-visible order.
    std::vector<const Framework*> frameworks() const;
    std::vector<const Course*> courses() const;
    std::vector<const Competency*> competenciesOf(Id frameworkId, Id parentId) const;
    std::vector<const Objective*> objectivesOf(Id courseId) const;
    std::vector<const Activity*> activitiesOf(Id courseId) const;
    std::vector<const Assessment*> assessmentsOf(Id courseId) const;
    std::vector<const Comment*> commentsOn(Id itemId) const;
    // The review history of a course or item, oldest first.
    std::vector<const StatusChange*> statusHistory(Id itemId) const;
    // The associations a competency starts, by id.
    std::vector<const Association*> associationsOf(Id competencyId) const;
    // The courses within a course (its blocks), in course order.
    std::vector<const Course*> coursesWithin(Id courseId) const;

    // The ids of the siblings of an ordered item (itself included), in order.
    std::vector<Id> siblingsOf(const Item& item) const;
    // The order value an item added after all its siblings takes: the last sibling's plus one, or 0 when it
    // has none. In O(log n), where siblingsOf copies every sibling.
    int orderAfterSiblings(const Item& item) const;

    Id maxId() const { return maxId_; }

    // Same items with the same fields and the same links.
    bool operator==(const DocumentData& other) const;

    // Mutation, for the Document, loaders and importers only: no checks beyond keeping indexes right.
    void put(const Item& item);
    void erase(Id id);
    void putLink(const Link& link);
    void eraseLink(const LinkKey& key);

private:
    // The children of one parent in their order: (order, id), ties by id as a stable sort over ids gives.
    using OrderIndex = std::set<std::pair<int, Id>>;

    template <class T> std::map<Id, T>& mutableAll();
    // The siblings an ordered item is among, or null for kinds without an order.
    const OrderIndex* siblingIndex(const Item& item) const;
    OrderIndex* siblingIndex(const Item& item, bool create);
    template <class T> std::vector<const T*> inOrder(const OrderIndex* index) const;
    void unindex(Id id);

    Program program_;
    std::map<Id, Framework> frameworks_;
    std::map<Id, Competency> competencies_;
    std::map<Id, Course> courses_;
    std::map<Id, Objective> objectives_;
    std::map<Id, Activity> activities_;
    std::map<Id, Assessment> assessments_;
    std::map<Id, Comment> comments_;
    std::map<Id, Acknowledgement> acknowledgements_;
    std::map<Id, StatusChange> statusChanges_;
    std::map<Id, Association> associations_;
    std::map<LinkKey, Link> links_;
    std::unordered_map<Id, ItemKind> kindById_;
    // Indexes kept by put() and erase(), so that listing a course's objectives does not walk every objective.
    OrderIndex frameworkOrder_, courseOrder_;
    std::map<std::pair<Id, Id>, OrderIndex> competenciesByParent_; // (framework, parent competency)
    std::map<Id, OrderIndex> objectivesByCourse_, activitiesByCourse_, assessmentsByCourse_;
    Id maxId_ = NoId;
};

} // namespace coursemap
