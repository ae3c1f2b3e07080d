#include "ServerFixture.h"

#include "coursemap/storage/PostgresStore.h"
#include "support/Process.h"
#include "support/TestFiles.h"

#include <catch2/catch.hpp>

#include <atomic>
#include <cstdlib>
#include <random>
#include <unistd.h>

namespace coursemap::test {

namespace {

std::string env(const char* name)
{
    const char* v = std::getenv(name);
    return v ? v : "";
}

std::string base()
{
    return "postgresql://" + env("PGHOST") + ":" + (env("PGPORT").empty() ? "5432" : env("PGPORT"));
}

} // namespace

bool serverAvailable()
{
    return !env("PGHOST").empty() && !env("PGUSER").empty();
}

Server::Server()
{
    if (!serverAvailable())
        FAIL("These tests need a PostgreSQL cluster: run them with `pg_virtualenv ctest -L server` "
             "(scripts/test does).");
    static std::atomic<int> counter = 0;
    std::random_device random;
    database_ = "cm" + std::to_string(getpid()) + "_" + std::to_string(counter++) + "_"
        + std::to_string(random() % 100000);
    {
        pqxx::connection admin(base() + "/postgres");
        pqxx::nontransaction tx(admin);
        tx.exec("CREATE DATABASE " + tx.quote_name(database_));
    }
    uri_ = base() + "/" + database_;
    PostgresStore::initialize(uri_);
}

Server::~Server()
{
    try {
        pqxx::connection admin(base() + "/postgres");
        pqxx::nontransaction tx(admin);
        tx.exec("DROP DATABASE IF EXISTS " + tx.quote_name(database_) + " WITH (FORCE)");
        const auto roles
            = tx.exec_params("SELECT rolname FROM pg_roles WHERE rolname LIKE $1", "%_" + database_);
        for (const auto& r : roles)
            tx.exec("DROP ROLE IF EXISTS " + tx.quote_name(r[0].c_str()));
    } catch (const std::exception& e) {
        WARN("could not drop test database " << database_ << ": " << e.what());
    }
}

std::string Server::uriAs(const std::string& user) const
{
    return "postgresql://" + user + "@" + env("PGHOST") + ":"
        + (env("PGPORT").empty() ? "5432" : env("PGPORT")) + "/" + database_;
}

std::string Server::user(const std::string& name) const
{
    return name + "_" + database_;
}

void Server::allowLogin(const std::string& user) const
{
    pqxx::connection c(uri_);
    pqxx::nontransaction tx(c);
    tx.exec("ALTER ROLE " + tx.quote_name(user) + " LOGIN PASSWORD " + tx.quote(env("PGPASSWORD")));
}

void Server::sql(const std::string& statement, const std::string& user) const
{
    pqxx::connection c(user.empty() ? uri_ : uriAs(user));
    pqxx::work tx(c);
    tx.exec(statement);
    tx.commit();
}

void Server::refuseConnections(bool refuse) const
{
    pqxx::connection admin(base() + "/postgres");
    pqxx::nontransaction tx(admin);
    tx.exec(
        "ALTER DATABASE " + tx.quote_name(database_) + " ALLOW_CONNECTIONS " + (refuse ? "false" : "true"));
    if (refuse)
        tx.exec_params(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1", database_);
}

void Server::pushSample() const
{
    TempDir dir;
    const auto map = sampleMap(dir);
    const auto r = runCli({ "push", map, uri_, "--program", "MD" });
    INFO(r.err);
    REQUIRE(r.exitCode == 0);
}

} // namespace coursemap::test
