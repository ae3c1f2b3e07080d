#include "coursemap/storage/FileLock.h"
#include "coursemap/storage/SqliteStore.h"

#include "coursemap/analysis/Acceptance.h"
#include "coursemap/model/Fields.h"

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include <array>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <pwd.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

namespace coursemap {

namespace {

// A mark is a few hundred bytes; anything larger is not one, and is not read whole.
constexpr std::size_t MaxMarkBytes = 4096;
constexpr std::size_t MaxFieldBytes = 256;
constexpr int Attempts = 8;

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

// A text field of a mark as it may be shown: valid UTF-8, no control characters, not too long; else empty.
std::string shownText(const nlohmann::json& j, const char* key)
{
    const auto it = j.find(key);
    if (it == j.end() || !it->is_string())
        return {};
    const auto& s = it->get_ref<const std::string&>();
    if (s.size() > MaxFieldBytes || !validUtf8(s))
        return {};
    for (unsigned char c : s)
        if (c < 0x20 || c == 0x7F)
            return {};
    return s;
}

// Who a mark names, from its bytes; whatever they hold, nothing here throws. Nullopt when they are not a
// mark.
std::optional<LockOwner> parseOwner(std::string_view text)
{
    const auto j = nlohmann::json::parse(text, nullptr, false);
    if (!j.is_object())
        return std::nullopt;
    LockOwner o;
    o.user = shownText(j, "user");
    o.host = shownText(j, "host");
    o.since = shownText(j, "since");
    // A process id, or 0 when the mark holds anything else (text, a fraction, a number no process has).
    if (const auto pid = j.find("pid"); pid != j.end() && pid->is_number_unsigned()) {
        const auto n = pid->get<std::uint64_t>();
        o.pid = n > 0 && n <= 0x7FFFFFFF ? static_cast<long>(n) : 0;
    }
    return o;
}

std::optional<LockOwner> readOwner(int fd)
{
    std::string text(MaxMarkBytes + 1, '\0');
    std::size_t got = 0;
    while (got < text.size()) {
        const auto n = ::pread(fd, text.data() + got, text.size() - got, static_cast<off_t>(got));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        got += static_cast<std::size_t>(n);
    }
    if (got == 0 || got > MaxMarkBytes)
        return std::nullopt;
    text.resize(got);
    return parseOwner(text);
}

bool writeOwner(int fd)
{
    const auto text = nlohmann::json {
        { "user", userName() }, { "host", hostName() }, { "pid", static_cast<long>(getpid()) },
        { "since", nowUtc() }
    }.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    if (::ftruncate(fd, 0) != 0)
        return false;
    std::size_t done = 0;
    while (done < text.size()) {
        const auto n = ::pwrite(fd, text.data() + done, text.size() - done, static_cast<off_t>(done));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return false;
        done += static_cast<std::size_t>(n);
    }
    return true;
}

// Whether `fd` is still the file at `path`: a program that ends its hold removes the file first, so a lock
// taken on a file no longer there protects nothing.
bool stillAt(int fd, const std::filesystem::path& path)
{
    struct stat open
    {
    }, named {};
    return ::fstat(fd, &open) == 0 && ::lstat(path.c_str(), &named) == 0 && open.st_dev == named.st_dev
        && open.st_ino == named.st_ino;
}

} // namespace

FileLock::FileLock(std::filesystem::path mapPath)
    : lockPath_(realMapPath(mapPath) += ".lock") // a link to the map and the map have one mark
{ }

FileLock::~FileLock()
{
    unlock();
}

std::optional<LockOwner> FileLock::tryLock()
{
    if (fd_ >= 0)
        return std::nullopt;
    for (int attempt = 0; attempt < Attempts; ++attempt) {
        bool writable = true;
        int fd = ::open(lockPath_.c_str(), O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY, 0644);
        if (fd < 0 && errno == EACCES) {
            // Another user's mark: readable, and removable if the folder lets us, but not ours to rewrite.
            writable = false;
            fd = ::open(lockPath_.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY);
        }
        if (fd < 0) {
            if (errno == ELOOP) {
                spdlog::warn("{} is a symbolic link, not a mark; leaving it alone", lockPath_.string());
                return LockOwner {};
            }
            spdlog::info("cannot mark {} as open: {}", lockPath_.string(), std::strerror(errno));
            return std::nullopt;
        }
        struct stat st
        {
        };
        if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
            ::close(fd);
            spdlog::warn("{} is not a file a mark is kept in; leaving it alone", lockPath_.string());
            return LockOwner {};
        }
        if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
            const int error = errno;
            auto owner = error == EWOULDBLOCK ? readOwner(fd) : std::nullopt;
            ::close(fd);
            if (error == EWOULDBLOCK)
                return owner ? *owner : LockOwner {}; // held; an empty mark is one being written
            spdlog::info("cannot lock {}: {}", lockPath_.string(), std::strerror(error));
            return std::nullopt; // a file system without locks: nobody else can hold one either
        }
        if (!stillAt(fd, lockPath_)) {
            ::close(fd); // the holder removed it as we opened it: try again with the file there now
            continue;
        }
        // We hold the lock, so no program on this computer holds the mark: what it says is left over. A mark
        // from another computer may be live there (network file systems do not always pass locks on).
        if (const auto owner = readOwner(fd); owner && !owner->host.empty() && owner->host != hostName()) {
            ::close(fd);
            return owner;
        }
        if (!writable) {
            spdlog::info("taking over {}, left by a program no longer running", lockPath_.string());
            ::unlink(lockPath_.c_str()); // under our lock: nobody takes this file meanwhile
            ::close(fd);
            continue;
        }
        if (!writeOwner(fd)) {
            spdlog::info("cannot write the mark {}: {}", lockPath_.string(), std::strerror(errno));
            ::unlink(lockPath_.c_str());
            ::close(fd);
            return std::nullopt;
        }
        fd_ = fd;
        return std::nullopt;
    }
    return LockOwner {};
}

void FileLock::unlock()
{
    if (fd_ < 0)
        return;
    // Remove the file while still holding its lock, then release: a program that opened it meanwhile finds it
    // gone once it gets the lock, and starts again. A file someone else put there since is not ours to
    // remove.
    if (stillAt(fd_, lockPath_))
        ::unlink(lockPath_.c_str());
    ::close(fd_);
    fd_ = -1;
}

} // namespace coursemap
