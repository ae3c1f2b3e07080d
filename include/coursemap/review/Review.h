// Review of a course map: comment threads on items and links, and the approval status of courses and items
// (draft → in review → changes requested → approved) with who set it, when, and why. One way for the studio
// and the command line; every function plans edits and changes nothing itself.
#pragma once

#include "coursemap/analysis/Checker.h"
#include "coursemap/edit/Change.h"
#include "coursemap/edit/Edit.h"
#include "coursemap/model/DocumentData.h"

#include <optional>
#include <string>
#include <vector>

namespace coursemap {

// The author to record when none is given: the login name, or "unknown".
std::string defaultAuthor();

// ---- Comments

// What a comment is about: an item, or the link from an objective (itemId) to a target.
struct CommentSubject
{
    Id itemId = NoId;
    Id targetId = NoId; // set for a link
};

// A comment and its replies, oldest first. A thread is resolved when its first comment is.
struct CommentThread
{
    const Comment* first = nullptr;
    std::vector<const Comment*> replies;
    bool resolved() const { return first->resolved; }
};

// A new thread on an item or link. Throws Error(InvalidInput) for an empty text, an item that cannot take
// comments, or a link that does not exist.
Edit addComment(
    const DocumentData& data, CommentSubject subject, const std::string& text, std::string author);
// A reply at the end of the thread `commentId` belongs to.
Edit replyToComment(const DocumentData& data, Id commentId, const std::string& text, std::string author);
// Resolves (or reopens) the thread `commentId` belongs to.
Edit resolveComment(const DocumentData& data, Id commentId, bool resolved = true);

// The threads on one subject, or (courseId) on a course and everything in it, or (NoId) on the whole map;
// oldest first.
std::vector<CommentThread> threadsOn(const DocumentData& data, CommentSubject subject);
std::vector<CommentThread> threadsIn(const DocumentData& data, Id courseId, bool includeResolved);
// The number of open threads on an item (links of an objective count for the objective).
int openThreadCount(const DocumentData& data, Id itemId);
// "objective “Interpret…” (CARD 210)" or "link objective “Interpret…” → teaching activity “Ward round”".
std::string subjectLabel(const DocumentData& data, const Comment& comment);

// ---- Status

// The review status of a course, objective, activity or assessment; nullopt for anything else.
std::optional<ReviewStatus> reviewStatus(const DocumentData& data, Id itemId);

// Whether a status may follow another: draft → in review → changes requested or approved; changes requested
// → in review; approved → in review (reopened); anything → draft (withdrawn).
bool statusMayFollow(ReviewStatus from, ReviewStatus to);

// The error-level findings on a course and everything in it (or on one item) that nobody has accepted.
std::vector<Finding> openErrors(const Checker& checker, Id itemId);

// Sets the status of a course, objective, activity or assessment and records who, when and why, as one
// Change. Throws Error(InvalidInput) when the move is not allowed, or when approving over error-level
// findings without a justification (the message names how many and the first).
Change planStatus(const DocumentData& data, const Checker& checker, Id itemId, ReviewStatus status,
    const std::string& justification, std::string author, Id& nextId);
// The same, with the findings computed from `data` itself: for a planner called inside the write
// (Document::applyPlan), so that the findings are those of the map as it is written, with whatever other
// programs changed since it was read, never those of an older copy.
Change planStatus(const DocumentData& data, Id itemId, ReviewStatus status, const std::string& justification,
    std::string author, Id& nextId);

} // namespace coursemap
