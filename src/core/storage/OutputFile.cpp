#include "coursemap/storage/OutputFile.h"

#include "coursemap/Error.h"
#include "coursemap/storage/SqliteStore.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <random>
#include <string>
#include <sys/stat.h>
#include <unistd.h>

namespace coursemap {

namespace fs = std::filesystem;

namespace {

std::string quoted(const fs::path& path)
{
    return "\"" + path.string() + "\"";
}

[[noreturn]] void failed(const fs::path& target, int error)
{
    std::string why = std::strerror(error);
    if (error == ENOSPC || error == EDQUOT)
        why = "the disk is full";
    else if (error == EACCES || error == EPERM)
        why = "permission denied (choose a folder you may write to)";
    else if (error == EROFS)
        why = "the disk is read-only";
    else if (error == ENOENT)
        why = "its folder does not exist";
    throw Error(ErrorCode::Io, "Cannot write " + quoted(target) + ": " + why + ".");
}

void writeAll(int fd, std::string_view bytes, const fs::path& target)
{
    while (!bytes.empty()) {
        const auto n = ::write(fd, bytes.data(), bytes.size());
        if (n < 0) {
            if (errno == EINTR)
                continue;
            failed(target, errno);
        }
        bytes.remove_prefix(static_cast<std::size_t>(n));
    }
}

bool sameFile(const struct stat& a, const struct stat& b)
{
    return a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

// Closes and removes a temporary unless it was renamed into place.
class TempGuard
{
public:
    explicit TempGuard(TempFile file)
        : file_(std::move(file))
    { }
    ~TempGuard()
    {
        if (file_.fd >= 0)
            ::close(file_.fd);
        if (!file_.path.empty())
            ::unlink(file_.path.c_str());
    }
    TempGuard(const TempGuard&) = delete;
    TempGuard& operator=(const TempGuard&) = delete;
    int fd() const { return file_.fd; }
    const fs::path& path() const { return file_.path; }
    int close()
    {
        const int result = ::close(file_.fd);
        file_.fd = -1;
        return result;
    }
    void keep() { file_.path.clear(); }

private:
    TempFile file_;
};

std::uint64_t randomSeed()
{
    std::random_device device;
    return (static_cast<std::uint64_t>(device()) << 32) ^ device();
}

} // namespace

std::vector<fs::path> filesOfMap(const fs::path& map)
{
    if (map.empty())
        return {};
    // The side files are named after the real map, as SQLite and the lock name them (through a link too).
    const auto name = realMapPath(map).string();
    return { map, name + "-journal", name + "-wal", name + "-shm", name + ".lock" };
}

void checkOutputPath(const fs::path& target, const std::vector<fs::path>& protectedFiles)
{
    if (target.empty())
        throw Error(ErrorCode::InvalidInput, "Say which file to write (or - for standard output).");
    // By name first, whether or not the file is there yet: a journal, log or mark written by an export would
    // be taken for the map's own by the next program that opens it.
    const auto resolved = realMapPath(target);
    for (const auto& p : protectedFiles)
        if (realMapPath(p) == resolved)
            throw Error(ErrorCode::InvalidInput,
                quoted(target) + " is the same file as " + quoted(p)
                    + (p == protectedFiles.front()
                            ? ", which this command reads; writing there would destroy it."
                            : ", which is kept beside the course map this command reads (SQLite and "
                              "Coursemap "
                              "Studio would take what is written there for the map's own); writing there "
                              "would damage the map.")
                    + " Choose another file.");
    struct stat link
    {
    };
    if (::lstat(target.c_str(), &link) != 0)
        return; // nothing there yet: a new file
    struct stat st
    {
    };
    if (::stat(target.c_str(), &st) != 0) {
        std::error_code ec;
        const auto to = fs::read_symlink(target, ec);
        throw Error(ErrorCode::InvalidInput,
            quoted(target) + " is a symbolic link that leads to no file" + (ec ? "" : " (" + quoted(to) + ")")
                + "; write to the file itself, or remove the link.");
    }
    for (const auto& p : protectedFiles) {
        struct stat other
        {
        };
        if (::stat(p.c_str(), &other) == 0 && sameFile(st, other))
            throw Error(ErrorCode::InvalidInput,
                quoted(target) + " is the same file as " + quoted(p)
                    + ", which this command reads; writing there would destroy it. Choose another file.");
    }
    if (S_ISDIR(st.st_mode))
        throw Error(
            ErrorCode::InvalidInput, quoted(target) + " is a folder; give the name of a file to write.");
    if (S_ISBLK(st.st_mode))
        throw Error(ErrorCode::InvalidInput,
            quoted(target) + " is a disk, not a file; exports are written to files, pipes or terminals.");
}

void checkStandardOutput(const std::vector<fs::path>& protectedFiles)
{
    struct stat out
    {
    };
    if (::fstat(STDOUT_FILENO, &out) != 0)
        return;
    for (const auto& p : protectedFiles) {
        struct stat other
        {
        };
        if (::stat(p.c_str(), &other) == 0 && sameFile(out, other))
            throw Error(ErrorCode::InvalidInput,
                p == protectedFiles.front() ? "Standard output is the course map " + quoted(p)
                        + " itself; writing the export there would destroy it. Choose another file."
                                            : "Standard output is " + quoted(p)
                        + ", a file kept beside the course map this command reads; writing the export there "
                          "would damage the map. Choose another file.");
    }
}

namespace {

// Opens a new temporary as createTempFile does; returns 0, or the errno of the last try.
int openTemp(const fs::path& folder, std::string_view stem, std::uint64_t seed, TempFile& file)
{
    static constexpr std::string_view letters
        = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    std::mt19937_64 random(seed);
    std::uniform_int_distribution<std::size_t> pick(0, letters.size() - 1);
    // A long name is cut: the temporary's name must fit the file system's limit (255 bytes).
    const std::string base(stem.substr(0, 200));
    int error = EEXIST;
    for (int attempt = 0; attempt < 100 && error == EEXIST; ++attempt) {
        std::string name = "." + base + ".";
        for (int i = 0; i < 12; ++i)
            name += letters[pick(random)];
        name += ".part";
        const auto path = folder / name;
        const int fd
            = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY, 0666);
        if (fd >= 0) {
            file = { fd, path };
            return 0;
        }
        error = errno;
    }
    return error;
}

} // namespace

TempFile createTempFile(const fs::path& folder, std::string_view stem, std::uint64_t seed)
{
    TempFile file;
    if (const int error = openTemp(folder, stem, seed, file); error != 0)
        throw Error(ErrorCode::Io,
            "Cannot create a file in " + quoted(folder.empty() ? fs::path(".") : folder) + ": "
                + std::strerror(error) + ".");
    return file;
}

void writeOutputFile(
    const fs::path& target, std::string_view bytes, const std::vector<fs::path>& protectedFiles)
{
    checkOutputPath(target, protectedFiles);
    struct stat st
    {
    };
    const bool exists = ::stat(target.c_str(), &st) == 0;
    if (exists && !S_ISREG(st.st_mode)) {
        // A device, pipe or socket: written to, never replaced by a file.
        const int fd = ::open(target.c_str(), O_WRONLY | O_CLOEXEC | O_NOCTTY);
        if (fd < 0)
            failed(target, errno);
        try {
            writeAll(fd, bytes, target);
        } catch (...) {
            ::close(fd);
            throw;
        }
        if (::close(fd) != 0)
            failed(target, errno);
        return;
    }
    // Through a symbolic link: the file it points at is the one replaced.
    fs::path resolved = target;
    std::error_code ec;
    if (exists && fs::is_symlink(target, ec))
        resolved = fs::canonical(target, ec);
    if (ec)
        failed(target, ec.value());
    const fs::path folder = resolved.has_parent_path() ? resolved.parent_path() : fs::path(".");
    TempFile created;
    if (const int error = openTemp(folder, resolved.filename().string(), randomSeed(), created); error != 0)
        failed(target, error);
    TempGuard temp(std::move(created));
    if (exists && ::fchmod(temp.fd(), st.st_mode & 07777) != 0)
        failed(target, errno);
    writeAll(temp.fd(), bytes, target);
    if (::fsync(temp.fd()) != 0 || temp.close() != 0)
        failed(target, errno);
    // The map might have been moved to this name while the export was made.
    checkOutputPath(resolved, protectedFiles);
    if (::rename(temp.path().c_str(), resolved.c_str()) != 0)
        failed(target, errno);
    temp.keep();
    // The new name is durable once its folder is synced; a failure here loses nothing already there.
    if (const int dir = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC); dir >= 0) {
        ::fsync(dir);
        ::close(dir);
    }
}

} // namespace coursemap
