#include "support/TestFiles.h"

#include "coursemap/interchange/JsonFormat.h"

#include <SQLiteCpp/Database.h>

#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>

namespace coursemap::test {

TempDir::TempDir()
    : TempDir(std::filesystem::temp_directory_path())
{ }

TempDir::TempDir(const std::filesystem::path& base)
{
    std::string pattern = (base / "coursemap-test-XXXXXX").string();
    if (!::mkdtemp(pattern.data()))
        throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
}

TempDir::~TempDir()
{
    std::error_code ignored;
    std::filesystem::permissions(path_, std::filesystem::perms::owner_all, ignored);
    std::filesystem::remove_all(path_, ignored);
}

std::string readFile(const std::filesystem::path& path)
{
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

void writeFile(const std::filesystem::path& path, const std::string& bytes)
{
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << bytes;
}

std::string sampleJson()
{
    return readFile(COURSEMAP_SAMPLE_JSON);
}

std::unique_ptr<Document> openSample(const std::filesystem::path& path)
{
    return Document::create(path, importJson(sampleJson()));
}

void execSql(const std::filesystem::path& path, const std::string& sql)
{
    SQLite::Database db(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    db.exec(sql);
}

std::string integrityCheck(const std::filesystem::path& path)
{
    // Read-write, so that SQLite can roll back a transaction a crash left behind, as any opener would.
    SQLite::Database db(path, SQLite::OPEN_READWRITE);
    return db.execAndGet("PRAGMA integrity_check").getString();
}

} // namespace coursemap::test
