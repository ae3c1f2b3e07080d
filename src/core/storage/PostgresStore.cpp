#include "coursemap/storage/PostgresStore.h"
#include "coursemap/storage/ServerAddress.h"

#include "PostgresSchema.h"
#include "coursemap/Error.h"
#include "coursemap/analysis/Acceptance.h"
#include "coursemap/model/Fields.h"
#include "coursemap/model/Labels.h"
#include "coursemap/model/Validation.h"

#include <libpq-fe.h>
#include <pqxx/pqxx>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstring>
#include <map>
#include <random>
#include <unordered_map>
#include <utility>

namespace coursemap {

using nlohmann::json;
namespace fs = std::filesystem;

namespace {

std::string tableOf(ItemKind kind)
{
    return "coursemap." + std::string(toString(kind));
}

template <class T> std::string columnList()
{
    std::string out;
    for (const auto& f : fieldsOf<T>())
        out += (out.empty() ? "" : ", ") + std::string(f.name);
    return out;
}

// A field's value as PostgreSQL reads it from text (null for a null value).
json textValue(ValueType type, const json& value)
{
    if (value.is_null())
        return nullptr;
    if (type == ValueType::Integer)
        return std::to_string(value.get<std::int64_t>());
    if (type == ValueType::Boolean)
        return value.get<bool>() ? "true" : "false";
    if (type == ValueType::Real) {
        char buf[64];
        std::snprintf(buf, sizeof buf, "%.17g", value.get<double>());
        return std::string(buf);
    }
    return value.get<std::string>();
}

std::optional<json> columnValue(const pqxx::field& f, ValueType type)
{
    if (f.is_null())
        return json(nullptr);
    try {
        switch (type) {
        case ValueType::Integer:
            return json(f.as<long long>());
        case ValueType::Real:
            return json(f.as<double>());
        case ValueType::Boolean:
            return json(f.as<bool>());
        case ValueType::Text:
        case ValueType::Enum:
            return json(std::string(f.c_str(), f.size()));
        }
    } catch (const std::exception&) { }
    return std::nullopt;
}

// Options that hold a secret: refused in an address, never shown, never stored.
bool isSecret(std::string_view keyword)
{
    return keyword == "password" || keyword == "sslpassword";
}

// What libpq found wrong with an address it could not read, in the user's words. libpq's own text is never
// shown: it may repeat the address, or a part of it, password included.
std::string unreadableWords(const std::string& libpq)
{
    const auto has = [&libpq](const char* text) { return libpq.find(text) != std::string::npos; };
    if (has("percent-encoded"))
        return "a %-escape in it is not % and two hex digits (or is %00)";
    if (has("key/value separator"))
        return "an option after ? is not written NAME=VALUE, with & between options";
    if (has("invalid URI query parameter") || has("invalid connection option"))
        return "it has an option libpq does not know (option names are lower case, as in ?sslmode=require)";
    if (has("IPv6") || has("unexpected character"))
        return "its host is malformed (an IPv6 address goes in brackets, as in postgresql://[::1]/DATABASE)";
    if (has("missing \"=\"") || has("unterminated quoted string"))
        return "it is neither a postgresql:// address nor NAME=VALUE settings";
    return "libpq cannot read it";
}

// An address as libpq reads it: the options it sets, in libpq's order; or, when libpq cannot read it, what
// is wrong in words.
struct Reading
{
    std::vector<std::pair<std::string, std::string>> options;
    std::string problem; // empty when libpq read the address
};

Reading readAddress(const std::string& address)
{
    Reading out;
    char* error = nullptr;
    PQconninfoOption* options = PQconninfoParse(address.c_str(), &error);
    if (!options) {
        out.problem = unreadableWords(error ? error : "");
        PQfreemem(error);
        return out;
    }
    for (auto* o = options; o->keyword; ++o)
        if (o->val && *o->val)
            out.options.emplace_back(o->keyword, o->val);
    PQconninfoFree(options);
    return out;
}

// Whether an address libpq cannot read mentions a password in some spelling (upper case, %-escaped): it is
// refused as an address holding one, which tells where passwords go.
bool mentionsPassword(const std::string& address)
{
    std::string plain;
    for (std::size_t i = 0; i < address.size(); ++i) {
        char c = address[i];
        if (c == '%' && i + 2 < address.size() && std::isxdigit(static_cast<unsigned char>(address[i + 1]))
            && std::isxdigit(static_cast<unsigned char>(address[i + 2]))) {
            c = static_cast<char>(std::stoi(address.substr(i + 1, 2), nullptr, 16));
            i += 2;
        }
        plain += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return plain.find("password") != std::string::npos;
}

std::string percentEncoded(const std::string& text)
{
    static const char* hex = "0123456789ABCDEF";
    std::string out;
    for (const char c : text) {
        const auto u = static_cast<unsigned char>(c);
        if (std::isalnum(u) || c == '-' || c == '.' || c == '_' || c == '~')
            out += c;
        else {
            out += '%';
            out += hex[u >> 4];
            out += hex[u & 15];
        }
    }
    return out;
}

// A URI that connects as the options do, without the secret ones: user, host, port and database where a
// reader expects them, everything else (and a socket folder, several hosts or an IPv6 host) as ?NAME=VALUE.
std::string uriOf(const std::vector<std::pair<std::string, std::string>>& options)
{
    std::map<std::string, std::string> parts;
    for (const auto& [keyword, value] : options)
        if (keyword == "user" || keyword == "host" || keyword == "port" || keyword == "dbname")
            parts[keyword] = value;
    const auto plain = [](const std::string& value, const char* extra) {
        return !value.empty() && std::all_of(value.begin(), value.end(), [extra](char c) {
            return std::isalnum(static_cast<unsigned char>(c)) || std::strchr(extra, c);
        });
    };
    const bool hostInAuthority = parts.contains("host") && plain(parts["host"], "-._");
    const bool portInAuthority
        = parts.contains("port") && plain(parts["port"], "") && (hostInAuthority || !parts.contains("host"));
    std::string uri = "postgresql://";
    if (parts.contains("user"))
        uri += percentEncoded(parts["user"]) + "@";
    if (hostInAuthority)
        uri += parts["host"];
    if (portInAuthority)
        uri += ":" + parts["port"];
    uri += "/" + (parts.contains("dbname") ? percentEncoded(parts["dbname"]) : "");
    char separator = '?';
    for (const auto& [keyword, value] : options) {
        if (isSecret(keyword) || keyword == "user" || keyword == "dbname"
            || (keyword == "host" && hostInAuthority) || (keyword == "port" && portInAuthority))
            continue;
        uri += separator + keyword + "=" + percentEncoded(value);
        separator = '&';
    }
    return uri;
}

// An address libpq cannot read, as it may be shown: its host alone (user info, database and options may hold
// anything, a password among them).
std::string unreadableShown(const std::string& address)
{
    const auto scheme = address.find("://");
    if (scheme == std::string::npos || !isServerAddress(address))
        return "(an address libpq cannot read)";
    const auto start = scheme + 3;
    const auto end = address.find_first_of("/?", start);
    auto authority = address.substr(start, end == std::string::npos ? std::string::npos : end - start);
    if (const auto at = authority.rfind('@'); at != std::string::npos)
        authority.erase(0, at + 1);
    if (!std::all_of(authority.begin(), authority.end(),
            [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || std::strchr("-._:[],", c); }))
        authority.clear();
    return address.substr(0, start) + authority + (end == std::string::npos ? "" : "/…");
}

Error passwordRefused(const std::string& shown)
{
    return Error(ErrorCode::InvalidInput,
        "The address holds a password. Passwords never go on the command line or into an address: put it in "
        "~/.pgpass (one line host:port:database:user:password, mode 0600), or PGPASSWORD, or a service file, "
        "and give the address without it: "
            + shown);
}

// The parts of a libpq address, parsed by libpq itself.
struct Address
{
    std::string display; // without a password
    bool hasPassword = false;
};

Address parseAddress(const std::string& address)
{
    const auto reading = readAddress(address);
    if (!reading.problem.empty()) {
        if (mentionsPassword(address))
            throw passwordRefused(unreadableShown(address));
        throw Error(ErrorCode::InvalidInput,
            "\"" + unreadableShown(address) + "\" is not a server address libpq understands: "
                + reading.problem + ". Write it as postgresql://HOST/DATABASE or postgresql:///DATABASE.");
    }
    Address out;
    out.hasPassword = std::any_of(
        reading.options.begin(), reading.options.end(), [](const auto& o) { return isSecret(o.first); });
    out.display = uriOf(reading.options);
    return out;
}

std::string serverWords(const std::string& display)
{
    return "the server at " + display;
}

std::string roleName(ServerRole role)
{
    switch (role) {
    case ServerRole::Administrator:
        return "administrator";
    case ServerRole::CourseDirector:
        return "course-director";
    case ServerRole::Reviewer:
        return "reviewer";
    case ServerRole::Reader:
        return "reader";
    }
    return {};
}

// The first line of what the server said, without libpq's "ERROR:" before it.
std::string serverMessage(const pqxx::sql_error& e)
{
    std::string message = e.what();
    if (const auto at = message.find("ERROR:"); at != std::string::npos)
        message = message.substr(at + 6);
    if (const auto nl = message.find('\n'); nl != std::string::npos)
        message = message.substr(0, nl);
    while (!message.empty() && message.front() == ' ')
        message.erase(message.begin());
    return message;
}

// What went wrong talking to the server, in words; never the address with a password (addresses holding one
// are refused before any connection).
Error translate(const std::exception& e, const std::string& display, const std::string& what = {})
{
    const std::string detail = display + ": " + e.what();
    if (dynamic_cast<const pqxx::broken_connection*>(&e))
        return Error(ErrorCode::Io,
            "The connection to " + serverWords(display) + " was lost" + (what.empty() ? "" : " while " + what)
                + ". Nothing was saved by that step; try again when the server can be reached.",
            detail);
    if (const auto* sql = dynamic_cast<const pqxx::sql_error*>(&e)) {
        const std::string state = sql->sqlstate();
        const std::string message = serverMessage(*sql);
        if (state == "42501")
            return Error(ErrorCode::Forbidden,
                "The server refused: " + message
                    + ". Ask the program's administrator for the rights you need.",
                detail);
        if (state == "40001" || state == "40P01" || state == "55P03")
            return Error(
                ErrorCode::Busy, "The server is busy with another change; try again in a moment.", detail);
        if (state == "23514")
            return Error(ErrorCode::InvalidEdit, "The server refused the change: " + message + ".", detail);
        if (state == "23505")
            return Error(ErrorCode::Conflict,
                "Another program wrote the same record at the same moment; nothing was saved. Try again.",
                detail);
        if (state == "3F000" || state == "42P01")
            return Error(ErrorCode::NotCoursemap,
                serverWords(display)
                    + " holds no Coursemap programs yet. Its administrator creates them with `coursemap "
                      "server init "
                    + display + "` and `coursemap push FILE " + display + "`.",
                detail);
        if (state.starts_with("28") || state == "3D000")
            return Error(ErrorCode::Forbidden,
                "Cannot connect to " + serverWords(display) + ": " + message
                    + ". The password comes from ~/.pgpass, PGPASSWORD or a service file, never from the "
                      "address.",
                detail);
        return Error(ErrorCode::Io, serverWords(display) + " refused: " + message + ".", detail);
    }
    if (dynamic_cast<const pqxx::in_doubt_error*>(&e))
        return Error(ErrorCode::Io,
            "The connection to " + serverWords(display) + " was lost while a change was being committed.",
            detail);
    return Error(ErrorCode::Io,
        "Coursemap Studio could not talk to " + serverWords(display) + ": " + e.what(), detail);
}

std::unique_ptr<pqxx::connection> connect(const std::string& address, const Address& parsed)
{
    if (parsed.hasPassword)
        throw passwordRefused(parsed.display);
    try {
        auto c = std::make_unique<pqxx::connection>(address);
        pqxx::nontransaction tx(*c);
        tx.exec("SET application_name = 'coursemap'; SET search_path = pg_catalog, pg_temp");
        return c;
    } catch (const Error&) {
        throw;
    } catch (const std::exception& e) {
        // libpq's text may repeat the address it was given; it holds no password (checked above).
        std::string why = e.what();
        if (const auto nl = why.find('\n'); nl != std::string::npos)
            why = why.substr(0, nl);
        throw Error(dynamic_cast<const pqxx::broken_connection*>(&e) ? ErrorCode::Io : ErrorCode::Forbidden,
            "Cannot connect to " + serverWords(parsed.display) + ": " + why
                + ". The password, if the server asks for one, comes from ~/.pgpass, PGPASSWORD or a service "
                  "file.",
            parsed.display + ": " + e.what());
    }
}

int schemaVersion(pqxx::transaction_base& tx)
{
    const auto exists = tx.exec("SELECT to_regclass('coursemap.schema_version') IS NOT NULL");
    if (!exists[0][0].as<bool>())
        return 0;
    return tx.exec("SELECT version FROM coursemap.schema_version")[0][0].as<int>();
}

std::string newToken()
{
    std::random_device rd;
    std::mt19937_64 g(rd());
    char buf[40];
    std::snprintf(buf, sizeof buf, "%016llx%016llx", static_cast<unsigned long long>(g()),
        static_cast<unsigned long long>(g()));
    return buf;
}

// How the log holds the token of a change that must never be made twice (kept for good, not trimmed).
std::string onceToken(const std::string& token)
{
    return "once:" + token;
}

class Notifications : public pqxx::notification_receiver
{
public:
    Notifications(pqxx::connection_base& c, const std::string& channel)
        : pqxx::notification_receiver(c, channel)
    { }
    void operator()(const std::string&, int) override { ++count; }
    int count = 0;
};

} // namespace

bool isServerAddress(const std::string& address)
{
    return address.starts_with("postgresql://") || address.starts_with("postgres://");
}

std::optional<std::string> addressWithoutPasswords(const std::string& address)
{
    const auto reading = readAddress(address);
    if (!reading.problem.empty())
        return std::nullopt;
    return uriOf(reading.options);
}

std::string displayAddress(const std::string& address)
{
    return addressWithoutPasswords(address).value_or(unreadableShown(address));
}

struct PostgresStore::Impl
{
    std::string address;
    Address parsed;
    std::string code;
    std::int64_t key = 0;
    OpenMode mode = OpenMode::ReadWrite;
    std::unique_ptr<pqxx::connection> conn;
    std::unique_ptr<Notifications> notifications;
    std::unordered_map<Id, Revision> itemRevision;
    std::map<LinkKey, Revision> linkRevision;
    Id nextId = 1; // as of the revision last read
    std::string nextWriteToken; // setNextWriteToken
    // The token of the last write's change when its commit was lost and the server could not be asked
    // whether it kept it (takeDoubtfulToken); and of the change written again next (retryWith).
    std::string doubtfulToken;
    std::string retryToken;

    [[noreturn]] void rethrow(const std::exception& e, const std::string& what = {}) const
    {
        if (const auto* own = dynamic_cast<const Error*>(&e))
            throw *own;
        throw translate(e, parsed.display, what);
    }

    Error damaged(const std::string& what) const
    {
        return Error(ErrorCode::Corrupt,
            "Program " + code + " on " + serverWords(parsed.display)
                + " holds records that do not make sense (" + what
                + "). Ask the server's administrator to restore it from a backup.",
            parsed.display + " " + code + ": " + what);
    }

    // A new connection in place of one that broke. When the server cannot be reached this throws and the
    // old connection stays (broken, but never dangling); the notification receiver goes before the
    // connection it is registered with.
    void reconnect()
    {
        auto fresh = connect(address, parsed);
        notifications.reset();
        conn = std::move(fresh);
        listen();
    }

    // Hears of other clients' commits to the program, and is seen by them (application_name, for presence).
    void listen()
    {
        notifications = std::make_unique<Notifications>(*conn, "coursemap_" + std::to_string(key));
        pqxx::nontransaction name(*conn);
        // A writer waits at most five seconds for another's lock (one held by a session left open in psql,
        // say), and then says who holds it.
        name.exec("SET application_name = " + name.quote("coursemap " + code) + "; SET lock_timeout = '5s'");
    }

    template <class T> T readItem(const pqxx::row& row, Revision maxRevision, Revision& revision) const
    {
        const auto& fields = fieldsOf<T>();
        T item;
        for (std::size_t i = 0; i < fields.size(); ++i) {
            const auto value = columnValue(row[static_cast<int>(i)], fields[i].type);
            std::string problem = value ? fields[i].set(item, *value) : "has a value of the wrong type";
            if (!problem.empty())
                throw damaged(std::string(toString(ItemTraits<T>::kind)) + " " + row[1].c_str() + ": "
                    + std::string(fields[i].name) + " " + problem);
        }
        revision = row[static_cast<int>(fields.size())].as<Revision>();
        if (revision < 0 || revision > maxRevision)
            throw damaged("a revision out of range");
        return item;
    }

    // The item tables read id first (field order), so row[1] above is wrong for names; see readAll.
    template <class T> std::string selectSql(const std::string& where) const
    {
        return "SELECT " + columnList<T>() + ", revision FROM " + tableOf(ItemTraits<T>::kind)
            + " WHERE program_key = $1" + where + " ORDER BY id";
    }

    template <class T>
    void readAll(pqxx::transaction_base& tx, Revision since, Revision maxRevision,
        const std::function<void(T&&, Revision)>& take) const
    {
        // since < 0: every record (revisions start at 0).
        const auto result = tx.exec_params(selectSql<T>(" AND revision > $2"), key, since);
        for (const auto& row : result) {
            Revision revision = 0;
            T item = readItem<T>(row, maxRevision, revision); // before `revision` is passed on
            take(std::move(item), revision);
        }
    }

    std::optional<Link> readLink(const pqxx::row& row, Revision maxRevision, Revision& revision) const
    {
        Link link;
        const auto kind = parseEnum<LinkKind>(row[0].c_str());
        if (!kind)
            throw damaged("a link of unknown kind");
        link.key = { *kind, row[1].as<Id>(), row[2].as<Id>() };
        if (!row[3].is_null())
            link.share = row[3].as<double>();
        if (!row[4].is_null()) {
            link.contribution = parseEnum<Contribution>(row[4].c_str());
            if (!link.contribution)
                throw damaged("a competency link with an unknown level");
        }
        revision = row[5].as<Revision>();
        if (revision < 0 || revision > maxRevision)
            throw damaged("a link with a revision out of range");
        return link;
    }

    std::pair<Revision, Id> counters(pqxx::transaction_base& tx, bool lock) const
    {
        const auto r
            = tx.exec_params(std::string("SELECT revision, next_id FROM coursemap.programs WHERE key = $1")
                    + (lock ? " FOR UPDATE" : ""),
                key);
        // Row-level security lets only those who may change the program lock its counter row.
        if (r.empty() && lock
            && !tx.exec_params("SELECT 1 FROM coursemap.programs WHERE key = $1", key).empty())
            forbidden(tx, "anything");
        if (r.empty())
            throw Error(ErrorCode::NotFound,
                "Program " + code + " is no longer on " + serverWords(parsed.display)
                    + " (or you may no longer see it).",
                parsed.display + ": program " + code);
        return { r[0][0].as<Revision>(), r[0][1].as<Id>() };
    }

    Store::Loaded loadDocument(pqxx::transaction_base& tx)
    {
        Loaded loaded;
        auto& data = loaded.data;
        itemRevision.clear();
        linkRevision.clear();
        std::tie(loaded.revision, loaded.nextId) = counters(tx, false);
        auto all = [&]<class T>(T) {
            readAll<T>(tx, -1, loaded.revision, [&](T&& item, Revision revision) {
                if (data.contains(item.id))
                    throw damaged("id " + std::to_string(item.id) + " is used twice");
                itemRevision[item.id] = revision;
                data.put(item);
            });
        };
        all(Program {});
        if (data.program().id == NoId)
            throw damaged("no program");
        all(Framework {});
        all(Competency {});
        all(Course {});
        all(Objective {});
        all(Activity {});
        all(Assessment {});
        all(Comment {});
        all(Acknowledgement {});
        all(StatusChange {});
        all(Association {});
        for (const auto& row : tx.exec_params(
                 "SELECT kind, objective_id, target_id, share, contribution, revision FROM coursemap.link "
                 "WHERE program_key = $1",
                 key)) {
            Revision revision = 0;
            auto link = *readLink(row, loaded.revision, revision);
            if (auto p = linkProblem(data, link))
                throw damaged("a link's " + p.field + " " + p.message);
            data.putLink(link);
            linkRevision[link.key] = revision;
        }
        if (auto p = documentProblem(data))
            throw damaged(p.message);
        if (data.maxId() >= loaded.nextId)
            throw damaged("an id is not below the next id");
        nextId = loaded.nextId;
        return loaded;
    }

    StoredChanges readChanges(pqxx::transaction_base& tx, Revision since, bool lock)
    {
        StoredChanges out;
        std::tie(out.revision, out.nextId) = counters(tx, lock);
        nextId = std::max(nextId, out.nextId);
        if (out.revision == since)
            return out;
        if (out.revision < since)
            throw Error(ErrorCode::Conflict,
                "Program " + code + " on " + serverWords(parsed.display)
                    + " is older than what this program read: it was restored from a backup meanwhile. Open "
                      "it again.",
                parsed.display);
        std::map<Id, StoredChanges::ItemState> items;
        auto changed = [&]<class T>(T) {
            readAll<T>(tx, since, out.revision, [&](T&& item, Revision revision) {
                const Id id = item.id;
                items[id] = { id, Item(std::move(item)), revision };
            });
        };
        changed(Program {});
        changed(Framework {});
        changed(Competency {});
        changed(Course {});
        changed(Objective {});
        changed(Activity {});
        changed(Assessment {});
        changed(Comment {});
        changed(Acknowledgement {});
        changed(StatusChange {});
        changed(Association {});
        for (const auto& row : tx.exec_params(
                 "SELECT id, revision FROM coursemap.removed_item WHERE program_key = $1 AND revision > $2",
                 key, since)) {
            const Id id = row[0].as<Id>();
            if (!items.contains(id))
                items[id] = { id, std::nullopt, row[1].as<Revision>() };
        }
        for (auto& [id, state] : items) {
            if (state.now)
                itemRevision[id] = state.revision;
            else
                itemRevision.erase(id);
            out.items.push_back(std::move(state));
        }
        std::map<LinkKey, StoredChanges::LinkState> links;
        for (const auto& row : tx.exec_params(
                 "SELECT kind, objective_id, target_id, share, contribution, revision FROM coursemap.link "
                 "WHERE program_key = $1 AND revision > $2",
                 key, since)) {
            Revision revision = 0;
            auto link = readLink(row, out.revision, revision);
            links[link->key] = { link->key, link, revision };
        }
        for (const auto& row :
            tx.exec_params("SELECT kind, objective_id, target_id, revision FROM coursemap.removed_link "
                           "WHERE program_key = $1 AND revision > $2",
                key, since)) {
            const auto kind = parseEnum<LinkKind>(row[0].c_str());
            if (!kind)
                throw damaged("a removed link of unknown kind");
            const LinkKey k { *kind, row[1].as<Id>(), row[2].as<Id>() };
            if (!links.contains(k))
                links[k] = { k, std::nullopt, row[3].as<Revision>() };
        }
        for (auto& [k, state] : links) {
            if (state.now)
                linkRevision[k] = state.revision;
            else
                linkRevision.erase(k);
            out.links.push_back(std::move(state));
        }
        for (const auto& row : tx.exec_params("SELECT revision, author, program, description, created_at, "
                                              "db_user FROM coursemap.revision_log "
                                              "WHERE program_key = $1 AND revision > $2",
                 key, since)) {
            WriterInfo w;
            w.author = row[1].c_str();
            w.program = row[2].c_str();
            w.description = row[3].c_str();
            w.createdAt = row[4].c_str();
            if (w.author != row[5].c_str())
                w.author += " (database user " + std::string(row[5].c_str()) + ")";
            out.writers[row[0].as<Revision>()] = std::move(w);
        }
        return out;
    }

    // Why the current user may not write what they tried, in words.
    std::string rolesInWords(pqxx::transaction_base& tx) const
    {
        std::string out;
        for (const auto& row :
            tx.exec_params("SELECT g.role, c.code FROM coursemap.grants g LEFT JOIN coursemap.course c "
                           "ON c.program_key = g.program_key AND c.id = g.course_id WHERE g.program_key = $1 "
                           "AND g.db_user = "
                           "current_user ORDER BY 1, 2",
                key)) {
            std::string role = row[0].c_str();
            if (!row[1].is_null())
                role += " of " + std::string(row[1].c_str());
            out += (out.empty() ? "" : ", ") + role;
        }
        return out.empty() ? "no role" : out;
    }

    [[noreturn]] void forbidden(pqxx::transaction_base& tx, const std::string& what) const
    {
        const std::string user = tx.exec("SELECT current_user")[0][0].c_str();
        throw Error(ErrorCode::Forbidden,
            "The server refused: " + user + " may not change " + what + " in program " + code + " (" + user
                + " is " + rolesInWords(tx) + "). Nothing was saved.",
            parsed.display + ": row-level security");
    }

    Revision expected(Id id) const
    {
        auto it = itemRevision.find(id);
        return it == itemRevision.end() ? -1 : it->second;
    }
    Revision expected(const LinkKey& k) const
    {
        auto it = linkRevision.find(k);
        return it == linkRevision.end() ? -1 : it->second;
    }

    // A Change as the operations of coursemap.write_change (schema version 2): each record with the revision
    // this program saw it at, its fields as text. `labels` names each operation for messages.
    json operations(const Change& change, std::vector<std::string>& labels) const
    {
        // What goes, goes first, each before what it belongs to (a link before its objective, a comment
        // before its subject): the server asks whose course a record is in while it still can. Then what
        // comes or changes, in the Change's order (what a record belongs to before the record).
        std::vector<const ItemChange*> items;
        std::vector<const LinkChange*> links;
        for (const auto& c : change.links)
            if (!c.after)
                links.push_back(&c);
        auto removedKinds = [&](bool annotations) {
            for (const auto& c : change.items)
                if (!c.after && isAnnotation(c.kind()) == annotations)
                    items.push_back(&c);
        };
        removedKinds(true);
        removedKinds(false);
        json ops = json::array();
        auto item = [&](const ItemChange& c) {
            const Id id = c.id();
            if (c.after && (id <= 0 || id > MaxId))
                throw Error(ErrorCode::InvalidEdit, "An item id must be from 1 to 2^53 - 1.");
            json op { { "i", ops.size() }, { "t", std::string(toString(c.kind())) }, { "id", id },
                { "expect", expected(id) },
                { "o",
                    !c.after       ? "delete"
                        : c.before ? "update"
                                   : "insert" } };
            if (c.after)
                std::visit(
                    [&]<class T>(const T& record) {
                        json row = json::object();
                        for (const auto& f : fieldsOf<T>())
                            if (f.role != FieldRole::Id)
                                row[std::string(f.name)] = textValue(f.type, f.get(record));
                        op["row"] = std::move(row);
                    },
                    *c.after);
            labels.push_back(std::string(toString(c.kind())) + " " + std::to_string(id));
            ops.push_back(std::move(op));
        };
        auto link = [&](const LinkChange& c) {
            const LinkKey k = c.key();
            json op { { "i", ops.size() }, { "t", "link" }, { "kind", std::string(toString(k.kind)) },
                { "objective_id", k.objectiveId }, { "target_id", k.targetId }, { "expect", expected(k) },
                { "o",
                    !c.after       ? "delete"
                        : c.before ? "update"
                                   : "insert" } };
            if (c.after)
                op["row"] = {
                    { "share", c.after->share ? textValue(ValueType::Real, *c.after->share) : json() },
                    { "contribution",
                        c.after->contribution ? json(std::string(toString(*c.after->contribution))) : json() }
                };
            labels.push_back("the link between objective " + std::to_string(k.objectiveId) + " and item "
                + std::to_string(k.targetId));
            ops.push_back(std::move(op));
        };
        for (const auto* c : links)
            link(*c);
        for (const auto* c : items)
            item(*c);
        for (const auto& c : change.items)
            if (c.after)
                item(c);
        for (const auto& c : change.links)
            if (c.after)
                link(c);
        return ops;
    }

    static bool isAnnotation(ItemKind kind)
    {
        return kind == ItemKind::Comment || kind == ItemKind::Acknowledgement
            || kind == ItemKind::StatusChange;
    }

    // Writes `change` as revision `at` + 1 through coursemap.write_change: the new revision, or nullopt when
    // the program is no longer at `at` (or the user may not count it up), with nothing written.
    std::optional<Revision> writeChange(pqxx::transaction_base& tx, Revision at, const json& ops,
        const WriterInfo& writer, const std::string& description, const std::string& token) const
    {
        const auto r = tx.exec_params("SELECT coursemap.write_change($1, $2, $3, $4, $5, $6, $7, $8)", key,
            at, ops.dump(), writer.author, writer.program, description,
            writer.createdAt.empty() ? nowUtc() : writer.createdAt, token);
        if (r[0][0].is_null())
            return std::nullopt;
        return r[0][0].as<Revision>();
    }

    // A refusal by the server, in the user's words: which record someone else changed, or what the user may
    // not change (row-level security, a trigger), or why the server would not take it.
    [[noreturn]] void refused(const pqxx::sql_error& e, const std::vector<std::string>& labels)
    {
        const std::string state = e.sqlstate();
        std::string what = "this change";
        const std::string message = e.what();
        if (const auto at = message.find("coursemap-op "); at != std::string::npos) {
            const auto index = std::strtoull(message.c_str() + at + 13, nullptr, 10);
            if (index < labels.size())
                what = labels[index];
            if (state == "40001")
                throw Error(ErrorCode::Conflict,
                    "Another program changed " + what
                        + " while this one was writing it, so nothing was saved. Try again.",
                    parsed.display + ": " + what + " not at the expected revision");
        }
        if (state == "55P03")
            throw Error(ErrorCode::Busy,
                "Program " + code + " on " + serverWords(parsed.display) + " is held by another connection"
                    + holders()
                    + ", so nothing was saved. Try again in a moment; if it stays held, the server's "
                      "administrator can end that session.",
                parsed.display + ": " + message);
        if (state == "42501" && conn->is_open()) {
            try {
                pqxx::read_transaction tx(*conn);
                const std::string user = tx.exec("SELECT current_user")[0][0].c_str();
                const std::string roles = rolesInWords(tx);
                const std::string why = " " + serverMessage(e);
                const bool ours = why.find("coursemap-op ") != std::string::npos
                    || why.find("row-level security") != std::string::npos;
                throw Error(ErrorCode::Forbidden,
                    "The server refused: " + user + " may not change " + what + " in program " + code + " ("
                        + user + " is " + roles + ")" + (ours ? "" : ":" + why) + ". Nothing was saved.",
                    parsed.display + ": " + message);
            } catch (const Error&) {
                throw;
            } catch (const std::exception&) { }
        }
        rethrow(e, "saving");
    }

    // Who holds the program's counter row (other connections in a transaction on it), in words.
    std::string holders()
    {
        try {
            pqxx::read_transaction tx(*conn);
            std::string out;
            for (const auto& row :
                tx.exec("SELECT DISTINCT a.usename, a.state, extract(epoch FROM now() - "
                        "a.xact_start)::bigint FROM "
                        "pg_catalog.pg_locks l JOIN pg_catalog.pg_stat_activity a ON a.pid = l.pid WHERE "
                        "l.relation = 'coursemap.programs'::regclass AND l.granted AND a.pid <> "
                        "pg_backend_pid()"))
                out += std::string(out.empty() ? " (" : ", ") + row[0].c_str()
                    + (std::string(row[1].c_str()) == "idle in transaction"
                            ? ", idle in a transaction for " + std::string(row[2].c_str()) + " s"
                            : "");
            return out.empty() ? out : out + ")";
        } catch (const std::exception&) {
            return {};
        }
    }

    // After the connection broke during a commit: whether the server kept the change (written with `token`).
    // The lost transaction may still be running on the server (waiting for a lock, say): the answer is read
    // only once the program's counter row is free, which that transaction holds from its first statement.
    // Either way the token stays doubtful (takeDoubtfulToken), so that a retry looks again, under the lock.
    Revision settleDoubt(const std::string& token)
    {
        doubtfulToken = token;
        pqxx::result kept;
        try {
            reconnect();
            pqxx::work check(*conn);
            check.exec_params("SELECT 1 FROM coursemap.programs WHERE key = $1 FOR UPDATE", key);
            kept = check.exec_params(
                "SELECT revision FROM coursemap.revision_log WHERE program_key = $1 AND token = $2", key,
                token);
            check.commit();
        } catch (const std::exception& e) {
            const auto* error = dynamic_cast<const Error*>(&e);
            throw Error(ErrorCode::Io,
                "The connection to " + serverWords(parsed.display)
                    + " was lost while the change was being saved; whether the server kept it is not known "
                      "until it can be reached again.",
                error ? error->detail() : e.what());
        }
        if (!kept.empty()) {
            doubtfulToken.clear();
            return kept[0][0].as<Revision>();
        }
        throw Error(ErrorCode::Io,
            "The connection to " + serverWords(parsed.display)
                + " was lost while the change was being saved, and the server did not keep it. Try again.");
    }

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
};

PostgresStore::PostgresStore(std::unique_ptr<Impl> impl)
    : impl_(std::move(impl))
{ }

PostgresStore::~PostgresStore() = default;

namespace {

std::int64_t programKey(pqxx::transaction_base& tx, const std::string& code, const std::string& display)
{
    if (!code.empty()) {
        const auto r = tx.exec_params("SELECT key FROM coursemap.programs WHERE code = $1", code);
        if (!r.empty())
            return r[0][0].as<std::int64_t>();
    }
    std::string codes;
    int n = 0;
    std::int64_t only = 0;
    for (const auto& row : tx.exec("SELECT key, code FROM coursemap.programs ORDER BY code")) {
        codes += (codes.empty() ? "" : ", ") + std::string(row[1].c_str());
        only = row[0].as<std::int64_t>();
        ++n;
    }
    if (code.empty() && n == 1)
        return only;
    if (code.empty())
        throw Error(ErrorCode::InvalidInput,
            n == 0
                ? serverWords(display) + " holds no program you may see."
                : "Say which program with --program CODE; " + serverWords(display) + " holds " + codes + ".");
    throw Error(ErrorCode::NotFound,
        "There is no program \"" + code + "\" on " + serverWords(display) + " that you may see"
            + (codes.empty() ? "." : "; there is " + codes + "."));
}

} // namespace

std::unique_ptr<PostgresStore> PostgresStore::open(
    const std::string& address, const std::string& code, OpenMode mode)
{
    auto impl = std::make_unique<Impl>();
    impl->address = address;
    impl->parsed = parseAddress(address);
    impl->mode = mode;
    impl->conn = connect(address, impl->parsed);
    try {
        pqxx::read_transaction tx(*impl->conn);
        const int version = schemaVersion(tx);
        if (version == 0)
            throw Error(ErrorCode::NotCoursemap,
                serverWords(impl->parsed.display)
                    + " holds no Coursemap programs yet. Its administrator sets it up with "
                      "`coursemap server init "
                    + impl->parsed.display + "`.",
                impl->parsed.display);
        if (version > pgschema::currentVersion())
            throw Error(ErrorCode::NewerVersion,
                serverWords(impl->parsed.display)
                    + " was set up by a newer version of Coursemap Studio (schema " + std::to_string(version)
                    + "; this version knows up to " + std::to_string(pgschema::currentVersion())
                    + "). Use the newer version.",
                impl->parsed.display);
        if (version < pgschema::currentVersion())
            throw Error(ErrorCode::ReadOnly,
                serverWords(impl->parsed.display)
                    + " must be upgraded first: its administrator runs `coursemap server init "
                    + impl->parsed.display + "`.",
                impl->parsed.display);
        impl->key = programKey(tx, code, impl->parsed.display);
        impl->code
            = tx.exec_params("SELECT code FROM coursemap.programs WHERE key = $1", impl->key)[0][0].c_str();
        tx.commit();
        impl->listen();
    } catch (const Error&) {
        throw;
    } catch (const std::exception& e) {
        throw translate(e, impl->parsed.display, "opening");
    }
    return std::unique_ptr<PostgresStore>(new PostgresStore(std::move(impl)));
}

std::vector<ServerProgram> PostgresStore::programs(const std::string& address)
{
    const auto parsed = parseAddress(address);
    auto conn = connect(address, parsed);
    std::vector<ServerProgram> out;
    try {
        pqxx::read_transaction tx(*conn);
        if (schemaVersion(tx) == 0)
            return out;
        const bool owner = tx.exec("SELECT coursemap.is_owner()")[0][0].as<bool>();
        for (const auto& row :
            tx.exec("SELECT p.code, coalesce((SELECT name FROM coursemap.program g WHERE g.program_key = "
                    "p.key LIMIT 1), ''), "
                    "p.revision, (SELECT string_agg(DISTINCT role, ', ') FROM coursemap.grants r WHERE "
                    "r.program_key = p.key "
                    "AND r.db_user = current_user) FROM coursemap.programs p ORDER BY p.code"))
            out.push_back({ row[0].c_str(), row[1].c_str(), row[2].as<Revision>(),
                row[3].is_null() ? (owner ? "owner" : "") : row[3].c_str() });
    } catch (const std::exception& e) {
        throw translate(e, parsed.display);
    }
    return out;
}

int PostgresStore::initialize(const std::string& address)
{
    const auto parsed = parseAddress(address);
    auto conn = connect(address, parsed);
    try {
        int version = 0;
        {
            pqxx::read_transaction tx(*conn);
            version = schemaVersion(tx);
        }
        if (version > pgschema::currentVersion())
            throw Error(
                ErrorCode::NewerVersion, serverWords(parsed.display) + " was set up by a newer version.");
        for (const auto& m : pgschema::migrations())
            if (m.version > version) {
                pqxx::work tx(*conn);
                tx.exec(std::string(m.sql));
                tx.exec_params("UPDATE coursemap.schema_version SET version = $1", m.version);
                tx.commit();
                spdlog::info("{}: schema version {}", parsed.display, m.version);
            }
    } catch (const Error&) {
        throw;
    } catch (const std::exception& e) {
        throw translate(e, parsed.display, "setting up the schema");
    }
    return pgschema::currentVersion();
}

namespace {

void changeGrant(const std::string& address, const std::string& code, const std::string& user,
    ServerRole role, const std::string& course, bool give)
{
    const auto parsed = parseAddress(address);
    auto conn = connect(address, parsed);
    try {
        pqxx::work tx(*conn);
        if (schemaVersion(tx) == 0)
            throw Error(ErrorCode::NotCoursemap,
                serverWords(parsed.display) + " is not set up: run `coursemap server init`.");
        const auto key = programKey(tx, code, parsed.display);
        std::optional<Id> courseId;
        if (role == ServerRole::CourseDirector) {
            if (course.empty())
                throw Error(ErrorCode::InvalidInput,
                    "A course director directs a course: say which with --course CODE.");
            const auto r = tx.exec_params(
                "SELECT id FROM coursemap.course WHERE program_key = $1 AND upper(replace(code, ' ', '')) = "
                "upper(replace($2, ' ', ''))",
                key, course);
            if (r.empty())
                throw Error(ErrorCode::InvalidInput,
                    "There is no course \"" + course + "\" in program " + code + ".");
            courseId = r[0][0].as<Id>();
        } else if (!course.empty())
            throw Error(ErrorCode::InvalidInput, "Only a course director's role is given for a course.");
        if (give) {
            if (tx.exec_params("SELECT 1 FROM pg_roles WHERE rolname = $1", user).empty())
                tx.exec("CREATE ROLE " + tx.quote_name(user) + " LOGIN");
            tx.exec("GRANT coursemap_user TO " + tx.quote_name(user));
            const std::string roleText = roleName(role);
            if (courseId)
                tx.exec_params("INSERT INTO coursemap.grants (program_key, db_user, role, course_id) VALUES "
                               "($1, $2, $3, $4) "
                               "ON CONFLICT DO NOTHING",
                    key, user, roleText, *courseId);
            else
                tx.exec_params(
                    "INSERT INTO coursemap.grants (program_key, db_user, role) VALUES ($1, $2, $3) "
                    "ON CONFLICT DO NOTHING",
                    key, user, roleText);
        } else {
            const auto r = courseId
                ? tx.exec_params(
                    "DELETE FROM coursemap.grants WHERE program_key = $1 AND db_user = $2 AND role = $3 AND "
                    "course_id = $4",
                    key, user, roleName(role), *courseId)
                : tx.exec_params(
                    "DELETE FROM coursemap.grants WHERE program_key = $1 AND db_user = $2 AND role = $3", key,
                    user, roleName(role));
            if (r.affected_rows() == 0)
                throw Error(ErrorCode::InvalidInput, user + " has no such role in program " + code + ".");
        }
        tx.commit();
    } catch (const Error&) {
        throw;
    } catch (const std::exception& e) {
        throw translate(e, parsed.display, give ? "granting" : "revoking");
    }
}

} // namespace

void PostgresStore::grant(const std::string& address, const std::string& code, const std::string& user,
    ServerRole role, const std::string& course)
{
    changeGrant(address, code, user, role, course, true);
}

void PostgresStore::revoke(const std::string& address, const std::string& code, const std::string& user,
    ServerRole role, const std::string& course)
{
    changeGrant(address, code, user, role, course, false);
}

PostgresStore::Published PostgresStore::publish(const std::string& address, const std::string& code,
    const DocumentData& data, Id nextId, const std::vector<std::pair<VersionInfo, std::string>>& versions,
    bool replace)
{
    if (code.empty() || code.size() > 200)
        throw Error(ErrorCode::InvalidInput,
            "A program's code on the server is 1 to 200 characters: --program CODE.");
    const auto parsed = parseAddress(address);
    auto conn = connect(address, parsed);
    Impl writer;
    writer.address = address;
    writer.parsed = parsed;
    writer.code = code;
    try {
        pqxx::work tx(*conn);
        if (schemaVersion(tx) != pgschema::currentVersion())
            throw Error(ErrorCode::NotCoursemap,
                serverWords(parsed.display) + " is not set up for this version: run `coursemap server init "
                    + parsed.display + "` first.");
        const auto existing
            = tx.exec_params("SELECT key FROM coursemap.programs WHERE code = $1 FOR UPDATE", code);
        pqxx::result keptGrants;
        if (!existing.empty()) {
            if (!replace)
                throw Error(ErrorCode::AlreadyExists,
                    "Program " + code + " is already on " + serverWords(parsed.display)
                        + ". Give --replace to replace it (its grants stay), or choose another --program "
                          "CODE.");
            const auto old = existing[0][0].as<std::int64_t>();
            // A course director's grant goes with the course's code: the program pushed may number it anew.
            keptGrants = tx.exec_params(
                "SELECT g.db_user, g.role, c.code FROM coursemap.grants g LEFT JOIN coursemap.course c ON "
                "c.program_key = g.program_key AND c.id = g.course_id WHERE g.program_key = $1",
                old);
            tx.exec_params("DELETE FROM coursemap.programs WHERE key = $1", old);
        }
        writer.key
            = tx.exec_params("INSERT INTO coursemap.programs (code, next_id) VALUES ($1, $2) RETURNING key",
                    code, std::max<Id>(nextId, 1))[0][0]
                  .as<std::int64_t>();
        // Every record as revision 1, in one call (as the schema's owner, the books are kept as they come).
        std::vector<std::string> labels;
        const json ops = writer.operations(addingAll(data), labels);
        WriterInfo pusher;
        pusher.author = tx.exec("SELECT current_user")[0][0].c_str();
        pusher.program = "coursemap push";
        if (!writer.writeChange(tx, 0, ops, pusher, "Published", newToken()))
            throw Error(ErrorCode::Forbidden, "Only the server's administrator publishes programs.");
        // Grants of the program replaced stay, a course director's where a course of the same code is still
        // in it.
        std::map<std::string, Id> courseByCode;
        for (const auto& [id, course] : data.all<Course>())
            courseByCode.emplace(course.code, id);
        for (const auto& g : keptGrants) {
            std::optional<std::string> course;
            if (std::string(g[1].c_str()) == "course-director") {
                const auto it = g[2].is_null() ? courseByCode.end() : courseByCode.find(g[2].c_str());
                if (it == courseByCode.end()) {
                    spdlog::warn("{}: {} directed a course no longer in program {}; that grant is gone",
                        parsed.display, g[0].c_str(), code);
                    continue;
                }
                course = std::to_string(it->second);
            }
            tx.exec_params(
                "INSERT INTO coursemap.grants (program_key, db_user, role, course_id) VALUES ($1, $2, "
                "$3, $4::bigint)",
                writer.key, g[0].c_str(), g[1].c_str(), course ? course->c_str() : nullptr);
        }
        for (const auto& [info, content] : versions)
            tx.exec_params(
                "INSERT INTO coursemap.version (program_key, name, author, created_at, content) VALUES "
                "($1, $2, $3, $4, $5)",
                writer.key, info.name, info.author, info.createdAt, content);
        tx.commit();
    } catch (const Error&) {
        throw;
    } catch (const std::exception& e) {
        throw translate(e, parsed.display, "publishing");
    }
    return { 1 };
}

Store::Loaded PostgresStore::load()
{
    try {
        pqxx::transaction<pqxx::repeatable_read, pqxx::read_only> tx(*impl_->conn);
        auto loaded = impl_->loadDocument(tx);
        tx.commit();
        return loaded;
    } catch (const std::exception& e) {
        impl_->rethrow(e, "reading the program");
    }
}

Revision PostgresStore::revision()
{
    try {
        if (!impl_->conn->is_open())
            impl_->reconnect();
        pqxx::read_transaction tx(*impl_->conn);
        const auto r = impl_->counters(tx, false).first;
        tx.commit();
        return r;
    } catch (const std::exception& e) {
        impl_->rethrow(e, "reading");
    }
}

StoredChanges PostgresStore::changesSince(Revision since)
{
    try {
        pqxx::transaction<pqxx::repeatable_read, pqxx::read_only> tx(*impl_->conn);
        auto out = impl_->readChanges(tx, since, false);
        tx.commit();
        return out;
    } catch (const std::exception& e) {
        impl_->rethrow(e, "reading what others changed");
    }
}

Revision PostgresStore::write(Revision since, const Planner& plan, const WriterInfo& writer)
{
    if (impl_->mode == OpenMode::ReadOnly)
        throw Error(ErrorCode::ReadOnly,
            "Program " + impl_->code + " is open read-only here, so changes cannot be saved.");
    // A change that must never be made twice carries its caller's token, marked so that the log keeps it.
    const std::string once = std::exchange(impl_->nextWriteToken, {});
    const std::string doubtful = once.empty() ? std::exchange(impl_->retryToken, {}) : std::string();
    impl_->retryToken.clear();
    impl_->doubtfulToken.clear();
    const std::string token = !once.empty() ? onceToken(once) : !doubtful.empty() ? doubtful : newToken();
    std::optional<Commit> commit;
    std::vector<std::string> labels;
    Revision next = 0;
    bool sent = false; // whether a commit may have reached the server
    auto describe = [&](const Commit& c) {
        return writer.description.empty() ? c.change.description : writer.description;
    };
    try {
        if (!impl_->conn->is_open())
            impl_->reconnect();
        std::optional<Revision> written;
        // Usually nobody has written since this program last read: plan against that and send the change in
        // one statement, which the server runs as one transaction and which writes nothing when the program
        // has moved on meanwhile.
        StoredChanges none;
        none.revision = since;
        none.nextId = impl_->nextId;
        commit = plan(none);
        if (!commit)
            return since;
        // (A change that must never be made twice, or that may already be on the server, is checked against
        // the log under the lock: the long way.)
        if (!commit->version && once.empty() && doubtful.empty()) {
            const json ops = impl_->operations(commit->change, labels);
            pqxx::nontransaction tx(*impl_->conn);
            sent = true;
            written = impl_->writeChange(tx, since, ops, writer, describe(*commit), token);
            sent = false;
        }
        if (!written) {
            // Others wrote meanwhile (or a version is kept with the change): lock the program's counter row,
            // read what they wrote, plan again against it and write, in one transaction.
            pqxx::work tx(*impl_->conn);
            const StoredChanges changes = impl_->readChanges(tx, since, true);
            if (!once.empty() || !doubtful.empty())
                if (const auto r
                    = tx.exec_params("SELECT revision, created_at FROM coursemap.revision_log WHERE "
                                     "program_key = $1 AND token = $2",
                        impl_->key, token);
                    !r.empty()) {
                    if (!doubtful.empty()) {
                        // The lost commit was kept: the caller learns of it with the rest of what it has
                        // not seen (its plan is not written), and the change is not made twice.
                        spdlog::info("{}: the change whose commit was lost is revision {}; not written again",
                            impl_->parsed.display, r[0][0].c_str());
                        try {
                            plan(changes); // only to absorb: what it plans is not written
                        } catch (const Error& e) {
                            spdlog::info("{}: {}", impl_->parsed.display, e.message());
                        }
                        return changes.revision;
                    }
                    throw Error(ErrorCode::Conflict,
                        "The server already has this change (revision " + std::string(r[0][0].c_str()) + ", "
                            + r[0][1].c_str() + "), so it was not made a second time. Nothing was saved.");
                }
            commit = plan(changes);
            if (!commit)
                return changes.revision;
            labels.clear();
            const json ops = impl_->operations(commit->change, labels);
            written = impl_->writeChange(tx, changes.revision, ops, writer, describe(*commit), token);
            if (!written) // the counter row is locked by this transaction: only a right is missing
                impl_->forbidden(tx, "anything");
            if (commit->version)
                tx.exec_params(
                    "INSERT INTO coursemap.version (program_key, name, author, created_at, content) VALUES "
                    "($1, $2, $3, $4, $5)",
                    impl_->key, commit->version->name, commit->version->author, commit->version->createdAt,
                    commit->versionContent);
            sent = true;
            tx.commit();
        }
        next = *written;
    } catch (const Error&) {
        throw;
    } catch (const pqxx::sql_error& e) {
        impl_->refused(e, labels);
    } catch (const std::exception& e) {
        // The connection broke while the server may have been committing: ask it whether it took the change.
        const bool doubt = dynamic_cast<const pqxx::in_doubt_error*>(&e)
            || (sent && dynamic_cast<const pqxx::broken_connection*>(&e));
        if (!doubt)
            impl_->rethrow(e, "saving");
        next = impl_->settleDoubt(token);
    }
    impl_->track(commit->change, next);
    for (const auto& c : commit->change.items)
        if (c.after)
            impl_->nextId = std::max(impl_->nextId, c.id() + 1);
    return next;
}

void PostgresStore::setNextWriteToken(std::string token)
{
    impl_->nextWriteToken = std::move(token);
}

std::optional<std::string> PostgresStore::takeDoubtfulToken()
{
    auto token = std::exchange(impl_->doubtfulToken, {});
    return token.empty() ? std::nullopt : std::optional(std::move(token));
}

void PostgresStore::retryWith(std::string doubtfulToken)
{
    impl_->retryToken = std::move(doubtfulToken);
}

std::optional<PostgresStore::WrittenChange> PostgresStore::writtenWith(const std::string& token)
{
    try {
        if (!impl_->conn->is_open())
            impl_->reconnect();
        pqxx::read_transaction tx(*impl_->conn);
        const auto r = tx.exec_params("SELECT revision, author, created_at FROM coursemap.revision_log WHERE "
                                      "program_key = $1 AND token = $2",
            impl_->key, onceToken(token));
        tx.commit();
        if (r.empty())
            return std::nullopt;
        return WrittenChange { r[0][0].as<Revision>(), r[0][1].c_str(), r[0][2].c_str() };
    } catch (const std::exception& e) {
        impl_->rethrow(e, "reading");
    }
}

void PostgresStore::saveAs(const fs::path&)
{
    throw Error(ErrorCode::InvalidInput,
        "A program on a server is copied to a file with `coursemap pull " + impl_->parsed.display
            + " FILE --program " + impl_->code
            + "`; the copy remembers where it came from, and `coursemap sync` brings its edits back.");
}

fs::path PostgresStore::path() const
{
    return fs::path(impl_->parsed.display + "#" + impl_->code);
}

std::vector<VersionInfo> PostgresStore::versions()
{
    std::vector<VersionInfo> out;
    try {
        pqxx::read_transaction tx(*impl_->conn);
        for (const auto& row : tx.exec_params(
                 "SELECT name, author, created_at FROM coursemap.version WHERE program_key = $1 ORDER BY seq",
                 impl_->key))
            out.push_back({ row[0].c_str(), row[1].c_str(), row[2].c_str() });
        tx.commit();
    } catch (const std::exception& e) {
        impl_->rethrow(e, "reading the versions");
    }
    return out;
}

std::optional<std::string> PostgresStore::versionContent(const std::string& name)
{
    try {
        pqxx::read_transaction tx(*impl_->conn);
        const auto r = tx.exec_params(
            "SELECT content FROM coursemap.version WHERE program_key = $1 AND name = $2", impl_->key, name);
        tx.commit();
        if (r.empty())
            return std::nullopt;
        return std::string(r[0][0].c_str(), r[0][0].size());
    } catch (const std::exception& e) {
        impl_->rethrow(e, "reading a version");
    }
}

bool PostgresStore::readOnly() const
{
    return impl_->mode == OpenMode::ReadOnly;
}

int PostgresStore::notificationSocket() const
{
    return impl_->conn && impl_->conn->is_open() ? impl_->conn->sock() : -1;
}

bool PostgresStore::takeNotifications()
{
    try {
        if (!impl_->conn->is_open())
            return false;
        impl_->notifications->count = 0;
        impl_->conn->get_notifs();
        return impl_->notifications->count > 0;
    } catch (const std::exception& e) {
        spdlog::warn("{}: {}", impl_->parsed.display, e.what());
        return false;
    }
}

std::vector<std::string> PostgresStore::presence()
{
    std::vector<std::string> out;
    try {
        pqxx::read_transaction tx(*impl_->conn);
        for (const auto& row : tx.exec_params(
                 "SELECT usename, count(*) FROM pg_stat_activity WHERE datname = current_database() AND "
                 "application_name = $1 AND pid <> pg_backend_pid() GROUP BY usename ORDER BY usename",
                 "coursemap " + impl_->code))
            out.push_back(std::string(row[0].c_str())
                + (row[1].as<int>() > 1 ? " (" + std::string(row[1].c_str()) + ")" : ""));
        tx.commit();
    } catch (const std::exception& e) {
        spdlog::debug("{}: presence: {}", impl_->parsed.display, e.what());
    }
    return out;
}

const std::string& PostgresStore::address() const
{
    return impl_->address;
}

const std::string& PostgresStore::programCode() const
{
    return impl_->code;
}

std::string PostgresStore::userDescription() const
{
    try {
        pqxx::read_transaction tx(*impl_->conn);
        const std::string user = tx.exec("SELECT current_user")[0][0].c_str();
        const bool owner = tx.exec("SELECT coursemap.is_owner()")[0][0].as<bool>();
        const std::string roles = impl_->rolesInWords(tx);
        tx.commit();
        return user + ", " + (owner ? "server administrator" : roles);
    } catch (const std::exception&) {
        return {};
    }
}

} // namespace coursemap
