// A syllabus laid out in pages (A4 or US Letter) with a running header and page numbers, for PDF export and
// for the studio's preview. The text never loads a resource: an image or style sheet named in it is ignored.
#pragma once

#include "coursemap/syllabus/Syllabus.h"

#include <QByteArray>
#include <QImage>
#include <QString>

#include <filesystem>
#include <memory>
#include <vector>

class QPainter;

namespace coursemap::render {

enum class Paper
{
    A4,
    Letter
};

class SyllabusPages
{
public:
    SyllabusPages(const Syllabus& syllabus, Paper paper);
    ~SyllabusPages();

    int pageCount() const;
    // Page `page` (0-based) as a picture at `dpi` dots per inch, for a preview.
    QImage image(int page, int dpi) const;
    // Every page as a PDF with its fonts embedded.
    QByteArray pdf() const;
    // Writes pdf() to `path` as writeOutputFile does (a new file beside it first, then moved into place; a
    // device or pipe written directly; never one of `protectedFiles`); throws Error when it cannot.
    void writePdf(const QString& path, const std::vector<std::filesystem::path>& protectedFiles = {}) const;

private:
    void paint(QPainter& painter, int page) const;

    struct Impl;
    std::unique_ptr<Impl> impl_;
};

} // namespace coursemap::render
