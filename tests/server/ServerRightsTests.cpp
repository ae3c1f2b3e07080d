// The server keeps its own books and rules against a user with a login and psql (schema version 2): each case
// is a move an adversary made against version 1, tried on the user's own connection with raw SQL.
#include "ServerFixture.h"

#include "coursemap/Error.h"
#include "coursemap/storage/PostgresStore.h"
#include "support/Process.h"

#include <catch2/catch.hpp>

#include <chrono>
#include <thread>

using namespace coursemap;
using namespace coursemap::test;

namespace {

ProcessResult cli(const std::vector<std::string>& args, const std::string& input = {})
{
    return runCli(args, input);
}

const std::string Key = "(SELECT key FROM coursemap.programs WHERE code = 'MD')";
// Counts the program's revision up, as every write must before it changes a record.
const std::string CountOnly = "UPDATE coursemap.programs SET revision = revision + 1 WHERE code = 'MD'; ";
// ... and logs the revision counted, as every write must by the time it commits.
const std::string CountUp = CountOnly
    + "INSERT INTO coursemap.revision_log (program_key, revision, author, program, description, created_at, "
      "token) SELECT key, revision, 'psql', 'psql', 'By hand', '2026-12-03T00:00:00Z', md5(random()::text) "
      "FROM "
      "coursemap.programs WHERE code = 'MD'; ";

// The first value of the first row `sql` returns, run as `user`.
std::string value(const Server& server, const std::string& user, const std::string& sql)
{
    pqxx::connection c(server.uriAs(user));
    pqxx::read_transaction tx(c);
    const auto r = tx.exec(sql);
    return r.empty() || r[0][0].is_null() ? "(null)" : r[0][0].c_str();
}

std::string superuserValue(const Server& server, const std::string& sql)
{
    pqxx::connection c(server.uri());
    pqxx::read_transaction tx(c);
    const auto r = tx.exec(sql);
    return r.empty() || r[0][0].is_null() ? "(null)" : r[0][0].c_str();
}

struct Roles
{
    Server server;
    std::string director, reviewer, both, reader, stranger;
    Roles()
    {
        server.pushSample();
        director = server.user("okafor");
        reviewer = server.user("raman");
        both = server.user("lind");
        reader = server.user("chen");
        stranger = server.user("stranger");
        grant(director, "course-director", "CARD 210");
        grant(reviewer, "reviewer");
        grant(both, "reviewer");
        grant(both, "course-director", "CARD 210");
        grant(reader, "reader");
        server.sql("CREATE ROLE " + stranger + " LOGIN IN ROLE coursemap_user");
        for (const auto& u : { director, reviewer, both, reader, stranger })
            server.allowLogin(u);
    }
    void grant(const std::string& user, const std::string& role, const std::string& course = {})
    {
        std::vector<std::string> args { "server", "grant", server.uri(), user, "--role", role, "--program",
            "MD" };
        if (!course.empty()) {
            args.push_back("--course");
            args.push_back(course);
        }
        const auto r = cli(args);
        INFO(r.err);
        REQUIRE(r.exitCode == 0);
    }
    std::string status(const std::string& user, Id item, const std::string& to) const
    {
        const auto r = cli({ "status", server.uriAs(user), "--item", std::to_string(item), "--set", to,
            "--justification", "Reviewed by the committee." });
        return r.exitCode == 0 ? "ok" : r.err;
    }
};

} // namespace

TEST_CASE("The server keeps its books: no user rewrites the log, the tombstones or the counters")
{
    Roles t;
    const auto& d = t.director;
    // The log, the tombstones and the next id are the server's.
    CHECK_THROWS(t.server.sql("DELETE FROM coursemap.revision_log", d));
    CHECK_THROWS(t.server.sql("UPDATE coursemap.revision_log SET author = 'Dean'", d));
    CHECK_THROWS(t.server.sql(CountUp
            + "INSERT INTO coursemap.revision_log (program_key, revision, author, program, description, "
              "created_at, token) SELECT key, revision + 1, 'Dean', 'x', 'x', 'x', 'x' FROM "
              "coursemap.programs",
        d));
    CHECK_THROWS(t.server.sql(
        "INSERT INTO coursemap.removed_item (program_key, id, revision) SELECT " + Key + ", 203, 99", d));
    CHECK_THROWS(t.server.sql("DELETE FROM coursemap.removed_item", d));
    CHECK_THROWS(t.server.sql("UPDATE coursemap.programs SET next_id = 9007199254740991", d));
    CHECK_THROWS(t.server.sql("UPDATE coursemap.programs SET revision = revision + 5", d));
    // A record written without counting the revision up would be missed by everyone else: refused.
    CHECK_THROWS(t.server.sql("UPDATE coursemap.objective SET text = 'Unseen.' WHERE id = 203", d));
    // Ids: not past the range the server hands out, never one in use.
    CHECK_THROWS(t.server.sql(CountUp
            + "INSERT INTO coursemap.objective (program_key, id, course_id, ord, text, status, revision) "
              "SELECT "
            + Key + ", 9007199254740990, 200, 99, 'Last id.', 'draft', 0",
        d));
    CHECK_THROWS(t.server.sql(CountUp
            + "INSERT INTO coursemap.objective (program_key, id, course_id, ord, text, status, revision) "
              "SELECT "
            + Key + ", 231, 200, 99, 'Same id as an activity.', 'draft', 0",
        d));
    CHECK_THROWS(t.server.sql(
        CountUp + "UPDATE coursemap.objective SET id = 99999 WHERE id = 203", d)); // ids never change
    CHECK(Document::openAt(t.server.uri(), "MD", OpenMode::ReadOnly)->data().contains(203));

    // A raw write that keeps the contract is seen by every client, with the revision the server gave it.
    auto watcher = Document::openAt(t.server.uri(), "MD", OpenMode::ReadOnly);
    t.server.sql(CountUp + "UPDATE coursemap.objective SET text = 'Interpret an ECG.' WHERE id = 203", d);
    watcher->refresh();
    CHECK(watcher->data().get<Objective>(203)->text == "Interpret an ECG.");
    // And an edit through Coursemap still works after it (the next id followed the server).
    const auto add = cli({ "apply", t.server.uriAs(d), "-" },
        R"({"op":"add","kind":"objective","fields":{"course_id":200,"text":"Explain the cardiac cycle."}})"
        "\n");
    INFO(add.err);
    CHECK(add.exitCode == 0);
}

TEST_CASE("Review history on the server: it goes only with its item, and nobody approves their own course")
{
    Roles t;
    REQUIRE(t.status(t.director, 203, "in_review") == "ok");
    // The director cannot approve their own course, by the CLI or by SQL, nor delete its history.
    CHECK_THAT(t.status(t.director, 203, "approved"), Catch::Contains("refused"));
    CHECK_THROWS(t.server.sql(CountUp
            + "INSERT INTO coursemap.status_change (program_key, id, item_id, status, author, created_at, "
              "justification) SELECT key, next_id, 203, 'approved', 'x', 'x', 'x' FROM coursemap.programs "
              "WHERE code = 'MD'",
        t.director));
    CHECK_THROWS(
        t.server.sql(CountUp + "DELETE FROM coursemap.status_change WHERE item_id = 203", t.director));
    // A reviewer who also directs the course cannot approve it either; they approve another course.
    CHECK_THAT(t.status(t.both, 203, "approved"), Catch::Contains("refused"));
    REQUIRE(t.status(t.reviewer, 103, "in_review") == "ok");
    CHECK(t.status(t.both, 103, "approved") == "ok");
    // A reviewer who directs no course approves.
    CHECK(t.status(t.reviewer, 203, "approved") == "ok");
    CHECK(superuserValue(t.server, "SELECT status FROM coursemap.objective WHERE id = 203") == "approved");
    // Deleting the item takes its history with it.
    const auto remove = cli({ "apply", t.server.uriAs(t.director), "-" },
        R"({"op":"remove","id":204})"
        "\n");
    INFO(remove.err);
    CHECK(remove.exitCode == 0);
}

TEST_CASE("Review history agrees with its record at COMMIT: it cannot make a program unreadable, nor approve "
          "a course through an id taken over")
{
    Roles t;
    const auto opens = [&] { return cli({ "check", t.server.uri() }).exitCode != 2; };
    // History alone, the record's status left as it was: refused (every client would refuse the program).
    CHECK_THROWS(t.server.sql(CountUp
            + "INSERT INTO coursemap.status_change (program_key, id, item_id, status, author, created_at, "
              "justification) SELECT key, next_id, 203, 'in_review', 'x', 'x', '' FROM coursemap.programs "
              "WHERE code = 'MD'",
        t.reviewer));
    // A new record written as a draft with history that says otherwise: refused.
    CHECK_THROWS(t.server.sql(CountUp
            + "INSERT INTO coursemap.objective (program_key, id, course_id, ord, text, status) SELECT key, "
              "next_id, 200, 99, 'New.', 'draft' FROM coursemap.programs WHERE code = 'MD'; "
              "INSERT INTO coursemap.status_change (program_key, id, item_id, status, author, created_at, "
              "justification) SELECT key, next_id, next_id - 1, 'in_review', 'x', 'x', '' FROM "
              "coursemap.programs WHERE code = 'MD'",
        t.director));
    CHECK(opens());
    // A reviewer who directs CARD 210 approves history written for their own comment on another course's
    // objective, removes the comment and gives its id to an approved objective of CARD 210: refused at
    // COMMIT.
    CHECK_THROWS(t.server.sql(CountUp + R"(DO $$
        DECLARE c bigint;
        BEGIN
            INSERT INTO coursemap.comment (program_key, id, item_id, author, created_at, text, resolved)
                SELECT key, next_id, 103, 'lind', 'x', 'note', false FROM coursemap.programs WHERE code = 'MD';
            SELECT next_id - 1 INTO c FROM coursemap.programs WHERE code = 'MD';
            INSERT INTO coursemap.status_change (program_key, id, item_id, status, author, created_at, justification)
                SELECT key, next_id, c, 'in_review', 'lind', 'x', '' FROM coursemap.programs WHERE code = 'MD';
            INSERT INTO coursemap.status_change (program_key, id, item_id, status, author, created_at, justification)
                SELECT key, next_id, c, 'approved', 'lind', 'x', 'ok' FROM coursemap.programs WHERE code = 'MD';
            DELETE FROM coursemap.comment WHERE id = c;
            INSERT INTO coursemap.objective (program_key, id, course_id, ord, text, status)
                SELECT key, c, 200, 99, 'Self-approved.', 'approved' FROM coursemap.programs WHERE code = 'MD';
        END $$)",
        t.both));
    CHECK(superuserValue(t.server, "SELECT count(*) FROM coursemap.objective WHERE text = 'Self-approved.'")
        == "0");
    CHECK(opens());
    // The review's own moves still go through.
    CHECK(t.status(t.director, 203, "in_review") == "ok");
    CHECK(t.status(t.reviewer, 203, "approved") == "ok");
    CHECK(opens());
}

TEST_CASE("Comments on the server: only whether one is resolved changes, and it goes with its subject")
{
    Roles t;
    REQUIRE(cli({ "comment", "add", t.server.uriAs(t.reviewer), "--item", "203", "--text", "Which leads?" })
                .exitCode
        == 0);
    const auto id = superuserValue(t.server, "SELECT max(id) FROM coursemap.comment WHERE item_id = 203");
    CHECK(superuserValue(t.server, "SELECT db_user FROM coursemap.comment WHERE id = " + id) == t.reviewer);
    // The course's director cannot rewrite it, re-point it, or delete it while its subject stays.
    CHECK_THROWS(t.server.sql(
        CountUp + "UPDATE coursemap.comment SET text = 'Looks fine.' WHERE id = " + id, t.director));
    CHECK_THROWS(t.server.sql(
        CountUp + "UPDATE coursemap.comment SET author = 'Someone' WHERE id = " + id, t.director));
    CHECK_THROWS(
        t.server.sql(CountUp + "UPDATE coursemap.comment SET item_id = 204 WHERE id = " + id, t.director));
    CHECK_THROWS(t.server.sql(CountUp + "DELETE FROM coursemap.comment WHERE id = " + id, t.director));
    // They may resolve it.
    t.server.sql(CountUp + "UPDATE coursemap.comment SET resolved = true WHERE id = " + id, t.director);
    CHECK(superuserValue(t.server, "SELECT text || ' ' || resolved FROM coursemap.comment WHERE id = " + id)
        == "Which leads? true");
    // Whoever wrote a comment may take it back (an undo).
    t.server.sql(CountUp + "DELETE FROM coursemap.comment WHERE id = " + id, t.reviewer);
    CHECK(superuserValue(t.server, "SELECT count(*) FROM coursemap.comment WHERE id = " + id) == "0");
}

TEST_CASE("A reviewer who directs a course cannot move another course's objective into it")
{
    Roles t;
    CHECK_THROWS(
        t.server.sql(CountUp + "UPDATE coursemap.objective SET course_id = 200 WHERE id = 103", t.both));
    CHECK(superuserValue(t.server, "SELECT course_id FROM coursemap.objective WHERE id = 103") == "100");
    // Their own course's records they still edit.
    t.server.sql(
        CountUp + "UPDATE coursemap.objective SET text = 'Interpret an ECG.' WHERE id = 203", t.both);
    CHECK(superuserValue(t.server, "SELECT text FROM coursemap.objective WHERE id = 203")
        == "Interpret an ECG.");
}

TEST_CASE("The server's rights helpers tell a user nothing about programs they have no part in")
{
    Roles t;
    CHECK(value(t.server, t.stranger, "SELECT coursemap.course_of(" + Key + ", 203)") == "(null)");
    CHECK(value(t.server, t.stranger,
              "SELECT coursemap.allowed_any(" + Key + ", '" + t.director + "', ARRAY['course-director'])")
        == "f");
    // Not even about another user in a program they share.
    CHECK(value(t.server, t.reader,
              "SELECT coursemap.allowed_any(" + Key + ", '" + t.director + "', ARRAY['course-director'])")
        == "f");
    CHECK(value(t.server, t.reader, "SELECT coursemap.course_of(" + Key + ", 203)") == "200");
}

TEST_CASE("A writer held up by another connection's lock stops after a few seconds and says who holds it")
{
    Roles t;
    pqxx::connection holder(t.server.uriAs(t.reviewer));
    pqxx::work hold(holder);
    hold.exec("SELECT 1 FROM coursemap.programs WHERE code = 'MD' FOR UPDATE");
    const auto started = std::chrono::steady_clock::now();
    const auto r = cli({ "apply", t.server.uriAs(t.director), "-" },
        R"({"op":"update","id":203,"field":"text","value":"Interpret an ECG."})"
        "\n");
    const auto waited = std::chrono::steady_clock::now() - started;
    hold.abort();
    CHECK(r.exitCode != 0);
    CHECK_THAT(r.err, Catch::Contains("held by another connection") && Catch::Contains(t.reviewer));
    CHECK(waited < std::chrono::seconds(30));
    CHECK(superuserValue(t.server, "SELECT text FROM coursemap.objective WHERE id = 203")
        != "Interpret an ECG.");
}

TEST_CASE("push --replace keeps a course director's grant on the course of the same code")
{
    Roles t;
    // A copy of the program in which CARD 210 was removed and made again (a new id).
    TempDir dir;
    const auto copy = (dir.path() / "md.coursemap").string();
    REQUIRE(cli({ "pull", t.server.uri(), copy, "--program", "MD" }).exitCode == 0);
    const auto redo = cli({ "apply", copy, "-" },
        R"({"op":"remove","id":200})"
        "\n"
        R"({"op":"add","kind":"course","fields":{"code":"CARD 210","title":"Cardiovascular Medicine"}})"
        "\n");
    INFO(redo.err);
    REQUIRE(redo.exitCode == 0);
    const auto pushed = cli({ "push", copy, t.server.uri(), "--program", "MD", "--replace" });
    INFO(pushed.err);
    REQUIRE(pushed.exitCode == 0);
    const auto course = superuserValue(t.server, "SELECT id FROM coursemap.course WHERE code = 'CARD 210'");
    CHECK(course != "200");
    CHECK(superuserValue(t.server,
              "SELECT course_id FROM coursemap.grants WHERE db_user = '" + t.director
                  + "' AND role = "
                    "'course-director'")
        == course);
}

TEST_CASE("The server's own functions cannot be turned against it: attached to a user's table, or passed by "
          "switching role before COMMIT")
{
    Roles t;
    // A function that runs as the schema's owner, attached as a trigger to a table of the user's own with
    // rows of their making (a tombstone for a live record, the next id at its end, the log emptied).
    CHECK_THROWS(
        t.server.sql("CREATE TEMP TABLE t (program_key bigint, id bigint); CREATE TRIGGER x AFTER INSERT "
                     "OR DELETE ON t FOR EACH ROW EXECUTE FUNCTION coursemap.keep_books()",
            t.stranger));
    CHECK_THROWS(
        t.server.sql("CREATE TEMP TABLE r (program_key bigint, revision bigint); CREATE TRIGGER x AFTER "
                     "INSERT ON r FOR EACH ROW EXECUTE FUNCTION coursemap.prune_log()",
            t.reviewer));
    // The checks made at COMMIT hold whatever role the user switched to before it.
    CHECK_THROWS(t.server.sql(CountUp
            + "UPDATE coursemap.course SET status = 'approved' WHERE id = 200; SET LOCAL ROLE coursemap_user",
        t.director));
    CHECK(superuserValue(t.server, "SELECT status FROM coursemap.course WHERE id = 200") != "approved");
    REQUIRE(cli({ "comment", "add", t.server.uriAs(t.director), "--item", "203", "--text", "Mine." }).exitCode
        == 0);
    const auto id = superuserValue(t.server, "SELECT max(id) FROM coursemap.comment");
    CHECK_THROWS(t.server.sql(
        CountUp + "DELETE FROM coursemap.comment WHERE id = " + id + "; SET LOCAL ROLE coursemap_user",
        t.reviewer));
    CHECK(superuserValue(t.server, "SELECT count(*) FROM coursemap.comment WHERE id = " + id) == "1");
    // Review history only for a record there is: none written ahead for an id not yet given out.
    CHECK_THROWS(t.server.sql(CountUp
            + "INSERT INTO coursemap.status_change (program_key, id, item_id, status, author, created_at, "
              "justification) SELECT key, next_id, next_id + 5, 'in_review', 'x', 'x', '' FROM "
              "coursemap.programs "
              "WHERE code = 'MD'",
        t.reviewer));
}

TEST_CASE("One id is one record, one count is one logged change, and a named version comes with a change")
{
    Roles t;
    const auto& d = t.director;
    // Two tables written by one statement cannot share an id.
    CHECK_THROWS(t.server.sql(CountUp
            + "WITH a AS (INSERT INTO coursemap.activity (program_key, id, course_id, ord, title, method, "
              "minutes, "
              "interprofessional, description, status) SELECT key, next_id, 200, 99, 'Twin', 'IM013', 10, "
              "false, "
              "'', 'draft' FROM coursemap.programs WHERE code = 'MD' RETURNING id) INSERT INTO "
              "coursemap.objective "
              "(program_key, id, course_id, ord, text, status) SELECT "
            + Key + ", id, 200, 99, 'Twin.', 'draft' FROM a",
        d));
    // The revision counts up once per transaction, and every count is logged by the time it commits.
    CHECK_THROWS(t.server.sql(CountOnly + CountOnly, d));
    CHECK_THROWS(t.server.sql(CountOnly, d));
    t.server.sql(CountUp, d); // counted and logged: a change of nothing, but kept by the book
    const auto revision
        = superuserValue(t.server, "SELECT revision FROM coursemap.programs WHERE code = 'MD'");
    // A named version only with a counted change, and stamped with who kept it.
    CHECK_THROWS(
        t.server.sql("INSERT INTO coursemap.version (program_key, name, author, created_at, content) "
                     "SELECT "
                + Key + ", 'Approved by committee', 'Dr. Cho', '2020-01-01', '{}'",
            t.reviewer));
    CHECK(superuserValue(t.server, "SELECT revision FROM coursemap.programs WHERE code = 'MD'") == revision);
    const auto saved = cli({ "version", "save", t.server.uriAs(d), "Before the retreat" });
    INFO(saved.err);
    CHECK(saved.exitCode == 0);
    CHECK(superuserValue(t.server, "SELECT db_user FROM coursemap.version WHERE name = 'Before the retreat'")
        == d);
}
