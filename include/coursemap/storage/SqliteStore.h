// A course map in one SQLite file (.coursemap), kept the way SQLite advises for an application file
// format: our application_id, a versioned schema with migrations, a rollback journal with full sync,
// defensive settings for files from elsewhere, and every write in a BEGIN IMMEDIATE transaction.
#pragma once

#include "coursemap/storage/Store.h"

#include <memory>

namespace coursemap {

enum class OpenMode
{
    ReadWrite,
    ReadOnly
};

class SqliteStore final : public Store
{
public:
    // 'CMAP': marks the file as ours in the SQLite header.
    static constexpr int ApplicationId = 0x434D4150;

    // Opens an existing file. Checks it is ours, undamaged and not from a newer version before anything
    // else; a file that fails any check is left byte-for-byte as it was.
    static std::unique_ptr<SqliteStore> open(const std::filesystem::path& path, OpenMode mode);
    // Creates a new file holding `data`, written completely beside `path` and then moved into place,
    // so a failure leaves no half-written map. Refuses to replace an existing file.
    static std::unique_ptr<SqliteStore> create(
        const std::filesystem::path& path, const DocumentData& data, Id nextId);

    ~SqliteStore() override;

    Loaded load() override;
    void write(const Change& change, Id nextId) override;
    void saveAs(const std::filesystem::path& path) override;
    std::filesystem::path path() const override;
    std::vector<VersionInfo> versions() override;
    std::optional<std::string> versionContent(const std::string& name) override;
    void saveVersion(const VersionInfo& info, const std::string& content) override;
    bool readOnly() const override;

    // The schema version this build writes.
    static int currentVersion();

private:
    struct Impl;
    explicit SqliteStore(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

} // namespace coursemap
