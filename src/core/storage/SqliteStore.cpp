#include "coursemap/storage/SqliteStore.h"

#include "Journal.h"
#include "Schema.h"
#include "coursemap/Error.h"
#include "coursemap/analysis/Acceptance.h"
#include "coursemap/model/Fields.h"
#include "coursemap/model/Validation.h"

#include <SQLiteCpp/Backup.h>
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>
#include <spdlog/spdlog.h>
#include <sqlite3.h>

#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <map>
#include <random>
#include <set>
#include <sstream>
#include <unistd.h>
#include <unordered_map>
#include <unordered_set>

namespace coursemap {

using nlohmann::json;
namespace fs = std::filesystem;

namespace {

constexpr int MaxRowBytes = 16 * 1024 * 1024;
constexpr std::size_t VersionPartBytes = 1024 * 1024;
constexpr std::size_t MaxVersionBytes = 256 * 1024 * 1024;
// The revision log keeps who made the latest revisions, for messages; older entries are dropped.
constexpr Revision LogKept = 1000;

std::string quoted(const fs::path& path)
{
    return "\"" + path.filename().string() + "\"";
}

Error interrupted(const fs::path& path)
{
    return Error(ErrorCode::Interrupted,
        "The last change to " + quoted(path) + " was interrupted before it finished ("
            + quoted(journal::journalPath(path))
            + " beside it holds what that change overwrote). A read-only command leaves the map as it is, so "
              "open it for editing once, in the studio or with `coursemap recover "
            + path.string()
            + "`, to roll the unfinished change back; every change saved before it is kept. Do not delete "
              "the journal file.",
        path.string() + ": hot journal");
}

Error translate(const SQLite::Exception& e, const fs::path& path)
{
    // Read-only, a change another program left unfinished (killed mid-commit) is refused, never rolled back.
    if (e.getExtendedErrorCode() == SQLITE_READONLY_ROLLBACK)
        return interrupted(path);
    const std::string detail = path.string() + ": " + e.what();
    switch (e.getErrorCode() & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        return Error(ErrorCode::Busy,
            "Another program is changing " + quoted(path) + " right now. Try again in a moment.", detail);
    case SQLITE_READONLY:
    case SQLITE_PERM:
        return Error(ErrorCode::ReadOnly,
            quoted(path)
                + " cannot be changed: the file or its folder is read-only. "
                  "Use Save As to keep your work somewhere else.",
            detail);
    case SQLITE_FULL:
        return Error(ErrorCode::DiskFull,
            "The disk is full, so the change could not be saved to " + quoted(path)
                + ". Free some space, or use Save As to save somewhere else.",
            detail);
    case SQLITE_CORRUPT:
    case SQLITE_TOOBIG:
        return Error(ErrorCode::Corrupt,
            quoted(path) + " is damaged and cannot be opened safely. Open a backup copy instead.", detail);
    case SQLITE_NOTADB:
        return Error(
            ErrorCode::NotCoursemap, quoted(path) + " is not a Coursemap Studio course map.", detail);
    default:
        return Error(ErrorCode::Io, "Coursemap Studio could not read or write " + quoted(path) + ".", detail);
    }
}

Error damaged(const fs::path& path, const std::string& what)
{
    return Error(ErrorCode::Corrupt,
        quoted(path) + " is damaged and cannot be opened safely (" + what + "). Open a backup copy instead.",
        path.string() + ": " + what);
}

// Reads the 100-byte SQLite header with plain file I/O, so that a file that is not ours is recognised
// without SQLite ever opening it for writing.
struct Header
{
    bool sqlite = false;
    bool wal = false;
    std::uint32_t applicationId = 0;
    std::uint32_t userVersion = 0;
};

Header readHeader(const fs::path& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw Error(ErrorCode::Io, "Coursemap Studio could not read " + quoted(path) + ".", path.string());
    std::array<unsigned char, 100> bytes {};
    in.read(reinterpret_cast<char*>(bytes.data()), bytes.size());
    Header h;
    if (in.gcount() != static_cast<std::streamsize>(bytes.size()))
        return h;
    static constexpr std::string_view magic { "SQLite format 3\0", 16 };
    h.sqlite = std::equal(magic.begin(), magic.end(), bytes.begin());
    auto be32 = [&](std::size_t at) {
        return std::uint32_t(bytes[at]) << 24 | std::uint32_t(bytes[at + 1]) << 16
            | std::uint32_t(bytes[at + 2]) << 8 | std::uint32_t(bytes[at + 3]);
    };
    h.wal = bytes[18] == 2 || bytes[19] == 2;
    h.userVersion = be32(60);
    h.applicationId = be32(68);
    return h;
}

// Settings for a file that may come from anywhere: no triggers or views run, no SQL functions from
// the schema, no memory-mapped reads of a corrupt file, cell checks on every page read.
void harden(SQLite::Database& db)
{
    sqlite3* h = db.getHandle();
    sqlite3_db_config(h, SQLITE_DBCONFIG_DEFENSIVE, 1, nullptr);
    sqlite3_db_config(h, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, nullptr);
    sqlite3_db_config(h, SQLITE_DBCONFIG_ENABLE_TRIGGER, 0, nullptr);
    sqlite3_db_config(h, SQLITE_DBCONFIG_ENABLE_VIEW, 0, nullptr);
    sqlite3_limit(h, SQLITE_LIMIT_LENGTH, MaxRowBytes);
    sqlite3_limit(h, SQLITE_LIMIT_SQL_LENGTH, 1'000'000);
    sqlite3_limit(h, SQLITE_LIMIT_COLUMN, 100);
    sqlite3_limit(h, SQLITE_LIMIT_EXPR_DEPTH, 100);
    sqlite3_limit(h, SQLITE_LIMIT_ATTACHED, 0);
    sqlite3_limit(h, SQLITE_LIMIT_TRIGGER_DEPTH, 1);
    db.exec("PRAGMA trusted_schema = OFF");
    db.exec("PRAGMA cell_size_check = ON");
    db.exec("PRAGMA mmap_size = 0");
}

// Durable commits: a rollback journal (no side files that must travel with the document), a full fsync at
// every commit, and (EXTRA) the folder synced once the journal is deleted, so a commit that returned survives
// a power cut (with FULL, the journal's deletion may not be on disk, and the next open plays it back).
void makeDurable(SQLite::Database& db)
{
    db.exec("PRAGMA journal_mode = DELETE");
    db.exec("PRAGMA synchronous = EXTRA");
}

void syncDirectory(const fs::path& dir)
{
    const int fd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY);
    if (fd >= 0) {
        ::fsync(fd);
        ::close(fd);
    }
}

fs::path siblingTempPath(const fs::path& path)
{
    std::random_device rd;
    return path.parent_path()
        / ("." + path.filename().string() + ".tmp-" + std::to_string(::getpid()) + "-"
            + std::to_string(rd()));
}

void removeTemp(const fs::path& temp)
{
    std::error_code ignored;
    fs::remove(temp, ignored);
    fs::remove(fs::path(temp.string() + "-journal"), ignored);
}

std::string tableOf(ItemKind kind)
{
    return std::string(toString(kind));
}

template <class T> std::string columnList()
{
    std::string out;
    for (const auto& f : fieldsOf<T>())
        out += (out.empty() ? "" : ", ") + std::string(f.name);
    return out;
}

void bindValue(SQLite::Statement& stmt, int index, ValueType type, const json& value)
{
    if (value.is_null())
        stmt.bind(index);
    else if (type == ValueType::Integer)
        stmt.bind(index, value.get<std::int64_t>());
    else if (type == ValueType::Boolean)
        stmt.bind(index, value.get<bool>() ? 1 : 0);
    else if (type == ValueType::Real)
        stmt.bind(index, value.get<double>());
    else
        stmt.bind(index, value.get_ref<const std::string&>());
}

// A column as the JSON value its field accepts; nullopt when the stored type is wrong.
std::optional<json> columnValue(const SQLite::Column& col, ValueType type)
{
    if (col.isNull())
        return json(nullptr);
    switch (type) {
    case ValueType::Integer:
        if (col.isInteger())
            return json(col.getInt64());
        break;
    case ValueType::Boolean:
        if (col.isInteger() && (col.getInt64() == 0 || col.getInt64() == 1))
            return json(col.getInt64() == 1);
        break;
    case ValueType::Real:
        if (col.isFloat() || col.isInteger())
            return json(col.getDouble());
        break;
    case ValueType::Text:
    case ValueType::Enum:
        if (col.isText())
            return json(col.getString());
        break;
    }
    return std::nullopt;
}

using SchemaRows = std::set<std::tuple<std::string, std::string, std::string, std::string>>;

SchemaRows schemaRows(SQLite::Database& db)
{
    SchemaRows out;
    SQLite::Statement q(db, "SELECT type, name, tbl_name, coalesce(sql, '') FROM sqlite_schema");
    while (q.executeStep())
        out.emplace(q.getColumn(0).getString(), q.getColumn(1).getString(), q.getColumn(2).getString(),
            q.getColumn(3).getString());
    return out;
}

// The schema a map of format `version` has, as SQLite stores it: what the migrations make, nothing else.
const SchemaRows& schemaOf(int version)
{
    static const auto all = [] {
        std::map<int, SchemaRows> out;
        SQLite::Database db(":memory:", SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
        for (const auto& m : schema::migrations()) {
            db.exec(std::string(m.sql));
            out[m.version] = schemaRows(db);
        }
        return out;
    }();
    static const SchemaRows none;
    auto it = all.find(version);
    return it == all.end() ? none : it->second;
}

// The objects in the file that format `version` does not define ("index "evil" on comment"), or nothing.
std::vector<std::string> foreignObjects(SQLite::Database& db, int version)
{
    const auto& expected = schemaOf(version);
    std::vector<std::string> out;
    SQLite::Statement q(db, "SELECT type, name, tbl_name, coalesce(sql, '') FROM sqlite_schema");
    while (q.executeStep()) {
        auto row = std::make_tuple(q.getColumn(0).getString(), q.getColumn(1).getString(),
            q.getColumn(2).getString(), q.getColumn(3).getString());
        if (expected.contains(row))
            continue;
        const auto& [type, name, table, sql] = row;
        bool known = false;
        for (const auto& e : expected)
            known = known || (std::get<0>(e) == type && std::get<1>(e) == name);
        out.push_back((known ? "a changed " : "") + type + " \"" + name + "\""
            + (type == "table" || table == name ? "" : " on " + table));
    }
    return out;
}

// Statuses set before format 4 without a review record (the field could then be edited directly) get one now,
// so that every status is the last entry of its item's history.
void recordUnrecordedStatuses(SQLite::Database& db, const fs::path& path)
{
    Id next = 1;
    {
        SQLite::Statement q(db,
            "SELECT max(coalesce((SELECT value FROM meta WHERE key = 'next_id'), 1), "
            "(SELECT coalesce(max(id), 0) + 1 FROM (SELECT id FROM program UNION ALL SELECT id FROM "
            "framework "
            "UNION ALL SELECT id FROM competency UNION ALL SELECT id FROM course UNION ALL SELECT id FROM "
            "objective UNION ALL SELECT id FROM activity UNION ALL SELECT id FROM assessment UNION ALL "
            "SELECT "
            "id FROM comment UNION ALL SELECT id FROM acknowledgement UNION ALL SELECT id FROM "
            "status_change)))");
        if (q.executeStep() && q.getColumn(0).isInteger())
            next = q.getColumn(0).getInt64();
    }
    SQLite::Statement missing(db,
        "SELECT i.id, i.status FROM (SELECT id, status FROM course UNION ALL SELECT id, status FROM "
        "objective "
        "UNION ALL SELECT id, status FROM activity UNION ALL SELECT id, status FROM assessment) AS i "
        "WHERE i.status IS NOT coalesce((SELECT s.status FROM status_change AS s WHERE s.item_id = i.id "
        "ORDER BY s.id DESC LIMIT 1), 'draft') ORDER BY i.id");
    std::vector<std::pair<Id, std::string>> rows;
    while (missing.executeStep())
        if (missing.getColumn(0).isInteger() && missing.getColumn(1).isText())
            rows.emplace_back(missing.getColumn(0).getInt64(), missing.getColumn(1).getString());
    SQLite::Statement insert(db,
        "INSERT INTO status_change (id, item_id, status, author, created_at, justification) "
        "VALUES (?, ?, ?, 'Coursemap Studio', ?, 'Recorded when the map was upgraded to file format 4: the "
        "status had been set without a review record.')");
    const std::string now = nowUtc();
    for (const auto& [id, status] : rows) {
        // Checked before the id is taken: the file's next id may be anything, up to the largest integer.
        if (next < 1 || next > MaxId)
            throw damaged(path, "its next id " + std::to_string(next) + " leaves no id for a review record");
        insert.reset();
        insert.bind(1, next);
        ++next;
        insert.bind(2, id);
        insert.bind(3, status);
        insert.bind(4, now);
        insert.exec();
    }
    SQLite::Statement setNext(db, "UPDATE meta SET value = ? WHERE key = 'next_id'");
    setNext.bind(1, next);
    setNext.exec();
}

// An empty file (an empty SQLite database) made new: no file or link planted at the name is followed.
void createExclusively(const fs::path& temp)
{
    const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
    if (fd < 0)
        throw Error(ErrorCode::Io,
            "Coursemap Studio could not create a file in " + quoted(temp.parent_path()) + ".",
            temp.string() + ": " + std::strerror(errno));
    ::close(fd);
}

// Gives a new file, closed and not yet in place, a random file change counter (header offset 24, and the
// "version valid for" number at 92 that must equal it), synced. SQLite only ever adds one to it, so two files
// made apart never share a counter, and a journal left by one can never pass for the other's (every new map
// used to start with the same counter: see journal::inspect).
void randomizeChangeCounter(const fs::path& file)
{
    std::random_device rd;
    std::uint32_t counter = 0;
    while (counter < 0x100 || counter > 0xf0000000u) // far from 0 and from wrapping round
        counter = static_cast<std::uint32_t>(rd());
    const std::array<unsigned char, 4> bytes { static_cast<unsigned char>(counter >> 24),
        static_cast<unsigned char>(counter >> 16), static_cast<unsigned char>(counter >> 8),
        static_cast<unsigned char>(counter) };
    const int fd = ::open(file.c_str(), O_RDWR | O_NOFOLLOW | O_CLOEXEC);
    bool ok = fd >= 0;
    ok = ok && ::pwrite(fd, bytes.data(), bytes.size(), 24) == 4;
    ok = ok && ::pwrite(fd, bytes.data(), bytes.size(), 92) == 4;
    ok = ok && ::fsync(fd) == 0;
    const int error = errno;
    if (fd >= 0)
        ::close(fd);
    if (!ok)
        throw Error(ErrorCode::Io, "Coursemap Studio could not write " + quoted(file) + ".",
            file.string() + ": " + std::strerror(error));
}

// Moves a complete temporary file to `path` only if nothing is there (no check-then-rename race).
void moveIntoPlace(const fs::path& temp, const fs::path& path)
{
    if (::renameat2(AT_FDCWD, temp.c_str(), AT_FDCWD, path.c_str(), RENAME_NOREPLACE) == 0)
        return;
    if (errno == EEXIST)
        throw Error(ErrorCode::AlreadyExists,
            quoted(path) + " already exists. Choose another name, or remove the file first.", path.string());
    // A file system without RENAME_NOREPLACE: link() also refuses an existing name, atomically.
    if (errno != EINVAL && errno != ENOSYS)
        throw Error(ErrorCode::Io, "Coursemap Studio could not create " + quoted(path) + ".",
            path.string() + ": " + std::strerror(errno));
    if (::link(temp.c_str(), path.c_str()) != 0) {
        if (errno == EEXIST)
            throw Error(ErrorCode::AlreadyExists,
                quoted(path) + " already exists. Choose another name, or remove the file first.",
                path.string());
        throw Error(ErrorCode::Io, "Coursemap Studio could not create " + quoted(path) + ".",
            path.string() + ": " + std::strerror(errno));
    }
    ::unlink(temp.c_str());
}

// A new map is never made under a name SQLite or Coursemap Studio keeps for a file beside a map
// (`m.coursemap-journal`): the next program to open `m.coursemap` would take it for that map's own.
void refuseSideFileName(const fs::path& path)
{
    const std::string name = path.filename().string();
    for (const std::string_view suffix : { "-journal", "-wal", "-shm", ".lock" })
        if (name.size() > suffix.size() && name.ends_with(suffix))
            throw Error(ErrorCode::InvalidInput,
                quoted(path) + " is the name of a file kept beside the course map \""
                    + name.substr(0, name.size() - suffix.size()) + "\" (its " + std::string(suffix.substr(1))
                    + "), so a map there would damage that one. Choose another name, such as one ending in "
                      ".coursemap.",
                path.string());
}

std::string linkName(const LinkKey& key)
{
    return "the link " + std::string(toString(key.kind)) + " " + std::to_string(key.objectiveId) + " \u2192 "
        + std::to_string(key.targetId);
}

} // namespace

struct SqliteStore::Impl
{
    fs::path path;
    OpenMode mode = OpenMode::ReadWrite;
    std::unique_ptr<SQLite::Database> db;
    std::vector<std::string> foreign; // objects the format does not define: the map is not written
    std::vector<std::string> notes; // what opening did that a user should hear of
    // The revision of every record as this store last read or wrote it: updates and deletes must find it.
    std::unordered_map<Id, Revision> itemRevision;
    std::map<LinkKey, Revision> linkRevision;
    std::unordered_map<std::string, std::unique_ptr<SQLite::Statement>> statements;
    // The revision this store last read or wrote and its revision_log entry (who, what, when) as it was then.
    // When the entry is gone or different, the file was replaced by another one (a colleague's copy copied
    // over it) whose revision numbers say nothing about what this store read: everything is read again.
    // With it, the file's tag (meta 'tag', a random number every commit writes): a file replaced by a copy at
    // the same revision has another. Files written before tags have none.
    Revision seenRevision = -1;
    std::optional<WriterInfo> seenLog;
    std::optional<std::int64_t> seenTag;

    template <class T> std::string insertSql() const
    {
        std::string placeholders;
        for (std::size_t i = 0; i < fieldsOf<T>().size(); ++i)
            placeholders += "?, ";
        return "INSERT INTO " + tableOf(ItemTraits<T>::kind) + " (" + columnList<T>() + ", revision) VALUES ("
            + placeholders + "?)";
    }

    template <class T> std::string updateSql() const
    {
        std::string sets;
        for (const auto& f : fieldsOf<T>())
            if (f.role != FieldRole::Id)
                sets += std::string(f.name) + " = ?, ";
        return "UPDATE " + tableOf(ItemTraits<T>::kind) + " SET " + sets
            + "revision = ? WHERE id = ? AND revision = ?";
    }

    // A statement prepared once per connection, reset and unbound for this use.
    SQLite::Statement& prepared(const std::string& sql)
    {
        auto& stmt = statements[sql];
        if (!stmt)
            stmt = std::make_unique<SQLite::Statement>(*db, sql);
        stmt->reset();
        stmt->clearBindings();
        return *stmt;
    }

    [[noreturn]] void conflict(const std::string& what) const
    {
        throw Error(ErrorCode::Conflict,
            "Another program changed " + what + " in " + quoted(path)
                + " while this one was writing it, so nothing was saved. Try again.",
            path.string() + ": " + what + " not at the expected revision");
    }

    Revision expectedRevision(Id id) const
    {
        auto it = itemRevision.find(id);
        return it == itemRevision.end() ? -1 : it->second;
    }

    template <class T> void insertItem(const T& item, Revision revision)
    {
        auto& stmt = prepared(insertSql<T>());
        const auto& fields = fieldsOf<T>();
        for (std::size_t i = 0; i < fields.size(); ++i)
            bindValue(stmt, static_cast<int>(i + 1), fields[i].type, fields[i].get(item));
        stmt.bind(static_cast<int>(fields.size() + 1), revision);
        try {
            stmt.exec();
        } catch (const SQLite::Exception& e) {
            if ((e.getErrorCode() & 0xff) == SQLITE_CONSTRAINT)
                conflict(std::string(toString(ItemTraits<T>::kind)) + " " + std::to_string(item.id)
                    + " (its id was taken)");
            throw;
        }
        auto& untomb = prepared("DELETE FROM removed_item WHERE id = ?");
        untomb.bind(1, item.id);
        untomb.exec();
    }

    template <class T> void updateItem(const T& item, Revision revision)
    {
        auto& stmt = prepared(updateSql<T>());
        const auto& fields = fieldsOf<T>();
        int at = 1;
        for (const auto& f : fields)
            if (f.role != FieldRole::Id)
                bindValue(stmt, at++, f.type, f.get(item));
        stmt.bind(at++, revision);
        stmt.bind(at++, item.id);
        stmt.bind(at, expectedRevision(item.id));
        if (stmt.exec() != 1)
            conflict(std::string(toString(ItemTraits<T>::kind)) + " " + std::to_string(item.id));
    }

    void deleteItem(ItemKind kind, Id id, Revision revision)
    {
        auto& stmt = prepared("DELETE FROM " + tableOf(kind) + " WHERE id = ? AND revision = ?");
        stmt.bind(1, id);
        stmt.bind(2, expectedRevision(id));
        if (stmt.exec() != 1)
            conflict(std::string(toString(kind)) + " " + std::to_string(id));
        auto& tomb = prepared("INSERT INTO removed_item (id, revision) VALUES (?, ?) "
                              "ON CONFLICT (id) DO UPDATE SET revision = excluded.revision");
        tomb.bind(1, id);
        tomb.bind(2, revision);
        tomb.exec();
    }

    void bindLink(SQLite::Statement& s, const Link& link, int at)
    {
        s.bind(at, std::string(toString(link.key.kind)));
        s.bind(at + 1, link.key.objectiveId);
        s.bind(at + 2, link.key.targetId);
        if (link.share)
            s.bind(at + 3, *link.share);
        else
            s.bind(at + 3);
        if (link.contribution)
            s.bind(at + 4, std::string(toString(*link.contribution)));
        else
            s.bind(at + 4);
    }

    Revision expectedRevision(const LinkKey& key) const
    {
        auto it = linkRevision.find(key);
        return it == linkRevision.end() ? -1 : it->second;
    }

    void writeLink(const std::optional<Link>& before, const std::optional<Link>& after, Revision revision)
    {
        const LinkKey key = after ? after->key : before->key;
        auto bindKey = [&](SQLite::Statement& s, int at) {
            s.bind(at, std::string(toString(key.kind)));
            s.bind(at + 1, key.objectiveId);
            s.bind(at + 2, key.targetId);
        };
        if (after && !before) {
            auto& s
                = prepared("INSERT INTO link (kind, objective_id, target_id, share, contribution, revision) "
                           "VALUES (?, ?, ?, ?, ?, ?)");
            bindLink(s, *after, 1);
            s.bind(6, revision);
            try {
                s.exec();
            } catch (const SQLite::Exception& e) {
                if ((e.getErrorCode() & 0xff) == SQLITE_CONSTRAINT)
                    conflict(linkName(key));
                throw;
            }
            auto& untomb
                = prepared("DELETE FROM removed_link WHERE kind = ? AND objective_id = ? AND target_id = ?");
            bindKey(untomb, 1);
            untomb.exec();
        } else if (after) {
            auto& s = prepared("UPDATE link SET share = ?, contribution = ?, revision = ? "
                               "WHERE kind = ? AND objective_id = ? AND target_id = ? AND revision = ?");
            if (after->share)
                s.bind(1, *after->share);
            if (after->contribution)
                s.bind(2, std::string(toString(*after->contribution)));
            s.bind(3, revision);
            bindKey(s, 4);
            s.bind(7, expectedRevision(key));
            if (s.exec() != 1)
                conflict(linkName(key));
        } else {
            auto& s = prepared(
                "DELETE FROM link WHERE kind = ? AND objective_id = ? AND target_id = ? AND revision = ?");
            bindKey(s, 1);
            s.bind(4, expectedRevision(key));
            if (s.exec() != 1)
                conflict(linkName(key));
            auto& tomb = prepared(
                "INSERT INTO removed_link (kind, objective_id, target_id, revision) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (kind, objective_id, target_id) DO UPDATE SET revision = excluded.revision");
            bindKey(tomb, 1);
            tomb.bind(4, revision);
            tomb.exec();
        }
    }

    // Whether the file holds a record with this id (of any kind), inside the write transaction.
    bool holds(Id id)
    {
        auto& q = prepared(
            "SELECT EXISTS (SELECT 1 FROM program WHERE id = ?1) OR EXISTS (SELECT 1 FROM framework "
            "WHERE id = ?1) OR EXISTS (SELECT 1 FROM competency WHERE id = ?1) OR EXISTS (SELECT 1 "
            "FROM course WHERE id = ?1) OR EXISTS (SELECT 1 FROM objective WHERE id = ?1) OR EXISTS "
            "(SELECT 1 FROM activity WHERE id = ?1) OR EXISTS (SELECT 1 FROM assessment WHERE id = "
            "?1) OR EXISTS (SELECT 1 FROM comment WHERE id = ?1) OR EXISTS (SELECT 1 FROM "
            "acknowledgement WHERE id = ?1) OR EXISTS (SELECT 1 FROM status_change WHERE id = ?1) OR EXISTS "
            "(SELECT 1 FROM association WHERE id = ?1)");
        q.bind(1, id);
        const bool found = q.executeStep() && q.getColumn(0).getInt() != 0;
        q.reset();
        return found;
    }

    // The last line of defence for the file: whatever a writer's copy believed, no record written refers to
    // a record the file does not hold (a copy copied over the map while open, another program's removal).
    void checkReferencesInFile(const Change& change)
    {
        // Each id looked up once (a large import names one course often); what this change itself wrote is
        // in the file, what it removed is not.
        std::unordered_map<Id, bool> known;
        for (const auto& c : change.items)
            known[c.id()] = c.after.has_value();
        const auto holds = [&](Id id) {
            const auto [it, added] = known.try_emplace(id, false);
            if (added)
                it->second = this->holds(id);
            return it->second;
        };
        for (const auto& c : change.items)
            if (c.after)
                std::visit(
                    [&](const auto& item) {
                        using T = std::decay_t<decltype(item)>;
                        for (const auto& field : fieldsOf<T>())
                            if (field.ref && item.*(field.ref) != NoId && !holds(item.*(field.ref)))
                                conflict(std::string(toString(ItemTraits<T>::kind)) + " "
                                    + std::to_string(item.id) + " (its " + std::string(field.name) + " "
                                    + std::to_string(item.*(field.ref)) + " is not in the file)");
                    },
                    *c.after);
        for (const auto& c : change.links)
            if (c.after && (!holds(c.after->key.objectiveId) || !holds(c.after->key.targetId)))
                conflict(linkName(c.after->key) + " (an item it links is not in the file)");
    }

    // Writes every record of `change` at `revision`; returns the next id the file must keep.
    Id writeRecords(const Change& change, Revision revision, Id nextId)
    {
        for (const auto& c : change.items) {
            if (c.after) {
                const Id id = c.id();
                if (id <= 0 || id > MaxId)
                    throw Error(ErrorCode::InvalidEdit, "An item id must be from 1 to 2^53 - 1.");
                nextId = std::max(nextId, id + 1);
                std::visit(
                    [&](const auto& item) {
                        if (c.before)
                            updateItem(item, revision);
                        else
                            insertItem(item, revision);
                    },
                    *c.after);
            } else {
                deleteItem(c.kind(), c.id(), revision);
            }
        }
        for (const auto& c : change.links)
            writeLink(c.before, c.after, revision);
        checkReferencesInFile(change);
        return nextId;
    }

    // After a commit: the records now stand at `revision`.
    void track(const Change& change, Revision revision)
    {
        for (const auto& c : change.items) {
            if (c.after)
                itemRevision[c.id()] = revision;
            else
                itemRevision.erase(c.id());
        }
        for (const auto& c : change.links) {
            if (c.after)
                linkRevision[c.key()] = revision;
            else
                linkRevision.erase(c.key());
        }
    }

    std::int64_t metaInteger(const char* key, std::int64_t lo, std::int64_t hi)
    {
        SQLite::Statement q(*db, std::string("SELECT value FROM meta WHERE key = '") + key + "'");
        if (!q.executeStep() || !q.getColumn(0).isInteger() || q.getColumn(0).getInt64() < lo
            || q.getColumn(0).getInt64() > hi)
            throw damaged(path, std::string("the map's ") + key + " is missing or out of range");
        return q.getColumn(0).getInt64();
    }
    Revision fileRevision() { return metaInteger("revision", 0, MaxId); }
    Id fileNextId() { return metaInteger("next_id", 1, MaxId + 1); }

    // The revision_log entry of `revision`, if the file still has it.
    std::optional<WriterInfo> logEntry(Revision revision)
    {
        auto& q = prepared(
            "SELECT author, program, description, created_at FROM revision_log WHERE revision = ?");
        q.bind(1, revision);
        if (!q.executeStep())
            return std::nullopt;
        WriterInfo w;
        for (int i = 0; i < 4; ++i)
            if (!q.getColumn(i).isText())
                throw damaged(path, "an entry of the revision log that is not text");
        w.author = q.getColumn(0).getString();
        w.program = q.getColumn(1).getString();
        w.description = q.getColumn(2).getString();
        w.createdAt = q.getColumn(3).getString();
        q.reset();
        return w;
    }

    void remember(Revision revision, std::optional<WriterInfo> entry, std::optional<std::int64_t> tag)
    {
        seenRevision = revision;
        seenLog = std::move(entry);
        seenTag = tag;
    }

    std::optional<std::int64_t> fileTag()
    {
        auto& q = prepared("SELECT value FROM meta WHERE key = 'tag'");
        std::optional<std::int64_t> tag;
        if (q.executeStep() && q.getColumn(0).isInteger())
            tag = q.getColumn(0).getInt64();
        q.reset();
        return tag;
    }

    // Gives the file a new tag (inside a write transaction); returns it.
    std::int64_t newTag()
    {
        std::random_device rd;
        const auto tag = static_cast<std::int64_t>(
            ((static_cast<std::uint64_t>(rd()) << 32) ^ rd()) & 0x7fffffffffffffffULL);
        auto& q = prepared("INSERT INTO meta (key, value) VALUES ('tag', ?) "
                           "ON CONFLICT (key) DO UPDATE SET value = excluded.value");
        q.bind(1, tag);
        q.exec();
        return tag;
    }

    // Whether the file's history up to `since` is the one this store read: every record stamped at `since` or
    // before is one it knows, at that revision, and every record it knows is still there or was removed after
    // `since`. (A copy that went its own way from the same map has other records at those revisions.) Reads
    // every row's id and revision: done only when others have written, when rows are scanned anyway.
    bool historyMatches(Revision since)
    {
        std::unordered_set<Id> present;
        for (const ItemKind kind :
            { ItemKind::Program, ItemKind::Framework, ItemKind::Competency, ItemKind::Course,
                ItemKind::Objective, ItemKind::Activity, ItemKind::Assessment, ItemKind::Comment,
                ItemKind::Acknowledgement, ItemKind::StatusChange, ItemKind::Association }) {
            SQLite::Statement q(*db, "SELECT id, revision FROM " + tableOf(kind));
            while (q.executeStep()) {
                const Id id = q.getColumn(0).getInt64();
                const Revision revision = q.getColumn(1).getInt64();
                present.insert(id);
                if (revision <= since) {
                    const auto it = itemRevision.find(id);
                    if (it == itemRevision.end() || it->second != revision)
                        return false;
                }
            }
        }
        {
            SQLite::Statement q(*db, "SELECT id FROM removed_item WHERE revision > ?");
            q.bind(1, since);
            while (q.executeStep())
                present.insert(q.getColumn(0).getInt64());
        }
        for (const auto& [id, revision] : itemRevision)
            if (!present.contains(id))
                return false;
        std::set<LinkKey> links;
        auto keyOf = [&](SQLite::Statement& q) -> std::optional<LinkKey> {
            const auto kind
                = q.getColumn(0).isText() ? parseEnum<LinkKind>(q.getColumn(0).getString()) : std::nullopt;
            if (!kind)
                return std::nullopt;
            return LinkKey { *kind, q.getColumn(1).getInt64(), q.getColumn(2).getInt64() };
        };
        {
            SQLite::Statement q(*db, "SELECT kind, objective_id, target_id, revision FROM link");
            while (q.executeStep()) {
                const auto key = keyOf(q);
                if (!key)
                    return false;
                links.insert(*key);
                if (q.getColumn(3).getInt64() <= since) {
                    const auto it = linkRevision.find(*key);
                    if (it == linkRevision.end() || it->second != q.getColumn(3).getInt64())
                        return false;
                }
            }
        }
        {
            SQLite::Statement q(
                *db, "SELECT kind, objective_id, target_id FROM removed_link WHERE revision > ?");
            q.bind(1, since);
            while (q.executeStep())
                if (const auto key = keyOf(q))
                    links.insert(*key);
        }
        for (const auto& [key, revision] : linkRevision)
            if (!links.contains(key))
                return false;
        return true;
    }

    static bool sameEntry(const std::optional<WriterInfo>& a, const std::optional<WriterInfo>& b)
    {
        if (a.has_value() != b.has_value())
            return false;
        return !a
            || (a->author == b->author && a->program == b->program && a->description == b->description
                && a->createdAt == b->createdAt);
    }

    // Reads a record of kind T from a row whose first columns are its fields and whose next is its revision.
    template <class T> T readItem(SQLite::Statement& query, Revision maxRevision, Revision& revision)
    {
        const auto& fields = fieldsOf<T>();
        const auto table = tableOf(ItemTraits<T>::kind);
        T item;
        for (std::size_t i = 0; i < fields.size(); ++i) {
            const auto value = columnValue(query.getColumn(static_cast<int>(i)), fields[i].type);
            std::string problem = value ? fields[i].set(item, *value) : "has a value of the wrong type";
            if (!problem.empty())
                throw damaged(path,
                    table + " " + std::to_string(query.getColumn(0).getInt64()) + ": "
                        + std::string(fields[i].name) + " " + problem);
        }
        const auto rev = query.getColumn(static_cast<int>(fields.size()));
        if (!rev.isInteger() || rev.getInt64() < 0 || rev.getInt64() > maxRevision)
            throw damaged(path, table + " " + std::to_string(item.id) + ": a revision out of range");
        revision = rev.getInt64();
        return item;
    }

    std::optional<Link> readLink(SQLite::Statement& query, Revision maxRevision, Revision& revision)
    {
        Link link;
        const auto kind = query.getColumn(0).isText() ? parseEnum<LinkKind>(query.getColumn(0).getString())
                                                      : std::nullopt;
        if (!kind || !query.getColumn(1).isInteger() || !query.getColumn(2).isInteger())
            throw damaged(path, "a link of unknown kind");
        link.key = { *kind, query.getColumn(1).getInt64(), query.getColumn(2).getInt64() };
        if (!query.getColumn(3).isNull()) {
            if (!query.getColumn(3).isFloat() && !query.getColumn(3).isInteger())
                throw damaged(path, "a link with a share that is not a number");
            link.share = query.getColumn(3).getDouble();
        }
        if (!query.getColumn(4).isNull()) {
            link.contribution = query.getColumn(4).isText()
                ? parseEnum<Contribution>(query.getColumn(4).getString())
                : std::nullopt;
            if (!link.contribution)
                throw damaged(path, "a competency link with an unknown level");
        }
        const auto rev = query.getColumn(5);
        if (!rev.isInteger() || rev.getInt64() < 0 || rev.getInt64() > maxRevision)
            throw damaged(path, "a link with a revision out of range");
        revision = rev.getInt64();
        return link;
    }

    template <class T> void loadAll(DocumentData& data, Revision maxRevision)
    {
        SQLite::Statement query(*db,
            "SELECT " + columnList<T>() + ", revision FROM " + tableOf(ItemTraits<T>::kind) + " ORDER BY id");
        while (query.executeStep()) {
            Revision revision = 0;
            T item = readItem<T>(query, maxRevision, revision);
            if (data.contains(item.id))
                throw damaged(path, "id " + std::to_string(item.id) + " is used twice");
            if constexpr (std::is_same_v<T, Program>) {
                if (data.program().id != NoId)
                    throw damaged(path, "more than one program");
            }
            data.put(item);
            itemRevision[item.id] = revision;
        }
    }

    void loadLinks(DocumentData& data, Revision maxRevision)
    {
        SQLite::Statement query(
            *db, "SELECT kind, objective_id, target_id, share, contribution, revision FROM link");
        while (query.executeStep()) {
            Revision revision = 0;
            auto link = *readLink(query, maxRevision, revision);
            if (auto p = linkProblem(data, link))
                throw damaged(path, "a link's " + p.field + " " + p.message);
            data.putLink(link);
            linkRevision[link.key] = revision;
        }
    }

    // Every record refers to items that exist, of the right kind; every status is its history's last entry.
    void checkReferences(const DocumentData& data)
    {
        if (auto p = documentProblem(data))
            throw damaged(path, p.message);
    }

    Store::Loaded loadDocument()
    {
        Loaded loaded;
        auto& data = loaded.data;
        itemRevision.clear();
        linkRevision.clear();
        try {
            // One snapshot (inside the upgrade's transaction when upgrading).
            std::optional<SQLite::Transaction> read;
            if (sqlite3_get_autocommit(db->getHandle()))
                read.emplace(*db, SQLite::TransactionBehavior::DEFERRED);
            loaded.revision = fileRevision();
            loaded.nextId = fileNextId();
            remember(loaded.revision, logEntry(loaded.revision), fileTag());
            loadAll<Program>(data, loaded.revision);
            if (data.program().id == NoId)
                throw damaged(path, "no program");
            loadAll<Framework>(data, loaded.revision);
            loadAll<Competency>(data, loaded.revision);
            loadAll<Course>(data, loaded.revision);
            loadAll<Objective>(data, loaded.revision);
            loadAll<Activity>(data, loaded.revision);
            loadAll<Assessment>(data, loaded.revision);
            loadAll<Comment>(data, loaded.revision);
            loadAll<Acknowledgement>(data, loaded.revision);
            loadAll<StatusChange>(data, loaded.revision);
            loadAll<Association>(data, loaded.revision);
            loadLinks(data, loaded.revision);
            if (read)
                read->commit();
        } catch (const SQLite::Exception& e) {
            // A missing table or column: the schema is not the one its version promises.
            const int code = e.getErrorCode() & 0xff;
            if (code == SQLITE_ERROR)
                throw damaged(path, e.what());
            throw translate(e, path);
        }
        checkReferences(data);
        if (data.maxId() >= loaded.nextId)
            throw damaged(path,
                "id " + std::to_string(data.maxId()) + " is not below the next id "
                    + std::to_string(loaded.nextId));
        return loaded;
    }

    template <class T>
    void changedOf(Revision since, Revision maxRevision, std::map<Id, StoredChanges::ItemState>& out)
    {
        SQLite::Statement query(*db,
            "SELECT " + columnList<T>() + ", revision FROM " + tableOf(ItemTraits<T>::kind)
                + " WHERE revision > ? ORDER BY id");
        query.bind(1, since);
        while (query.executeStep()) {
            Revision revision = 0;
            T item = readItem<T>(query, maxRevision, revision);
            if (out.contains(item.id))
                throw damaged(path, "id " + std::to_string(item.id) + " is used twice");
            out[item.id] = { item.id, Item(item), revision };
        }
    }

    // The records written or removed after `since`; call inside a transaction.
    StoredChanges readChanges(Revision since)
    {
        StoredChanges out;
        out.revision = fileRevision();
        out.nextId = fileNextId();
        // The file replaced while open (a backup, a colleague's copy copied over it): its revision went down,
        // or the entry of the revision this store read is gone or different. Everything is read again, and
        // what this store held that the file no longer has is reported removed.
        const std::optional<std::int64_t> tagNow = fileTag();
        bool replaced = out.revision < since
            || (since == seenRevision
                && (!sameEntry(logEntry(since), seenLog) || (out.revision == since && tagNow != seenTag)));
        if (!replaced && out.revision > since && since == seenRevision)
            replaced = !historyMatches(since);
        if (replaced) {
            spdlog::warn("{} was replaced while open: reading all of it again", path.string());
            since = -1;
        }
        const std::optional<WriterInfo> entryNow = out.revision == since ? seenLog : logEntry(out.revision);
        if (out.revision == since && !replaced)
            return out;
        std::map<Id, StoredChanges::ItemState> items;
        changedOf<Program>(since, out.revision, items);
        changedOf<Framework>(since, out.revision, items);
        changedOf<Competency>(since, out.revision, items);
        changedOf<Course>(since, out.revision, items);
        changedOf<Objective>(since, out.revision, items);
        changedOf<Activity>(since, out.revision, items);
        changedOf<Assessment>(since, out.revision, items);
        changedOf<Comment>(since, out.revision, items);
        changedOf<Acknowledgement>(since, out.revision, items);
        changedOf<StatusChange>(since, out.revision, items);
        changedOf<Association>(since, out.revision, items);
        {
            SQLite::Statement removed(*db, "SELECT id, revision FROM removed_item WHERE revision > ?");
            removed.bind(1, since);
            while (removed.executeStep()) {
                const Id id = removed.getColumn(0).getInt64();
                if (!items.contains(id))
                    items[id] = { id, std::nullopt, removed.getColumn(1).getInt64() };
            }
        }
        if (replaced) {
            for (const auto& [id, revision] : itemRevision)
                if (!items.contains(id))
                    items[id] = { id, std::nullopt, out.revision };
            itemRevision.clear();
        }
        for (auto& [id, state] : items) {
            if (state.now)
                itemRevision[id] = state.revision;
            else
                itemRevision.erase(id);
            out.items.push_back(std::move(state));
        }
        std::map<LinkKey, StoredChanges::LinkState> links;
        {
            SQLite::Statement query(*db,
                "SELECT kind, objective_id, target_id, share, contribution, revision FROM link "
                "WHERE revision > ?");
            query.bind(1, since);
            while (query.executeStep()) {
                Revision revision = 0;
                auto link = readLink(query, out.revision, revision);
                links[link->key] = { link->key, link, revision };
            }
            SQLite::Statement removed(
                *db, "SELECT kind, objective_id, target_id, revision FROM removed_link WHERE revision > ?");
            removed.bind(1, since);
            while (removed.executeStep()) {
                const auto kind = removed.getColumn(0).isText()
                    ? parseEnum<LinkKind>(removed.getColumn(0).getString())
                    : std::nullopt;
                if (!kind)
                    throw damaged(path, "a removed link of unknown kind");
                const LinkKey key { *kind, removed.getColumn(1).getInt64(), removed.getColumn(2).getInt64() };
                if (!links.contains(key))
                    links[key] = { key, std::nullopt, removed.getColumn(3).getInt64() };
            }
        }
        if (replaced) {
            for (const auto& [key, revision] : linkRevision)
                if (!links.contains(key))
                    links[key] = { key, std::nullopt, out.revision };
            linkRevision.clear();
        }
        for (auto& [key, state] : links) {
            if (state.now)
                linkRevision[key] = state.revision;
            else
                linkRevision.erase(key);
            out.links.push_back(std::move(state));
        }
        SQLite::Statement log(*db,
            "SELECT revision, author, program, description, created_at FROM revision_log WHERE revision > ?");
        log.bind(1, since);
        while (log.executeStep()) {
            WriterInfo w;
            for (int i = 1; i < 5; ++i)
                if (!log.getColumn(i).isText())
                    throw damaged(path, "an entry of the revision log that is not text");
            w.author = log.getColumn(1).getString();
            w.program = log.getColumn(2).getString();
            w.description = log.getColumn(3).getString();
            w.createdAt = log.getColumn(4).getString();
            out.writers[log.getColumn(0).getInt64()] = std::move(w);
        }
        remember(out.revision, entryNow, tagNow);
        return out;
    }

    void keepVersion(const VersionInfo& info, const std::string& content)
    {
        if (content.size() > MaxVersionBytes)
            throw Error(ErrorCode::InvalidInput, "The course map is too large to keep as a version.");
        SQLite::Statement exists(*db, "SELECT 1 FROM version WHERE name = ?");
        exists.bind(1, info.name);
        if (exists.executeStep())
            throw Error(ErrorCode::AlreadyExists,
                "There is already a version named \"" + info.name + "\". Choose another name.");
        SQLite::Statement insert(*db, "INSERT INTO version (name, author, created_at) VALUES (?, ?, ?)");
        insert.bind(1, info.name);
        insert.bind(2, info.author);
        insert.bind(3, info.createdAt);
        insert.exec();
        const auto versionId = db->getLastInsertRowid();
        SQLite::Statement part(*db, "INSERT INTO version_part (version_id, seq, content) VALUES (?, ?, ?)");
        for (std::size_t at = 0, seq = 0; at < content.size() || seq == 0; at += VersionPartBytes, ++seq) {
            const std::size_t n = std::min(VersionPartBytes, content.size() - at);
            part.reset();
            part.bind(1, versionId);
            part.bind(2, static_cast<std::int64_t>(seq));
            part.bind(3, content.data() + at, static_cast<int>(n));
            part.exec();
        }
    }

    WriterInfo logRevision(Revision revision, WriterInfo writer)
    {
        if (writer.createdAt.empty())
            writer.createdAt = nowUtc();
        SQLite::Statement log(*db,
            "INSERT INTO revision_log (revision, author, program, description, created_at) "
            "VALUES (?, ?, ?, ?, ?)");
        log.bind(1, revision);
        log.bind(2, writer.author);
        log.bind(3, writer.program);
        log.bind(4, writer.description);
        log.bind(5, writer.createdAt);
        log.exec();
        SQLite::Statement prune(*db, "DELETE FROM revision_log WHERE revision <= ?");
        prune.bind(1, revision - LogKept);
        prune.exec();
        return writer;
    }

    void refuseWrites() const
    {
        if (mode == OpenMode::ReadOnly)
            throw Error(ErrorCode::ReadOnly,
                quoted(path)
                    + " is open read-only, so changes cannot be saved to it. Use Save As to keep them.",
                path.string());
        if (!foreign.empty())
            throw foreignError();
    }

    Error foreignError() const
    {
        std::string list;
        for (std::size_t i = 0; i < foreign.size() && i < 5; ++i)
            list += (i ? ", " : "") + foreign[i];
        if (foreign.size() > 5)
            list += " and " + std::to_string(foreign.size() - 5) + " more";
        return Error(ErrorCode::ForeignSchema,
            quoted(path) + " holds database objects that Coursemap Studio does not define (" + list
                + "), which could change or delete data behind its back, so it is not changed. It can be "
                  "opened read-only. To keep working on it, export it as JSON (coursemap export FILE "
                  "--format json) and import that into a new map.",
            path.string());
    }
};

fs::path realMapPath(const fs::path& path)
{
    std::error_code ec;
    const auto absolute = fs::absolute(path, ec).lexically_normal();
    if (ec)
        return path;
    // (Absolute first: of a relative name that does not exist, weakly_canonical keeps it relative.)
    auto real = fs::weakly_canonical(absolute, ec);
    if (ec || real.empty())
        return absolute;
    return real;
}

SqliteStore::SqliteStore(std::unique_ptr<Impl> impl)
    : impl_(std::move(impl))
{ }

SqliteStore::~SqliteStore() = default;

int SqliteStore::currentVersion()
{
    return schema::currentVersion();
}

namespace {

// Reads a map's bytes into a private in-memory database, leaving the file and anything beside it alone.
std::unique_ptr<SQLite::Database> privateCopy(const fs::path& path)
{
    std::ifstream in(path, std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    const std::string content = bytes.str();
    if (!in && !in.eof())
        throw Error(ErrorCode::Io, "Coursemap Studio could not read " + quoted(path) + ".", path.string());
    auto db = std::make_unique<SQLite::Database>(":memory:", SQLite::OPEN_READWRITE);
    auto* buffer = static_cast<unsigned char*>(sqlite3_malloc64(content.size()));
    if (!buffer)
        throw Error(ErrorCode::Io, quoted(path) + " is too large to read.", path.string());
    std::memcpy(buffer, content.data(), content.size());
    if (sqlite3_deserialize(db->getHandle(), "main", buffer, static_cast<sqlite3_int64>(content.size()),
            static_cast<sqlite3_int64>(content.size()),
            SQLITE_DESERIALIZE_FREEONCLOSE | SQLITE_DESERIALIZE_READONLY)
        != SQLITE_OK)
        throw damaged(path, "its bytes could not be read as a database");
    return db;
}

} // namespace

std::unique_ptr<SqliteStore> SqliteStore::open(
    const fs::path& given, OpenMode mode, std::chrono::milliseconds busyWait)
{
    std::error_code ec;
    if (!fs::exists(given, ec))
        throw Error(ErrorCode::NotFound, "There is no file " + quoted(given) + ".", given.string());
    // The map is the file the path leads to, however it is named (a symbolic link, `sub/../`): SQLite, the
    // journal beside it, the -wal check and every later open use the one real path.
    const fs::path path = realMapPath(given);
    if (!fs::is_regular_file(path, ec))
        throw Error(ErrorCode::NotCoursemap, quoted(path) + " is not a Coursemap Studio course map.",
            path.string() + ": not a regular file");

    // Maps never use a write-ahead log. SQLite reads a -wal file it finds beside a database (whatever the
    // header says), so one left by another program would be read by a read-only command (which would also
    // make a -shm) and merged into the map by a write: refused before SQLite opens anything.
    const fs::path wal = path.string() + "-wal";
    // (Even an empty one puts SQLite in WAL mode, making a -shm beside the map.)
    if (fs::exists(fs::symlink_status(wal, ec))) {
        const bool empty = fs::is_regular_file(wal, ec) && fs::file_size(wal, ec) == 0 && !ec;
        throw Error(ErrorCode::Corrupt,
            quoted(path) + " has a write-ahead log beside it, " + quoted(wal)
                + ", which Coursemap Studio never makes, so the map is not opened and nothing was changed. "
                + (empty ? "The log is empty: move it away (or delete it) and open the map again."
                         : "Another program (such as sqlite3 with journal_mode=WAL) wrote changes there that "
                           "are not in the map: open the map once with that program to merge them (for "
                           "sqlite3: sqlite3 "
                            + path.filename().string()
                            + " 'PRAGMA journal_mode=DELETE'), or, if you know the log does not belong to "
                              "this "
                              "map, move "
                            + quoted(wal) + " away."),
            wal.string() + ": a write-ahead log beside the map");
    }

    const Header header = readHeader(path);
    if (!header.sqlite || header.applicationId != static_cast<std::uint32_t>(ApplicationId))
        throw Error(ErrorCode::NotCoursemap,
            quoted(path)
                + " is not a Coursemap Studio course map. Open a .coursemap file, or import JSON with "
                  "File > Import.",
            path.string() + (header.sqlite ? ": another application's SQLite file" : ": not an SQLite file"));
    if (header.userVersion > static_cast<std::uint32_t>(currentVersion()))
        throw Error(ErrorCode::NewerVersion,
            quoted(path) + " was saved by a newer version of Coursemap Studio (file format "
                + std::to_string(header.userVersion) + "; this version reads up to "
                + std::to_string(currentVersion()) + "). Open it with the newer version.",
            path.string());
    if (header.userVersion < 1 || header.wal)
        throw damaged(path, header.wal ? "journal mode WAL" : "no schema version");

    auto impl = std::make_unique<Impl>();
    impl->path = path;
    impl->mode = mode;
    try {
        // A journal left by an interrupted change to another file that had this name (a backup was copied
        // over the map) must not be played onto this one: an editing program sets it aside first.
        if (mode == OpenMode::ReadWrite)
            if (auto aside = journal::setAsideForeign(path)) {
                impl->notes.push_back(quoted(journal::journalPath(path))
                    + " was left by an interrupted change to an earlier file of this name, not to this map, "
                      "so "
                      "it was not played back. It is kept as "
                    + quoted(*aside) + ".");
                spdlog::warn("{}", impl->notes.back());
            }
        impl->db = std::make_unique<SQLite::Database>(
            path, mode == OpenMode::ReadOnly ? SQLite::OPEN_READONLY : SQLite::OPEN_READWRITE);
        harden(*impl->db);
        impl->db->setBusyTimeout(static_cast<int>(busyWait.count()));
        std::string check;
        try {
            check = impl->db->execAndGet("PRAGMA quick_check").getString();
        } catch (const SQLite::Exception& e) {
            // Read-only, SQLite refuses a map with a hot journal rather than roll it back; so do we: a read
            // never writes. A journal that is not this map's is left alone, and the map read as it is.
            if (mode != OpenMode::ReadOnly || e.getExtendedErrorCode() != SQLITE_READONLY_ROLLBACK)
                throw;
            const auto verdict = journal::inspect(path);
            if (verdict == journal::Verdict::Ours || verdict == journal::Verdict::None)
                throw interrupted(path);
            impl->db = privateCopy(path);
            harden(*impl->db);
            impl->db->setBusyTimeout(static_cast<int>(busyWait.count()));
            impl->notes.push_back(quoted(journal::journalPath(path))
                + " beside the map was left by an interrupted change to an earlier file of this name; it "
                  "does "
                  "not belong to this map and was ignored. Opening the map for editing sets it aside.");
            spdlog::warn("{}", impl->notes.back());
            check = impl->db->execAndGet("PRAGMA quick_check").getString();
        }
        if (check != "ok")
            throw damaged(path, "quick_check: " + check);
        if (mode == OpenMode::ReadWrite)
            makeDurable(*impl->db);

        const int version = impl->db->execAndGet("PRAGMA user_version").getInt();
        if (version < currentVersion()) {
            if (mode == OpenMode::ReadOnly)
                throw Error(ErrorCode::ReadOnly,
                    quoted(path)
                        + " was saved by an older version of Coursemap Studio and must be upgraded before "
                          "it can be read. Open it for editing once to upgrade it.",
                    path.string());
            SQLite::Transaction tx(*impl->db, SQLite::TransactionBehavior::IMMEDIATE);
            // An object the file's own format does not define could act during the upgrade: refuse first.
            impl->foreign = foreignObjects(*impl->db, version);
            if (!impl->foreign.empty())
                throw impl->foreignError();
            for (const auto& m : schema::migrations())
                if (m.version > version) {
                    spdlog::info("Upgrading {} to file format {}", path.string(), m.version);
                    impl->db->exec(std::string(m.sql));
                    if (m.version == 4) {
                        recordUnrecordedStatuses(*impl->db, path);
                        impl->db->exec("UPDATE meta SET value = (SELECT max(value, 1) FROM meta WHERE key = "
                                       "'next_id') WHERE key = 'next_id'");
                    }
                    impl->db->exec("PRAGMA user_version = " + std::to_string(m.version));
                }
            // A damaged file is refused as it was: the upgrade is kept only once the map reads cleanly.
            impl->loadDocument();
            tx.commit();
        }
        impl->foreign = foreignObjects(*impl->db, currentVersion());
        if (!impl->foreign.empty() && mode == OpenMode::ReadWrite)
            throw impl->foreignError();
    } catch (const SQLite::Exception& e) {
        throw translate(e, path);
    }
    return std::unique_ptr<SqliteStore>(new SqliteStore(std::move(impl)));
}

std::unique_ptr<SqliteStore> SqliteStore::create(const fs::path& path, const DocumentData& data, Id nextId)
{
    std::error_code ec;
    refuseSideFileName(realMapPath(path));
    if (fs::exists(fs::symlink_status(path, ec)))
        throw Error(ErrorCode::AlreadyExists,
            quoted(path) + " already exists. Choose another name, or remove the file first.", path.string());
    if (nextId <= data.maxId() || nextId > MaxId + 1 || data.maxId() > MaxId)
        throw Error(ErrorCode::InvalidInput,
            "The map's ids must be from 1 to 9007199254740991 (2^53 - 1); the largest here is "
                + std::to_string(data.maxId()) + ".");
    const fs::path temp = siblingTempPath(path);
    try {
        {
            Impl writer;
            writer.path = temp;
            createExclusively(temp);
            writer.db = std::make_unique<SQLite::Database>(temp, SQLite::OPEN_READWRITE);
            auto& db = *writer.db;
            harden(db);
            makeDurable(db);
            SQLite::Transaction tx(db, SQLite::TransactionBehavior::IMMEDIATE);
            for (const auto& m : schema::migrations())
                db.exec(std::string(m.sql));
            db.exec("PRAGMA application_id = " + std::to_string(ApplicationId));
            db.exec("PRAGMA user_version = " + std::to_string(currentVersion()));
            const Id next = writer.writeRecords(addingAll(data), 0, nextId);
            SQLite::Statement setNext(db, "UPDATE meta SET value = ? WHERE key = 'next_id'");
            setNext.bind(1, next);
            setNext.exec();
            writer.newTag(); // two maps made alike are told apart
            tx.commit();
        }
        randomizeChangeCounter(temp);
        moveIntoPlace(temp, path);
        syncDirectory(path.parent_path());
    } catch (const SQLite::Exception& e) {
        removeTemp(temp);
        throw translate(e, path);
    } catch (const fs::filesystem_error& e) {
        removeTemp(temp);
        throw Error(ErrorCode::Io, "Coursemap Studio could not create " + quoted(path) + ".", e.what());
    } catch (...) {
        removeTemp(temp);
        throw;
    }
    return open(path, OpenMode::ReadWrite);
}

Store::Loaded SqliteStore::load()
{
    return impl_->loadDocument();
}

Revision SqliteStore::revision()
{
    try {
        return impl_->fileRevision();
    } catch (const SQLite::Exception& e) {
        throw translate(e, impl_->path);
    }
}

StoredChanges SqliteStore::changesSince(Revision since)
{
    try {
        SQLite::Transaction read(*impl_->db, SQLite::TransactionBehavior::DEFERRED);
        auto out = impl_->readChanges(since);
        read.commit();
        return out;
    } catch (const SQLite::Exception& e) {
        throw translate(e, impl_->path);
    }
}

Revision SqliteStore::write(Revision since, const Planner& plan, const WriterInfo& writer)
{
    impl_->refuseWrites();
    try {
        SQLite::Transaction tx(*impl_->db, SQLite::TransactionBehavior::IMMEDIATE);
        const StoredChanges changes = impl_->readChanges(since);
        auto commit = plan(changes);
        if (!commit)
            return changes.revision;
        const Revision next = changes.revision + 1;
        if (next > MaxId)
            throw damaged(impl_->path, "its revision counter is exhausted");
        const Id nextId = impl_->writeRecords(commit->change, next, changes.nextId);
        if (nextId > MaxId + 1)
            throw Error(ErrorCode::InvalidEdit,
                "This map has used every id it can give (up to 2^53 - 1), so nothing more can be added.");
        if (commit->version)
            impl_->keepVersion(*commit->version, commit->versionContent);
        SQLite::Statement meta(*impl_->db,
            "UPDATE meta SET value = CASE key WHEN 'revision' THEN ?1 ELSE ?2 END "
            "WHERE key IN ('revision', 'next_id')");
        meta.bind(1, next);
        meta.bind(2, nextId);
        if (meta.exec() != 2)
            throw damaged(impl_->path, "its revision or next id is missing");
        WriterInfo entry = writer;
        if (entry.description.empty())
            entry.description = commit->change.description;
        entry = impl_->logRevision(next, entry);
        const auto tag = impl_->newTag();
        tx.commit();
        impl_->track(commit->change, next);
        impl_->remember(next, std::move(entry), tag);
        return next;
    } catch (const SQLite::Exception& e) {
        throw translate(e, impl_->path);
    }
}

void SqliteStore::saveAs(const fs::path& target)
{
    std::error_code ec;
    if (fs::equivalent(target, impl_->path, ec))
        return;
    refuseSideFileName(realMapPath(target));
    const fs::path temp = siblingTempPath(target);
    try {
        {
            createExclusively(temp);
            SQLite::Database dest(temp, SQLite::OPEN_READWRITE);
            makeDurable(dest);
            SQLite::Backup backup(dest, *impl_->db);
            backup.executeStep(-1);
        }
        randomizeChangeCounter(temp);
        fs::rename(temp, target);
        syncDirectory(target.parent_path());
    } catch (const SQLite::Exception& e) {
        removeTemp(temp);
        throw translate(e, target);
    } catch (const fs::filesystem_error& e) {
        removeTemp(temp);
        throw Error(ErrorCode::Io, "Coursemap Studio could not save " + quoted(target) + ".", e.what());
    }
    auto reopened = open(target, OpenMode::ReadWrite);
    reopened->impl_->loadDocument(); // the records' revisions, as the copy holds them
    impl_ = std::move(reopened->impl_);
}

std::vector<VersionInfo> SqliteStore::versions()
{
    std::vector<VersionInfo> out;
    try {
        SQLite::Statement query(*impl_->db, "SELECT name, author, created_at FROM version ORDER BY id");
        while (query.executeStep()) {
            VersionInfo v;
            for (int i = 0; i < 3; ++i)
                if (!query.getColumn(i).isText())
                    throw damaged(impl_->path, "a version with a name, author or date that is not text");
            v.name = query.getColumn(0).getString();
            v.author = query.getColumn(1).getString();
            v.createdAt = query.getColumn(2).getString();
            out.push_back(std::move(v));
        }
    } catch (const SQLite::Exception& e) {
        throw translate(e, impl_->path);
    }
    return out;
}

std::optional<std::string> SqliteStore::versionContent(const std::string& name)
{
    try {
        SQLite::Transaction read(*impl_->db, SQLite::TransactionBehavior::DEFERRED);
        SQLite::Statement query(*impl_->db, "SELECT id FROM version WHERE name = ?");
        query.bind(1, name);
        if (!query.executeStep())
            return std::nullopt;
        const auto versionId = query.getColumn(0).getInt64();
        SQLite::Statement parts(
            *impl_->db, "SELECT seq, content FROM version_part WHERE version_id = ? ORDER BY seq");
        parts.bind(1, versionId);
        std::string content;
        for (std::int64_t expected = 0; parts.executeStep(); ++expected) {
            const auto part = parts.getColumn(1);
            if (parts.getColumn(0).getInt64() != expected || !(part.isBlob() || part.isText()))
                throw damaged(impl_->path, "version \"" + name + "\" has a part missing");
            if (content.size() + static_cast<std::size_t>(part.getBytes()) > MaxVersionBytes)
                throw damaged(impl_->path, "version \"" + name + "\" is too large");
            content.append(
                static_cast<const char*>(part.getBlob()), static_cast<std::size_t>(part.getBytes()));
        }
        return content;
    } catch (const SQLite::Exception& e) {
        throw translate(e, impl_->path);
    }
}

fs::path SqliteStore::path() const
{
    return impl_->path;
}

bool SqliteStore::readOnly() const
{
    return impl_->mode == OpenMode::ReadOnly;
}

std::map<std::string, std::string> SqliteStore::origin()
{
    std::map<std::string, std::string> out;
    try {
        SQLite::Statement q(*impl_->db, "SELECT key, value FROM meta WHERE key LIKE 'origin\\_%' ESCAPE '\\'");
        while (q.executeStep())
            if (q.getColumn(1).isText() || q.getColumn(1).isInteger())
                out[q.getColumn(0).getString()] = q.getColumn(1).getString();
    } catch (const SQLite::Exception& e) {
        throw translate(e, impl_->path);
    }
    return out;
}

void SqliteStore::setOrigin(const std::map<std::string, std::string>& origin)
{
    impl_->refuseWrites();
    try {
        SQLite::Transaction tx(*impl_->db, SQLite::TransactionBehavior::IMMEDIATE);
        impl_->db->exec("DELETE FROM meta WHERE key LIKE 'origin\\_%' ESCAPE '\\'");
        SQLite::Statement insert(*impl_->db, "INSERT INTO meta (key, value) VALUES (?, ?)");
        for (const auto& [key, value] : origin) {
            if (!key.starts_with("origin_"))
                throw Error(ErrorCode::InvalidInput, "An origin setting's key starts with origin_.");
            insert.reset();
            insert.bind(1, key);
            insert.bind(2, value);
            insert.exec();
        }
        tx.commit();
    } catch (const SQLite::Exception& e) {
        throw translate(e, impl_->path);
    }
}

std::vector<std::string> SqliteStore::notes() const
{
    return impl_->notes;
}

} // namespace coursemap
