// Course maps as spreadsheets: objectives with their links, a course's alignment matrix, and importing
// objectives, activities or assessments from the sheets educators already keep. Import is all or nothing:
// every problem is reported at its row and column, and nothing is added unless every row is good.
#pragma once

#include "coursemap/edit/Change.h"
#include "coursemap/interchange/Csv.h"

#include <optional>
#include <string>
#include <vector>

namespace coursemap {

// One row per objective (of one course, or of every course in program order): course, objective, detected
// and overridden Bloom level, Miller target, status, what teaches and assesses it (titles separated by "; "),
// its competencies ("PC:I; ICS:R"). Reads back with importCsv.
std::string objectivesCsv(const DocumentData& data, std::optional<Id> courseId = std::nullopt);

// A course's alignment matrix: a row per objective, a column per activity and then per assessment; "x" where
// an activity teaches the objective, the blueprint share ("40%") or "x" where an assessment assesses it.
std::string alignmentCsv(const DocumentData& data, Id courseId);

// What a column can fill: a field of Fields.h, or a link column of objectives (taught_by, assessed_by,
// competencies).
struct CsvField
{
    std::string name; // "text", "miller_target", "taught_by"
    std::string label; // "Objective", "Miller target": for the studio's mapping step
    bool required = false;
};
std::vector<CsvField> csvFields(ItemKind kind);

struct CsvColumn
{
    std::string field;
    std::size_t column = 0; // 0-based
};

struct CsvImport
{
    ItemKind kind = ItemKind::Objective; // Objective, Activity or Assessment
    Id courseId = NoId;
    bool header = true; // the first row names the columns and is not imported
    std::vector<CsvColumn> columns;
};

// Which column holds which field, from the header's names ("Learning objective", "Miller", "Duration (min)").
std::vector<CsvColumn> guessCsvColumns(ItemKind kind, const std::vector<std::string>& header);

// What an import would leave out although a reader may expect it in, each in a sentence naming the columns: a
// column with the same title as one that is imported (the first of them is taken). Empty when nothing is.
std::vector<std::string> csvImportWarnings(const CsvTable& table, const CsvImport& import);

// Plans adding one item per non-empty row (and, for objectives, their links), as one Change. Throws
// Error(InvalidInput) listing every problem as "row 4, column C (Miller target): ..." and plans nothing; a
// non-empty cell beyond the last titled column (in no mapped column) is such a problem.
Change planCsvImport(const DocumentData& data, const CsvTable& table, const CsvImport& import, Id nextId);

} // namespace coursemap
