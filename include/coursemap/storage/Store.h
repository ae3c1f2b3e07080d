// Where a document lives. The Document and everything above it talk to this interface only, never to
// SQL, so another store (a school's shared server) can be added without touching rules or widgets.
#pragma once

#include "coursemap/edit/Change.h"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace coursemap {

// A named version of the whole map kept inside its file ("Approved 2026-27").
struct VersionInfo
{
    std::string name;
    std::string author;
    std::string createdAt; // ISO 8601 UTC
};

class Store
{
public:
    virtual ~Store() = default;

    struct Loaded
    {
        DocumentData data;
        Id nextId = 1; // the next id never used in this document
    };
    virtual Loaded load() = 0;
    // Writes the change durably in one transaction: when this returns, the change survives a power cut.
    // Throws Error and leaves the file as it was when it cannot.
    virtual void write(const Change& change, Id nextId) = 0;
    // Writes a consistent copy of the document to `path` and continues with that file.
    virtual void saveAs(const std::filesystem::path& path) = 0;
    virtual std::filesystem::path path() const = 0;

    // Named versions, oldest first. A version's content is the map in the JSON interchange format.
    virtual std::vector<VersionInfo> versions() = 0;
    virtual std::optional<std::string> versionContent(const std::string& name) = 0;
    // Keeps a version durably; throws Error(AlreadyExists) when the name is taken.
    virtual void saveVersion(const VersionInfo& info, const std::string& content) = 0;
    virtual bool readOnly() const = 0;
};

} // namespace coursemap
