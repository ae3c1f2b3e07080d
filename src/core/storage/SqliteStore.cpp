#include "coursemap/storage/SqliteStore.h"

#include "Schema.h"
#include "coursemap/Error.h"
#include "coursemap/model/Fields.h"
#include "coursemap/model/Validation.h"

#include <SQLiteCpp/Backup.h>
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>
#include <spdlog/spdlog.h>
#include <sqlite3.h>

#include <array>
#include <fcntl.h>
#include <fstream>
#include <map>
#include <random>
#include <unistd.h>

namespace coursemap {

using nlohmann::json;
namespace fs = std::filesystem;

namespace {

constexpr int BusyTimeoutMs = 2000;
constexpr int MaxRowBytes = 16 * 1024 * 1024;
constexpr std::size_t VersionPartBytes = 1024 * 1024;
constexpr std::size_t MaxVersionBytes = 256 * 1024 * 1024;

std::string quoted(const fs::path& path)
{
    return "\"" + path.filename().string() + "\"";
}

Error translate(const SQLite::Exception& e, const fs::path& path)
{
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
    db.setBusyTimeout(BusyTimeoutMs);
}

// Durable commits: a rollback journal (no side files that must travel with the document) and a full
// fsync at every commit.
void makeDurable(SQLite::Database& db)
{
    db.exec("PRAGMA journal_mode = DELETE");
    db.exec("PRAGMA synchronous = FULL");
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

// The whole document as one Change that adds every record.
Change everything(const DocumentData& data)
{
    Change all;
    all.items.push_back({ std::nullopt, data.program() });
    auto addAll = [&](const auto& items) {
        for (const auto& [id, item] : items)
            all.items.push_back({ std::nullopt, item });
    };
    addAll(data.all<Framework>());
    addAll(data.all<Competency>());
    addAll(data.all<Course>());
    addAll(data.all<Objective>());
    addAll(data.all<Activity>());
    addAll(data.all<Assessment>());
    addAll(data.all<Comment>());
    addAll(data.all<Acknowledgement>());
    addAll(data.all<StatusChange>());
    for (const auto& [key, link] : data.links())
        all.links.push_back({ std::nullopt, link });
    return all;
}

} // namespace

struct SqliteStore::Impl
{
    fs::path path;
    OpenMode mode = OpenMode::ReadWrite;
    std::unique_ptr<SQLite::Database> db;
    std::map<ItemKind, std::unique_ptr<SQLite::Statement>> upserts;
    std::map<ItemKind, std::unique_ptr<SQLite::Statement>> deletes;
    std::unique_ptr<SQLite::Statement> linkUpsert;
    std::unique_ptr<SQLite::Statement> linkDelete;
    std::unique_ptr<SQLite::Statement> nextIdUpdate;

    template <class T> void writeItem(const T& item)
    {
        const auto& fields = fieldsOf<T>();
        auto& cached = upserts[ItemTraits<T>::kind];
        if (!cached) {
            std::string placeholders;
            for (std::size_t i = 0; i < fields.size(); ++i)
                placeholders += i ? ", ?" : "?";
            cached = std::make_unique<SQLite::Statement>(*db,
                "INSERT OR REPLACE INTO " + tableOf(ItemTraits<T>::kind) + " (" + columnList<T>()
                    + ") VALUES (" + placeholders + ")");
        }
        auto& stmt = *cached;
        stmt.reset();
        stmt.clearBindings();
        for (std::size_t i = 0; i < fields.size(); ++i)
            bindValue(stmt, static_cast<int>(i + 1), fields[i].type, fields[i].get(item));
        stmt.exec();
    }

    void deleteItem(ItemKind kind, Id id)
    {
        auto& stmt = deletes[kind];
        if (!stmt)
            stmt = std::make_unique<SQLite::Statement>(*db, "DELETE FROM " + tableOf(kind) + " WHERE id = ?");
        stmt->reset();
        stmt->bind(1, id);
        stmt->exec();
    }

    void writeLink(const Link& link)
    {
        if (!linkUpsert)
            linkUpsert = std::make_unique<SQLite::Statement>(*db,
                "INSERT OR REPLACE INTO link (kind, objective_id, target_id, share, contribution) "
                "VALUES (?, ?, ?, ?, ?)");
        auto& s = *linkUpsert;
        s.reset();
        s.clearBindings();
        s.bind(1, std::string(toString(link.key.kind)));
        s.bind(2, link.key.objectiveId);
        s.bind(3, link.key.targetId);
        if (link.share)
            s.bind(4, *link.share);
        if (link.contribution)
            s.bind(5, std::string(toString(*link.contribution)));
        s.exec();
    }

    void deleteLink(const LinkKey& key)
    {
        if (!linkDelete)
            linkDelete = std::make_unique<SQLite::Statement>(
                *db, "DELETE FROM link WHERE kind = ? AND objective_id = ? AND target_id = ?");
        auto& s = *linkDelete;
        s.reset();
        s.bind(1, std::string(toString(key.kind)));
        s.bind(2, key.objectiveId);
        s.bind(3, key.targetId);
        s.exec();
    }

    void writeNextId(Id nextId)
    {
        if (!nextIdUpdate)
            nextIdUpdate = std::make_unique<SQLite::Statement>(
                *db, "UPDATE meta SET value = max(value, ?) WHERE key = 'next_id'");
        nextIdUpdate->reset();
        nextIdUpdate->bind(1, nextId);
        nextIdUpdate->exec();
    }

    void writeRecords(const Change& change, Id nextId)
    {
        for (const auto& c : change.items) {
            if (c.after)
                std::visit([this](const auto& item) { writeItem(item); }, *c.after);
            else
                deleteItem(c.kind(), c.id());
        }
        for (const auto& c : change.links) {
            if (c.after)
                writeLink(*c.after);
            else
                deleteLink(c.key());
        }
        writeNextId(nextId);
    }

    template <class T> void loadAll(DocumentData& data)
    {
        const auto& fields = fieldsOf<T>();
        const auto table = tableOf(ItemTraits<T>::kind);
        SQLite::Statement query(*db, "SELECT " + columnList<T>() + " FROM " + table + " ORDER BY id");
        while (query.executeStep()) {
            T item;
            for (std::size_t i = 0; i < fields.size(); ++i) {
                const auto value = columnValue(query.getColumn(static_cast<int>(i)), fields[i].type);
                std::string problem = value ? fields[i].set(item, *value) : "has a value of the wrong type";
                if (!problem.empty())
                    throw damaged(path,
                        table + " " + std::to_string(query.getColumn(0).getInt64()) + ": "
                            + std::string(fields[i].name) + " " + problem);
            }
            if (data.contains(item.id))
                throw damaged(path, "id " + std::to_string(item.id) + " is used twice");
            if constexpr (std::is_same_v<T, Program>) {
                if (data.program().id != NoId)
                    throw damaged(path, "more than one program");
            }
            data.put(item);
        }
    }

    void loadLinks(DocumentData& data)
    {
        SQLite::Statement query(*db, "SELECT kind, objective_id, target_id, share, contribution FROM link");
        while (query.executeStep()) {
            Link link;
            const auto kind = query.getColumn(0).isText()
                ? parseEnum<LinkKind>(query.getColumn(0).getString())
                : std::nullopt;
            if (!kind || !query.getColumn(1).isInteger() || !query.getColumn(2).isInteger())
                throw damaged(path, "a link of unknown kind");
            link.key = { *kind, query.getColumn(1).getInt64(), query.getColumn(2).getInt64() };
            if (!query.getColumn(3).isNull())
                link.share = query.getColumn(3).getDouble();
            if (!query.getColumn(4).isNull()) {
                link.contribution = query.getColumn(4).isText()
                    ? parseEnum<Contribution>(query.getColumn(4).getString())
                    : std::nullopt;
                if (!link.contribution)
                    throw damaged(path, "a competency link with an unknown level");
            }
            if (auto p = linkProblem(data, link))
                throw damaged(path, "a link's " + p.field + " " + p.message);
            data.putLink(link);
        }
    }

    Store::Loaded loadDocument()
    {
        Loaded loaded;
        auto& data = loaded.data;
        try {
            loadAll<Program>(data);
            if (data.program().id == NoId)
                throw damaged(path, "no program");
            loadAll<Framework>(data);
            loadAll<Competency>(data);
            loadAll<Course>(data);
            loadAll<Objective>(data);
            loadAll<Activity>(data);
            loadAll<Assessment>(data);
            loadAll<Comment>(data);
            loadAll<Acknowledgement>(data);
            loadAll<StatusChange>(data);
            loadLinks(data);
            SQLite::Statement next(*db, "SELECT value FROM meta WHERE key = 'next_id'");
            loaded.nextId
                = next.executeStep() && next.getColumn(0).isInteger() ? next.getColumn(0).getInt64() : 1;
        } catch (const SQLite::Exception& e) {
            // A missing table or column: the schema is not the one its version promises.
            const int code = e.getErrorCode() & 0xff;
            if (code == SQLITE_ERROR)
                throw damaged(path, e.what());
            throw translate(e, path);
        }
        auto checkParents = [&](const auto& items) {
            for (const auto& [id, item] : items)
                if (auto p = parentProblem(data, item))
                    throw damaged(path,
                        std::string(toString(ItemTraits<std::decay_t<decltype(item)>>::kind)) + " "
                            + std::to_string(id) + ": " + p.field + " " + p.message);
        };
        checkParents(data.all<Competency>());
        checkParents(data.all<Objective>());
        checkParents(data.all<Activity>());
        checkParents(data.all<Assessment>());
        checkParents(data.all<Comment>());
        checkParents(data.all<Acknowledgement>());
        checkParents(data.all<StatusChange>());
        loaded.nextId = std::max(loaded.nextId, data.maxId() + 1);
        return loaded;
    }
};

SqliteStore::SqliteStore(std::unique_ptr<Impl> impl)
    : impl_(std::move(impl))
{ }

SqliteStore::~SqliteStore() = default;

int SqliteStore::currentVersion()
{
    return schema::currentVersion();
}

std::unique_ptr<SqliteStore> SqliteStore::open(const fs::path& path, OpenMode mode)
{
    std::error_code ec;
    if (!fs::exists(path, ec))
        throw Error(ErrorCode::NotFound, "There is no file " + quoted(path) + ".", path.string());
    if (!fs::is_regular_file(path, ec))
        throw Error(ErrorCode::NotCoursemap, quoted(path) + " is not a Coursemap Studio course map.",
            path.string() + ": not a regular file");

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
        // A crash mid-commit leaves a hot journal that only a writer can roll back. Let SQLite finish that
        // recovery first, so a read-only open sees the last committed state instead of failing.
        const fs::path journal = path.string() + "-journal";
        if (mode == OpenMode::ReadOnly && fs::exists(journal, ec) && fs::file_size(journal, ec) > 0) {
            try {
                SQLite::Database recovery(path, SQLite::OPEN_READWRITE);
                harden(recovery);
                recovery.execAndGet("PRAGMA schema_version");
            } catch (const SQLite::Exception& e) {
                spdlog::warn("Could not recover {} after a crash: {}", path.string(), e.what());
            }
        }
        impl->db = std::make_unique<SQLite::Database>(
            path, mode == OpenMode::ReadOnly ? SQLite::OPEN_READONLY : SQLite::OPEN_READWRITE);
        harden(*impl->db);
        const std::string check = impl->db->execAndGet("PRAGMA quick_check").getString();
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
            for (const auto& m : schema::migrations())
                if (m.version > version) {
                    spdlog::info("Upgrading {} to file format {}", path.string(), m.version);
                    impl->db->exec(std::string(m.sql));
                    impl->db->exec("PRAGMA user_version = " + std::to_string(m.version));
                }
            // A damaged file is refused as it was: the upgrade is kept only once the map reads cleanly.
            impl->loadDocument();
            tx.commit();
        }
    } catch (const SQLite::Exception& e) {
        throw translate(e, path);
    }
    return std::unique_ptr<SqliteStore>(new SqliteStore(std::move(impl)));
}

std::unique_ptr<SqliteStore> SqliteStore::create(const fs::path& path, const DocumentData& data, Id nextId)
{
    std::error_code ec;
    if (fs::exists(path, ec))
        throw Error(ErrorCode::AlreadyExists,
            quoted(path) + " already exists. Choose another name, or remove the file first.", path.string());
    const fs::path temp = siblingTempPath(path);
    try {
        {
            Impl writer;
            writer.path = temp;
            writer.db
                = std::make_unique<SQLite::Database>(temp, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
            auto& db = *writer.db;
            harden(db);
            makeDurable(db);
            SQLite::Transaction tx(db, SQLite::TransactionBehavior::IMMEDIATE);
            for (const auto& m : schema::migrations())
                db.exec(std::string(m.sql));
            db.exec("PRAGMA application_id = " + std::to_string(ApplicationId));
            db.exec("PRAGMA user_version = " + std::to_string(currentVersion()));
            writer.writeRecords(everything(data), nextId);
            tx.commit();
        }
        if (fs::exists(path, ec))
            throw Error(ErrorCode::AlreadyExists, quoted(path) + " already exists.", path.string());
        fs::rename(temp, path);
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

void SqliteStore::write(const Change& change, Id nextId)
{
    if (impl_->mode == OpenMode::ReadOnly)
        throw Error(ErrorCode::ReadOnly,
            quoted(impl_->path)
                + " is open read-only, so changes cannot be saved to it. Use Save As to keep them.",
            impl_->path.string());
    try {
        SQLite::Transaction tx(*impl_->db, SQLite::TransactionBehavior::IMMEDIATE);
        impl_->writeRecords(change, nextId);
        tx.commit();
    } catch (const SQLite::Exception& e) {
        throw translate(e, impl_->path);
    }
}

void SqliteStore::saveAs(const fs::path& target)
{
    std::error_code ec;
    if (fs::equivalent(target, impl_->path, ec))
        return;
    const fs::path temp = siblingTempPath(target);
    try {
        {
            SQLite::Database dest(temp, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
            makeDurable(dest);
            SQLite::Backup backup(dest, *impl_->db);
            backup.executeStep(-1);
        }
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

void SqliteStore::saveVersion(const VersionInfo& info, const std::string& content)
{
    if (impl_->mode == OpenMode::ReadOnly)
        throw Error(ErrorCode::ReadOnly,
            quoted(impl_->path) + " is open read-only, so a version cannot be saved in it.",
            impl_->path.string());
    if (content.size() > MaxVersionBytes)
        throw Error(ErrorCode::InvalidInput, "The course map is too large to keep as a version.");
    try {
        SQLite::Transaction tx(*impl_->db, SQLite::TransactionBehavior::IMMEDIATE);
        SQLite::Statement exists(*impl_->db, "SELECT 1 FROM version WHERE name = ?");
        exists.bind(1, info.name);
        if (exists.executeStep())
            throw Error(ErrorCode::AlreadyExists,
                "There is already a version named \"" + info.name + "\". Choose another name.");
        SQLite::Statement insert(
            *impl_->db, "INSERT INTO version (name, author, created_at) VALUES (?, ?, ?)");
        insert.bind(1, info.name);
        insert.bind(2, info.author);
        insert.bind(3, info.createdAt);
        insert.exec();
        const auto versionId = impl_->db->getLastInsertRowid();
        SQLite::Statement part(
            *impl_->db, "INSERT INTO version_part (version_id, seq, content) VALUES (?, ?, ?)");
        for (std::size_t at = 0, seq = 0; at < content.size() || seq == 0; at += VersionPartBytes, ++seq) {
            const std::size_t n = std::min(VersionPartBytes, content.size() - at);
            part.reset();
            part.bind(1, versionId);
            part.bind(2, static_cast<std::int64_t>(seq));
            part.bind(3, content.data() + at, static_cast<int>(n));
            part.exec();
        }
        tx.commit();
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

} // namespace coursemap
