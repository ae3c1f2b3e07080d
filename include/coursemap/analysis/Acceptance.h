// Accepting a finding with a written justification, and withdrawing the acceptance: one way for the studio
// and the command line. An acceptance is an Acknowledgement item keyed by (rule, item).
#pragma once

#include "coursemap/analysis/Checker.h"
#include "coursemap/edit/EditPlanner.h"
#include "coursemap/model/DocumentData.h"

#include <string>
#include <string_view>

namespace coursemap {

// The acceptance of finding (rule, item), or null.
const Acknowledgement* findAcceptance(const DocumentData& data, std::string_view rule, Id itemId);

// The change that accepts a current finding, or changes the justification of one accepted before, planned
// when it is written (Document::applyPlan). An empty author is read as the user's login name. Throws
// Error(InvalidInput) at once when the rule is unknown, the justification is empty, or `checker` has no such
// finding; the planner throws when the item is gone by the time it is written.
Planner acceptFinding(const DocumentData& data, const Checker& checker, std::string_view rule, Id itemId,
    const std::string& justification, std::string author = {});

// The change that withdraws an acceptance, so the finding counts again. Throws Error(InvalidInput) when the
// finding is not accepted (now, or by the time it is written).
Planner withdrawAcceptance(const DocumentData& data, std::string_view rule, Id itemId);

// Now, in UTC, as acceptances and comments record it: "2026-11-25T06:01:02Z".
std::string nowUtc();

} // namespace coursemap
