// One open course map: its data in memory, the store it lives in, and the people listening to it.
// Every change goes through apply(): planned inside the store's write transaction against the map as the
// store holds it then (other programs may have written since this one read), written durably, then applied
// in memory and announced. Undo is applying a Change's inverse, refused when someone has changed its records.
#pragma once

#include "coursemap/edit/Change.h"
#include "coursemap/edit/Edit.h"
#include "coursemap/edit/EditPlanner.h"
#include "coursemap/storage/SqliteStore.h"

#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

namespace coursemap {

// Where a change announced to listeners came from: this Document, or other programs writing the same map.
struct ChangeSource
{
    bool external = false;
    std::vector<WriterInfo> writers; // for an external change: who made it, as far as the store remembers
};

class Document
{
public:
    // Opens a .coursemap file; throws Error (not ours, damaged, newer, ...) and leaves the file as it was.
    static std::unique_ptr<Document> open(const std::filesystem::path& path,
        OpenMode mode = OpenMode::ReadWrite,
        std::chrono::milliseconds busyWait = SqliteStore::DefaultBusyWait);
    // Creates a new course map holding only a program with this name.
    static std::unique_ptr<Document> create(const std::filesystem::path& path, const Program& program);
    // Creates a new course map holding `data` (an import), all at once or not at all.
    static std::unique_ptr<Document> create(const std::filesystem::path& path, const DocumentData& data);
    // A document over any store (tests, other back ends).
    explicit Document(std::unique_ptr<Store> store);

    const DocumentData& data() const { return data_; }
    std::filesystem::path path() const { return store_->path(); }
    bool readOnly() const { return store_->readOnly(); }
    // The next id as this Document last read it; planners get the store's own inside the write.
    Id nextId() const { return nextId_; }
    // The store's revision this Document's data reflects.
    Revision revision() const { return revision_; }

    // Who writes through this Document, recorded with each change and named in others' messages.
    // By default the login name and "coursemap".
    void setWriter(std::string author, std::string program);

    // Plans, writes and applies an edit; returns what it changed (empty when it changed nothing). When other
    // programs changed the map since this Document read it, the edit is planned again against the map as it
    // is now, and refused when it no longer applies (its item removed, or the same field changed by someone
    // else). Throws Error and leaves the file unchanged when the edit is refused or cannot be written.
    Change apply(const Edit& edit);
    // The same for a core planner (an import, a status change, adopting a framework): `plan` is called inside
    // the write transaction with the current data and the store's next id, which it advances past any id it
    // allocates.
    Change applyPlan(const Planner& plan);
    // Applies a Change planned earlier: an undo (its inverse) or a redo. Refuses (Error Conflict) when the
    // records it touches are no longer as it expects, naming what changed and who changed it.
    void apply(const Change& change);
    // Keeps the map as it is now as a version "Before restoring NAME (time)" and makes it hold version `name`
    // again, in one transaction. Returns the restoring Change (empty, and nothing kept, when the map already
    // holds the version).
    Change restoreVersion(const std::string& name, std::string author);

    // Reads what other programs changed since this Document last read, applies it in memory and tells the
    // listeners. Returns the change (empty when nothing changed). Cheap when nothing did.
    Change refresh();

    void saveAs(const std::filesystem::path& path);
    // What opening the file did that a user should hear of (a journal left by another file set aside).
    std::vector<std::string> notes() const;

    // Named versions of the whole map, kept in its file, oldest first.
    std::vector<VersionInfo> versions() const;
    // Keeps the map as it is now under `name` (not empty, not "now", not taken); an empty author is read as
    // the login name. Throws Error and keeps nothing when it cannot.
    VersionInfo saveVersion(const std::string& name, std::string author);
    // The map as version `name` held it, read and checked like an imported file. Throws Error(InvalidInput)
    // when there is no such version (the message lists the names).
    DocumentData version(const std::string& name) const;

    // Told after each change is saved, or read from the store when another program made it. A listener that
    // throws is logged; the change stands.
    using Listener = std::function<void(const Change&, const ChangeSource&)>;
    int subscribe(Listener listener);
    void unsubscribe(int token);

private:
    // One write: absorbs what others changed, asks `body` for the commit, writes it, applies it.
    Change write(const std::function<std::optional<Commit>(const Change& external)>& body);
    // Remembers the fields and links others changed that were read inside a write: the caller has not seen
    // them, so an edit of the same field or link is refused until it is told (refresh(), or that refusal).
    void noteUnseen(const Change& external);
    // Turns what the store says changed into a Change against data_, and applies it.
    Change absorb(const StoredChanges& stored);
    void announce(const Change& change, const ChangeSource& source);
    VersionInfo versionInfo(const std::string& name, std::string author) const;
    // "amara (coursemap apply) at 2026-12-03T10:02:11Z", or "another program" when the store forgot.
    std::string whoChanged(Id id) const;
    std::string whoChanged(const LinkKey& key) const;

    std::unique_ptr<Store> store_;
    DocumentData data_;
    Id nextId_ = 1;
    Revision revision_ = 0;
    WriterInfo writer_;
    std::map<Revision, WriterInfo> recentWriters_; // of revisions absorbed lately, for messages
    std::map<Id, Revision> changedBy_; // the revision of each record another program changed
    std::map<LinkKey, Revision> linkChangedBy_;
    std::map<Id, std::set<std::string>> unseenFields_; // changed by others, read inside a write, not yet told
    std::set<LinkKey> unseenLinks_;
    std::map<int, Listener> listeners_;
    int nextToken_ = 1;
};

// A few words saying what a change from elsewhere did, for messages: "removed course CARD 200 (with 31 items
// in it)", "changed the text of objective 203 “Interpret…”". Named from the change itself.
std::string summarizeChange(const Change& change, std::size_t maxParts = 3);

} // namespace coursemap
