#include "coursemap/syllabus/Syllabus.h"

#include "coursemap/Error.h"
#include "coursemap/analysis/Catalog.h"
#include "coursemap/analysis/Checker.h"
#include "coursemap/analysis/ObjectiveAnalyzer.h"
#include "coursemap/review/Review.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <iomanip>
#include <map>
#include <sstream>

namespace coursemap {

std::string escapeHtml(std::string_view text)
{
    std::string out;
    out.reserve(text.size() + 16);
    for (char c : text) {
        switch (c) {
        case '&':
            out += "&amp;";
            break;
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        case '"':
            out += "&quot;";
            break;
        case '\'':
            out += "&#39;";
            break;
        default:
            out += c;
        }
    }
    return out;
}

std::string_view bloomColour(BloomLevel level)
{
    switch (level) {
    case BloomLevel::Remember:
        return "#BBDEFB";
    case BloomLevel::Understand:
        return "#B2EBF2";
    case BloomLevel::Apply:
        return "#C8E6C9";
    case BloomLevel::Analyze:
        return "#FFF59D";
    case BloomLevel::Evaluate:
        return "#FFCC80";
    case BloomLevel::Create:
        return "#F8BBD0";
    }
    return "#FFFFFF";
}

const Course* findCourseByCode(const DocumentData& data, std::string_view code)
{
    auto squash = [](std::string_view s) {
        std::string out;
        for (char c : s)
            if (!std::isspace(static_cast<unsigned char>(c)))
                out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        return out;
    };
    const Course* loose = nullptr;
    for (const auto* c : data.courses()) {
        if (c->code == code)
            return c;
        if (!loose && squash(c->code) == squash(code))
            loose = c;
    }
    return loose;
}

namespace {

// Escaped user text, with line breaks kept.
std::string text(std::string_view s)
{
    std::string out;
    for (char c : escapeHtml(s))
        out += c == '\n' ? std::string("<br/>") : std::string(1, c);
    return out;
}

std::string number(double x)
{
    std::ostringstream out;
    if (std::abs(x - std::round(x)) < 1e-9)
        out << static_cast<long long>(std::llround(x));
    else
        out << std::fixed << std::setprecision(1) << x;
    return out.str();
}

std::string duration(int minutes)
{
    if (minutes <= 0)
        return "";
    if (minutes < 60)
        return std::to_string(minutes) + " min";
    const int h = minutes / 60, m = minutes % 60;
    return std::to_string(h) + " h" + (m ? " " + std::to_string(m) + " min" : "");
}

std::string capitalized(std::string_view s)
{
    std::string out(s);
    std::replace(out.begin(), out.end(), '_', ' ');
    if (!out.empty())
        out[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(out[0])));
    return out;
}

// "1, 2, 5" from objective numbers.
std::string numbers(std::vector<int> ns)
{
    std::sort(ns.begin(), ns.end());
    std::string out;
    for (int n : ns)
        out += (out.empty() ? "" : ", ") + std::to_string(n);
    return out.empty() ? "—" : out;
}

const char* const TableOpen = "<table width=\"100%\" border=\"1\" cellspacing=\"0\" cellpadding=\"6\" "
                              "style=\"border-color: #B0BEC5; border-style: solid;\">";
const char* const HeadCell = "<th align=\"left\" bgcolor=\"#E8EAF6\">";

class Writer
{
public:
    Writer(const DocumentData& data, const Course& course, const SyllabusOptions& options)
        : data_(data)
        , course_(course)
        , options_(options)
        , objectives_(data.objectivesOf(course.id))
        , activities_(data.activitiesOf(course.id))
        , assessments_(data.assessmentsOf(course.id))
    {
        for (std::size_t i = 0; i < objectives_.size(); ++i)
            numberOf_[objectives_[i]->id] = static_cast<int>(i) + 1;
    }

    std::string write()
    {
        titleBlock();
        about();
        objectives();
        schedule();
        assessmentPlan();
        blueprint();
        if (options_.alignmentSummary)
            alignment();
        if (options_.reviewCopy)
            review();
        return out_.str();
    }

private:
    void heading(const std::string& title)
    {
        out_ << "<h2 style=\"color: #1A237E; margin-top: 54px; margin-bottom: 18px;\">" << title << "</h2>\n";
    }

    std::vector<int> objectivesLinked(Id target, LinkKind kind) const
    {
        std::vector<int> ns;
        for (const auto* l : data_.linksTo(target))
            if (l->key.kind == kind)
                if (const auto it = numberOf_.find(l->key.objectiveId); it != numberOf_.end())
                    ns.push_back(it->second);
        return ns;
    }

    void titleBlock()
    {
        const auto& p = data_.program();
        out_ << "<h1 style=\"color: #1A237E; margin-bottom: 2px;\">" << text(course_.code) << " "
             << text(course_.title) << "</h1>\n";
        out_ << "<p style=\"color: #455A64; margin-top: 0px;\">" << text(p.name)
             << (p.institution.empty() ? "" : " · " + text(p.institution)) << "</p>\n";
        out_ << "<table width=\"100%\" cellspacing=\"0\" cellpadding=\"3\">";
        auto row
            = [&](const std::string& a, const std::string& av, const std::string& b, const std::string& bv) {
                  out_ << "<tr><td width=\"18%\" style=\"color: #546E7A;\">" << a << "</td><td width=\"32%\">"
                       << av << "</td><td width=\"18%\" style=\"color: #546E7A;\">" << b
                       << "</td><td width=\"32%\">" << bv << "</td></tr>";
              };
        row("Year", "Year " + std::to_string(course_.year), "Term",
            course_.term.empty() ? "—" : text(course_.term));
        row("Credits", number(course_.credits), "Delivery", capitalized(toString(course_.deliveryMode)));
        row("Contact hours", number(course_.contactHours), "Self-study hours",
            number(course_.selfStudyHours));
        row("Course director", course_.director.empty() ? "—" : text(course_.director), "Status",
            capitalized(toString(course_.status)));
        out_ << "</table>\n";
    }

    void about()
    {
        if (!course_.description.empty()) {
            heading("Course description");
            out_ << "<p>" << text(course_.description) << "</p>\n";
        }
        if (!course_.prerequisites.empty()) {
            heading("Prerequisites");
            out_ << "<p>" << text(course_.prerequisites) << "</p>\n";
        }
    }

    void objectives()
    {
        heading("Learning objectives");
        if (objectives_.empty()) {
            out_ << "<p><i>No objectives yet.</i></p>\n";
            return;
        }
        out_ << "<p>By the end of this course, learners will be able to:</p>\n";
        out_ << TableOpen << "<thead><tr>" << HeadCell << "#</th>" << HeadCell << "Objective</th>" << HeadCell
             << "Bloom level</th>" << HeadCell << "Competencies</th></tr></thead>\n";
        ObjectiveAnalysis a;
        for (const auto* o : objectives_) {
            analyzeObjective(o->text, a);
            const auto level = o->bloomOverride ? o->bloomOverride : a.bloom;
            std::string competencies;
            for (const auto* l : data_.linksOf(o->id)) {
                if (l->key.kind != LinkKind::Maps)
                    continue;
                const auto* c = data_.get<Competency>(l->key.targetId);
                if (!c)
                    continue;
                competencies
                    += (competencies.empty() ? "" : ", ") + text(c->code.empty() ? c->title : c->code);
                if (l->contribution)
                    competencies += std::string(" (")
                        + static_cast<char>(std::toupper(toString(*l->contribution)[0])) + ")";
            }
            out_ << "<tr><td width=\"6%\">" << numberOf_.at(o->id) << "</td><td width=\"58%\">"
                 << text(o->text) << "</td>";
            if (level)
                out_ << "<td width=\"16%\" bgcolor=\"" << bloomColour(*level) << "\">"
                     << capitalized(toString(*level)) << "</td>";
            else
                out_ << "<td width=\"16%\" style=\"color: #9E9E9E;\">—</td>";
            out_ << "<td width=\"20%\">" << (competencies.empty() ? "—" : competencies) << "</td></tr>\n";
        }
        out_ << "</table>\n";
        out_ << "<p style=\"font-size: small; color: #607D8B;\">Bloom levels as read from each objective's "
                "verb "
                "(Anderson &amp; Krathwohl, 2001). Competencies: I introduced, R reinforced, M "
                "mastered.</p>\n";
    }

    void schedule()
    {
        heading("Schedule of teaching");
        if (activities_.empty()) {
            out_ << "<p><i>No teaching activities yet.</i></p>\n";
            return;
        }
        // By week, unscheduled sessions last; within a week in the course's order.
        std::vector<const Activity*> sorted(activities_.begin(), activities_.end());
        std::stable_sort(sorted.begin(), sorted.end(), [](const Activity* a, const Activity* b) {
            return a->week.value_or(10'000) < b->week.value_or(10'000);
        });
        out_ << TableOpen << "<thead><tr>" << HeadCell << "Week</th>" << HeadCell << "Session</th>"
             << HeadCell << "Method</th>" << HeadCell << "Duration</th>" << HeadCell
             << "Objectives</th></tr></thead>\n";
        int minutes = 0;
        for (const auto* x : sorted) {
            const auto* m = findInstructionalMethod(x->method);
            out_ << "<tr><td width=\"9%\">" << (x->week ? std::to_string(*x->week) : "—")
                 << "</td><td width=\"39%\">" << text(x->title)
                 << (x->interprofessional ? " <i>(interprofessional)</i>" : "") << "</td><td width=\"22%\">"
                 << (m ? text(m->name) : text(x->method)) << "</td><td width=\"12%\">" << duration(x->minutes)
                 << "</td><td width=\"18%\">" << numbers(objectivesLinked(x->id, LinkKind::Teaches))
                 << "</td></tr>\n";
            minutes += x->minutes;
        }
        out_ << "<tr><td></td><td><b>Total</b></td><td></td><td><b>" << duration(minutes)
             << "</b></td><td></td></tr>\n</table>\n";
    }

    void assessmentPlan()
    {
        heading("Assessment plan");
        if (assessments_.empty()) {
            out_ << "<p><i>No assessments yet.</i></p>\n";
            return;
        }
        out_ << TableOpen << "<thead><tr>" << HeadCell << "Assessment</th>" << HeadCell << "Method</th>"
             << HeadCell << "Type</th>" << HeadCell << "Weight</th>" << HeadCell << "Due</th>" << HeadCell
             << "Objectives</th></tr></thead>\n";
        double total = 0;
        for (const auto* x : assessments_) {
            const auto* m = findAssessmentMethod(x->method);
            out_ << "<tr><td width=\"25%\">" << text(x->title) << "</td><td width=\"21%\">"
                 << (m ? text(m->name) : text(x->method)) << "</td><td width=\"14%\">"
                 << (x->summative ? "Summative" : "Formative") << "</td><td width=\"11%\">"
                 << (x->summative ? number(x->weight) + "%" : "—") << "</td><td width=\"11%\">"
                 << (x->week ? "Week " + std::to_string(*x->week) : "—") << "</td><td width=\"18%\">"
                 << numbers(objectivesLinked(x->id, LinkKind::Assesses)) << "</td></tr>\n";
            if (x->summative)
                total += x->weight;
        }
        out_ << "<tr><td><b>Total</b></td><td></td><td></td><td><b>" << number(total)
             << "%</b></td><td></td><td></td></tr>\n</table>\n";
    }

    void blueprint()
    {
        if (objectives_.empty() || assessments_.empty())
            return;
        heading("Assessment blueprint");
        out_ << "<p>Which assessment assesses which objective (numbered as above), with its share of the "
                "assessment where set.</p>\n";
        out_ << "<table border=\"1\" cellspacing=\"0\" cellpadding=\"4\" style=\""
                "border-color: #B0BEC5; border-style: solid;\"><thead><tr>"
             << HeadCell << "Objective</th>";
        for (std::size_t i = 0; i < assessments_.size(); ++i)
            out_ << "<th align=\"center\" bgcolor=\"#E8EAF6\">A" << i + 1 << "</th>";
        out_ << "</tr></thead>\n";
        for (const auto* o : objectives_) {
            out_ << "<tr><td align=\"center\">" << numberOf_.at(o->id) << "</td>";
            for (const auto* x : assessments_) {
                const auto* l = data_.link({ LinkKind::Assesses, o->id, x->id });
                out_ << "<td align=\"center\"" << (l ? " bgcolor=\"#C8E6C9\"" : "") << ">"
                     << (l ? (l->share ? number(*l->share) + "%" : "●") : "") << "</td>";
            }
            out_ << "</tr>\n";
        }
        out_ << "</table>\n<p style=\"font-size: small; color: #607D8B;\">";
        for (std::size_t i = 0; i < assessments_.size(); ++i)
            out_ << (i ? " · " : "") << "A" << i + 1 << " " << text(assessments_[i]->title);
        out_ << "</p>\n";
    }

    void alignment()
    {
        heading("Alignment summary");
        const auto findings = Checker(data_).findingsFor(course_.id);
        int open = 0;
        for (const auto& f : findings)
            open += !f.acknowledgement;
        if (findings.empty()) {
            out_ << "<p>Every objective is taught and assessed at its level; no alignment findings.</p>\n";
            return;
        }
        out_ << "<p>" << open << " open finding" << (open == 1 ? "" : "s")
             << " from Coursemap Studio's alignment checks";
        if (open != static_cast<int>(findings.size()))
            out_ << ", and " << findings.size() - static_cast<std::size_t>(open)
                 << " accepted with a justification";
        out_ << ".</p>\n<ul>\n";
        for (const auto& f : findings) {
            out_ << "<li>"
                 << (f.acknowledgement ? "<i>Accepted:</i> "
                                       : "<b>" + capitalized(toString(f.severity())) + ":</b> ")
                 << text(f.message);
            if (f.acknowledgement)
                out_ << " — <i>" << text(f.acknowledgement->justification) << "</i>";
            out_ << "</li>\n";
        }
        out_ << "</ul>\n";
    }

    void review()
    {
        heading("Review");
        const auto history = data_.statusHistory(course_.id);
        if (history.empty())
            out_ << "<p>Status: " << capitalized(toString(course_.status))
                 << "; no review recorded yet.</p>\n";
        else {
            out_ << "<ul>\n";
            for (const auto* h : history) {
                out_ << "<li>" << text(h->createdAt.substr(0, 10)) << ": " << capitalized(toString(h->status))
                     << " by " << text(h->author);
                if (!h->justification.empty())
                    out_ << " — <i>" << text(h->justification) << "</i>";
                out_ << "</li>\n";
            }
            out_ << "</ul>\n";
        }
        const auto threads = threadsIn(data_, course_.id, false);
        out_ << "<h3>Open comments</h3>\n";
        if (threads.empty()) {
            out_ << "<p>No open comments.</p>\n";
            return;
        }
        auto comment = [&](const Comment& c) {
            out_ << "<p style=\"margin-top: 2px; margin-bottom: 2px;\"><b>" << text(c.author) << "</b>, "
                 << text(c.createdAt.substr(0, 10)) << ": " << text(c.text) << "</p>\n";
        };
        for (const auto& t : threads) {
            // A heading, so that the layout never leaves it alone at the foot of a page.
            out_
                << "<h4 style=\"margin-top: 14px; margin-bottom: 2px; color: #455A64; font-weight: normal;\">"
                << text(subjectLabel(data_, *t.first)) << "</h4>\n";
            comment(*t.first);
            out_ << "<blockquote>";
            for (const auto* r : t.replies)
                comment(*r);
            out_ << "</blockquote>\n";
        }
    }

    const DocumentData& data_;
    const Course& course_;
    const SyllabusOptions& options_;
    std::vector<const Objective*> objectives_;
    std::vector<const Activity*> activities_;
    std::vector<const Assessment*> assessments_;
    std::map<Id, int> numberOf_;
    std::ostringstream out_;
};

} // namespace

Syllabus buildSyllabus(const DocumentData& data, Id courseId, const SyllabusOptions& options)
{
    const auto* course = data.get<Course>(courseId);
    if (!course)
        throw Error(
            ErrorCode::InvalidInput, "There is no course " + std::to_string(courseId) + " in this map.");
    Syllabus s;
    s.title = course->code + " " + course->title;
    s.subtitle = data.program().name
        + (data.program().institution.empty() ? "" : " · " + data.program().institution);
    s.html = Writer(data, *course, options).write();
    if (options.reviewCopy)
        s.label = "Review copy";
    return s;
}

} // namespace coursemap
