#include "coursemap/storage/FileLock.h"

#include "coursemap/analysis/Acceptance.h"

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include <array>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <pwd.h>
#include <sstream>
#include <unistd.h>

namespace coursemap {

namespace {

std::string hostName()
{
    std::array<char, 256> buf {};
    if (gethostname(buf.data(), buf.size() - 1) != 0)
        return {};
    return buf.data();
}

std::string userName()
{
    if (const auto* pw = getpwuid(getuid()); pw && pw->pw_name)
        return pw->pw_name;
    if (const char* user = std::getenv("USER"))
        return user;
    return {};
}

// Who holds an existing mark, or nullopt when the file cannot be read as one.
std::optional<LockOwner> readOwner(const std::filesystem::path& path)
{
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    const auto j = nlohmann::json::parse(text.str(), nullptr, false);
    if (!j.is_object())
        return std::nullopt;
    LockOwner o;
    o.user = j.value("user", "");
    o.host = j.value("host", "");
    o.pid = j.value("pid", 0L);
    o.since = j.value("since", "");
    return o;
}

bool stillRunning(const LockOwner& owner)
{
    if (owner.host != hostName() || owner.pid <= 0)
        return true; // another computer: we cannot tell, so we trust the mark
    return kill(static_cast<pid_t>(owner.pid), 0) == 0 || errno == EPERM;
}

} // namespace

FileLock::FileLock(std::filesystem::path mapPath)
    : lockPath_(mapPath += ".lock")
{ }

FileLock::~FileLock()
{
    unlock();
}

std::optional<LockOwner> FileLock::tryLock()
{
    if (locked_)
        return std::nullopt;
    for (int attempt = 0; attempt < 2; ++attempt) {
        const int fd = ::open(lockPath_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
        if (fd >= 0) {
            const auto text = nlohmann::json {
                { "user", userName() }, { "host", hostName() }, { "pid", static_cast<long>(getpid()) },
                { "since", nowUtc() }
            }.dump();
            const bool written = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
            ::close(fd);
            if (!written) {
                std::filesystem::remove(lockPath_);
                return std::nullopt;
            }
            locked_ = true;
            return std::nullopt;
        }
        if (errno != EEXIST) {
            spdlog::info("cannot mark {} as open: {}", lockPath_.string(), std::strerror(errno));
            return std::nullopt;
        }
        const auto owner = readOwner(lockPath_);
        if (owner && stillRunning(*owner))
            return owner;
        if (!owner) {
            // Unreadable: another program may be writing it this instant; leave a young one alone.
            std::error_code ec;
            const auto age = std::filesystem::file_time_type::clock::now()
                - std::filesystem::last_write_time(lockPath_, ec);
            if (!ec && age < std::chrono::seconds(10))
                return LockOwner {};
        }
        spdlog::info("taking over the mark {} left by a program no longer running", lockPath_.string());
        std::error_code ec;
        std::filesystem::remove(lockPath_, ec);
    }
    return LockOwner {};
}

void FileLock::unlock()
{
    if (!locked_)
        return;
    locked_ = false;
    std::error_code ec;
    std::filesystem::remove(lockPath_, ec);
}

} // namespace coursemap
