// Marks a course map as open for editing, so that a second program opening it can say who has it open and
// offer it read-only. The mark is a small file beside the map ("cardio.coursemap.lock") on which the program
// holds a lock (flock) for as long as it has the map open; the file also says who, where and since when, for
// the message. The lock, not the process id, says whether the holder still runs: when a program ends, however
// it ends, the system releases its lock, and the next program takes the mark over. A mark written by a
// program on another computer is trusted while its file is there.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

namespace coursemap {

struct LockOwner
{
    std::string user;
    std::string host;
    long pid = 0;
    std::string since; // UTC, "2026-11-25T06:01:02Z"
};

class FileLock
{
public:
    explicit FileLock(std::filesystem::path mapPath);
    ~FileLock();
    FileLock(const FileLock&) = delete;
    FileLock& operator=(const FileLock&) = delete;

    // Takes the mark. Returns who holds it when another running program does (and takes nothing); the fields
    // are empty when the holder cannot be told (a mark being written, or one that is not a mark at all).
    // std::nullopt when this program now holds it, or when the folder cannot hold a mark (a read-only
    // folder: nobody can edit the map there anyway). Never throws for what it finds in the mark's file.
    std::optional<LockOwner> tryLock();
    // Removes the mark if this program holds it.
    void unlock();
    bool locked() const { return fd_ >= 0; }
    std::filesystem::path lockPath() const { return lockPath_; }

private:
    std::filesystem::path lockPath_;
    int fd_ = -1; // the mark's file, locked, while this program holds it
};

} // namespace coursemap
