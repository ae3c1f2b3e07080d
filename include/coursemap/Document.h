// One open course map: its data in memory, the store it lives in, and the people listening to it.
// Every change goes through apply(): planned against the data, written durably, then applied in memory
// and announced. Undo is applying a Change's inverse.
#pragma once

#include "coursemap/edit/Change.h"
#include "coursemap/edit/Edit.h"
#include "coursemap/storage/SqliteStore.h"

#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace coursemap {

class Document
{
public:
    // Opens a .coursemap file; throws Error (not ours, damaged, newer, ...) and leaves the file as it was.
    static std::unique_ptr<Document> open(
        const std::filesystem::path& path, OpenMode mode = OpenMode::ReadWrite);
    // Creates a new course map holding only a program with this name.
    static std::unique_ptr<Document> create(const std::filesystem::path& path, const Program& program);
    // Creates a new course map holding `data` (an import), all at once or not at all.
    static std::unique_ptr<Document> create(const std::filesystem::path& path, const DocumentData& data);
    // A document over any store (tests, other back ends).
    explicit Document(std::unique_ptr<Store> store);

    const DocumentData& data() const { return data_; }
    std::filesystem::path path() const { return store_->path(); }
    bool readOnly() const { return store_->readOnly(); }
    Id nextId() const { return nextId_; }

    // Plans, writes and applies an edit; returns what it changed (empty when it changed nothing).
    // Throws Error and leaves document and file unchanged when the edit is invalid or cannot be written.
    Change apply(const Edit& edit);
    // Applies a Change planned earlier, typically an inverse for undo or the original again for redo.
    // Refuses (InvalidEdit) when the document no longer holds the Change's `before` states.
    void apply(const Change& change);

    void saveAs(const std::filesystem::path& path);

    // Named versions of the whole map, kept in its file, oldest first.
    std::vector<VersionInfo> versions() const;
    // Keeps the map as it is now under `name` (not empty, not "now", not taken); an empty author is read as
    // the login name. Throws Error and keeps nothing when it cannot.
    VersionInfo saveVersion(const std::string& name, std::string author);
    // The map as version `name` held it, read and checked like an imported file. Throws Error(InvalidInput)
    // when there is no such version (the message lists the names).
    DocumentData version(const std::string& name) const;

    // Told after each change is saved. A listener that throws is logged; the edit stands.
    using Listener = std::function<void(const Change&)>;
    int subscribe(Listener listener);
    void unsubscribe(int token);

private:
    void commit(const Change& change, Id nextId);

    std::unique_ptr<Store> store_;
    DocumentData data_;
    Id nextId_ = 1;
    std::map<int, Listener> listeners_;
    int nextToken_ = 1;
};

} // namespace coursemap
