// Standard output and standard error of `coursemap`. Text for people goes through std::cout and std::cerr,
// which write straight to the file descriptors with every control character escaped (coursemap::printable:
// escape sequences in a title never reach the terminal raw; line breaks and tabs are kept). Exported data
// (JSON, CSV, XML) goes to standard output byte for byte through writeStandardOutput. Every write is checked:
// a failure (a full disk, a closed pipe) makes the command fail with a message instead of ending
// "successfully".
#pragma once

#include <ostream>
#include <streambuf>
#include <string>
#include <string_view>

namespace coursemap::cli {

class StandardStream : public std::streambuf
{
public:
    // Takes over `stream`'s output, written to file descriptor `fd`, until destroyed.
    StandardStream(std::ostream& stream, int fd);
    ~StandardStream() override;
    StandardStream(const StandardStream&) = delete;
    StandardStream& operator=(const StandardStream&) = delete;

    // The error (errno) of the first write that failed, or 0.
    int error() const { return error_; }
    bool wroteAnything() const { return wrote_; }

protected:
    int_type overflow(int_type c) override;
    std::streamsize xsputn(const char* s, std::streamsize n) override;
    int sync() override;

private:
    // Writes the pending text up to the last line break (all of it when `all`, but never half a character).
    bool flush(bool all);
    bool writeRaw(std::string_view bytes);

    std::ostream& stream_;
    std::streambuf* previous_;
    int fd_;
    std::string pending_;
    int error_ = 0;
    bool wrote_ = false;
};

// Writes exported bytes to standard output as they are, after any text already printed. Throws Error(Io)
// when they cannot be written.
void writeStandardOutput(std::string_view bytes);

// Flushes and closes standard output, as coreutils' close_stdout does: returns `exitCode`, or 2 with a
// message on standard error when anything written to it was lost.
int closeStandardOutput(int exitCode, const StandardStream& out);

} // namespace coursemap::cli
