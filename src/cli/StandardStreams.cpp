#include "StandardStreams.h"

#include "coursemap/Error.h"
#include "coursemap/Printable.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <unistd.h>

namespace coursemap::cli {

namespace {

// Where a flush may cut `text` without splitting a UTF-8 character: before a lead byte whose continuation
// bytes have not all arrived.
std::size_t completeLength(std::string_view text)
{
    std::size_t end = text.size();
    for (std::size_t back = 1; back <= 3 && back <= text.size(); ++back) {
        const auto c = static_cast<unsigned char>(text[text.size() - back]);
        if ((c & 0xC0) == 0x80)
            continue; // a continuation byte: look further back for its lead
        const std::size_t need = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
        if (need > back)
            end = text.size() - back;
        break;
    }
    return end;
}

bool writeAll(int fd, std::string_view bytes, int& error)
{
    while (!bytes.empty()) {
        const auto n = ::write(fd, bytes.data(), bytes.size());
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            error = n < 0 ? errno : EIO;
            return false;
        }
        bytes.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
}

std::string reason(int error)
{
    return error == ENOSPC ? "the disk is full" : error ? std::strerror(error) : "a write failed";
}

} // namespace

StandardStream::StandardStream(std::ostream& stream, int fd)
    : stream_(stream)
    , previous_(stream.rdbuf(this))
    , fd_(fd)
{ }

StandardStream::~StandardStream()
{
    flush(true);
    stream_.rdbuf(previous_);
}

StandardStream::int_type StandardStream::overflow(int_type c)
{
    if (traits_type::eq_int_type(c, traits_type::eof()))
        return traits_type::not_eof(c);
    pending_ += traits_type::to_char_type(c);
    if (c == '\n' && !flush(false))
        return traits_type::eof();
    return c;
}

std::streamsize StandardStream::xsputn(const char* s, std::streamsize n)
{
    const std::string_view text(s, static_cast<std::size_t>(n));
    pending_.append(text);
    if ((text.find('\n') != std::string_view::npos || pending_.size() > 65536) && !flush(false))
        return 0;
    return n;
}

int StandardStream::sync()
{
    return flush(true) ? 0 : -1;
}

bool StandardStream::flush(bool all)
{
    std::size_t cut = pending_.size();
    if (!all) {
        const auto lastBreak = pending_.rfind('\n');
        cut = lastBreak != std::string::npos ? lastBreak + 1
            : pending_.size() > 65536        ? completeLength(pending_)
                                             : 0;
    }
    if (cut == 0)
        return error_ == 0;
    const bool ok = writeRaw(printable(std::string_view(pending_).substr(0, cut), LineBreaks::Keep));
    pending_.erase(0, cut);
    return ok;
}

bool StandardStream::writeRaw(std::string_view bytes)
{
    if (error_ != 0)
        return false; // after a failure nothing more is written: the output already has a hole
    wrote_ = true;
    return writeAll(fd_, bytes, error_);
}

void writeStandardOutput(std::string_view bytes)
{
    std::cout.flush();
    std::fflush(stdout);
    int error = 0;
    if (!std::cout || !writeAll(STDOUT_FILENO, bytes, error))
        throw Error(ErrorCode::Io, "Cannot write to standard output: " + reason(error) + ".");
}

int closeStandardOutput(int exitCode, const StandardStream& out)
{
    std::cout.flush();
    int error = out.error();
    bool failed = error != 0 || !std::cout;
    if (std::fflush(stdout) != 0 || std::ferror(stdout)) {
        failed = true;
        error = error ? error : errno;
    }
    // A file on a network share may report a failed write only when it is closed.
    if (::close(STDOUT_FILENO) != 0 && errno != EBADF) {
        failed = true;
        error = error ? error : errno;
    }
    if (!failed)
        return exitCode;
    std::cerr << "coursemap: could not write everything to standard output (" << reason(error)
              << "); the output is incomplete.\n";
    return 2;
}

} // namespace coursemap::cli
