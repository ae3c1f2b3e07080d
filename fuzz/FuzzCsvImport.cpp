// libFuzzer target: the CSV reader and importer. Any bytes are either refused with an Error or read into
// rows; rows written back with the CSV writer read back the same; and importing the rows as objectives,
// activities or assessments into a small map either is refused with an Error or plans a change that applies
// and adds one item per non-blank row.
#include "coursemap/Error.h"
#include "coursemap/interchange/CsvFormat.h"

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <string_view>

using namespace coursemap;

namespace {

DocumentData smallMap()
{
    DocumentData data;
    Program p;
    p.id = 1;
    p.name = "Fuzz program";
    data.put(p);
    Framework f;
    f.id = 2;
    f.name = "ACGME";
    data.put(f);
    Competency c;
    c.id = 3;
    c.frameworkId = 2;
    c.code = "PC";
    c.title = "Patient Care";
    data.put(c);
    Course course;
    course.id = 4;
    course.code = "CARD 210";
    course.title = "Cardiology";
    data.put(course);
    Activity a;
    a.id = 5;
    a.courseId = 4;
    a.title = "ECG workshop";
    a.method = "IM013";
    data.put(a);
    Assessment x;
    x.id = 6;
    x.courseId = 4;
    x.title = "Final exam";
    x.method = "AM004";
    data.put(x);
    return data;
}

bool blank(const std::vector<std::string>& row)
{
    return std::all_of(row.begin(), row.end(),
        [](const std::string& c) { return c.find_first_not_of(" \t\r\n") == std::string::npos; });
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* bytes, std::size_t size)
{
    static const DocumentData data = smallMap();
    const std::string_view text(reinterpret_cast<const char*>(bytes), size);
    CsvTable table;
    try {
        table = parseCsv(text);
    } catch (const Error&) {
        return 0;
    }

    // Written back and read again: the same rows. (Not for what the reader treats specially at the start of
    // a sheet — a byte-order mark, a "sep=" line — nor for rows of one empty cell, which are blank lines.)
    const bool special = !table.rows.empty() && !table.rows[0].empty()
        && (table.rows[0][0].starts_with("\xEF\xBB\xBF") || table.rows[0][0].starts_with("sep=")
            || table.rows[0][0].starts_with("SEP="));
    const bool emptyRow = std::any_of(table.rows.begin(), table.rows.end(),
        [](const std::vector<std::string>& r) { return r.size() == 1 && r[0].empty(); });
    if (!special && !emptyRow) {
        std::string written;
        for (const auto& row : table.rows) {
            std::vector<std::string> cells;
            for (const auto& cell : row)
                cells.push_back(csvValue(cell));
            written += csvRow(cells);
        }
        if (parseCsv(written).rows != table.rows)
            std::abort();
    }

    if (table.rows.empty())
        return 0;
    for (auto kind : { ItemKind::Objective, ItemKind::Activity, ItemKind::Assessment }) {
        CsvImport import { kind, 4, true, guessCsvColumns(kind, table.rows[0]) };
        if (import.columns.empty()) // still try: the first column as the required field
            import.columns.push_back({ kind == ItemKind::Objective ? "text" : "title", 0 });
        try {
            const auto change = planCsvImport(data, table, import, 100);
            DocumentData after = data;
            if (!change.matches(after))
                std::abort();
            change.applyTo(after);
            const auto rows = static_cast<std::size_t>(std::count_if(
                table.rows.begin() + 1, table.rows.end(), [](const auto& r) { return !blank(r); }));
            const auto added = after.all<Objective>().size() + after.all<Activity>().size()
                + after.all<Assessment>().size()
                - (data.all<Activity>().size() + data.all<Assessment>().size());
            if (added != rows)
                std::abort();
        } catch (const Error&) {
            // Refused with the bad cells named: nothing planned.
        }
    }
    return 0;
}
