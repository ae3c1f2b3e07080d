#include "coursemap/analysis/Acceptance.h"

#include "coursemap/Error.h"
#include "coursemap/analysis/Rules.h"
#include "coursemap/edit/EditPlanner.h"
#include "coursemap/model/Validation.h"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <ctime>

namespace coursemap {

const Acknowledgement* findAcceptance(const DocumentData& data, std::string_view rule, Id itemId)
{
    for (const auto& [id, a] : data.all<Acknowledgement>())
        if (a.rule == rule && a.itemId == itemId)
            return &a;
    return nullptr;
}

namespace {

void requireRule(std::string_view rule)
{
    if (!findRule(rule))
        throw Error(ErrorCode::InvalidInput,
            "There is no rule \"" + std::string(rule) + "\"; `coursemap rules` lists them.");
}

} // namespace

Planner acceptFinding(const DocumentData& data, const Checker& checker, std::string_view rule, Id itemId,
    const std::string& justification, std::string author)
{
    requireRule(rule);
    if (justification.find_first_not_of(" \t\r\n") == std::string::npos)
        throw Error(ErrorCode::InvalidInput,
            "Say why the finding is right for this course: the justification is kept in the file.");
    const auto findings = checker.findingsFor(itemId);
    if (std::none_of(findings.begin(), findings.end(),
            [&](const Finding& f) { return f.rule->id == rule && f.subject == itemId; }))
        throw Error(ErrorCode::InvalidInput,
            "There is no " + std::string(rule) + " finding on " + describe(data, itemId)
                + "; `coursemap check` lists the current findings.");
    Acknowledgement a;
    a.itemId = itemId;
    a.rule = std::string(rule);
    a.justification = justification;
    if (author.empty())
        if (const char* user = std::getenv("USER"))
            author = user;
    a.author = std::move(author);
    a.createdAt = nowUtc();
    return [a](const DocumentData& now, Id& nextId) -> Change {
        // Checked again against the map as it is written: another program may have changed it since the
        // finding was seen (resolved it, or removed the item).
        if (!now.contains(a.itemId))
            throw Error(ErrorCode::InvalidInput,
                "Not accepted: item " + std::to_string(a.itemId) + " was removed meanwhile.");
        const Checker checker(now);
        const auto findings = checker.findingsFor(a.itemId);
        if (std::none_of(findings.begin(), findings.end(),
                [&](const Finding& f) { return f.rule->id == a.rule && f.subject == a.itemId; }))
            throw Error(ErrorCode::InvalidInput,
                "Not accepted: there is no " + a.rule + " finding on " + describe(now, a.itemId)
                    + " any more (the map was changed meanwhile); `coursemap check` lists the current "
                      "findings.");
        if (const auto* existing = findAcceptance(now, a.rule, a.itemId))
            return planEdits(now, { UpdateField { existing->id, "justification", a.justification } }, nextId,
                "Change the justification of " + a.rule, {}, EditScope::Review);
        return planEdits(
            now, { AddItem { a, std::nullopt } }, nextId, "Accept " + a.rule, {}, EditScope::Review);
    };
}

Planner withdrawAcceptance(const DocumentData& data, std::string_view rule, Id itemId)
{
    requireRule(rule);
    auto notAccepted = [rule = std::string(rule), itemId](const DocumentData& now) {
        return Error(ErrorCode::InvalidInput,
            "Nothing to withdraw: " + rule + " on " + describe(now, itemId) + " is not accepted.");
    };
    if (!findAcceptance(data, rule, itemId))
        throw notAccepted(data);
    return [rule = std::string(rule), itemId, notAccepted](const DocumentData& now, Id& nextId) -> Change {
        const auto* existing = findAcceptance(now, rule, itemId);
        if (!existing)
            throw notAccepted(now);
        return planEdits(now, { RemoveItem { existing->id } }, nextId, "Withdraw the acceptance of " + rule,
            {}, EditScope::Review);
    };
}

std::string nowUtc()
{
    const auto now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm tm {};
    gmtime_r(&now, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

} // namespace coursemap
