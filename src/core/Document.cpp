#include "coursemap/Document.h"

#include "coursemap/Error.h"
#include "coursemap/analysis/Acceptance.h"
#include "coursemap/edit/EditPlanner.h"
#include "coursemap/interchange/JsonFormat.h"
#include "coursemap/model/Fields.h"
#include "coursemap/model/Labels.h"
#include "coursemap/model/Validation.h"
#include "coursemap/review/Diff.h"
#include "coursemap/review/Review.h"

#include <spdlog/spdlog.h>

#include <set>

namespace coursemap {

namespace {

constexpr std::size_t WritersRemembered = 256;

std::string kindWords(ItemKind kind)
{
    switch (kind) {
    case ItemKind::Activity:
        return "teaching activity";
    case ItemKind::StatusChange:
        return "status record";
    default:
        return std::string(toString(kind));
    }
}

std::string byWhom(const WriterInfo& w)
{
    std::string out = w.author.empty() ? "another program" : w.author;
    if (!w.program.empty())
        out += " (" + w.program + ")";
    if (!w.createdAt.empty())
        out += " at " + w.createdAt;
    return out;
}

} // namespace

namespace {

// An item as a message names it, from the item itself (it may be gone from the map).
std::string labelOf(const Item& item)
{
    return std::visit(
        [](const auto& i) -> std::string {
            using T = std::decay_t<decltype(i)>;
            const std::string kind = kindWords(ItemTraits<T>::kind);
            auto excerpt = [](const std::string& text) {
                return text.size() > 40 ? text.substr(0, 40) + "\u2026" : text;
            };
            if constexpr (std::is_same_v<T, Course>)
                return kind + " " + i.code;
            else if constexpr (std::is_same_v<T, Objective>)
                return kind + " " + std::to_string(i.id) + " \u201C" + excerpt(i.text) + "\u201D";
            else if constexpr (std::is_same_v<T, Activity> || std::is_same_v<T, Assessment>)
                return kind + " \u201C" + excerpt(i.title) + "\u201D";
            else if constexpr (std::is_same_v<T, Competency>)
                return kind + " " + (i.code.empty() ? excerpt(i.title) : i.code);
            else if constexpr (std::is_same_v<T, Framework> || std::is_same_v<T, Program>)
                return kind + " " + excerpt(i.name);
            else
                return kind + " " + std::to_string(i.id);
        },
        item);
}

// Whether an item names, as its parent or subject, another item of the set (it went or came with that one).
bool insideAny(const Item& item, const std::set<Id>& ids)
{
    return std::visit(
        [&](const auto& i) {
            using T = std::decay_t<decltype(i)>;
            for (const auto& field : fieldsOf<T>())
                if (field.ref && ids.contains(i.*(field.ref)))
                    return true;
            return false;
        },
        item);
}

} // namespace

std::string summarizeChange(const Change& change, std::size_t maxParts)
{
    std::set<Id> added, removed;
    for (const auto& c : change.items)
        (c.added() ? added : removed).insert(c.id());
    std::vector<std::string> parts;
    std::size_t total = 0, inside = 0;
    for (const auto& c : change.items) {
        const auto fields = c.changedFields();
        if (c.before && c.after
            && std::all_of(fields.begin(), fields.end(), [](const auto& f) { return f == "ord"; }))
            continue; // renumbered siblings
        // What went or came with another item of the change is counted with it, not named.
        if ((c.added() && insideAny(*c.after, added)) || (c.removed() && insideAny(*c.before, removed))) {
            ++inside;
            continue;
        }
        if (c.kind() == ItemKind::StatusChange || c.kind() == ItemKind::Acknowledgement) {
            ++inside;
            continue;
        }
        ++total;
        if (parts.size() >= maxParts)
            continue;
        const std::string label = labelOf(c.after ? *c.after : *c.before);
        if (c.added())
            parts.push_back("added " + label);
        else if (c.removed())
            parts.push_back("removed " + label);
        else {
            std::string names;
            for (const auto& f : fields)
                if (f != "ord")
                    names += (names.empty() ? "" : ", ") + f;
            parts.push_back("changed the " + names + " of " + label);
        }
    }
    if (total == 0 && !change.links.empty()) {
        parts.push_back("changed " + std::to_string(change.links.size()) + " link"
            + (change.links.size() == 1 ? "" : "s"));
        total = 1;
    }
    std::string out;
    for (std::size_t i = 0; i < parts.size(); ++i)
        out += (i == 0 ? "" : i + 1 == parts.size() && total == parts.size() ? " and " : ", ") + parts[i];
    if (total > parts.size())
        out += " and " + std::to_string(total - parts.size()) + " more";
    if (inside > 0)
        out += " (with " + std::to_string(inside) + " item" + (inside == 1 ? "" : "s") + " in "
            + (total == 1 ? "it" : "them") + ")";
    return out;
}

Document::Document(std::unique_ptr<Store> store)
    : store_(std::move(store))
{
    auto loaded = store_->load();
    data_ = std::move(loaded.data);
    nextId_ = loaded.nextId;
    revision_ = loaded.revision;
    writer_.author = defaultAuthor();
    writer_.program = "coursemap";
}

std::unique_ptr<Document> Document::open(
    const std::filesystem::path& path, OpenMode mode, std::chrono::milliseconds busyWait)
{
    return std::make_unique<Document>(SqliteStore::open(path, mode, busyWait));
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
    if (data.maxId() > MaxId)
        throw Error(ErrorCode::InvalidInput, "An item id must be from 1 to 9007199254740991 (2^53 - 1).");
    return std::make_unique<Document>(SqliteStore::create(path, data, data.maxId() + 1));
}

void Document::setWriter(std::string author, std::string program)
{
    writer_.author = author.empty() ? defaultAuthor() : std::move(author);
    writer_.program = std::move(program);
}

Change Document::absorb(const StoredChanges& stored)
{
    Change external;
    external.description = "Changes by others";
    for (const auto& s : stored.items) {
        auto before = data_.item(s.id);
        if (!before && !s.now)
            continue;
        if (before && s.now && *before == *s.now)
            continue;
        if (before && s.now && kindOf(*before) != kindOf(*s.now)) {
            // The id was removed and given to a record of another kind since: the old record went.
            external.items.push_back({ std::move(before), std::nullopt });
            before.reset();
        }
        external.items.push_back({ std::move(before), s.now });
        changedBy_[s.id] = s.revision;
    }
    for (const auto& s : stored.links) {
        const Link* now = data_.link(s.key);
        if (!now && !s.now)
            continue;
        if (now && s.now && *now == *s.now)
            continue;
        external.links.push_back({ now ? std::optional(*now) : std::nullopt, s.now });
        linkChangedBy_[s.key] = s.revision;
    }
    for (const auto& [revision, w] : stored.writers)
        recentWriters_[revision] = w;
    while (recentWriters_.size() > WritersRemembered)
        recentWriters_.erase(recentWriters_.begin());

    external.applyTo(data_);
    // What others wrote must make sense as a whole, as a loaded map must: checked where they wrote, and
    // everywhere when they removed something (what referred to it must have gone too).
    auto problem = [&]() -> std::string {
        bool removed = false, review = false;
        for (const auto& c : external.items) {
            removed = removed || !c.after;
            review = review || c.kind() == ItemKind::StatusChange || c.kind() == ItemKind::Acknowledgement
                || (c.after && !c.before);
            if (c.before && c.after) {
                const auto fields = c.changedFields();
                review = review || std::find(fields.begin(), fields.end(), "status") != fields.end();
            }
            if (c.after && !removed)
                if (auto p = parentProblem(data_, *c.after))
                    return describe(data_, c.id()) + ": " + p.field + " " + p.message;
        }
        for (const auto& c : external.links)
            if (c.after)
                if (auto p = linkProblem(data_, *c.after))
                    return "a link's " + p.field + " " + p.message;
        if (removed)
            return documentProblem(data_).message;
        if (review)
            return reviewProblem(data_).message;
        return {};
    };
    if (!external.empty())
        if (const auto p = problem(); !p.empty()) {
            external.inverted().applyTo(data_);
            throw Error(ErrorCode::Corrupt,
                "\"" + path().filename().string()
                    + "\" was changed by another program in a way that leaves it "
                      "damaged ("
                    + p + "). Open a backup copy instead.",
                path().string() + ": " + p);
        }
    nextId_ = std::max(nextId_, stored.nextId);
    revision_ = stored.revision;
    return external;
}

void Document::announce(const Change& change, const ChangeSource& source)
{
    if (change.empty())
        return;
    spdlog::debug("{}: {} ({} items, {} links){}", path().string(), change.description, change.items.size(),
        change.links.size(), source.external ? " by another program" : "");
    // Copy: a listener may unsubscribe while being told. The change is saved by now, so a listener's failure
    // is logged and the others are still told, rather than reported as a failed edit.
    const auto listeners = listeners_;
    for (const auto& [token, listener] : listeners) {
        try {
            listener(change, source);
        } catch (const std::exception& e) {
            spdlog::error("A view failed to follow \"{}\": {}", change.description, e.what());
        }
    }
}

Change Document::write(const std::function<std::optional<Commit>(const Change& external)>& body)
{
    Change external;
    Change own;
    const Revision from = revision_;
    auto tellExternal = [&] {
        ChangeSource source { true, {} };
        for (auto it = recentWriters_.upper_bound(from); it != recentWriters_.end(); ++it)
            source.writers.push_back(it->second);
        announce(external, source);
    };
    Revision written = from;
    try {
        written = store_->write(
            revision_,
            [&](const StoredChanges& stored) -> std::optional<Commit> {
                if (stored.revision != revision_ || !stored.empty()) {
                    external = absorb(stored);
                    noteUnseen(external);
                }
                auto commit = body(external);
                if (commit)
                    own = commit->change;
                return commit;
            },
            writer_);
    } catch (...) {
        tellExternal();
        throw;
    }
    tellExternal();
    if (written == revision_) // nothing written
        return {};
    own.applyTo(data_);
    for (const auto& c : own.items)
        if (c.after)
            nextId_ = std::max(nextId_, c.id() + 1);
    revision_ = written;
    announce(own, ChangeSource {});
    return own;
}

namespace {

// The field an edit sets and the record it sets it on, for telling a lost update from a merge.
struct Target
{
    Id id = NoId;
    std::string field;
    std::optional<LinkKey> link;
};

std::optional<Target> targetOf(const Edit& edit)
{
    if (const auto* u = std::get_if<UpdateField>(&edit))
        return Target { u->id, u->field, std::nullopt };
    if (const auto* l = std::get_if<LinkItems>(&edit))
        return Target { NoId, {}, l->link.key };
    if (const auto* l = std::get_if<UnlinkItems>(&edit))
        return Target { NoId, {}, l->key };
    return std::nullopt;
}

} // namespace

void Document::noteUnseen(const Change& external)
{
    for (const auto& c : external.items) {
        if (c.before && c.after && kindOf(*c.before) == kindOf(*c.after)) {
            for (auto& field : c.changedFields())
                if (field != "ord")
                    unseenFields_[c.id()].insert(std::move(field));
        } else {
            unseenFields_.erase(c.id());
        }
    }
    for (const auto& c : external.links)
        unseenLinks_.insert(c.key());
}

Change Document::apply(const Edit& edit)
{
    return write([&](const Change& external) -> std::optional<Commit> {
        if (const auto target = targetOf(edit)) {
            // Someone else changed the very field (or link) this edit sets after this program read the map,
            // and this program's caller was not shown it (read inside a write, not through refresh()):
            // writing now would overwrite their change unseen. Saying so shows it: the same change made
            // again is then a change to what the caller has seen.
            if (auto it = unseenFields_.find(target->id);
                it != unseenFields_.end() && it->second.contains(target->field)) {
                it->second.erase(target->field);
                throw Error(ErrorCode::Conflict,
                    "Not saved: " + itemLabel(data_, target->id) + " had its " + target->field
                        + " changed by " + whoChanged(target->id)
                        + " after this map was read here, so this change would overwrite theirs unseen. The "
                          "map now shows their version; make the change again if it is still wanted.");
            }
            if (target->link && unseenLinks_.erase(*target->link) > 0)
                throw Error(ErrorCode::Conflict,
                    "Not saved: the link between " + itemLabel(data_, target->link->objectiveId) + " and "
                        + itemLabel(data_, target->link->targetId) + " was changed by "
                        + whoChanged(*target->link)
                        + " after this map was read here. The map now shows their version; make the change "
                          "again if it is still wanted.");
        }
        Id next = nextId_;
        Change change;
        try {
            change = planEdit(data_, edit, next);
        } catch (const Error& e) {
            if (external.empty())
                throw;
            throw Error(e.code(),
                e.message() + " (Meanwhile another program " + summarizeChange(external) + ".)", e.detail());
        }
        if (change.empty())
            return std::nullopt;
        return Commit { std::move(change), std::nullopt, {} };
    });
}

Change Document::applyPlan(const Planner& plan)
{
    return write([&](const Change& external) -> std::optional<Commit> {
        Id next = nextId_;
        Change change;
        try {
            change = plan(data_, next);
        } catch (const Error& e) {
            if (external.empty())
                throw;
            throw Error(e.code(),
                e.message() + " (Meanwhile another program " + summarizeChange(external) + ".)", e.detail());
        }
        if (change.empty())
            return std::nullopt;
        return Commit { std::move(change), std::nullopt, {} };
    });
}

std::string Document::whoChanged(Id id) const
{
    auto it = changedBy_.find(id);
    if (it != changedBy_.end())
        if (auto w = recentWriters_.find(it->second); w != recentWriters_.end())
            return byWhom(w->second);
    return "another program";
}

std::string Document::whoChanged(const LinkKey& key) const
{
    auto it = linkChangedBy_.find(key);
    if (it != linkChangedBy_.end())
        if (auto w = recentWriters_.find(it->second); w != recentWriters_.end())
            return byWhom(w->second);
    return "another program";
}

void Document::apply(const Change& change)
{
    write([&](const Change&) -> std::optional<Commit> {
        std::vector<std::string> changed;
        for (const auto& c : change.items) {
            const auto now = data_.item(c.id());
            if (now.has_value() == c.before.has_value() && (!now || *now == *c.before))
                continue;
            const std::string label = now ? itemLabel(data_, c.id())
                : c.before                ? kindWords(c.kind()) + " " + std::to_string(c.id())
                                          : itemLabel(data_, c.id());
            changed.push_back(label
                + (now ? (c.before ? " was changed" : " was added again") : " was removed") + " by "
                + whoChanged(c.id()));
        }
        for (const auto& c : change.links) {
            const auto* now = data_.link(c.key());
            if ((now != nullptr) == c.before.has_value() && (!now || *now == *c.before))
                continue;
            changed.push_back("the link between " + itemLabel(data_, c.key().objectiveId) + " and "
                + itemLabel(data_, c.key().targetId) + " was changed by " + whoChanged(c.key()));
        }
        if (!changed.empty()) {
            std::string list;
            for (std::size_t i = 0; i < changed.size() && i < 3; ++i)
                list += (i ? "; " : "") + changed[i];
            if (changed.size() > 3)
                list += "; and " + std::to_string(changed.size() - 3) + " more";
            throw Error(ErrorCode::Conflict,
                "\"" + change.description + "\" cannot be applied: the course map has changed since (" + list
                    + "). Nothing was changed.");
        }
        return Commit { change, std::nullopt, {} };
    });
}

Change Document::restoreVersion(const std::string& name, std::string author)
{
    const DocumentData version = this->version(name);
    return write([&](const Change&) -> std::optional<Commit> {
        Change change = planRestore(data_, version, name);
        if (change.empty())
            return std::nullopt;
        Commit commit { std::move(change),
            versionInfo("Before restoring " + name + " (" + nowUtc() + ")", author),
            exportJson(data_, true) };
        return commit;
    });
}

Change Document::refresh()
{
    // The caller reads what changed and is told (listeners): from now on, those changes count as seen.
    unseenFields_.clear();
    unseenLinks_.clear();
    if (store_->revision() == revision_)
        return {};
    const StoredChanges stored = store_->changesSince(revision_);
    Change external = absorb(stored);
    ChangeSource source { true, {} };
    for (const auto& [revision, w] : stored.writers)
        source.writers.push_back(w);
    announce(external, source);
    return external;
}

void Document::saveAs(const std::filesystem::path& path)
{
    store_->saveAs(path);
}

std::vector<VersionInfo> Document::versions() const
{
    return store_->versions();
}

VersionInfo Document::versionInfo(const std::string& name, std::string author) const
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
    return VersionInfo { trimmed, author.empty() ? defaultAuthor() : std::move(author), nowUtc() };
}

VersionInfo Document::saveVersion(const std::string& name, std::string author)
{
    const VersionInfo info = versionInfo(name, std::move(author));
    write([&](const Change&) -> std::optional<Commit> {
        Commit commit;
        commit.change.description = "Keep version \u201C" + info.name + "\u201D";
        commit.version = info;
        commit.versionContent = exportJson(data_, true);
        return commit;
    });
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
    return importJson(*content, "version \"" + name + "\"", false);
}

std::vector<std::string> Document::notes() const
{
    if (const auto* sqlite = dynamic_cast<const SqliteStore*>(store_.get()))
        return sqlite->notes();
    return {};
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
