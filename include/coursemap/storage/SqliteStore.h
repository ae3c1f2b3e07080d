// A course map in one SQLite file (.coursemap), kept the way SQLite advises for an application file
// format: our application_id, a versioned schema with migrations, a rollback journal with extra sync,
// defensive settings for files from elsewhere, and every write in a BEGIN IMMEDIATE transaction that checks
// the revision contract (Store.h). A read-only open never writes: not even a hot journal is played back.
#pragma once

#include "coursemap/storage/Store.h"

#include <chrono>
#include <memory>

namespace coursemap {

enum class OpenMode
{
    ReadWrite,
    ReadOnly
};

// The one path of a map however it is named: the file a symbolic link or `sub/../` leads to (fs::canonical),
// or, for a file not made yet, its folder's real path and its name. SQLite, the journal and -wal beside the
// map, and its lock mark all go by it, so that a link and the file are the same map.
std::filesystem::path realMapPath(const std::filesystem::path& path);

class SqliteStore final : public Store
{
public:
    // How long a read or write waits for another program's commit before it is refused as busy: short for the
    // studio, which must not freeze; a script can afford to wait longer (the CLI waits 20 s).
    static constexpr std::chrono::milliseconds DefaultBusyWait { 2000 };
    // 'CMAP': marks the file as ours in the SQLite header.
    static constexpr int ApplicationId = 0x434D4150;

    // Opens an existing file. Checks it is ours, undamaged and not from a newer version before anything
    // else; a file that fails any check is left byte-for-byte as it was. For editing, a file holding objects
    // the format does not define is refused (Error ForeignSchema); read-only, it is read. Read-only, a map
    // whose last change was interrupted is refused (Error Interrupted) rather than rolled back.
    static std::unique_ptr<SqliteStore> open(const std::filesystem::path& path, OpenMode mode,
        std::chrono::milliseconds busyWait = DefaultBusyWait);
    // Creates a new file holding `data`, written completely beside `path` and then moved into place,
    // so a failure leaves no half-written map. Refuses to replace an existing file.
    static std::unique_ptr<SqliteStore> create(
        const std::filesystem::path& path, const DocumentData& data, Id nextId);

    ~SqliteStore() override;

    Loaded load() override;
    Revision revision() override;
    StoredChanges changesSince(Revision since) override;
    Revision write(Revision since, const Planner& plan, const WriterInfo& writer) override;
    void saveAs(const std::filesystem::path& path) override;
    std::filesystem::path path() const override;
    std::vector<VersionInfo> versions() override;
    std::optional<std::string> versionContent(const std::string& name) override;
    bool readOnly() const override;
    // What opening did that a user should hear of (a foreign journal set aside or ignored).
    std::vector<std::string> notes() const;

    // The schema version this build writes.
    static int currentVersion();

private:
    struct Impl;
    explicit SqliteStore(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

} // namespace coursemap
