// A course's syllabus, built from the map: title block, description, objectives with their Bloom level and
// competencies, the schedule by week, the assessment plan, the assessment blueprint and (optionally) the
// alignment summary. Written as HTML in the subset Qt's rich text lays out (the render library turns it into
// PDF); every piece of user text is escaped, so nothing a user typed becomes markup or names a resource.
#pragma once

#include "coursemap/model/DocumentData.h"
#include "coursemap/model/Enums.h"

#include <string>
#include <string_view>

namespace coursemap {

struct SyllabusOptions
{
    bool alignmentSummary = true; // the checker's findings for the course, at the end
    // A review copy for a committee: labelled so on every page, with the course's review history and its open
    // comment threads (on the course, its items and their links) at the end.
    bool reviewCopy = false;
};

struct Syllabus
{
    std::string title; // "CARD 210 Cardiovascular Medicine": the running header
    std::string subtitle; // "Doctor of Medicine (MD) Program · Northfield University School of Medicine"
    std::string html; // the body
    std::string label = "Syllabus"; // what the pages are, right of the running header and in the PDF's title
};

// Throws Error(InvalidInput) when there is no such course.
Syllabus buildSyllabus(const DocumentData& data, Id courseId, const SyllabusOptions& options = {});

// The course with this code (exactly, or else ignoring case and spaces: "card210" finds "CARD 210"), or null.
const Course* findCourseByCode(const DocumentData& data, std::string_view code);

// The colour of a Bloom level ("#C8E6C9" for apply), the same in the syllabus and the studio: cool for
// remember, warm for create, light enough for dark text.
std::string_view bloomColour(BloomLevel level);

// Text made safe to put in HTML: & < > " ' become entities.
std::string escapeHtml(std::string_view text);

} // namespace coursemap
