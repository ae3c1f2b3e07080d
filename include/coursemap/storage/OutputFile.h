// Writing an export where the user asked without destroying anything by mistake: never onto the map it was
// read from (through any path, hard link or symbolic link), never replacing a device, a pipe or a folder with
// a file, never following a link someone planted at a temporary name, and leaving no half file or temporary
// behind when it fails.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string_view>
#include <vector>

namespace coursemap {

// A map and the files kept beside it (its rollback journal, its mark): what an export of it must never
// replace.
std::vector<std::filesystem::path> filesOfMap(const std::filesystem::path& map);

// Refuses, with Error(InvalidInput), a target that must not receive an export: one of `protectedFiles` (the
// same name once links are resolved, whether it exists or not, or the same file, compared by device and
// inode, whatever the path), a folder, a disk (block device), or a symbolic
// link to nothing. Anything else may be written by writeOutputFile.
void checkOutputPath(
    const std::filesystem::path& target, const std::vector<std::filesystem::path>& protectedFiles);

// Refuses, with Error(InvalidInput), a standard output that is one of `protectedFiles` (`export m.coursemap
// >> m.coursemap`, or `> m.coursemap-journal`).
void checkStandardOutput(const std::vector<std::filesystem::path>& protectedFiles);

// Writes `bytes` to `target`, checked first as by checkOutputPath. A regular file, or a new one, is written
// whole to a new temporary file beside it, synced to disk, given the old file's permissions and then renamed
// over it, so a reader sees the old file or the new one, never half of one. A symbolic link is followed: the
// file it points at is replaced and the link stays. A character device, pipe or socket (/dev/null, a FIFO,
// /dev/stdout) is written directly, never replaced. Throws Error(Io) saying why when it cannot; the
// temporary is removed on every failure.
void writeOutputFile(const std::filesystem::path& target, std::string_view bytes,
    const std::vector<std::filesystem::path>& protectedFiles);

struct TempFile
{
    int fd = -1;
    std::filesystem::path path;
};

// Creates a new, empty file in `folder` named ".STEM.RANDOM.part" with O_CREAT|O_EXCL|O_NOFOLLOW: it never
// opens or follows what is already there (a file, or a link someone planted); on a name taken it tries
// another. The random part comes from a generator seeded with `seed`, so the same seed gives the same names.
// Throws Error(Io).
TempFile createTempFile(const std::filesystem::path& folder, std::string_view stem, std::uint64_t seed);

} // namespace coursemap
