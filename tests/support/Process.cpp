#include "support/Process.h"

#include <catch2/catch.hpp>

#include <array>
#include <cstdio>

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdexcept>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace coursemap::test {

namespace {
std::vector<char*> argv(const std::vector<std::string>& args, std::vector<std::string>& storage)
{
    storage = args;
    storage.insert(storage.begin(), COURSEMAP_CLI);
    std::vector<char*> out;
    for (auto& s : storage)
        out.push_back(s.data());
    out.push_back(nullptr);
    return out;
}

void pipeOrThrow(int fds[2])
{
    if (::pipe2(fds, O_CLOEXEC) != 0)
        throw std::runtime_error("pipe failed");
}
}

ProcessResult runCli(const std::vector<std::string>& args, const std::string& input)
{
    int in[2], out[2], err[2];
    pipeOrThrow(in);
    pipeOrThrow(out);
    pipeOrThrow(err);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, in[0], 0);
    posix_spawn_file_actions_adddup2(&actions, out[1], 1);
    posix_spawn_file_actions_adddup2(&actions, err[1], 2);
    std::vector<std::string> storage;
    auto av = argv(args, storage);
    pid_t pid = -1;
    if (posix_spawn(&pid, av[0], &actions, nullptr, av.data(), environ) != 0)
        throw std::runtime_error("cannot start coursemap");
    posix_spawn_file_actions_destroy(&actions);
    ::close(in[0]);
    ::close(out[1]);
    ::close(err[1]);

    ProcessResult result;
    std::size_t written = 0;
    int inFd = in[1];
    if (input.empty()) {
        ::close(inFd);
        inFd = -1;
    }
    bool outOpen = true, errOpen = true;
    char buf[65536];
    while (outOpen || errOpen || inFd >= 0) {
        std::vector<pollfd> fds;
        if (outOpen)
            fds.push_back({ out[0], POLLIN, 0 });
        if (errOpen)
            fds.push_back({ err[0], POLLIN, 0 });
        if (inFd >= 0)
            fds.push_back({ inFd, POLLOUT, 0 });
        ::poll(fds.data(), fds.size(), -1);
        for (const auto& p : fds) {
            if (!p.revents)
                continue;
            if (p.fd == inFd) {
                const auto n = ::write(inFd, input.data() + written, input.size() - written);
                if (n > 0)
                    written += static_cast<std::size_t>(n);
                if (n < 0 || written == input.size()) {
                    ::close(inFd);
                    inFd = -1;
                }
                continue;
            }
            const auto n = ::read(p.fd, buf, sizeof buf);
            if (n <= 0) {
                (p.fd == out[0] ? outOpen : errOpen) = false;
                continue;
            }
            (p.fd == out[0] ? result.out : result.err).append(buf, static_cast<std::size_t>(n));
        }
    }
    ::close(out[0]);
    ::close(err[0]);
    int status = 0;
    ::waitpid(pid, &status, 0);
    result.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return result;
}

RunningCli::RunningCli(const std::vector<std::string>& args)
{
    int out[2];
    pipeOrThrow(out);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, out[1], 1);
    std::vector<std::string> storage;
    auto av = argv(args, storage);
    if (posix_spawn(&pid_, av[0], &actions, nullptr, av.data(), environ) != 0)
        throw std::runtime_error("cannot start coursemap");
    posix_spawn_file_actions_destroy(&actions);
    ::close(out[1]);
    out_ = out[0];
}

RunningCli::~RunningCli()
{
    if (pid_ > 0) {
        ::kill(pid_, SIGKILL);
        wait();
    }
    if (out_ >= 0)
        ::close(out_);
}

bool RunningCli::readLine(std::string& line)
{
    for (;;) {
        if (auto nl = buffer_.find('\n'); nl != std::string::npos) {
            line = buffer_.substr(0, nl);
            buffer_.erase(0, nl + 1);
            return true;
        }
        char buf[4096];
        const auto n = ::read(out_, buf, sizeof buf);
        if (n <= 0)
            return false;
        buffer_.append(buf, static_cast<std::size_t>(n));
    }
}

void RunningCli::kill(int signal)
{
    if (pid_ > 0)
        ::kill(pid_, signal);
}

int RunningCli::wait()
{
    int status = 0;
    if (pid_ > 0) {
        ::waitpid(pid_, &status, 0);
        pid_ = -1;
    }
    return status;
}

std::string sampleMap(const TempDir& dir)
{
    const auto path = (dir / "sample.coursemap").string();
    REQUIRE(runCli({ "import", COURSEMAP_SAMPLE_JSON, path }).exitCode == 0);
    return path;
}

std::string shell(const std::string& command)
{
    std::string out;
    FILE* pipe = popen(command.c_str(), "r");
    REQUIRE(pipe);
    std::array<char, 4096> buffer {};
    while (std::fgets(buffer.data(), buffer.size(), pipe))
        out += buffer.data();
    pclose(pipe);
    return out;
}

} // namespace coursemap::test
