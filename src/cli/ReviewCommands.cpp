// comment, status, version and diff: the review of a course map from the command line, for scripts and
// curriculum committees.
#include "Commands.h"

#include "coursemap/Document.h"
#include "coursemap/Error.h"
#include "coursemap/Printable.h"
#include "coursemap/analysis/Acceptance.h"
#include "coursemap/analysis/Checker.h"
#include "coursemap/model/Labels.h"
#include "coursemap/review/Diff.h"
#include "coursemap/review/Review.h"

#include <nlohmann/json.hpp>

#include <iostream>

namespace coursemap::cli {

namespace {

using nlohmann::ordered_json;

const std::string fileHelp = "The .coursemap file";

void addFormatOption(CLI::App* cmd, std::string& format)
{
    cmd->add_option("--format", format, "text for people, json for scripts")
        ->check(CLI::IsMember({ "text", "json" }))
        ->capture_default_str();
}

std::string count(std::size_t n, const std::string& noun)
{
    return std::to_string(n) + " " + noun + (n == 1 ? "" : "s");
}

ordered_json commentJson(const DocumentData& data, const Comment& c)
{
    return { { "id", c.id }, { "item_id", c.itemId },
        { "target_id", c.targetId == NoId ? ordered_json(nullptr) : ordered_json(c.targetId) },
        { "subject", subjectLabel(data, c) }, { "author", c.author }, { "created_at", c.createdAt },
        { "text", c.text } };
}

void printComment(const Comment& c, const std::string& indent)
{
    std::cout << indent << "#" << c.id << "  " << printable(c.author) << ", " << printable(c.createdAt)
              << "\n";
    std::string line;
    for (char ch : c.text + "\n") {
        if (ch == '\n') {
            std::cout << indent << "    " << printable(line) << "\n";
            line.clear();
        } else {
            line += ch;
        }
    }
}

// The item a --course / --item pair names: the item when given (checked against the course), else the course.
Id subjectOf(const DocumentData& data, const std::string& file, const std::string& course, Id item)
{
    if (item != NoId) {
        if (!data.contains(item))
            throw Error(
                ErrorCode::InvalidInput, "There is no item " + std::to_string(item) + " in " + file + ".");
        if (!course.empty() && courseOf(data, item) != requireCourse(data, course, file).id)
            throw Error(ErrorCode::InvalidInput, itemLabel(data, item) + " is not in " + course + ".");
        return item;
    }
    if (course.empty())
        throw Error(
            ErrorCode::InvalidInput, "Name the course with --course CODE, or an item with --item ID.");
    return requireCourse(data, course, file).id;
}

ReviewStatus parseStatus(std::string name)
{
    for (auto& ch : name)
        ch = ch == '-' || ch == ' ' ? '_' : static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    if (auto s = parseEnum<ReviewStatus>(name))
        return *s;
    throw Error(ErrorCode::InvalidInput,
        "--set \"" + name + "\" is not a review status; use " + enumChoices<ReviewStatus>() + ".");
}

void addCommentCommands(CLI::App& app, Run& run)
{
    auto* cmd = app.add_subcommand(
        "comment", "Comment on a course, item or link; reply; resolve; list the threads");
    cmd->require_subcommand(1);

    struct Options
    {
        std::string file, course, text, author, format = "text";
        Id item = NoId, target = NoId, comment = NoId;
        bool all = false, reopen = false;
    };
    auto o = std::make_shared<Options>();

    auto* add = cmd->add_subcommand("add",
        "Start a comment thread on a course (--course), an item (--item) or "
        "the link from an objective (--item) to an activity, assessment or "
        "competency (--target)");
    add->add_option("FILE", o->file, fileHelp)->required()->check(CLI::ExistingFile);
    add->add_option("--course", o->course, "The course, by code");
    add->add_option("--item", o->item, "The id of an objective, activity, assessment or other item")
        ->check(itemId());
    add->add_option("--target", o->target, "With --item OBJECTIVE: comment on its link to this item")
        ->check(itemId());
    add->add_option("--text", o->text, "The comment")->required();
    add->add_option("--author", o->author, "Who writes it (default: $USER)");
    add->callback([&run, o] {
        run = [o] {
            auto doc = openMap(o->file, OpenMode::ReadWrite, "comment add", o->author);
            const Id item = subjectOf(doc->data(), o->file, o->course, o->item);
            const Change c = doc->apply(addComment(doc->data(), { item, o->target }, o->text, o->author));
            const Comment& added = *doc->data().get<Comment>(c.items.front().id());
            std::cout << "Comment #" << added.id << " on " << printable(subjectLabel(doc->data(), added))
                      << ".\n";
            return 0;
        };
    });

    auto* reply = cmd->add_subcommand("reply", "Reply to a comment thread");
    reply->add_option("FILE", o->file, fileHelp)->required()->check(CLI::ExistingFile);
    reply->add_option("COMMENT", o->comment, "The number of a comment in the thread")
        ->required()
        ->check(itemId());
    reply->add_option("--text", o->text, "The reply")->required();
    reply->add_option("--author", o->author, "Who writes it (default: $USER)");
    reply->callback([&run, o] {
        run = [o] {
            auto doc = openMap(o->file, OpenMode::ReadWrite, "comment reply", o->author);
            const Change c = doc->apply(replyToComment(doc->data(), o->comment, o->text, o->author));
            std::cout << "Reply #" << c.items.front().id() << " added.\n";
            return 0;
        };
    });

    auto* resolve = cmd->add_subcommand("resolve", "Resolve a comment thread (or --reopen it)");
    resolve->add_option("FILE", o->file, fileHelp)->required()->check(CLI::ExistingFile);
    resolve->add_option("COMMENT", o->comment, "The number of a comment in the thread")
        ->required()
        ->check(itemId());
    resolve->add_flag("--reopen", o->reopen, "Open the thread again");
    resolve->callback([&run, o] {
        run = [o] {
            auto doc = openMap(o->file, OpenMode::ReadWrite, "comment resolve", o->author);
            doc->apply(resolveComment(doc->data(), o->comment, !o->reopen));
            std::cout << "Thread of comment #" << o->comment << (o->reopen ? " reopened" : " resolved")
                      << ".\n";
            return 0;
        };
    });

    auto* list = cmd->add_subcommand("list", "List the open comment threads (of a course with --course)");
    list->add_option("FILE", o->file, fileHelp)->required()->check(CLI::ExistingFile);
    list->add_option("--course", o->course, "Only this course and what is in it");
    list->add_flag("--all", o->all, "Resolved threads too");
    addFormatOption(list, o->format);
    list->callback([&run, o] {
        run = [o] {
            auto doc = openMap(o->file, OpenMode::ReadOnly, "read");
            const auto& data = doc->data();
            const Id course = o->course.empty() ? NoId : requireCourse(data, o->course, o->file).id;
            const auto threads = threadsIn(data, course, o->all);
            if (o->format == "json") {
                ordered_json out = ordered_json::array();
                for (const auto& t : threads) {
                    ordered_json thread = commentJson(data, *t.first);
                    thread["resolved"] = t.resolved();
                    thread["replies"] = ordered_json::array();
                    for (const auto* r : t.replies)
                        thread["replies"].push_back(commentJson(data, *r));
                    out.push_back(std::move(thread));
                }
                std::cout << out.dump(2) << "\n";
                return 0;
            }
            if (threads.empty())
                std::cout << (o->all ? "No comments.\n" : "No open comments.\n");
            for (const auto& t : threads) {
                std::cout << (&t == &threads.front() ? "" : "\n") << printable(subjectLabel(data, *t.first))
                          << (t.resolved() ? "  [resolved]" : "") << "\n";
                printComment(*t.first, "  ");
                for (const auto* r : t.replies)
                    printComment(*r, "    ");
            }
            return 0;
        };
    });
}

void addStatusCommand(CLI::App& app, Run& run)
{
    auto* cmd = app.add_subcommand("status",
        "Show or set the review status of a course or item (draft, in_review, changes_requested, approved), "
        "with who set it, when and why");
    struct Options
    {
        std::string file, course, set, justification, author, format = "text";
        Id item = NoId;
    };
    auto o = std::make_shared<Options>();
    cmd->add_option("FILE", o->file, fileHelp)->required()->check(CLI::ExistingFile);
    cmd->add_option("--course", o->course, "The course, by code");
    cmd->add_option("--item", o->item, "An objective, activity or assessment, by id")->check(itemId());
    cmd->add_option("--set", o->set, "The new status: " + enumChoices<ReviewStatus>());
    cmd->add_option("-j,--justification", o->justification,
        "Why; required to approve a course that still has error-level findings, and kept with the approval");
    cmd->add_option("--author", o->author, "Who sets it (default: $USER)");
    addFormatOption(cmd, o->format);
    cmd->callback([&run, o] {
        run = [o] {
            auto doc = openMap(
                o->file, o->set.empty() ? OpenMode::ReadOnly : OpenMode::ReadWrite, "status", o->author);
            const Id item = subjectOf(doc->data(), o->file, o->course, o->item);
            if (!o->set.empty()) {
                const ReviewStatus status = parseStatus(o->set);
                // The findings are those of the map as it is written, inside the write transaction.
                doc->applyPlan([&](const DocumentData& data, Id& next) {
                    return planStatus(data, item, status, o->justification, o->author, next);
                });
            }
            const auto& data = doc->data();
            const auto current = reviewStatus(data, item);
            if (!current)
                throw Error(ErrorCode::InvalidInput, itemLabel(data, item) + " has no review status.");
            const auto history = data.statusHistory(item);
            if (o->format == "json") {
                ordered_json out { { "item", item }, { "label", itemLabel(data, item) },
                    { "status", toString(*current) }, { "history", ordered_json::array() } };
                for (const auto* h : history)
                    out["history"].push_back({ { "status", toString(h->status) }, { "author", h->author },
                        { "created_at", h->createdAt },
                        { "justification",
                            h->justification.empty() ? ordered_json(nullptr)
                                                     : ordered_json(h->justification) } });
                std::cout << out.dump(2) << "\n";
                return 0;
            }
            std::string label = itemLabel(data, item);
            label[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(label[0])));
            std::cout << printable(label) << ": " << toString(*current) << "\n";
            for (const auto* h : history) {
                std::cout << "  " << printable(h->createdAt) << "  " << toString(h->status) << " by "
                          << printable(h->author) << "\n";
                if (!h->justification.empty())
                    std::cout << "      Justification: " << printable(h->justification) << "\n";
            }
            return 0;
        };
    });
}

void addVersionCommands(CLI::App& app, Run& run)
{
    auto* cmd = app.add_subcommand("version", "Named versions of a course map, kept inside its file");
    cmd->require_subcommand(1);
    struct Options
    {
        std::string file, name, author, format = "text";
    };
    auto o = std::make_shared<Options>();

    auto* save = cmd->add_subcommand("save", "Keep the map as it is now under a name (\"Approved 2026-27\")");
    save->add_option("FILE", o->file, fileHelp)->required()->check(CLI::ExistingFile);
    save->add_option("NAME", o->name, "The version's name")->required();
    save->add_option("--author", o->author, "Who saves it (default: $USER)");
    save->callback([&run, o] {
        run = [o] {
            auto doc = openMap(o->file, OpenMode::ReadWrite, "version save", o->author);
            const auto v = doc->saveVersion(o->name, o->author);
            std::cout << "Saved version \"" << printable(v.name) << "\" (" << printable(v.author) << ", "
                      << printable(v.createdAt) << ").\n";
            return 0;
        };
    });

    auto* list = cmd->add_subcommand("list", "List the versions, oldest first");
    list->add_option("FILE", o->file, fileHelp)->required()->check(CLI::ExistingFile);
    addFormatOption(list, o->format);
    list->callback([&run, o] {
        run = [o] {
            auto doc = openMap(o->file, OpenMode::ReadOnly, "read");
            const auto versions = doc->versions();
            if (o->format == "json") {
                ordered_json out = ordered_json::array();
                for (const auto& v : versions)
                    out.push_back(
                        { { "name", v.name }, { "author", v.author }, { "created_at", v.createdAt } });
                std::cout << out.dump(2) << "\n";
                return 0;
            }
            if (versions.empty())
                std::cout << "No versions yet: coursemap version save " << o->file << " NAME keeps one.\n";
            for (const auto& v : versions)
                std::cout << printable(v.createdAt) << "  " << printable(v.name) << "  ("
                          << printable(v.author) << ")\n";
            return 0;
        };
    });

    auto* restore = cmd->add_subcommand("restore",
        "Make the map hold a version's curriculum again; the map as it was is first kept as a version "
        "\"Before restoring NAME (time)\"");
    restore->add_option("FILE", o->file, fileHelp)->required()->check(CLI::ExistingFile);
    restore->add_option("NAME", o->name, "The version to restore")->required();
    restore->add_option("--author", o->author, "Who restores it (default: $USER)");
    restore->callback([&run, o] {
        run = [o] {
            auto doc = openMap(o->file, OpenMode::ReadWrite, "version restore", o->author);
            const Change change = doc->restoreVersion(o->name, o->author);
            if (change.empty()) {
                std::cout << "The map already holds version \"" << printable(o->name)
                          << "\"; nothing to restore.\n";
                return 0;
            }
            std::cout << "Restored version \"" << printable(o->name) << "\" ("
                      << count(change.items.size(), "item") << " and " << count(change.links.size(), "link")
                      << " changed). The map as it was is kept as \"" << printable(doc->versions().back().name)
                      << "\".\n";
            return 0;
        };
    });
}

void addDiffCommand(CLI::App& app, Run& run)
{
    auto* cmd = app.add_subcommand("diff",
        "What changed between two versions, or a version and now: items and links added, removed, changed "
        "and moved, with the text differences, and the findings that are new or fixed");
    struct Options
    {
        std::string file, from, to = "now", format = "text";
    };
    auto o = std::make_shared<Options>();
    cmd->add_option("FILE", o->file, fileHelp)->required()->check(CLI::ExistingFile);
    cmd->add_option("--from", o->from, "A version's name, or now (default: the newest version)");
    cmd->add_option("--to", o->to, "A version's name, or now")->capture_default_str();
    cmd->add_option("--format", o->format, "text for people ([-removed-]{+added+} words), json for scripts")
        ->check(CLI::IsMember({ "text", "json" }))
        ->capture_default_str();
    cmd->callback([&run, o] {
        run = [o] {
            auto doc = openMap(o->file, OpenMode::ReadOnly, "read");
            std::string from = o->from;
            if (from.empty()) {
                const auto versions = doc->versions();
                if (versions.empty())
                    throw Error(ErrorCode::InvalidInput,
                        o->file + " has no versions to compare with; keep one with: coursemap version save "
                            + o->file + " NAME");
                from = versions.back().name;
            }
            auto state
                = [&](const std::string& name) { return name == "now" ? doc->data() : doc->version(name); };
            const auto diff = diffMaps(state(from), state(o->to));
            if (o->format == "json")
                std::cout << diffJson(diff, from, o->to).dump(2) << "\n";
            else
                std::cout << diffText(diff, from == "now" ? "now" : "\"" + from + "\"",
                    o->to == "now" ? "now" : "\"" + o->to + "\"");
            return 0;
        };
    });
}

} // namespace

void addReviewCommands(CLI::App& app, Run& run)
{
    addCommentCommands(app, run);
    addStatusCommand(app, run);
    addVersionCommands(app, run);
    addDiffCommand(app, run);
}

} // namespace coursemap::cli
