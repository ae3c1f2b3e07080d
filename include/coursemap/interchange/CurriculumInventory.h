// The AAMC Curriculum Inventory report of a program, as schools send it since 2022 (MedBiquitous Curriculum
// Inventory, namespace v10, the shape Ilios writes; v1 on request): teaching activities and assessments
// become events with their AAMC methods, durations, MeSH keywords, resource types and the objectives they
// teach or assess; competencies and objectives become expectations (program-level competencies related to the
// AAMC PCRS, sequence-block objectives, related by the competency map); years become academic levels and
// courses the sequence blocks, with their dates, durations in the AAMC's convention (a week is five days),
// clerkship model, required / optional / in a track, and the courses within them. What the standard requires
// and a course map does not hold (the AAMC institution and program ids, the reporting period) is asked for.
#pragma once

#include "coursemap/model/DocumentData.h"

#include <optional>
#include <string>
#include <vector>

namespace coursemap {

// The schema the report follows: v10 (what the AAMC takes since 2022) or the original v1.
enum class CurriculumInventorySchema
{
    V10,
    V1
};

struct CurriculumInventoryRequest
{
    CurriculumInventorySchema schema = CurriculumInventorySchema::V10;
    std::string institutionId; // the AAMC institution id ("987")
    std::string programId; // the AAMC program id
    std::string reportingStart; // YYYY-MM-DD
    std::string reportingEnd; // YYYY-MM-DD
    std::string reportDate; // YYYY-MM-DD; today (UTC) when empty
    std::string reportId; // the school's id for the report; "<institution>-<program>-<start year>" when empty
    std::string title; // "<program name> <start>–<end>" when empty
    std::string language = "en-us";
    std::string supportingLink; // optional web address of the curriculum
    // The length of a course whose activities and assessments carry no week numbers; without it such a
    // course is a problem to fix, not a length to invent.
    std::optional<int> defaultCourseWeeks;
};

struct CurriculumInventoryReport
{
    std::string xml;
    std::vector<std::string> notes; // what was left out and why ("PHAR 101 has no activities or assessments")
};

// The figures the AAMC's verification report shows, computed as the export would report them, so a school
// sees what it will be judged on before it sends the file.
struct CurriculumInventoryPreview
{
    int levels = 0; // academic levels (years), columns of the by-year tables
    struct MethodRow
    {
        std::string code; // "IM013"
        std::string name;
        std::vector<double> byLevel; // instructional methods: hours; assessment methods: events
        std::vector<int> formative; // assessment methods only: formative events by level
        std::vector<int> summative;
    };
    std::vector<MethodRow> instructional; // by method code
    std::vector<MethodRow> assessment;
    struct PcrsRow
    {
        std::string id; // "aamc-pcrs-comp-c0101"
        std::string title;
        int competencies = 0; // the map's competencies related to it
        int objectives = 0; // the objectives mapped to those
        int events = 0; // the events teaching or assessing them
    };
    std::vector<PcrsRow> pcrs; // every PCRS competency, in PCRS order
    struct ClerkshipRow
    {
        std::string course; // "MED 310 Internal Medicine Clerkship"
        std::string model; // "rotation", "integrated"
        int level = 0;
        double weeks = 0; // in the AAMC's convention: days of the block / 5
        double hours = 0; // of its teaching events
        double hoursPerWeek() const { return weeks > 0 ? hours / weeks : 0; }
    };
    std::vector<ClerkshipRow> clerkships;
    // The other courses with teaching events, the same figures (model empty): instructional time per week.
    std::vector<ClerkshipRow> otherBlocks;
    struct ResourceRow
    {
        std::string code; // "RE021"
        std::string name;
        int events = 0; // the events naming it
    };
    std::vector<ResourceRow> resources; // the resource types events name, in code order
    // What is missing or doubtful, each naming the item and where to fill it in; the problems that stop the
    // export (curriculumInventoryProblems) come first, `blocking` of them.
    std::vector<std::string> missing;
    std::size_t blocking = 0;
};

CurriculumInventoryPreview curriculumInventoryPreview(
    const DocumentData& data, const CurriculumInventoryRequest& request);
// The preview as plain text tables for the terminal; user text as it is (the caller makes it printable).
std::string curriculumInventoryPreviewText(const CurriculumInventoryPreview& preview);

// The length of a course as the AAMC reads it, in days (weeks × 5): its weeks, else its dates (calendar days
// × 5 / 7), else its last week number, else the request's default; none when nothing gives it.
std::optional<int> curriculumInventoryDays(
    const DocumentData& data, const Course& course, const CurriculumInventoryRequest& request);

// Every problem that stops the report, each a sentence naming what is missing and where to give it; empty
// when the report can be written.
std::vector<std::string> curriculumInventoryProblems(
    const DocumentData& data, const CurriculumInventoryRequest& request);

// Throws Error(InvalidInput) listing curriculumInventoryProblems when there are any.
CurriculumInventoryReport exportCurriculumInventory(
    const DocumentData& data, const CurriculumInventoryRequest& request);

} // namespace coursemap
