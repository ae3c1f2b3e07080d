// Server addresses without a server: a password in any form libpq reads is refused and never shown, an
// address libpq cannot read is refused in words without echoing it, and what is shown or stored is rebuilt
// from libpq's own reading of the address, without its passwords. (No server listens on port 1: nothing here
// reaches one.)
#include "coursemap/Error.h"
#include "coursemap/storage/PostgresStore.h"
#include "coursemap/storage/ServerAddress.h"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace coursemap;

namespace {

// The error from asking `address` for its programs (none when it somehow succeeded).
std::optional<Error> refusal(const std::string& address)
{
    try {
        PostgresStore::programs(address);
    } catch (const Error& e) {
        return e;
    }
    return std::nullopt;
}

} // namespace

TEST_CASE("A password in any form of address is refused, and never shown")
{
    for (const std::string address : {
             "postgresql://someone:hunter2@localhost:1/db",
             "postgres://someone:hunter2@localhost:1/db",
             "postgresql://:hunter2@localhost:1/db",
             "postgresql://some%3Aone:hun%74er2%40x@localhost:1/db",
             "postgresql://localhost:1/db?password=hunter2",
             "postgresql://localhost:1/db?PASSWORD=hunter2",
             "postgresql://localhost:1/db?Password=hunter2&sslmode=disable",
             "postgresql://localhost:1/db?pass%77ord=hunter2",
             "postgresql://localhost:1/db?%70%61%73%73%77%6F%72%64=hunter2",
             "postgresql://localhost:1/db?sslpassword=hunter2",
             "postgresql://localhost:1/db?SSLPassword=hunter2",
             "postgresql://localhost:1/db?ssl%70assword=hunter2",
             "host=localhost port=1 dbname=db password=hunter2",
             "host=localhost port=1 sslpassword='hunter2 x'",
         }) {
        INFO(address);
        const auto e = refusal(address);
        REQUIRE(e);
        CHECK(e->code() == ErrorCode::InvalidInput);
        CHECK_THAT(e->message(), Catch::Contains("pgpass"));
        CHECK_THAT(e->message() + e->detail(), !Catch::Contains("hunter2"));
        CHECK_THAT(displayAddress(address), !Catch::Contains("hunter2"));
        CHECK_THAT(displayAddress(address), !Catch::Contains("hun%74er2"));
        CHECK_THAT(addressWithoutPasswords(address).value_or(""), !Catch::Contains("hunter2"));
    }
}

TEST_CASE("An address libpq cannot read is refused in words, never echoed with its password")
{
    // libpq's own text about these repeats the address or a part of it, password included.
    for (const std::string address : {
             "postgresql://someone:hunter2@[::1/db",
             "postgresql://someone:hunter2@[]/db",
             "postgresql://someone:hunter2%zz@localhost:1/db",
             "postgresql://someone:hunter2%00@localhost:1/db",
             "postgresql://someone:hunter2@localhost:1/db?sslmode",
             "postgresql://localhost:1/db?hunter2",
             "postgresql://localhost:1/db?a=b=hunter2",
             "postgresql://localhost:1/db?passwd=hunter2",
             "host=localhost hunter2",
             "host=localhost password='hunter2",
         }) {
        INFO(address);
        const auto e = refusal(address);
        REQUIRE(e);
        CHECK(e->code() == ErrorCode::InvalidInput);
        CHECK_THAT(e->message() + e->detail(), !Catch::Contains("hunter2"));
        CHECK_THAT(displayAddress(address), !Catch::Contains("hunter2"));
        CHECK_FALSE(addressWithoutPasswords(address));
    }
    // What is wrong, in words.
    CHECK_THAT(refusal("postgresql://localhost:1/db?sslmod=require")->message(),
        Catch::Contains("option libpq does not know"));
    CHECK_THAT(refusal("postgresql://[::1/db")->message(), Catch::Contains("host"));
    CHECK_THAT(refusal("postgresql://localhost/d%zzb")->message(), Catch::Contains("%"));
    // A password libpq cannot read is still named as one, with where passwords go.
    CHECK_THAT(
        refusal("postgresql://localhost:1/db?PassWord=hunter2&x")->message(), Catch::Contains("pgpass"));
}

TEST_CASE("An address is shown and stored rebuilt from libpq's reading of it, without passwords")
{
    CHECK(displayAddress("postgresql://localhost:5432/cm1") == "postgresql://localhost:5432/cm1");
    CHECK(displayAddress("postgresql://ann@db.example.edu/curriculum?sslmode=require")
        == "postgresql://ann@db.example.edu/curriculum?sslmode=require");
    CHECK(addressWithoutPasswords(
              "postgres://ann:pw@db.example.edu:5433/curriculum?sslpassword=pw&sslmode=verify-full")
        == "postgresql://ann@db.example.edu:5433/curriculum?sslmode=verify-full");
    CHECK(addressWithoutPasswords("postgresql:///curriculum?host=/var/run/postgresql")
        == "postgresql:///curriculum?host=%2Fvar%2Frun%2Fpostgresql");
    CHECK(addressWithoutPasswords("postgresql://?service=school") == "postgresql:///?service=school");
    CHECK(addressWithoutPasswords("postgresql://a:5432,b:5433/db")
        == "postgresql:///db?host=a%2Cb&port=5432%2C5433");
    CHECK(addressWithoutPasswords("host=db.example.edu dbname='my db' user=ann password=pw")
        == "postgresql://ann@db.example.edu/my%20db");
    // An address libpq cannot read is shown by its host alone.
    CHECK(displayAddress("postgresql://ann:pw@db.example.edu/curriculum?PASSWORD=pw&x")
        == "postgresql://db.example.edu/…");
    CHECK(displayAddress("host=db.example.edu password='pw") == "(an address libpq cannot read)");
}
