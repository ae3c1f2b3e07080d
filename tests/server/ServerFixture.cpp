#include "ServerFixture.h"

#include "coursemap/storage/PostgresStore.h"
#include "support/Process.h"
#include "support/TestFiles.h"

#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <mutex>
#include <random>
#include <thread>
#include <unistd.h>
#include <vector>

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

namespace coursemap::test {

struct Relay::State
{
    int listener = -1;
    int port = 0;
    std::mutex mutex;
    std::string marker; // guarded by mutex
    bool refuseAfterCut = true; // guarded by mutex
    bool refusing = false; // guarded by mutex
    std::atomic<bool> stop = false;
    std::thread thread;

    struct Pair
    {
        int client = -1;
        int server = -1;
        bool answersLost = false;
        std::chrono::steady_clock::time_point cutAt {};
    };
    std::vector<Pair> pairs; // the relay's thread only

    static int connectToServer()
    {
        addrinfo hints {};
        hints.ai_socktype = SOCK_STREAM;
        addrinfo* found = nullptr;
        const std::string port = env("PGPORT").empty() ? "5432" : env("PGPORT");
        if (getaddrinfo(env("PGHOST").c_str(), port.c_str(), &hints, &found) != 0)
            return -1;
        int fd = -1;
        for (auto* a = found; a && fd < 0; a = a->ai_next) {
            fd = ::socket(a->ai_family, a->ai_socktype, a->ai_protocol);
            if (fd >= 0 && ::connect(fd, a->ai_addr, a->ai_addrlen) != 0) {
                ::close(fd);
                fd = -1;
            }
        }
        freeaddrinfo(found);
        return fd;
    }

    static bool sendAll(int fd, const char* data, std::size_t size)
    {
        while (size > 0) {
            const auto n = ::send(fd, data, size, MSG_NOSIGNAL);
            if (n <= 0)
                return false;
            data += n;
            size -= static_cast<std::size_t>(n);
        }
        return true;
    }

    static void close(Pair& p)
    {
        ::close(p.client);
        ::close(p.server);
        p.client = p.server = -1;
    }

    void run()
    {
        char buffer[65536];
        while (!stop) {
            std::vector<pollfd> fds { { listener, POLLIN, 0 } };
            for (const auto& p : pairs) {
                fds.push_back({ p.client, POLLIN, 0 });
                fds.push_back({ p.server, POLLIN, 0 });
            }
            ::poll(fds.data(), fds.size(), 20);
            if (fds[0].revents & POLLIN) {
                const int client = ::accept(listener, nullptr, nullptr);
                bool refused = false;
                {
                    std::lock_guard lock(mutex);
                    refused = refusing;
                }
                const int server = client < 0 || refused ? -1 : connectToServer();
                if (server < 0) {
                    if (client >= 0)
                        ::close(client);
                } else
                    pairs.push_back({ client, server });
            }
            for (std::size_t i = 0; i + 1 < fds.size() && i / 2 < pairs.size(); i += 2) {
                auto& p = pairs[i / 2];
                if (p.client < 0)
                    continue;
                if (fds[i + 1].revents & (POLLIN | POLLHUP | POLLERR)) {
                    const auto n = ::recv(p.client, buffer, sizeof buffer, 0);
                    if (n <= 0) {
                        close(p);
                        continue;
                    }
                    {
                        std::lock_guard lock(mutex);
                        if (!marker.empty()
                            && std::string_view(buffer, static_cast<std::size_t>(n)).find(marker)
                                != std::string_view::npos) {
                            marker.clear();
                            p.answersLost = true;
                            p.cutAt = std::chrono::steady_clock::now() + std::chrono::milliseconds(500);
                        }
                    }
                    if (!sendAll(p.server, buffer, static_cast<std::size_t>(n))) {
                        close(p);
                        continue;
                    }
                }
                if (fds[i + 2].revents & (POLLIN | POLLHUP | POLLERR)) {
                    const auto n = ::recv(p.server, buffer, sizeof buffer, 0);
                    if (n <= 0
                        || (!p.answersLost && !sendAll(p.client, buffer, static_cast<std::size_t>(n)))) {
                        close(p);
                        continue;
                    }
                }
                if (p.answersLost && std::chrono::steady_clock::now() >= p.cutAt) {
                    close(p);
                    std::lock_guard lock(mutex);
                    refusing = refuseAfterCut;
                }
            }
            std::erase_if(pairs, [](const Pair& p) { return p.client < 0; });
        }
        for (auto& p : pairs)
            close(p);
    }
};

Relay::Relay()
    : state_(std::make_unique<State>())
{
    state_->listener = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address {};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    if (state_->listener < 0 || ::bind(state_->listener, reinterpret_cast<sockaddr*>(&address), length) != 0
        || ::listen(state_->listener, 16) != 0
        || ::getsockname(state_->listener, reinterpret_cast<sockaddr*>(&address), &length) != 0)
        throw std::runtime_error("the relay could not listen on the loopback");
    state_->port = ntohs(address.sin_port);
    state_->thread = std::thread([s = state_.get()] { s->run(); });
}

Relay::~Relay()
{
    state_->stop = true;
    state_->thread.join();
    ::close(state_->listener);
}

std::string Relay::uri(const std::string& database) const
{
    return "postgresql://" + env("PGUSER") + "@127.0.0.1:" + std::to_string(state_->port) + "/" + database
        + "?sslmode=disable&gssencmode=disable";
}

void Relay::loseAnswerTo(const std::string& marker, bool thenRefuse)
{
    std::lock_guard lock(state_->mutex);
    state_->marker = marker;
    state_->refuseAfterCut = thenRefuse;
}

void Relay::refuse(bool refuse)
{
    std::lock_guard lock(state_->mutex);
    state_->refusing = refuse;
}

} // namespace coursemap::test
