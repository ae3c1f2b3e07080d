// The AAMC Curriculum Inventory report (MedBiquitous Curriculum Inventory v1 XML) of a program: teaching
// activities and assessments become events with their AAMC methods and durations, competencies and
// objectives become expectations (program-level competencies and sequence-block objectives, related by the
// competency map), years become academic levels and courses the sequence. What the standard requires and a
// course map does not hold (the AAMC institution and program ids, the reporting period) is asked for.
#pragma once

#include "coursemap/model/DocumentData.h"

#include <optional>
#include <string>
#include <vector>

namespace coursemap {

struct CurriculumInventoryRequest
{
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

// Every problem that stops the report, each a sentence naming what is missing and where to give it; empty
// when the report can be written.
std::vector<std::string> curriculumInventoryProblems(
    const DocumentData& data, const CurriculumInventoryRequest& request);

// Throws Error(InvalidInput) listing curriculumInventoryProblems when there are any.
CurriculumInventoryReport exportCurriculumInventory(
    const DocumentData& data, const CurriculumInventoryRequest& request);

} // namespace coursemap
