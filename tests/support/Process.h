// Running the `coursemap` program from tests, as a user or a script would.
#pragma once

#include "support/TestFiles.h"

#include <string>
#include <vector>

namespace coursemap::test {

struct ProcessResult
{
    int exitCode = -1;
    std::string out;
    std::string err;
};

// The bundled sample imported with `coursemap import` into `dir`/sample.coursemap; returns its path.
std::string sampleMap(const TempDir& dir);

// What a shell command writes to standard output (for pdftotext and the like).
std::string shell(const std::string& command);

// Runs `coursemap` with the arguments and standard input; waits for it.
ProcessResult runCli(const std::vector<std::string>& args, const std::string& input = {});

// A `coursemap` process whose standard output is read line by line while it runs.
class RunningCli
{
public:
    explicit RunningCli(const std::vector<std::string>& args);
    ~RunningCli();
    RunningCli(const RunningCli&) = delete;
    RunningCli& operator=(const RunningCli&) = delete;
    // The next line of standard output, or false at its end.
    bool readLine(std::string& line);
    void kill(int signal);
    // Waits and returns the raw wait status.
    int wait();

private:
    int pid_ = -1;
    int out_ = -1;
    std::string buffer_;
};

} // namespace coursemap::test
