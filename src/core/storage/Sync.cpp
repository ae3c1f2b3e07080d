#include "coursemap/storage/Sync.h"

#include "coursemap/Error.h"
#include "coursemap/analysis/Acceptance.h"
#include "coursemap/edit/EditPlanner.h"
#include "coursemap/model/Fields.h"
#include "coursemap/model/Labels.h"
#include "coursemap/model/Validation.h"
#include "coursemap/review/Review.h"
#include "coursemap/storage/PostgresStore.h"
#include "coursemap/storage/ServerAddress.h"
#include "coursemap/syllabus/Syllabus.h"

#include <algorithm>
#include <functional>
#include <map>
#include <random>
#include <set>

namespace coursemap {

namespace {

// Every record kind, parents before what they contain, so that additions can be written in this order.
template <class F> void eachKind(F&& f)
{
    f(Framework {});
    f(Competency {});
    f(Course {});
    f(Objective {});
    f(Activity {});
    f(Assessment {});
    f(Comment {});
    f(Acknowledgement {});
    f(StatusChange {});
    f(Association {});
}

// The program's frameworks and one course with everything in it and about it.
DocumentData subsetOf(const DocumentData& data, Id course)
{
    DocumentData out;
    out.put(data.program());
    for (const auto& [id, f] : data.all<Framework>())
        out.put(f);
    for (const auto& [id, c] : data.all<Competency>())
        out.put(c);
    for (const auto& [id, a] : data.all<Association>())
        out.put(a);
    // The course, and the blocks it is part of (without what is in them), so that its place in the program
    // holds.
    for (const Course* c = data.get<Course>(course); c; c
         = c->parentCourseId == NoId || out.contains(c->parentCourseId) ? nullptr
                                                                        : data.get<Course>(c->parentCourseId))
        out.put(*c);
    auto inCourse = [&](Id id) { return courseOf(data, id) == course; };
    auto keep = [&](const auto& items) {
        for (const auto& [id, item] : items)
            if (inCourse(id))
                out.put(item);
    };
    keep(data.all<Objective>());
    keep(data.all<Activity>());
    keep(data.all<Assessment>());
    for (const auto& [id, c] : data.all<Comment>())
        if (inCourse(c.itemId)
            && (c.targetId == NoId || inCourse(c.targetId) || data.get<Competency>(c.targetId)))
            out.put(c);
    for (const auto& [id, a] : data.all<Acknowledgement>())
        if (inCourse(a.itemId))
            out.put(a);
    for (const auto& [id, s] : data.all<StatusChange>())
        if (inCourse(s.itemId))
            out.put(s);
    for (const auto& [key, link] : data.links())
        if (out.contains(key.objectiveId) && out.contains(key.targetId))
            out.putLink(link);
    return out;
}

std::string shownLink(const Link* link)
{
    if (!link)
        return "(removed)";
    nlohmann::json j = nlohmann::json::object();
    if (link->share)
        j["share"] = *link->share;
    if (link->contribution)
        j["contribution"] = std::string(toString(*link->contribution));
    return j.dump();
}

// Merges `part` into `all` as planEdits does: one record per item and link, its state before the first part
// and after the last.
void merge(
    Change& all, Change part, std::map<Id, std::size_t>& itemAt, std::map<LinkKey, std::size_t>& linkAt)
{
    for (auto& c : part.items) {
        auto [it, added] = itemAt.emplace(c.id(), all.items.size());
        if (added)
            all.items.push_back(std::move(c));
        else
            all.items[it->second].after = std::move(c.after);
    }
    for (auto& c : part.links) {
        auto [it, added] = linkAt.emplace(c.key(), all.links.size());
        if (added)
            all.links.push_back(std::move(c));
        else
            all.links[it->second].after = std::move(c.after);
    }
}

struct Plan
{
    std::vector<SyncConflict> open;
    std::vector<SyncConflict> seen; // every conflict, settled or not
    Change change;
};

// What a record others added or changed is, as a conflict names it.
std::string described(const DocumentData& data, Id id)
{
    if (const auto* c = data.get<Comment>(id))
        return "a comment by " + c->author + " on " + itemLabel(data, c->itemId) + ": " + quoteText(c->text);
    if (const auto* a = data.get<Acknowledgement>(id))
        return "the acceptance of a finding (" + a->rule + ") about " + itemLabel(data, a->itemId);
    if (const auto* sc = data.get<StatusChange>(id))
        return "the review status " + std::string(toString(sc->status)) + " given to "
            + itemLabel(data, sc->itemId) + " by " + sc->author;
    return itemLabel(data, id);
}

std::string joined(const std::vector<std::string>& parts, const std::string& between)
{
    std::string out;
    for (const auto& p : parts)
        out += (out.empty() ? "" : between) + p;
    return out;
}

// A record removed here that is still on the server, and what removing it there would take with it.
struct Removal
{
    Change goes;
    bool outermost = true; // not among what another such removal takes
};

// The records removed here that the server still has. Each is decided at the outermost one removed here: what
// removing it would take with it on the server is removed, or kept, with it.
std::map<Id, Removal> removalsOf(const DocumentData& base, const DocumentData& mine,
    const DocumentData& theirs, Id nextId, std::set<LinkKey>& decidedLinks)
{
    std::map<Id, Removal> out;
    eachKind([&]<class T>(T) {
        for (const auto& [id, item] : base.all<T>())
            if (!mine.contains(id) && theirs.get<T>(id)) {
                Id unused = nextId;
                out[id].goes = planEdit(theirs, RemoveItem { id }, unused, EditScope::Review);
            }
    });
    // The largest first: a record's removal takes everything in the removals of what it contains.
    std::vector<Id> order;
    for (const auto& [id, r] : out)
        order.push_back(id);
    std::ranges::stable_sort(
        order, std::ranges::greater {}, [&](Id id) { return out[id].goes.items.size(); });
    std::set<Id> taken;
    for (Id id : order) {
        auto& r = out[id];
        if (taken.contains(id)) {
            r.outermost = false;
            continue;
        }
        for (const auto& c : r.goes.items)
            if (c.removed())
                taken.insert(c.id());
        for (const auto& l : r.goes.links)
            if (!l.after)
                decidedLinks.insert(l.key());
    }
    return out;
}

// What others added or changed on the server since the pull among what removing `id` there would take (the
// record itself too); records kept here (moved out of it) are left to their own merge.
std::vector<std::string> changedThere(Id id, const Removal& removal, const DocumentData& base,
    const DocumentData& mine, const DocumentData& theirs, const DocumentData& inScope)
{
    std::vector<std::string> what;
    for (const auto& c : removal.goes.items) {
        const Id i = c.id();
        if (!c.removed() || mine.contains(i))
            continue;
        const auto was = base.item(i);
        if (!was) {
            if (inScope.contains(i))
                what.push_back("added " + described(theirs, i));
        } else if (!(*was == *c.before))
            what.push_back(i == id ? "changed" : "changed " + described(theirs, i));
    }
    for (const auto& l : removal.goes.links) {
        const LinkKey& k = l.key();
        if (l.after || mine.link(k))
            continue;
        const Link* was = base.link(k);
        const std::string label = "the link " + itemLabel(theirs, k.objectiveId) + " \u2192 "
            + itemLabel(theirs, k.targetId) + " " + shownLink(&*l.before);
        if (!was) {
            if (inScope.link(k))
                what.push_back("added " + label);
        } else if (!(*was == *l.before))
            what.push_back("changed " + label);
    }
    return what;
}

// The change that brings what was done to `mine` since `base` onto `theirs`, with conflicts settled by
// `choose`. `inScope` is the part of `theirs` the copy holds (all of it, unless one course was pulled).
Plan planSync(const DocumentData& base, const DocumentData& mine, const DocumentData& theirs,
    const DocumentData& inScope, const std::function<Take(const SyncConflict&)>& choose, Id& nextId)
{
    Plan plan;
    plan.change.description = "Sync edits made offline";
    DocumentData scratch = theirs;
    std::map<Id, std::size_t> itemAt;
    std::map<LinkKey, std::size_t> linkAt;
    auto record = [&](Change part) {
        part.applyTo(scratch);
        merge(plan.change, std::move(part), itemAt, linkAt);
    };
    auto settle = [&](SyncConflict c) {
        const Take take = choose ? choose(c) : Take::Undecided;
        plan.seen.push_back(c);
        if (take == Take::Undecided)
            plan.open.push_back(std::move(c));
        return take;
    };
    auto labelOf = [&](Id id) {
        return itemLabel(mine.contains(id) ? mine : base.contains(id) ? base : theirs, id);
    };

    // Items added here get ids of the server's.
    std::map<Id, Id> remap;
    eachKind([&]<class T>(T) {
        for (const auto& [id, item] : mine.all<T>())
            if (!base.contains(id)) {
                if (nextId > MaxId)
                    throw Error(
                        ErrorCode::InvalidEdit, "The program on the server has used every id it can give.");
                remap[id] = nextId++;
            }
    });
    auto mapId = [&](Id id) {
        auto it = remap.find(id);
        return it == remap.end() ? id : it->second;
    };
    auto mapped = [&]<class T>(T item) {
        item.id = mapId(item.id);
        for (const auto& f : fieldsOf<T>())
            if (f.ref)
                item.*(f.ref) = mapId(item.*(f.ref));
        return item;
    };

    // Records removed here: what others added or changed on the server under one (or in it) is a conflict.
    std::set<LinkKey> decidedLinks; // links that go, or stay, with a record removed here
    const auto removals = removalsOf(base, mine, theirs, nextId, decidedLinks);

    std::vector<Id> removedHere;
    eachKind([&]<class T>(T) {
        std::set<Id> ids;
        for (const auto& [id, item] : base.all<T>())
            ids.insert(id);
        for (const auto& [id, item] : mine.all<T>())
            ids.insert(id);
        for (Id id : ids) {
            const T* b = base.get<T>(id);
            const T* m = mine.get<T>(id);
            if (b && m && *b == *m)
                continue;
            if (!b) { // added here
                const T item = mapped(*m);
                record(Change { {}, { ItemChange { std::nullopt, item } }, {} });
                continue;
            }
            const T* t = theirs.get<T>(id);
            if (!m) { // removed here
                const auto r = removals.find(id);
                if (!t || r == removals.end() || !r->second.outermost)
                    continue; // gone there too, or removed (or kept) with what it is in
                const auto what = changedThere(id, r->second, base, mine, theirs, inScope);
                if (what.empty()
                    || settle({ labelOf(id), std::to_string(id), "", "", "(removed)", joined(what, "; ") })
                        == Take::Mine)
                    removedHere.push_back(id);
                continue;
            }
            if (!t) { // changed here, removed there
                if (settle({ labelOf(id), std::to_string(id), "", "", "changed", "(removed)" }) == Take::Mine)
                    record(Change { {}, { ItemChange { std::nullopt, mapped(*m) } }, {} });
                continue;
            }
            T merged = *t;
            for (const auto& f : fieldsOf<T>()) {
                if (f.role == FieldRole::Id)
                    continue;
                const auto mv = f.get(*m), bv = f.get(*b), tv = f.get(*t);
                if (mv == bv || tv == mv)
                    continue;
                bool takeMine = tv == bv;
                if (!takeMine)
                    takeMine = settle({ labelOf(id), std::to_string(id) + "." + std::string(f.name),
                                   std::string(f.name), bv.dump(), mv.dump(), tv.dump() })
                        == Take::Mine;
                if (takeMine) {
                    auto value = mv;
                    if (f.ref && value.is_number_integer())
                        value = mapId(value.template get<Id>());
                    f.set(merged, value);
                }
            }
            if (!(merged == *t))
                record(Change { {}, { ItemChange { Item(*t), Item(merged) } }, {} });
        }
    });

    // Links, by key (a key naming an item added here names its new id).
    std::set<LinkKey> keys;
    for (const auto& [k, l] : base.links())
        keys.insert(k);
    for (const auto& [k, l] : mine.links())
        keys.insert(k);
    for (const auto& k : keys) {
        const Link* b = base.link(k);
        const Link* m = mine.link(k);
        if (b && m && *b == *m)
            continue;
        LinkKey server { k.kind, mapId(k.objectiveId), mapId(k.targetId) };
        if (decidedLinks.contains(server))
            continue;
        const Link* t = scratch.link(server);
        const std::string label = "the link " + labelOf(k.objectiveId) + " \u2192 " + labelOf(k.targetId);
        const std::string key = "link " + std::to_string(k.objectiveId) + "-" + std::to_string(k.targetId);
        auto want = [&](const Link* l) -> std::optional<Link> {
            if (!l)
                return std::nullopt;
            Link out = *l;
            out.key = server;
            return out;
        };
        const auto theirsNow = t ? std::optional(*t) : std::nullopt;
        const auto mineNow = want(m);
        if (theirsNow == mineNow)
            continue;
        const bool theyKept = (t == nullptr) == (b == nullptr)
            && (!t || (t->share == b->share && t->contribution == b->contribution));
        if (theyKept || settle({ label, key, "", shownLink(b), shownLink(m), shownLink(t) }) == Take::Mine) {
            // A link to something removed meanwhile would point at nothing: leave it.
            if (mineNow && (!scratch.contains(server.objectiveId) || !scratch.contains(server.targetId)))
                continue;
            record(Change { {}, {}, { LinkChange { theirsNow, mineNow } } });
        }
    }

    // Removals last, with what goes with them on the server (found there, as a removal here would).
    for (Id id : removedHere) {
        if (!scratch.contains(id))
            continue;
        Id unused = nextId;
        record(planEdit(scratch, RemoveItem { id }, unused, EditScope::Review));
    }
    std::erase_if(plan.change.items, [](const ItemChange& c) { return !c.before && !c.after; });
    std::erase_if(plan.change.links, [](const LinkChange& c) { return !c.before && !c.after; });
    if (plan.open.empty())
        if (auto p = documentProblem(scratch))
            throw Error(ErrorCode::InvalidEdit,
                "The edits made offline do not fit the program as it is on the server now: " + p.message
                    + ". Nothing was applied.");
    return plan;
}

// The change that makes `now` hold exactly `target` (every record, review records too).
Change planReplace(const DocumentData& now, const DocumentData& target)
{
    Change change;
    change.description = "Sync with the server";
    if (!(now.program() == target.program()))
        change.items.push_back({ now.program(), target.program() });
    eachKind([&]<class T>(T) {
        for (const auto& [id, item] : target.all<T>()) {
            const T* was = now.get<T>(id);
            if (!was)
                change.items.push_back({ std::nullopt, item });
            else if (!(*was == item))
                change.items.push_back({ *was, item });
        }
        for (const auto& [id, item] : now.all<T>())
            if (!target.get<T>(id))
                change.items.push_back({ item, std::nullopt });
    });
    for (const auto& [k, l] : target.links())
        if (const Link* was = now.link(k); !was)
            change.links.push_back({ std::nullopt, l });
        else if (!(*was == l))
            change.links.push_back({ *was, l });
    for (const auto& [k, l] : now.links())
        if (!target.link(k))
            change.links.push_back({ l, std::nullopt });
    return change;
}

// The name of the version a copy keeps as its base: "Pulled from … at revision 12 (time)", one no version of
// the copy has yet (a pull and a sync, or two syncs, may fall in the same second).
std::string baseName(const Document& doc, const std::string& words, Revision revision)
{
    std::set<std::string> taken;
    for (const auto& v : doc.versions())
        taken.insert(v.name);
    const std::string stem = words + " at revision " + std::to_string(revision) + " (" + nowUtc();
    std::string name = stem + ")";
    for (int n = 2; taken.contains(name); ++n)
        name = stem + ", " + std::to_string(n) + ")";
    return name;
}

// What the copy keeps to tell the server which of its states a sync brings back.
std::string newToken()
{
    std::random_device random;
    std::uniform_int_distribution<int> digit(0, 15);
    std::string out;
    for (int i = 0; i < 32; ++i)
        out += "0123456789abcdef"[digit(random)];
    return out;
}

SqliteStore& fileStore(Document& doc)
{
    auto* store = dynamic_cast<SqliteStore*>(&doc.store());
    if (!store)
        throw Error(ErrorCode::InvalidInput, "Only a .coursemap file is synced with a server.");
    return *store;
}

} // namespace

PullResult pull(const std::string& address, const std::string& program, const std::filesystem::path& file,
    const std::string& course)
{
    auto server = Document::openAt(address, program, OpenMode::ReadOnly);
    const auto* pg = dynamic_cast<const PostgresStore*>(&server->store());
    if (!pg)
        throw Error(ErrorCode::InvalidInput,
            "coursemap pull copies a program from a server: give a postgresql:// address.");
    DocumentData data = server->data();
    Id courseId = NoId;
    if (!course.empty()) {
        const auto* c = findCourseByCode(data, course);
        if (!c)
            throw Error(ErrorCode::InvalidInput,
                "There is no course \"" + course + "\" in program " + pg->programCode() + ".");
        courseId = c->id;
        data = subsetOf(data, courseId);
    }
    auto doc = Document::create(file, data);
    const Revision revision = server->revision();
    const auto base
        = doc->saveVersion(baseName(*doc, "Pulled from " + displayAddress(address), revision), {});
    // The copy keeps the address without passwords (one holding a password was refused when it was opened;
    // this keeps out any spelling of one that got by).
    fileStore(*doc).setOrigin(
        { { "origin_address", addressWithoutPasswords(address).value_or(displayAddress(address)) },
            { "origin_program", pg->programCode() }, { "origin_revision", std::to_string(revision) },
            { "origin_base", base.name },
            { "origin_course", courseId == NoId ? std::string() : std::to_string(courseId) },
            { "origin_token", newToken() } });
    std::size_t items = data.all<Course>().size() + data.all<Objective>().size() + data.all<Activity>().size()
        + data.all<Assessment>().size();
    return { revision, items };
}

SyncResult sync(const std::filesystem::path& file, const SyncChoices& choices)
{
    auto local = Document::open(file);
    auto& store = fileStore(*local);
    auto origin = store.origin();
    if (!origin.contains("origin_address") || !origin.contains("origin_base"))
        throw Error(ErrorCode::InvalidInput,
            "\"" + file.filename().string()
                + "\" was not pulled from a server, so there is nothing to sync it with (coursemap push "
                  "publishes it).");
    // The token of the copy's state since its base, kept by the server with the change a sync makes: the same
    // state is never brought back twice. A copy pulled before copies had one gets it now, before anything is
    // sent.
    if (origin["origin_token"].empty()) {
        origin["origin_token"] = newToken();
        store.setOrigin(origin);
    }
    const std::string token = origin["origin_token"];
    const std::string address = origin["origin_address"];
    const DocumentData base = local->version(origin["origin_base"]);
    auto server = Document::openAt(address, origin["origin_program"], OpenMode::ReadWrite);
    auto* pg = dynamic_cast<PostgresStore*>(&server->store());
    if (!pg)
        throw Error(ErrorCode::InvalidInput,
            "\"" + file.filename().string() + "\" names " + displayAddress(address)
                + " as where it came from, which is not a server.");
    if (const auto done = pg->writtenWith(token))
        throw Error(ErrorCode::Conflict,
            "The edits in \"" + file.filename().string() + "\" were already brought back to program "
                + pg->programCode() + " on " + displayAddress(address) + " (revision "
                + std::to_string(done->revision) + ", " + done->createdAt + ", by " + done->author
                + "). Syncing them again would add them a second time, so nothing was applied and the copy "
                  "was left as it is. (This happens with a copy put back from a backup, or when a sync was "
                  "interrupted after the server had kept its edits.) To go on working offline, pull a fresh "
                  "copy (coursemap pull "
                + displayAddress(address) + " NEW.coursemap --program " + pg->programCode()
                + ") and make there any edit made in this copy since.");
    const Id course = origin["origin_course"].empty() ? NoId : std::stoll(origin["origin_course"]);
    const auto scoped = [&](const DocumentData& data) {
        return course == NoId || !data.contains(course) ? data : subsetOf(data, course);
    };
    const auto choose = [&](const SyncConflict& c) {
        const auto it = choices.each.find(c.key);
        return it != choices.each.end() ? it->second : choices.all;
    };

    SyncResult result;
    {
        Id next = server->nextId();
        auto first = planSync(base, local->data(), server->data(), scoped(server->data()), choose, next);
        for (const auto& choice : choices.each) {
            const std::string& key = choice.first; // (clang 14 cannot capture a structured binding)
            if (std::ranges::none_of(first.seen, [&](const SyncConflict& c) { return c.key == key; }))
                result.unknownKeys.push_back(key);
        }
        if (!result.unknownKeys.empty() || !first.open.empty()) {
            result.conflicts = std::move(result.unknownKeys.empty() ? first.open : first.seen);
            result.revision = std::stoll(origin["origin_revision"]);
            return result;
        }
    }
    // Planned again inside the server's write, against the program as it is then; the server refuses the
    // write when it already has a change with this copy's token.
    pg->setNextWriteToken(token);
    const Change applied = server->applyPlan([&](const DocumentData& now, Id& next) {
        auto plan = planSync(base, local->data(), now, scoped(now), choose, next);
        if (!plan.open.empty())
            throw Error(ErrorCode::Conflict,
                "The program changed on the server while syncing, and now has conflicts with your edits; "
                "nothing was applied. Run coursemap sync again to see them.");
        return plan.change;
    });
    result.applied = applied.items.size() + applied.links.size();
    // The copy holds the server's state again; it is the base of the next sync, with a token of its own.
    const Change catchUp = planReplace(local->data(), scoped(server->data()));
    if (!catchUp.empty())
        local->apply(catchUp);
    result.revision = server->revision();
    const auto newBase
        = local->saveVersion(baseName(*local, "Synced with " + displayAddress(address), result.revision), {});
    origin["origin_revision"] = std::to_string(result.revision);
    origin["origin_base"] = newBase.name;
    origin["origin_token"] = newToken();
    store.setOrigin(origin);
    return result;
}

} // namespace coursemap
