// A database of its own on the PostgreSQL cluster the test runs against (pg_virtualenv sets PGHOST, PGPORT,
// PGUSER and PGPASSWORD), set up with `coursemap server init`, dropped afterwards. Users made by a test carry
// the test's database name, so tests running at once never share one.
#pragma once

#include "coursemap/Document.h"

#include <pqxx/pqxx>

#include <memory>
#include <string>

namespace coursemap::test {

class Server
{
public:
    Server();
    ~Server();
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    // The address as the cluster's superuser (the database's owner, who ran `server init`).
    const std::string& uri() const { return uri_; }
    const std::string& database() const { return database_; }
    // The address as database user `user` (password from PGPASSWORD, as libpq reads it).
    std::string uriAs(const std::string& user) const;
    // A user name of this test's own: "<name>_<database>".
    std::string user(const std::string& name) const;
    // Gives `user` the cluster's test password so that it can log in over TCP (grant creates it without one).
    void allowLogin(const std::string& user) const;
    // Runs SQL as `user` (empty: the superuser) in one transaction; throws what the server throws.
    void sql(const std::string& statement, const std::string& user = {}) const;
    // Makes the database refuse every connection and drops those open (as when the server goes away), or
    // lets them in again.
    void refuseConnections(bool refuse) const;
    // The sample map pushed as program "MD"; returns nothing, throws on failure.
    void pushSample() const;

private:
    std::string database_;
    std::string uri_;
};

// A TCP relay between clients and the server (PGHOST, PGPORT) that can lose what the server answers, as a
// network does: the server gets the client's statement, commits it, and the client never hears back.
class Relay
{
public:
    Relay();
    ~Relay();
    Relay(const Relay&) = delete;
    Relay& operator=(const Relay&) = delete;

    // An address of `database` through the relay, as the cluster's superuser (no TLS: the relay reads the
    // statements).
    std::string uri(const std::string& database) const;
    // From now on: once a client sends a statement containing `marker`, the server still gets it but the
    // client never gets the answer; a moment later the relay cuts the connection and, when `thenRefuse`,
    // refuses every new one until refuse(false).
    void loseAnswerTo(const std::string& marker, bool thenRefuse = true);
    void refuse(bool refuse);

private:
    struct State;
    std::unique_ptr<State> state_;
};

// Whether the PG* variables name a cluster (the test runs under pg_virtualenv).
bool serverAvailable();

} // namespace coursemap::test
