// A program kept on a school's PostgreSQL server, edited by many studios and scripts at once. The same
// revision contract as a file (Store.h): every write locks the program's revision row, reads what others
// changed since, plans again, takes ids from the server and writes each record only where it still holds the
// revision the writer saw — one transaction per change. Who may change what is the server's to enforce
// (row-level security and triggers, docs/server.md); a refusal names the user's role. Other clients hear of
// each commit through LISTEN/NOTIFY.
//
// Addresses are libpq connection URIs (postgresql://host/db, postgresql:///db over the local socket).
// Passwords come from libpq's usual places (~/.pgpass, PGPASSWORD, a service file), never from the address:
// an address holding one is refused, and no address is ever shown with one.
#pragma once

#include "coursemap/storage/SqliteStore.h"
#include "coursemap/storage/Store.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace coursemap {

// Whether `address` names a server (a postgresql:// or postgres:// URI) rather than a file.
bool isServerAddress(const std::string& address);
// As it may be shown: addressWithoutPasswords (ServerAddress.h), or the host of one libpq cannot read.
std::string displayAddress(const std::string& address);

struct ServerProgram
{
    std::string code;
    std::string name;
    Revision revision = 0;
    std::string
        role; // the connected user's role in it: administrator, course-director, reviewer, reader, owner
};

enum class ServerRole
{
    Administrator,
    CourseDirector,
    Reviewer,
    Reader,
};

class PostgresStore final : public Store
{
public:
    // Opens program `code` (empty: the only program the user may see). Throws Error.
    static std::unique_ptr<PostgresStore> open(
        const std::string& address, const std::string& code, OpenMode mode);

    // The programs the connected user may see, by code.
    static std::vector<ServerProgram> programs(const std::string& address);

    // Creates the schema, its triggers and policies and the coursemap_user role, or upgrades them (each
    // migration in one transaction). Needs the rights of the database's owner. Returns the schema version.
    static int initialize(const std::string& address);
    // Gives USER a role in program `code` (for a course director, on `course`, by course code); creates the
    // database role USER (able to log in, no password) when there is none.
    static void grant(const std::string& address, const std::string& code, const std::string& user,
        ServerRole role, const std::string& course = {});
    static void revoke(const std::string& address, const std::string& code, const std::string& user,
        ServerRole role, const std::string& course = {});

    // Publishes `data` (and its named versions) as program `code`, all or nothing. Refuses when the program
    // exists, unless `replace`. Needs the server administrator's rights.
    struct Published
    {
        Revision revision = 0;
    };
    static Published publish(const std::string& address, const std::string& code, const DocumentData& data,
        Id nextId, const std::vector<std::pair<VersionInfo, std::string>>& versions, bool replace);

    ~PostgresStore() override;

    Loaded load() override;
    Revision revision() override;
    StoredChanges changesSince(Revision since) override;
    Revision write(Revision since, const Planner& plan, const WriterInfo& writer) override;
    void saveAs(const std::filesystem::path& path) override;
    std::filesystem::path path() const override;
    std::vector<VersionInfo> versions() override;
    std::optional<std::string> versionContent(const std::string& name) override;
    bool readOnly() const override;
    int notificationSocket() const override;
    bool takeNotifications() override;
    std::vector<std::string> presence() override;

    // Marks the next write as one that must never be made twice (a sync of a laptop copy, its token kept in
    // the copy): inside that write's transaction the server refuses it (Error Conflict) when a change with
    // this token was already written, and the change's log entry is kept for good so that it can always tell.
    void setNextWriteToken(std::string token);
    // When the last write failed because the connection broke while the change was being committed and the
    // server could not be asked afterwards whether it kept it (Error Io): the token that change went with,
    // once.
    std::optional<std::string> takeDoubtfulToken();
    // Marks the next write as that same change written again (a change kept until the server answers): it is
    // written under the program's lock only if the server did not keep it; if it did, the write absorbs what
    // the server has, the change included, and writes nothing.
    void retryWith(std::string doubtfulToken);
    // The change written with `token` (see setNextWriteToken), when the server has one.
    struct WrittenChange
    {
        Revision revision = 0;
        std::string author;
        std::string createdAt;
    };
    std::optional<WrittenChange> writtenWith(const std::string& token);

    const std::string& address() const;
    const std::string& programCode() const;
    // The connected database user and their roles in this program ("course-director of CARD 210").
    std::string userDescription() const;

private:
    struct Impl;
    explicit PostgresStore(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

} // namespace coursemap
