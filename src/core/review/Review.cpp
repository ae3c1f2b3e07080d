#include "coursemap/review/Review.h"

#include "coursemap/Error.h"
#include "coursemap/analysis/Acceptance.h"
#include "coursemap/edit/EditPlanner.h"
#include "coursemap/model/Labels.h"

#include <algorithm>
#include <cstdlib>
#include <map>

namespace coursemap {

namespace {

[[noreturn]] void refuse(std::string message)
{
    throw Error(ErrorCode::InvalidInput, std::move(message));
}

bool blank(const std::string& s)
{
    return s.find_first_not_of(" \t\r\n") == std::string::npos;
}

std::string authorOr(std::string author)
{
    return blank(author) ? defaultAuthor() : author;
}

std::optional<LinkKind> linkKindTo(const DocumentData& data, Id targetId)
{
    switch (data.kindOf(targetId).value_or(ItemKind::Program)) {
    case ItemKind::Activity:
        return LinkKind::Teaches;
    case ItemKind::Assessment:
        return LinkKind::Assesses;
    case ItemKind::Competency:
        return LinkKind::Maps;
    default:
        return std::nullopt;
    }
}

const Comment& commentOrRefuse(const DocumentData& data, Id commentId)
{
    const auto* c = data.get<Comment>(commentId);
    if (!c)
        refuse("There is no comment " + std::to_string(commentId)
            + "; `coursemap comment list` shows the comments and their numbers.");
    return *c;
}

const Comment& firstOf(const DocumentData& data, const Comment& comment)
{
    const Comment* c = &comment;
    for (int depth = 0; c->parentId != NoId && depth < 10'000; ++depth) {
        const auto* parent = data.get<Comment>(c->parentId);
        if (!parent)
            break;
        c = parent;
    }
    return *c;
}

Edit newComment(CommentSubject subject, Id parentId, const std::string& text, std::string author)
{
    Comment c;
    c.itemId = subject.itemId;
    c.targetId = subject.targetId;
    c.parentId = parentId;
    c.author = authorOr(std::move(author));
    c.createdAt = nowUtc();
    c.text = text;
    return AddItem { c, std::nullopt };
}

// The threads of the comments `keep` accepts, in id order (a comment comes before its replies).
template <class Keep>
std::vector<CommentThread> threadsWhere(const DocumentData& data, Keep keep, bool includeResolved)
{
    std::vector<CommentThread> out;
    std::map<Id, std::size_t> slot;
    for (const auto& [id, c] : data.all<Comment>()) {
        if (!keep(c))
            continue;
        const Comment& first = firstOf(data, c);
        if (&first == &c) {
            if (!includeResolved && c.resolved)
                continue;
            slot[id] = out.size();
            out.push_back({ &c, {} });
        } else if (auto it = slot.find(first.id); it != slot.end()) {
            out[it->second].replies.push_back(&c);
        }
    }
    return out;
}

bool reviewable(ItemKind kind)
{
    return kind == ItemKind::Course || kind == ItemKind::Objective || kind == ItemKind::Activity
        || kind == ItemKind::Assessment;
}

std::string statusWords(ReviewStatus s)
{
    switch (s) {
    case ReviewStatus::Draft:
        return "a draft";
    case ReviewStatus::InReview:
        return "in review";
    case ReviewStatus::ChangesRequested:
        return "waiting for requested changes";
    case ReviewStatus::Approved:
        return "approved";
    }
    return {};
}

} // namespace

std::string defaultAuthor()
{
    if (const char* user = std::getenv("USER"); user && *user)
        return user;
    return "unknown";
}

Edit addComment(const DocumentData& data, CommentSubject subject, const std::string& text, std::string author)
{
    if (blank(text))
        refuse("Write the comment first: it is empty.");
    const auto kind = data.kindOf(subject.itemId);
    if (!kind || *kind == ItemKind::Comment || *kind == ItemKind::Acknowledgement
        || *kind == ItemKind::StatusChange)
        refuse("There is no item " + std::to_string(subject.itemId) + " to comment on.");
    if (subject.targetId != NoId) {
        const auto linkKind = linkKindTo(data, subject.targetId);
        if (*kind != ItemKind::Objective || !linkKind
            || !data.link({ *linkKind, subject.itemId, subject.targetId }))
            refuse(itemLabel(data, subject.itemId) + " is not linked to " + itemLabel(data, subject.targetId)
                + ", so there is no link to comment on.");
    }
    return newComment(subject, NoId, text, std::move(author));
}

Edit replyToComment(const DocumentData& data, Id commentId, const std::string& text, std::string author)
{
    if (blank(text))
        refuse("Write the reply first: it is empty.");
    const Comment& first = firstOf(data, commentOrRefuse(data, commentId));
    return newComment({ first.itemId, first.targetId }, first.id, text, std::move(author));
}

Edit resolveComment(const DocumentData& data, Id commentId, bool resolved)
{
    const Comment& first = firstOf(data, commentOrRefuse(data, commentId));
    if (first.resolved == resolved)
        refuse("The thread of comment " + std::to_string(commentId) + " is already "
            + (resolved ? "resolved." : "open."));
    return UpdateField { first.id, "resolved", resolved };
}

std::vector<CommentThread> threadsOn(const DocumentData& data, CommentSubject subject)
{
    return threadsWhere(
        data, [&](const Comment& c) { return c.itemId == subject.itemId && c.targetId == subject.targetId; },
        true);
}

std::vector<CommentThread> threadsIn(const DocumentData& data, Id courseId, bool includeResolved)
{
    return threadsWhere(
        data, [&](const Comment& c) { return courseId == NoId || courseOf(data, c.itemId) == courseId; },
        includeResolved);
}

int openThreadCount(const DocumentData& data, Id itemId)
{
    int n = 0;
    for (const auto& [id, c] : data.all<Comment>())
        if (c.itemId == itemId && c.parentId == NoId && !c.resolved)
            ++n;
    return n;
}

std::string subjectLabel(const DocumentData& data, const Comment& comment)
{
    if (comment.targetId == NoId)
        return itemLabel(data, comment.itemId);
    return "link " + itemLabel(data, comment.itemId) + " \u2192 " + itemLabel(data, comment.targetId);
}

std::optional<ReviewStatus> reviewStatus(const DocumentData& data, Id itemId)
{
    const auto item = data.item(itemId);
    if (!item)
        return std::nullopt;
    return std::visit(
        [](const auto& i) -> std::optional<ReviewStatus> {
            if constexpr (requires { i.status; })
                return i.status;
            else
                return std::nullopt;
        },
        *item);
}

bool statusMayFollow(ReviewStatus from, ReviewStatus to)
{
    using S = ReviewStatus;
    if (from == to)
        return false;
    switch (to) {
    case S::Draft:
        return true;
    case S::InReview:
        return true; // sent for review, back after changes, or an approval reopened
    case S::ChangesRequested:
    case S::Approved:
        return from == S::InReview;
    }
    return false;
}

std::vector<Finding> openErrors(const Checker& checker, Id itemId)
{
    auto findings = checker.findingsFor(itemId);
    std::erase_if(
        findings, [](const Finding& f) { return f.severity() != Severity::Error || f.acknowledgement; });
    return findings;
}

Change planStatus(const DocumentData& data, Id itemId, ReviewStatus status, const std::string& justification,
    std::string author, Id& nextId)
{
    const Checker checker(data);
    return planStatus(data, checker, itemId, status, justification, std::move(author), nextId);
}

Change planStatus(const DocumentData& data, const Checker& checker, Id itemId, ReviewStatus status,
    const std::string& justification, std::string author, Id& nextId)
{
    const auto kind = data.kindOf(itemId);
    if (!kind || !reviewable(*kind))
        refuse("Only a course, objective, teaching activity or assessment has a review status; "
            + (kind ? itemLabel(data, itemId) : "item " + std::to_string(itemId)) + " does not.");
    const ReviewStatus now = *reviewStatus(data, itemId);
    const std::string label = itemLabel(data, itemId);
    if (now == status)
        refuse(label + " is already " + statusWords(status) + ".");
    if (!statusMayFollow(now, status))
        refuse(label + " is " + statusWords(now) + "; it must be in review before it can be "
            + (status == ReviewStatus::Approved ? "approved." : "sent back with changes requested."));
    if (status == ReviewStatus::Approved && blank(justification)) {
        const auto errors = openErrors(checker, itemId);
        if (!errors.empty())
            refuse(label + " has " + std::to_string(errors.size()) + " error"
                + (errors.size() == 1 ? "" : "s") + " (the first: " + errors.front().message
                + "). Approving it anyway needs a justification, which is kept with the approval.");
    }
    StatusChange record;
    record.itemId = itemId;
    record.status = status;
    record.author = authorOr(std::move(author));
    record.createdAt = nowUtc();
    record.justification = blank(justification) ? std::string() : justification;
    const std::string name(toString(status));
    return planEdits(data, { UpdateField { itemId, "status", name }, AddItem { record, std::nullopt } },
        nextId, "Set status of " + label + " to " + name, {}, EditScope::Review);
}

} // namespace coursemap
