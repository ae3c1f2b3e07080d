// Marks a course map as open for editing, so that a second program opening it can say who has it open and
// offer it read-only. The mark is a small file beside the map ("cardio.coursemap.lock") holding who, where
// and since when. A mark left by a program that is no longer running on this computer is taken over.
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

    // Takes the mark. Returns who holds it when another running program does (and takes nothing);
    // std::nullopt when this program now holds it, or when the folder cannot hold a mark (a read-only
    // folder: nobody can edit the map there anyway).
    std::optional<LockOwner> tryLock();
    // Removes the mark if this program holds it.
    void unlock();
    bool locked() const { return locked_; }
    std::filesystem::path lockPath() const { return lockPath_; }

private:
    std::filesystem::path lockPath_;
    bool locked_ = false;
};

} // namespace coursemap
