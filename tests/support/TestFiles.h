// Temporary folders, file bytes and the sample map, for tests.
#pragma once

#include "coursemap/Document.h"

#include <filesystem>
#include <string>

namespace coursemap::test {

// A fresh folder, removed with everything in it when the object goes.
class TempDir
{
public:
    TempDir();
    explicit TempDir(const std::filesystem::path& base); // a folder inside `base`
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::filesystem::path& path() const { return path_; }
    std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

private:
    std::filesystem::path path_;
};

std::string readFile(const std::filesystem::path& path);
void writeFile(const std::filesystem::path& path, const std::string& bytes);
std::string sampleJson();
// A new .coursemap file holding the bundled sample program.
std::unique_ptr<Document> openSample(const std::filesystem::path& path);
// Runs SQL on a file directly (no Coursemap checks), to craft old, odd or hostile files.
void execSql(const std::filesystem::path& path, const std::string& sql);
// PRAGMA integrity_check of a file.
std::string integrityCheck(const std::filesystem::path& path);

} // namespace coursemap::test
