// server (init, grant, revoke, programs), push, pull and sync: a program on a school's PostgreSQL server, and
// laptop copies of it.
#include "Commands.h"

#include "coursemap/Error.h"
#include "coursemap/Printable.h"
#include "coursemap/storage/PostgresStore.h"
#include "coursemap/storage/ServerAddress.h"
#include "coursemap/storage/Sync.h"
#include "coursemap/syllabus/Syllabus.h"

#include <iostream>
#include <map>

namespace coursemap::cli {

namespace {

const CLI::Validator ServerAddress(
    [](std::string& value) -> std::string {
        if (isServerAddress(value))
            return {};
        // Never the value itself: NAME=VALUE settings may hold a password. Written as an address, without
        // one.
        const auto asAddress = addressWithoutPasswords(value);
        return "not a postgresql:// address"
            + (asAddress ? "; as one, and without any password, that is " + *asAddress : std::string());
    },
    "postgresql://HOST/DATABASE", "SERVER");

ServerRole parseRole(const std::string& role)
{
    static const std::map<std::string, ServerRole> roles { { "administrator", ServerRole::Administrator },
        { "course-director", ServerRole::CourseDirector }, { "reviewer", ServerRole::Reviewer },
        { "reader", ServerRole::Reader } };
    return roles.at(role);
}

} // namespace

void addServerCommands(CLI::App& app, Run& run)
{
    struct Options
    {
        std::string address, user, role, course, file;
        bool replace = false;
        std::vector<std::string> take;
    };
    auto o = std::make_shared<Options>();

    auto* server = app.add_subcommand("server",
        "Set up a PostgreSQL database for Coursemap programs and say who may change what (docs/server.md)");
    server->require_subcommand(1);
    auto* init = server->add_subcommand("init",
        "Create the Coursemap schema, its rules and the coursemap_user role in the database, or upgrade "
        "them; needs "
        "the database owner's rights");
    init->add_option("SERVER", o->address, "postgresql://HOST/DATABASE")->required()->check(ServerAddress);
    init->callback([&run, o] {
        run = [o] {
            const int version = PostgresStore::initialize(o->address);
            std::cout << displayAddress(o->address) << " is ready for Coursemap programs (schema version "
                      << version << ").\n";
            return 0;
        };
    });
    const std::vector<std::string> roleNames { "administrator", "course-director", "reviewer", "reader" };
    for (bool give : { true, false }) {
        auto* cmd = server->add_subcommand(give ? "grant" : "revoke",
            give ? "Give a database user a role in a program: administrator (everything), course-director "
                   "(their "
                   "course, with --course), reviewer (comments and review statuses) or reader"
                 : "Take a role in a program from a database user");
        cmd->add_option("SERVER", o->address, "postgresql://HOST/DATABASE")->required()->check(ServerAddress);
        cmd->add_option("USER", o->user, "The database user (created, able to log in, when there is none)")
            ->required();
        cmd->add_option("--role", o->role, "administrator, course-director, reviewer or reader")
            ->required()
            ->check(CLI::IsMember(roleNames));
        cmd->add_option("--course", o->course, "For a course director: the course, by code (\"CARD 210\")");
        cmd->callback([&run, o, give] {
            run = [o, give] {
                if (give)
                    PostgresStore::grant(o->address, programCode(), o->user, parseRole(o->role), o->course);
                else
                    PostgresStore::revoke(o->address, programCode(), o->user, parseRole(o->role), o->course);
                std::cout << (give ? "Granted " : "Revoked ") << o->role
                          << (o->course.empty() ? "" : " of " + printable(o->course))
                          << (give ? " to " : " from ") << printable(o->user) << ".\n";
                return 0;
            };
        });
    }
    auto* programs
        = server->add_subcommand("programs", "List the programs on the server you may see, and your role");
    programs->add_option("SERVER", o->address, "postgresql://HOST/DATABASE")
        ->required()
        ->check(ServerAddress);
    programs->callback([&run, o] {
        run = [o] {
            const auto list = PostgresStore::programs(o->address);
            if (list.empty())
                std::cout << "No programs you may see on " << displayAddress(o->address) << ".\n";
            for (const auto& p : list)
                std::cout << p.code << "  " << printable(p.name) << "  (revision " << p.revision
                          << (p.role.empty() ? "" : ", " + p.role) << ")\n";
            return 0;
        };
    });

    auto* push = app.add_subcommand("push",
        "Publish a file's program on a server, all or nothing (refused when the program is there, unless "
        "--replace)");
    push->add_option("FILE", o->file, "The .coursemap file")->required()->check(CLI::ExistingFile);
    push->add_option("SERVER", o->address, "postgresql://HOST/DATABASE")->required()->check(ServerAddress);
    push->add_flag("--replace", o->replace, "Replace the program on the server (its grants stay)");
    push->callback([&run, o] {
        run = [o] {
            auto doc = Document::open(o->file, OpenMode::ReadOnly, ScriptBusyWait);
            const std::string code = programCode().empty() ? doc->data().program().name : programCode();
            std::vector<std::pair<VersionInfo, std::string>> versions;
            for (const auto& v : doc->versions())
                versions.emplace_back(v, *dynamic_cast<SqliteStore&>(doc->store()).versionContent(v.name));
            PostgresStore::publish(o->address, code, doc->data(), doc->nextId(), versions, o->replace);
            std::cout << "Published " << o->file << " as program " << code << " on "
                      << displayAddress(o->address) << ".\n";
            return 0;
        };
    });

    auto* pull = app.add_subcommand("pull",
        "Write a laptop copy of a program on a server (or of one course, --course) for offline drafting; it "
        "remembers where it came from, and `coursemap sync` brings its edits back");
    pull->add_option("SERVER", o->address, "postgresql://HOST/DATABASE")->required()->check(ServerAddress);
    pull->add_option("FILE", o->file, "The .coursemap file to write (must not exist)")->required();
    pull->add_option("--course", o->course, "Only this course, by code");
    pull->callback([&run, o] {
        run = [o] {
            const auto r = coursemap::pull(o->address, programCode(), o->file, o->course);
            std::cout << "Pulled " << r.items << " items at revision " << r.revision << " into " << o->file
                      << ".\n";
            return 0;
        };
    });

    auto* sync = app.add_subcommand("sync",
        "Bring the edits made in a pulled copy back to its server: edits nobody else touched are applied; "
        "fields changed on both sides, and records removed here that others changed or added to, are listed "
        "as conflicts and nothing is applied until each is settled with --take. A copy's edits are brought "
        "back once: syncing them again (a copy put back from a backup) is refused");
    sync->add_option("FILE", o->file, "The pulled .coursemap file")->required()->check(CLI::ExistingFile);
    sync->add_option("--take", o->take,
        "mine or theirs for every conflict, or KEY=mine|theirs for one (KEY as listed: 203.text, 203, link "
        "203-231); a KEY that names no conflict is refused and nothing is applied");
    sync->callback([&run, o] {
        run = [o] {
            SyncChoices choices;
            for (const auto& t : o->take) {
                const auto eq = t.rfind('=');
                const std::string choice = eq == std::string::npos ? t : t.substr(eq + 1);
                if (choice != "mine" && choice != "theirs")
                    throw Error(ErrorCode::InvalidInput,
                        "--take " + t
                            + ": say mine or theirs (for one conflict: KEY=mine, as sync lists them).");
                const Take take = choice == "mine" ? Take::Mine : Take::Theirs;
                if (eq == std::string::npos)
                    choices.all = take;
                else
                    choices.each[t.substr(0, eq)] = take;
            }
            const auto result = coursemap::sync(o->file, choices);
            const auto list = [&] {
                for (const auto& c : result.conflicts) {
                    std::cout << "  " << printable(c.key) << "  " << printable(c.label)
                              << (c.field.empty() ? "" : ", " + c.field) << "\n";
                    if (!c.base.empty())
                        std::cout << "      was:    " << printable(c.base) << "\n";
                    std::cout << "      mine:   " << printable(c.mine) << "\n"
                              << "      theirs: " << printable(c.theirs) << "\n";
                }
            };
            if (!result.unknownKeys.empty()) {
                std::string keys;
                for (const auto& k : result.unknownKeys)
                    keys += (keys.empty() ? "" : ", ") + printable(k);
                const bool one = result.unknownKeys.size() == 1;
                if (result.conflicts.empty()) {
                    std::cerr << "coursemap: --take " << keys << ": there are no conflicts to settle, so run "
                              << "coursemap sync without --take. Nothing was applied.\n";
                    return 2;
                }
                std::cerr << "coursemap: --take " << keys << ": there is no conflict by "
                          << (one ? "that name" : "those names")
                          << ". Nothing was applied. The conflicts there are, by the names --take uses:\n";
                list();
                return 2;
            }
            if (!result.conflicts.empty()) {
                std::cout
                    << result.conflicts.size() << " conflict" << (result.conflicts.size() == 1 ? "" : "s")
                    << ": changed here and on the server since the copy was pulled. Nothing was applied.\n";
                list();
                std::cout << "Settle them with --take mine|theirs, or --take KEY=mine for one.\n";
                return 1;
            }
            std::cout << "Synced " << o->file << ": " << result.applied << " record"
                      << (result.applied == 1 ? "" : "s")
                      << " written to the server; the copy is at revision " << result.revision << ".\n";
            return 0;
        };
    });
}

} // namespace coursemap::cli
