#include "coursemap/Document.h"

#include "coursemap/Error.h"
#include "coursemap/analysis/Acceptance.h"
#include "coursemap/edit/EditPlanner.h"
#include "coursemap/interchange/JsonFormat.h"
#include "coursemap/model/Fields.h"
#include "coursemap/model/Validation.h"
#include "coursemap/review/Review.h"

#include <spdlog/spdlog.h>

namespace coursemap {

Document::Document(std::unique_ptr<Store> store)
    : store_(std::move(store))
{
    auto loaded = store_->load();
    data_ = std::move(loaded.data);
    nextId_ = loaded.nextId;
}

std::unique_ptr<Document> Document::open(const std::filesystem::path& path, OpenMode mode)
{
    return std::make_unique<Document>(SqliteStore::open(path, mode));
}

std::unique_ptr<Document> Document::create(const std::filesystem::path& path, const Program& program)
{
    DocumentData data;
    Program p = program;
    p.id = 1;
    if (auto problem = itemProblem(p))
        throw Error(ErrorCode::InvalidInput, "The program's " + problem.field + " " + problem.message + ".");
    data.put(p);
    return create(path, data);
}

std::unique_ptr<Document> Document::create(const std::filesystem::path& path, const DocumentData& data)
{
    return std::make_unique<Document>(SqliteStore::create(path, data, data.maxId() + 1));
}

Change Document::apply(const Edit& edit)
{
    Id next = nextId_;
    Change change = planEdit(data_, edit, next);
    if (!change.empty())
        commit(change, next);
    return change;
}

void Document::apply(const Change& change)
{
    if (!change.matches(data_))
        throw Error(ErrorCode::InvalidEdit,
            "\"" + change.description + "\" cannot be applied: the course map has changed since.");
    Id next = nextId_;
    for (const auto& c : change.items)
        next = std::max(next, c.id() + 1);
    commit(change, next);
}

void Document::commit(const Change& change, Id nextId)
{
    store_->write(change, nextId); // throws: memory stays as the file is
    change.applyTo(data_);
    nextId_ = nextId;
    spdlog::debug("{}: {} ({} items, {} links)", path().string(), change.description, change.items.size(),
        change.links.size());
    // Copy: a listener may unsubscribe while being told. The edit is saved by now, so a listener's failure
    // is logged and the others are still told, rather than reported as a failed edit.
    const auto listeners = listeners_;
    for (const auto& [token, listener] : listeners) {
        try {
            listener(change);
        } catch (const std::exception& e) {
            spdlog::error("A view failed to follow \"{}\": {}", change.description, e.what());
        }
    }
}

void Document::saveAs(const std::filesystem::path& path)
{
    store_->saveAs(path);
}

std::vector<VersionInfo> Document::versions() const
{
    return store_->versions();
}

VersionInfo Document::saveVersion(const std::string& name, std::string author)
{
    const auto first = name.find_first_not_of(" \t\r\n");
    if (first == std::string::npos)
        throw Error(ErrorCode::InvalidInput, "Give the version a name, such as \"Approved 2026-27\".");
    const std::string trimmed = name.substr(first, name.find_last_not_of(" \t\r\n") - first + 1);
    if (trimmed == "now")
        throw Error(
            ErrorCode::InvalidInput, "\"now\" stands for the map as it is; give the version another name.");
    if (trimmed.size() > 200 || trimmed.find_first_of("\r\n") != std::string::npos)
        throw Error(ErrorCode::InvalidInput, "A version name is one line of at most 200 characters.");
    if (!validUtf8(trimmed))
        throw Error(ErrorCode::InvalidInput, "The version name is not valid UTF-8 text.");
    VersionInfo info { trimmed, author.empty() ? defaultAuthor() : std::move(author), nowUtc() };
    store_->saveVersion(info, exportJson(data_, true));
    return info;
}

DocumentData Document::version(const std::string& name) const
{
    const auto content = store_->versionContent(name);
    if (!content) {
        std::string names;
        for (const auto& v : store_->versions())
            names += (names.empty() ? "" : ", ") + ("\"" + v.name + "\"");
        throw Error(ErrorCode::InvalidInput,
            "There is no version named \"" + name + "\" in " + path().filename().string() + "."
                + (names.empty() ? " It has no versions yet." : " Its versions: " + names + "."));
    }
    return importJson(*content, "version \"" + name + "\"");
}

int Document::subscribe(Listener listener)
{
    listeners_.emplace(nextToken_, std::move(listener));
    return nextToken_++;
}

void Document::unsubscribe(int token)
{
    listeners_.erase(token);
}

} // namespace coursemap
