// The heat map for print: competencies × courses, a table per framework and group of courses, then the
// gaps and the program statistics. Qt's rich-text subset, every piece of user text escaped.
#include "coursemap/analysis/Catalog.h"
#include "coursemap/program/HeatMap.h"
#include "coursemap/program/ProgramStatistics.h"

#include <algorithm>
#include <cmath>
#include <iomanip>
#include <sstream>

namespace coursemap {

namespace {

// Courses per table: a portrait page holds the competency column and this many course columns.
constexpr std::size_t CoursesPerTable = 10;

std::string text(std::string_view s)
{
    return escapeHtml(s);
}

std::string hours(double h)
{
    std::ostringstream out;
    out << std::fixed << std::setprecision(std::abs(h - std::round(h)) < 0.05 ? 0 : 1) << h;
    return out.str();
}

std::string words(std::string_view name)
{
    std::string out(name);
    std::replace(out.begin(), out.end(), '_', ' ');
    if (!out.empty())
        out[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(out[0])));
    return out;
}

const char* const TableOpen = "<table width=\"100%\" border=\"1\" cellspacing=\"0\" cellpadding=\"4\" "
                              "style=\"border-color: #B0BEC5; border-style: solid;\">";
const char* const HeadCell = "<th bgcolor=\"#E8EAF6\" align=\"left\">";

class ReportWriter
{
public:
    explicit ReportWriter(const DocumentData& data)
        : data_(data)
        , map_(computeHeatMap(data))
    { }

    std::string write()
    {
        const auto& p = data_.program();
        out_ << "<h1 style=\"color: #1A237E; margin-bottom: 2px;\">Competency heat map</h1>\n";
        out_ << "<p style=\"color: #455A64; margin-top: 0px;\">" << text(p.name)
             << (p.institution.empty() ? "" : " · " + text(p.institution)) << "</p>\n";
        out_
            << "<p>Each cell shows the highest level at which a course's objectives address the competency — "
               "<b>I</b> introduced, <b>R</b> reinforced, <b>M</b> mastered — and how many objectives do. "
               "A domain's row includes the competencies within it. Courses are in program sequence.</p>\n";
        legend();
        if (map_.rows.empty())
            out_ << "<p><i>The program has adopted no competency framework.</i></p>\n";
        for (const auto* f : data_.frameworks())
            framework(*f);
        gaps();
        statistics();
        return out_.str();
    }

private:
    void heading(const std::string& title)
    {
        out_ << "<h2 style=\"color: #1A237E; margin-top: 40px; margin-bottom: 12px;\">" << title << "</h2>\n";
    }

    void legend()
    {
        out_ << "<p>";
        for (auto level : { Contribution::Introduced, Contribution::Reinforced, Contribution::Mastered })
            out_ << "<span style=\"background-color: " << contributionColour(level) << ";\">&nbsp;"
                 << contributionLetter(level) << "&nbsp;</span> " << words(toString(level))
                 << "&nbsp;&nbsp; ";
        out_ << "<span style=\"background-color: #FCE4EC;\">&nbsp;gap&nbsp;</span> no course maps "
                "it&nbsp;&nbsp; "
                "<span style=\"background-color: #FFE0B2;\">&nbsp;never M&nbsp;</span> introduced but never "
                "mastered</p>\n";
    }

    void framework(const Framework& f)
    {
        std::vector<const HeatRow*> rows;
        for (const auto& r : map_.rows)
            if (r.frameworkId == f.id)
                rows.push_back(&r);
        heading(text(f.name));
        if (rows.empty()) {
            out_ << "<p><i>No competencies.</i></p>\n";
            return;
        }
        if (map_.courses.empty()) {
            out_ << "<p><i>The program has no courses yet.</i></p>\n";
            return;
        }
        for (std::size_t first = 0; first < map_.courses.size(); first += CoursesPerTable) {
            const auto last = std::min(map_.courses.size(), first + CoursesPerTable);
            out_ << TableOpen
                 << "<thead><tr><th bgcolor=\"#E8EAF6\" align=\"left\" width=\"40%\">Competency</th>";
            for (std::size_t c = first; c < last; ++c) {
                const auto* course = data_.get<Course>(map_.courses[c]);
                out_ << "<th bgcolor=\"#E8EAF6\" align=\"center\" style=\"font-size: small;\">"
                     << text(course->code.empty() ? course->title : course->code) << "<br/>Y" << course->year
                     << "</th>";
            }
            out_ << "</tr></thead>\n";
            for (const auto* row : rows) {
                const auto* c = data_.get<Competency>(row->competencyId);
                const char* flag = row->gap() ? "#FCE4EC" : row->neverMastered() ? "#FFE0B2" : nullptr;
                out_ << "<tr><td" << (flag ? std::string(" bgcolor=\"") + flag + "\"" : std::string()) << ">";
                for (int d = 0; d < row->depth; ++d)
                    out_ << "&nbsp;&nbsp;&nbsp;";
                out_ << (row->depth == 0 ? "<b>" : "") << text(c->code.empty() ? "" : c->code + " ")
                     << text(c->title) << (row->depth == 0 ? "</b>" : "");
                if (row->gap())
                    out_ << " <i>(gap)</i>";
                else if (row->neverMastered())
                    out_ << " <i>(never M)</i>";
                out_ << "</td>";
                for (std::size_t col = first; col < last; ++col) {
                    const auto& cell = row->cells[col];
                    if (cell.total() == 0) {
                        // Reached only through a crosswalk from another framework: shown, marked derived.
                        if (cell.derived.empty())
                            out_ << "<td></td>";
                        else
                            out_ << "<td align=\"center\"><i>\u2194 " << cell.derived.size() << "</i></td>";
                        continue;
                    }
                    const auto level = cell.highest();
                    out_ << "<td align=\"center\" bgcolor=\""
                         << (level ? contributionColour(*level) : std::string_view("#ECEFF1")) << "\">"
                         << (level ? std::string(1, contributionLetter(*level)) : std::string("•")) << " "
                         << cell.total() << "</td>";
                }
                out_ << "</tr>\n";
            }
            out_ << "</table>\n<p></p>\n";
        }
    }

    void gaps()
    {
        heading("Gaps");
        std::string gaps, never;
        for (const auto& row : map_.rows) {
            const auto* c = data_.get<Competency>(row.competencyId);
            const auto* f = data_.get<Framework>(row.frameworkId);
            const auto item = "<li>" + text(c->code.empty() ? "" : c->code + " ") + text(c->title)
                + " <span "
                  "style=\"color: #607D8B;\">("
                + text(f->name) + ")</span></li>";
            if (row.gap())
                gaps += item;
            else if (row.neverMastered())
                never += item;
        }
        out_ << "<p><b>No course maps these competencies:</b></p>"
             << (gaps.empty() ? "<p>None.</p>" : "<ul>" + gaps + "</ul>") << "\n";
        out_ << "<p><b>Introduced or reinforced, but no course brings them to mastery:</b></p>"
             << (never.empty() ? "<p>None.</p>" : "<ul>" + never + "</ul>") << "\n";
    }

    void statistics()
    {
        heading("Program statistics");
        out_ << programStatisticsHtml(data_);
    }

    const DocumentData& data_;
    HeatMap map_;
    std::ostringstream out_;
};

} // namespace

std::string programStatisticsHtml(const DocumentData& data)
{
    const auto s = computeProgramStatistics(data);
    std::ostringstream out;
    out << "<h3>Scheduled teaching hours by instructional method</h3>\n"
        << TableOpen << "<tr>" << HeadCell << "Method</th>" << HeadCell << "Hours</th></tr>";
    std::vector<std::pair<std::string, double>> methods(s.hoursByMethod.begin(), s.hoursByMethod.end());
    std::stable_sort(
        methods.begin(), methods.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
    for (const auto& [code, h] : methods) {
        const auto* m = findInstructionalMethod(code);
        out << "<tr><td>" << (m ? text(m->name) + " (" + text(code) + ")" : "No method")
            << "</td><td align=\"right\">" << hours(h) << "</td></tr>";
    }
    out << "</table>\n";

    out << "<h3>Scheduled teaching hours by learning type</h3>\n"
        << TableOpen << "<tr>" << HeadCell << "Learning type</th>" << HeadCell << "Hours</th></tr>";
    for (std::size_t i = 0; i < s.hoursByLearningType.size(); ++i)
        out << "<tr><td>" << (i < 6 ? words(toString(static_cast<LearningType>(i))) : "Not known")
            << "</td><td align=\"right\">" << hours(s.hoursByLearningType[i]) << "</td></tr>";
    out << "</table>\n";

    out << "<h3>Objectives by Bloom level in each year</h3>\n"
        << TableOpen << "<tr>" << HeadCell << "Year</th>";
    for (int i = 0; i < 6; ++i)
        out << "<th bgcolor=\"" << bloomColour(static_cast<BloomLevel>(i)) << "\">"
            << words(toString(static_cast<BloomLevel>(i))) << "</th>";
    out << HeadCell << "No level</th></tr>";
    for (const auto& [year, counts] : s.bloomByYear) {
        out << "<tr><td>Year " << year << "</td>";
        for (int n : counts)
            out << "<td align=\"right\">" << n << "</td>";
        out << "</tr>";
    }
    out << "</table>\n";

    out << "<h3>Assessment methods by Miller level</h3>\n"
        << TableOpen << "<tr>" << HeadCell << "Miller level</th>" << HeadCell
        << "Methods (assessments)</th></tr>";
    for (const auto& [level, methods] : s.assessmentMethodsByMiller) {
        std::string list;
        for (const auto& [code, n] : methods) {
            const auto* m = findAssessmentMethod(code);
            list += (list.empty() ? "" : "; ") + text(m ? m->name : code) + " (" + std::to_string(n) + ")";
        }
        out << "<tr><td>" << words(toString(level)) << "</td><td>" << list << "</td></tr>";
    }
    if (s.assessmentsWithoutMethod > 0)
        out << "<tr><td>No method</td><td>" << s.assessmentsWithoutMethod << " assessments</td></tr>";
    out << "</table>\n";
    return out.str();
}

Syllabus heatMapReport(const DocumentData& data)
{
    const auto& p = data.program();
    Syllabus report;
    report.title = p.name;
    report.subtitle = p.institution;
    report.html = ReportWriter(data).write();
    report.label = "Competency heat map";
    return report;
}

} // namespace coursemap
