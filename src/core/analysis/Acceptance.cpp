#include "coursemap/analysis/Acceptance.h"

#include "coursemap/Error.h"
#include "coursemap/analysis/Rules.h"
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

Edit acceptFinding(const DocumentData& data, const Checker& checker, std::string_view rule, Id itemId,
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
    if (const auto* existing = findAcceptance(data, rule, itemId))
        return UpdateField { existing->id, "justification", justification };
    Acknowledgement a;
    a.itemId = itemId;
    a.rule = std::string(rule);
    a.justification = justification;
    if (author.empty())
        if (const char* user = std::getenv("USER"))
            author = user;
    a.author = std::move(author);
    a.createdAt = nowUtc();
    return AddItem { a, std::nullopt };
}

Edit withdrawAcceptance(const DocumentData& data, std::string_view rule, Id itemId)
{
    requireRule(rule);
    const auto* existing = findAcceptance(data, rule, itemId);
    if (!existing)
        throw Error(ErrorCode::InvalidInput,
            "Nothing to withdraw: " + std::string(rule) + " on " + describe(data, itemId)
                + " is not accepted.");
    return RemoveItem { existing->id };
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
