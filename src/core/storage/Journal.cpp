#include "Journal.h"

#include <spdlog/spdlog.h>

#include <array>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <ctime>
#include <fcntl.h>
#include <fstream>
#include <string>
#include <unistd.h>
#include <vector>

namespace coursemap::journal {

namespace fs = std::filesystem;

namespace {

constexpr std::array<unsigned char, 8> Magic { 0xd9, 0xd5, 0x05, 0xf9, 0x20, 0xa1, 0x63, 0xd7 };
// SQLite's lock bytes (os.h): PENDING, RESERVED and the 510-byte SHARED range after them.
constexpr off_t PendingByte = 0x40000000;
constexpr off_t LockBytes = 512;

std::uint32_t be32(const unsigned char* p)
{
    return std::uint32_t(p[0]) << 24 | std::uint32_t(p[1]) << 16 | std::uint32_t(p[2]) << 8
        | std::uint32_t(p[3]);
}

// The file change counter (offset 24 of the header) of the map itself.
std::optional<std::uint32_t> mapCounter(const fs::path& map)
{
    std::ifstream in(map, std::ios::binary);
    std::array<unsigned char, 28> header {};
    if (!in.read(reinterpret_cast<char*>(header.data()), header.size()))
        return std::nullopt;
    return be32(header.data() + 24);
}

// The change counter in the copy of page 1 the journal would restore; nullopt when it holds no page 1.
// Walks the journal's segments as SQLite's pager_playback does: a header (magic, record count, nonce,
// original size, sector size, page size) padded to a sector, then records of page number, page, checksum.
struct Reading
{
    bool playable = false; // a first header SQLite would act on
    bool restoresNothing = false; // first segment with no records
    std::optional<std::uint32_t> page1Counter;
};

Reading read(const fs::path& journal)
{
    Reading r;
    std::ifstream in(journal, std::ios::binary);
    if (!in)
        return r;
    in.seekg(0, std::ios::end);
    const auto size = static_cast<std::uint64_t>(in.tellg());
    std::uint64_t offset = 0;
    std::uint32_t pageSize = 0, sectorSize = 0;
    for (int segment = 0; segment < 100'000 && offset + 28 <= size; ++segment) {
        std::array<unsigned char, 28> h {};
        in.seekg(static_cast<std::streamoff>(offset));
        if (!in.read(reinterpret_cast<char*>(h.data()), h.size()))
            break;
        if (!std::equal(Magic.begin(), Magic.end(), h.begin()))
            break;
        const std::uint32_t records = be32(h.data() + 8);
        if (segment == 0) {
            sectorSize = be32(h.data() + 20);
            pageSize = be32(h.data() + 24);
            if (pageSize < 512 || pageSize > 65536 || (pageSize & (pageSize - 1)) || sectorSize < 32
                || sectorSize > 65536)
                break;
            r.playable = true;
            r.restoresNothing = records == 0;
        }
        offset += sectorSize;
        const std::uint64_t recordSize = std::uint64_t(pageSize) + 8;
        const std::uint64_t count = records == 0xffffffff ? (size - offset) / recordSize : records;
        for (std::uint64_t i = 0; i < count && offset + recordSize <= size; ++i, offset += recordSize) {
            std::array<unsigned char, 4> pageNo {};
            in.seekg(static_cast<std::streamoff>(offset));
            if (!in.read(reinterpret_cast<char*>(pageNo.data()), 4))
                return r;
            if (be32(pageNo.data()) == 1) {
                std::array<unsigned char, 28> page {};
                if (in.read(reinterpret_cast<char*>(page.data()), page.size()))
                    r.page1Counter = be32(page.data() + 24);
                return r;
            }
        }
        if (records == 0 || records == 0xffffffff)
            break;
        offset = (offset + sectorSize - 1) / sectorSize * sectorSize; // the next header starts a sector
    }
    return r;
}

std::string stamp()
{
    const auto t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm tm {};
    gmtime_r(&t, &tm);
    std::array<char, 32> buf {};
    std::strftime(buf.data(), buf.size(), "%Y%m%dT%H%M%SZ", &tm);
    return buf.data();
}

void syncDirectory(const fs::path& dir)
{
    const int fd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        ::fsync(fd);
        ::close(fd);
    }
}

} // namespace

fs::path journalPath(const fs::path& map)
{
    return fs::path(map.string() + "-journal");
}

Verdict inspect(const fs::path& map)
{
    std::error_code ec;
    const auto journal = journalPath(map);
    if (!fs::is_regular_file(journal, ec) || fs::file_size(journal, ec) == 0 || ec)
        return Verdict::None;
    const Reading r = read(journal);
    if (!r.playable)
        return Verdict::None;
    // With full sync the record count reaches the header only when the journal is synced, before the map
    // is first written: a journal still saying 0 never had its change reach the map.
    if (r.restoresNothing)
        return Verdict::Empty;
    const auto counter = mapCounter(map);
    if (!r.page1Counter || !counter)
        return Verdict::Ours; // cannot tell: do what SQLite would
    // The interrupted change may or may not have written page 1 (which bumps the counter) before it stopped.
    const std::uint32_t j = *r.page1Counter;
    return (*counter == j || *counter == j + 1) ? Verdict::Ours : Verdict::Stale;
}

std::optional<fs::path> setAsideForeign(const fs::path& map)
{
    std::error_code ec;
    const auto journal = journalPath(map);
    if (!fs::exists(journal, ec))
        return std::nullopt;
    const int fd = ::open(map.c_str(), O_RDWR | O_CLOEXEC);
    if (fd < 0)
        return std::nullopt;
    // An OFD lock conflicts with the POSIX locks SQLite takes, this process's own included; when granted,
    // nobody holds the map open in a transaction (so the journal is hot), and nobody can start one until we
    // let go. Closing this descriptor then drops no lock of this process's SQLite connections: they hold
    // none.
    struct flock lock
    {
    };
    lock.l_type = F_WRLCK;
    lock.l_whence = SEEK_SET;
    lock.l_start = PendingByte;
    lock.l_len = LockBytes;
    std::optional<fs::path> moved;
    if (::fcntl(fd, F_OFD_SETLK, &lock) == 0) {
        const Verdict verdict = inspect(map);
        if (verdict == Verdict::Stale || verdict == Verdict::Empty) {
            fs::path aside = journal;
            aside += ".set-aside-" + stamp();
            for (int n = 2; fs::exists(aside, ec); ++n)
                aside = fs::path(journal.string() + ".set-aside-" + stamp() + "-" + std::to_string(n));
            if (::rename(journal.c_str(), aside.c_str()) == 0) {
                syncDirectory(map.parent_path());
                moved = aside;
            } else {
                spdlog::warn("could not set aside {}: {}", journal.string(), std::strerror(errno));
            }
        }
        lock.l_type = F_UNLCK;
        ::fcntl(fd, F_OFD_SETLK, &lock);
    }
    ::close(fd);
    return moved;
}

} // namespace coursemap::journal
