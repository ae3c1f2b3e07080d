// libFuzzer target: opening a .coursemap file made of arbitrary bytes (as SQLite's own dbfuzz does), then
// checking and exporting it, and reading and comparing its named versions. Opening either fails with an Error
// or gives a map; the file is never changed.
#include "coursemap/Document.h"
#include "coursemap/Error.h"
#include "coursemap/analysis/Checker.h"
#include "coursemap/interchange/JsonFormat.h"
#include "coursemap/review/Diff.h"

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <unistd.h>

namespace {

std::string readAll(const std::filesystem::path& path)
{
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    static const auto path = std::filesystem::temp_directory_path()
        / ("coursemap-fuzz-" + std::to_string(getpid()) + ".coursemap");
    const std::string bytes(reinterpret_cast<const char*>(data), size);
    {
        std::ofstream out(path, std::ios::binary | std::ios::trunc);
        out << bytes;
    }
    // A map of an older format that opens for editing is upgraded (that is the one change allowed).
    const bool older = size >= 64 && data[60] == 0 && data[61] == 0 && data[62] == 0
        && data[63] < coursemap::SqliteStore::currentVersion();
    for (auto mode : { coursemap::OpenMode::ReadOnly, coursemap::OpenMode::ReadWrite }) {
        bool opened = false;
        try {
            auto doc = coursemap::Document::open(path, mode);
            opened = true;
            const coursemap::Checker checker(doc->data());
            (void)checker.summary();
            (void)coursemap::exportJson(doc->data());
            for (const auto& v : doc->versions())
                try {
                    (void)coursemap::diffMaps(doc->version(v.name), doc->data()).empty();
                } catch (const coursemap::Error&) { }
        } catch (const coursemap::Error&) { }
        // Opening, checking and exporting never change the file, whatever it holds; a refused file stays as
        // it was.
        if (readAll(path) != bytes && !(opened && older && mode == coursemap::OpenMode::ReadWrite))
            std::abort();
    }
    return 0;
}
