// The alignment engine: runs every rule of the catalogue over a course map and keeps the findings up to date
// as edits arrive, re-checking only what an edit can affect.
#pragma once

#include "coursemap/analysis/Rules.h"
#include "coursemap/edit/Change.h"
#include "coursemap/model/DocumentData.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace coursemap {

struct Finding
{
    const Rule* rule = nullptr;
    Id subject = NoId; // the item the finding is about: its key, with the rule, for acknowledgements
    Id courseId = NoId; // the course it belongs to; NoId for program-level findings
    std::vector<Id> items; // every item involved, the subject first
    std::string message; // this finding in plain language, naming the items
    std::string fix; // what to do here, when the rule's general fix can be made specific
    std::vector<std::string> suggestions; // measurable verbs to use instead, for objective wording rules
    std::optional<Acknowledgement> acknowledgement; // set when someone has accepted it with a reason
    Severity severity() const { return rule->severity; }
};

struct CheckSummary
{
    int errors = 0, warnings = 0, infos = 0; // not counting acknowledged findings
    int acknowledged = 0;
    int total() const { return errors + warnings + infos + acknowledged; }
};

class Checker
{
public:
    // Checks the whole map. The checker reads `data` until it is destroyed or given newer data by update().
    explicit Checker(const DocumentData& data);
    Checker(DocumentData&&) = delete;
    ~Checker();
    Checker(Checker&&) noexcept;
    Checker& operator=(Checker&&) noexcept;

    // Brings the findings up to date after `change` was applied to `data` (the same map as before).
    void update(const DocumentData& data, const Change& change);

    // Every finding: by course in course order, program-level findings last; then by severity, rule and item.
    std::vector<Finding> findings() const;
    // The findings about one item, or about a course and everything in it.
    std::vector<Finding> findingsFor(Id itemId) const;
    CheckSummary summary() const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// The wording findings of one objective alone (no verb, not measurable, compound, misspelt verb, level set
// against the verb), as the checker reports them: for `coursemap objectives analyze` and the editor.
std::vector<Finding> checkObjectiveWording(const Objective& objective);

} // namespace coursemap
