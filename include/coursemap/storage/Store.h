// Where a document lives. The Document and everything above it talk to this interface only, never to
// SQL, so another store (a school's shared server) can be added without touching rules or widgets.
//
// The revision contract. A store is shared: other programs write it too, and a reader's copy is a cache.
// Every commit bumps the store's revision and stamps each record it writes with that revision. A write is
// one transaction that first reads what others changed since the writer last read (changesSince), lets the
// writer plan its edit against that (allocating ids from the store, never from a stale counter), and then
// writes each record only where it still holds the revision the writer saw (an update or delete that finds
// another revision fails, and nothing is written).
#pragma once

#include "coursemap/edit/Change.h"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace coursemap {

using Revision = std::int64_t;

// A named version of the whole map kept inside its file ("Approved 2026-27").
struct VersionInfo
{
    std::string name;
    std::string author;
    std::string createdAt; // ISO 8601 UTC
};

// Who made a revision, for messages such as "changed by amara (coursemap apply) at 10:02".
struct WriterInfo
{
    std::string author; // the login name, or the reviewer's name
    std::string program; // "Coursemap Studio", "coursemap apply"
    std::string description; // the change, as its undo entry says it
    std::string createdAt; // ISO 8601 UTC
};

// The records that changed in a store since a revision, as the store holds them now.
struct StoredChanges
{
    Revision revision = 0; // the store's revision now
    Id nextId = 1; // the next id never used in the store
    struct ItemState
    {
        Id id = NoId;
        std::optional<Item> now; // empty: removed
        Revision revision = 0; // the revision that last wrote (or removed) it
    };
    struct LinkState
    {
        LinkKey key;
        std::optional<Link> now;
        Revision revision = 0;
    };
    std::vector<ItemState> items;
    std::vector<LinkState> links;
    std::map<Revision, WriterInfo> writers; // who made the revisions since (as far as the store remembers)

    bool empty() const { return items.empty() && links.empty(); }
};

// What one write keeps: a Change, and optionally a named version of the map (as it is before the Change).
struct Commit
{
    Change change;
    std::optional<VersionInfo> version;
    std::string versionContent; // the map in the JSON interchange format
};

class Store
{
public:
    virtual ~Store() = default;

    struct Loaded
    {
        DocumentData data;
        Id nextId = 1; // the next id never used in this document
        Revision revision = 0;
    };
    virtual Loaded load() = 0;

    // The store's revision now (cheap: for noticing that another program wrote).
    virtual Revision revision() = 0;
    // The records changed since `since`. Throws Error.
    virtual StoredChanges changesSince(Revision since) = 0;

    // Called inside the write transaction with what changed since the writer's revision (empty when nothing
    // did); returns what to write, or nullopt to write nothing. May throw to refuse: nothing is written.
    using Planner = std::function<std::optional<Commit>(const StoredChanges& since)>;
    // One durable write transaction: when this returns, the commit survives a power cut. Returns the new
    // revision (the old one when nothing was written). Throws Error and leaves the store as it was when it
    // cannot write; Error(Conflict) when a record is not at the revision the writer saw.
    virtual Revision write(Revision since, const Planner& plan, const WriterInfo& writer) = 0;

    // Writes a consistent copy of the document to `path` and continues with that file.
    virtual void saveAs(const std::filesystem::path& path) = 0;
    virtual std::filesystem::path path() const = 0;

    // Named versions, oldest first. A version's content is the map in the JSON interchange format.
    virtual std::vector<VersionInfo> versions() = 0;
    virtual std::optional<std::string> versionContent(const std::string& name) = 0;
    virtual bool readOnly() const = 0;

    // A store that others write tells of their commits: a socket to watch (-1: none; poll revision()), and
    // whether a notice came since last asked (reading it off the socket).
    virtual int notificationSocket() const { return -1; }
    virtual bool takeNotifications() { return false; }
    // Who else has the map open, as far as the store can tell ("okafor", "raman (2)").
    virtual std::vector<std::string> presence() { return {}; }
};

} // namespace coursemap
