// Where a document lives. The Document and everything above it talk to this interface only, never to
// SQL, so another store (a school's shared server) can be added without touching rules or widgets.
#pragma once

#include "coursemap/edit/Change.h"

#include <filesystem>

namespace coursemap {

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
    virtual bool readOnly() const = 0;
};

} // namespace coursemap
