#include "coursemap/review/Diff.h"

#include "coursemap/Printable.h"
#include "coursemap/analysis/Checker.h"
#include "coursemap/model/Fields.h"
#include "coursemap/model/Labels.h"
#include "coursemap/syllabus/Syllabus.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <sstream>
#include <tuple>

namespace coursemap {

using nlohmann::json;
using nlohmann::ordered_json;

namespace {

std::string words(std::string_view name)
{
    std::string out(name);
    std::replace(out.begin(), out.end(), '_', ' ');
    return out;
}

// A field value as a user reads it.
std::string shown(const json& v)
{
    if (v.is_null())
        return "none";
    if (v.is_string())
        return v.get<std::string>();
    if (v.is_boolean())
        return v.get<bool>() ? "yes" : "no";
    if (v.is_number_float()) {
        const double x = v.get<double>();
        if (x == std::floor(x) && std::abs(x) < 1e15)
            return std::to_string(static_cast<long long>(x));
        std::ostringstream s;
        s << x;
        return s.str();
    }
    return v.dump();
}

std::string courseCode(const DocumentData& data, Id id)
{
    const auto* c = data.get<Course>(courseOf(data, id));
    return c ? c->code : std::string();
}

// The siblings group an item is ordered in: its kind and its parent.
template <class T> std::pair<Id, Id> groupOf(const T& item)
{
    if constexpr (requires { item.courseId; })
        return { item.courseId, NoId };
    else if constexpr (std::is_same_v<T, Competency>)
        return { item.frameworkId, item.parentId };
    else
        return { NoId, NoId };
}

// Items whose place among their common siblings changed: those outside a longest run kept in order.
template <class T>
std::map<Id, std::pair<int, int>> movedItems(const std::map<Id, T>& before, const std::map<Id, T>& after)
{
    std::map<std::pair<Id, Id>, std::vector<const T*>> groupsBefore, groupsAfter;
    for (const auto& [id, item] : before)
        groupsBefore[groupOf(item)].push_back(&item);
    for (const auto& [id, item] : after)
        groupsAfter[groupOf(item)].push_back(&item);
    auto byOrder
        = [](const T* a, const T* b) { return std::tie(a->order, a->id) < std::tie(b->order, b->id); };
    std::map<Id, std::pair<int, int>> moved;
    for (auto& [group, listAfter] : groupsAfter) {
        auto it = groupsBefore.find(group);
        if (it == groupsBefore.end())
            continue;
        auto& listBefore = it->second;
        std::sort(listBefore.begin(), listBefore.end(), byOrder);
        std::sort(listAfter.begin(), listAfter.end(), byOrder);
        std::map<Id, int> posBefore, posAfter;
        for (std::size_t i = 0; i < listBefore.size(); ++i)
            posBefore[listBefore[i]->id] = static_cast<int>(i);
        for (std::size_t i = 0; i < listAfter.size(); ++i)
            posAfter[listAfter[i]->id] = static_cast<int>(i);
        // Common items in their new order, by their old position: the longest increasing run stayed put.
        std::vector<std::pair<int, Id>> seq;
        for (const T* item : listAfter)
            if (auto p = posBefore.find(item->id); p != posBefore.end())
                seq.emplace_back(p->second, item->id);
        std::vector<int> tails; // index into seq of the smallest tail of each run length
        std::vector<int> prev(seq.size(), -1);
        for (std::size_t i = 0; i < seq.size(); ++i) {
            auto at = std::lower_bound(tails.begin(), tails.end(), seq[i].first,
                [&](int t, int value) { return seq[static_cast<std::size_t>(t)].first < value; });
            if (at != tails.begin())
                prev[i] = *(at - 1);
            if (at == tails.end())
                tails.push_back(static_cast<int>(i));
            else
                *at = static_cast<int>(i);
        }
        std::set<Id> kept;
        for (int i = tails.empty() ? -1 : tails.back(); i >= 0; i = prev[static_cast<std::size_t>(i)])
            kept.insert(seq[static_cast<std::size_t>(i)].second);
        for (const auto& [oldPos, id] : seq)
            if (!kept.contains(id))
                moved[id] = { oldPos + 1, posAfter[id] + 1 };
    }
    return moved;
}

template <class T>
void diffKind(const DocumentData& before, const DocumentData& after, std::vector<ItemDiff>& out)
{
    std::map<Id, T> b, a;
    if constexpr (std::is_same_v<T, Program>) {
        b[before.program().id] = before.program();
        a[after.program().id] = after.program();
    } else {
        b = before.all<T>();
        a = after.all<T>();
    }
    std::map<Id, std::pair<int, int>> moved;
    if constexpr (requires(T t) { t.order; })
        moved = movedItems(b, a);
    auto base = [&](DiffKind kind, Id id, const DocumentData& named) {
        ItemDiff d;
        d.kind = kind;
        d.itemKind = ItemTraits<T>::kind;
        d.id = id;
        d.label = itemLabel(named, id);
        d.course = courseCode(named, id);
        return d;
    };
    for (const auto& [id, item] : a) {
        auto old = b.find(id);
        if (old == b.end()) {
            out.push_back(base(DiffKind::Added, id, after));
            continue;
        }
        ItemDiff d = base(DiffKind::Changed, id, after);
        for (const auto& f : fieldsOf<T>()) {
            if (f.role != FieldRole::Data)
                continue;
            const json x = f.get(old->second), y = f.get(item);
            if (x == y)
                continue;
            FieldDiff fd { words(f.name), shown(x), shown(y), {} };
            if (f.type == ValueType::Text)
                fd.words = diffWords(fd.before, fd.after);
            d.fields.push_back(std::move(fd));
        }
        if (auto m = moved.find(id); m != moved.end())
            d.moved = m->second;
        if (!d.fields.empty() || d.moved)
            out.push_back(std::move(d));
    }
    for (const auto& [id, item] : b)
        if (!a.contains(id))
            out.push_back(base(DiffKind::Removed, id, before));
}

std::string linkWords(const Link& link)
{
    switch (link.key.kind) {
    case LinkKind::Teaches:
        return "taught by";
    case LinkKind::Assesses:
        return link.share ? "assessed by (" + shown(json(*link.share)) + "% of the assessment)"
                          : "assessed by";
    case LinkKind::Maps:
        return "maps to (" + std::string(toString(link.contribution.value_or(Contribution::Introduced)))
            + ")";
    }
    return {};
}

using FindingKey = std::tuple<std::string, Id, std::vector<Id>>;

std::map<FindingKey, FindingDiff> findingsOf(const DocumentData& data)
{
    std::map<FindingKey, FindingDiff> out;
    const Checker checker(data);
    for (const auto& f : checker.findings()) {
        if (f.acknowledgement)
            continue;
        const auto* c = data.get<Course>(f.courseId);
        out[FindingKey { std::string(f.rule->id), f.subject, f.items }]
            = FindingDiff { std::string(f.rule->id), f.severity(), c ? c->code : std::string(), f.message };
    }
    return out;
}

std::string severityWord(Severity s)
{
    return s == Severity::Error ? "error" : s == Severity::Warning ? "warning" : "info";
}

std::string kindOfChange(DiffKind k)
{
    return k == DiffKind::Added ? "added" : k == DiffKind::Removed ? "removed" : "changed";
}

// Which course a change is filed under, in the order courses are in `after`, then the rest.
std::string heading(const std::string& course)
{
    return course.empty() ? "Program" : course;
}

template <class Entry> std::vector<std::string> coursesIn(const std::vector<Entry>& entries)
{
    std::vector<std::string> out;
    for (const auto& e : entries)
        if (std::find(out.begin(), out.end(), e.course) == out.end())
            out.push_back(e.course);
    return out;
}

// Reads better as one replacement: "[-pathophysiology of-]{+neurohormonal response in+}" rather than
// "[-pathophysiology-]{+neurohormonal+} [-of-]{+response+} {+in +}". Changes separated only by white space
// are joined, the space going to both sides.
std::vector<WordRun> joinChanges(const std::vector<WordRun>& runs)
{
    auto blank = [](const std::string& t) {
        return std::all_of(
            t.begin(), t.end(), [](char c) { return std::isspace(static_cast<unsigned char>(c)); });
    };
    std::vector<WordRun> out;
    std::size_t i = 0;
    while (i < runs.size()) {
        if (runs[i].op == WordRun::Same) {
            out.push_back(runs[i++]);
            continue;
        }
        std::string removed, added;
        std::size_t j = i;
        while (j < runs.size()) {
            if (runs[j].op == WordRun::Removed)
                removed += runs[j].text;
            else if (runs[j].op == WordRun::Added)
                added += runs[j].text;
            else if (blank(runs[j].text) && j + 1 < runs.size() && runs[j + 1].op != WordRun::Same) {
                removed += runs[j].text;
                added += runs[j].text;
            } else
                break;
            ++j;
        }
        if (!removed.empty())
            out.push_back({ WordRun::Removed, removed });
        if (!added.empty())
            out.push_back({ WordRun::Added, added });
        i = j;
    }
    return out;
}

} // namespace

std::vector<WordRun> diffWords(const std::string& before, const std::string& after)
{
    auto split = [](const std::string& s) {
        std::vector<std::string> out;
        std::size_t i = 0;
        while (i < s.size()) {
            const bool space = std::isspace(static_cast<unsigned char>(s[i]));
            std::size_t j = i;
            while (j < s.size() && bool(std::isspace(static_cast<unsigned char>(s[j]))) == space)
                ++j;
            out.push_back(s.substr(i, j - i));
            i = j;
        }
        return out;
    };
    const auto x = split(before), y = split(after);
    std::vector<WordRun> out;
    auto push = [&](WordRun::Op op, const std::string& text) {
        if (!out.empty() && out.back().op == op)
            out.back().text += text;
        else
            out.push_back({ op, text });
    };
    // Common words at both ends first, then a longest common subsequence of the middle.
    std::size_t head = 0;
    while (head < x.size() && head < y.size() && x[head] == y[head])
        ++head;
    std::size_t tail = 0;
    while (
        tail < x.size() - head && tail < y.size() - head && x[x.size() - 1 - tail] == y[y.size() - 1 - tail])
        ++tail;
    for (std::size_t i = 0; i < head; ++i)
        push(WordRun::Same, x[i]);
    const std::size_t n = x.size() - head - tail, m = y.size() - head - tail;
    if (n * m > 4'000'000) { // too long to compare word by word: the middle was replaced
        for (std::size_t i = 0; i < n; ++i)
            push(WordRun::Removed, x[head + i]);
        for (std::size_t j = 0; j < m; ++j)
            push(WordRun::Added, y[head + j]);
    } else {
        std::vector<std::vector<int>> lcs(n + 1, std::vector<int>(m + 1, 0));
        for (std::size_t i = n; i-- > 0;)
            for (std::size_t j = m; j-- > 0;)
                lcs[i][j] = x[head + i] == y[head + j] ? lcs[i + 1][j + 1] + 1
                                                       : std::max(lcs[i + 1][j], lcs[i][j + 1]);
        std::size_t i = 0, j = 0;
        while (i < n || j < m) {
            if (i < n && j < m && x[head + i] == y[head + j]) {
                push(WordRun::Same, x[head + i]);
                ++i;
                ++j;
            } else if (i < n && (j == m || lcs[i + 1][j] >= lcs[i][j + 1])) {
                push(WordRun::Removed, x[head + i++]); // removals first: "[-old-]{+new+}"
            } else {
                push(WordRun::Added, y[head + j++]);
            }
        }
    }
    for (std::size_t i = x.size() - tail; i < x.size(); ++i)
        push(WordRun::Same, x[i]);
    return joinChanges(out);
}

MapDiff diffMaps(const DocumentData& before, const DocumentData& after)
{
    MapDiff d;
    diffKind<Program>(before, after, d.items);
    diffKind<Framework>(before, after, d.items);
    diffKind<Competency>(before, after, d.items);
    diffKind<Course>(before, after, d.items);
    diffKind<Objective>(before, after, d.items);
    diffKind<Activity>(before, after, d.items);
    diffKind<Assessment>(before, after, d.items);

    for (const auto& [key, link] : after.links()) {
        const Link* old = before.link(key);
        if (old && *old == link)
            continue;
        d.links.push_back({ old ? DiffKind::Changed : DiffKind::Added, key, itemLabel(after, key.objectiveId),
            itemLabel(after, key.targetId), courseCode(after, key.objectiveId), old ? linkWords(*old) : "",
            linkWords(link) });
    }
    for (const auto& [key, link] : before.links())
        if (!after.link(key))
            d.links.push_back({ DiffKind::Removed, key, itemLabel(before, key.objectiveId),
                itemLabel(before, key.targetId), courseCode(before, key.objectiveId), linkWords(link), "" });

    const auto was = findingsOf(before), is = findingsOf(after);
    for (const auto& [key, f] : is)
        if (!was.contains(key))
            d.newFindings.push_back(f);
    for (const auto& [key, f] : was)
        if (!is.contains(key))
            d.fixedFindings.push_back(f);
    return d;
}

std::string diffText(const MapDiff& diff, const std::string& beforeName, const std::string& afterName)
{
    std::ostringstream out;
    out << "Changes from " << printable(beforeName) << " to " << printable(afterName) << "\n";
    if (diff.empty()) {
        out << "\nNo changes.\n";
        return out.str();
    }
    auto marked = [](const FieldDiff& f) {
        if (f.words.empty())
            return f.before + " \u2192 " + f.after;
        std::string s;
        for (const auto& w : f.words)
            s += w.op == WordRun::Same     ? w.text
                : w.op == WordRun::Removed ? "[-" + w.text + "-]"
                                           : "{+" + w.text + "+}";
        return s;
    };
    for (const auto& course : coursesIn(diff.items)) {
        out << "\n" << printable(heading(course)) << "\n";
        for (const auto& i : diff.items) {
            if (i.course != course)
                continue;
            out << "  " << kindOfChange(i.kind) << ": " << printable(i.label) << "\n";
            if (i.moved)
                out << "      moved from position " << i.moved->first << " to " << i.moved->second << "\n";
            for (const auto& f : i.fields)
                out << "      " << f.field << ": " << printable(marked(f)) << "\n";
        }
    }
    if (!diff.links.empty()) {
        out << "\nLinks\n";
        for (const auto& l : diff.links) {
            out << "  " << kindOfChange(l.kind) << ": " << printable(l.objective) << " "
                << printable(l.kind == DiffKind::Removed ? l.before : l.after) << " " << printable(l.target);
            if (l.kind == DiffKind::Changed)
                out << " (was: " << printable(l.before) << ")";
            out << "\n";
        }
    }
    auto findings = [&](const char* title, const std::vector<FindingDiff>& list) {
        if (list.empty())
            return;
        out << "\n" << title << "\n";
        for (const auto& f : list)
            out << "  " << severityWord(f.severity) << " " << f.rule
                << (f.course.empty() ? "" : " [" + printable(f.course) + "]") << ": " << printable(f.message)
                << "\n";
    };
    findings("New problems", diff.newFindings);
    findings("Fixed problems", diff.fixedFindings);
    return out.str();
}

ordered_json diffJson(const MapDiff& diff, const std::string& beforeName, const std::string& afterName)
{
    ordered_json items = ordered_json::array();
    for (const auto& i : diff.items) {
        ordered_json fields = ordered_json::array();
        for (const auto& f : i.fields)
            fields.push_back({ { "field", f.field }, { "before", f.before }, { "after", f.after } });
        ordered_json entry { { "change", kindOfChange(i.kind) }, { "kind", toString(i.itemKind) },
            { "id", i.id }, { "label", i.label },
            { "course", i.course.empty() ? json(nullptr) : json(i.course) },
            { "fields", std::move(fields) } };
        if (i.moved)
            entry["moved"] = { { "from", i.moved->first }, { "to", i.moved->second } };
        items.push_back(std::move(entry));
    }
    ordered_json links = ordered_json::array();
    for (const auto& l : diff.links)
        links.push_back({ { "change", kindOfChange(l.kind) }, { "kind", toString(l.key.kind) },
            { "objective_id", l.key.objectiveId }, { "target_id", l.key.targetId },
            { "objective", l.objective }, { "target", l.target },
            { "course", l.course.empty() ? json(nullptr) : json(l.course) },
            { "before", l.before.empty() ? json(nullptr) : json(l.before) },
            { "after", l.after.empty() ? json(nullptr) : json(l.after) } });
    auto findings = [](const std::vector<FindingDiff>& list) {
        ordered_json out = ordered_json::array();
        for (const auto& f : list)
            out.push_back({ { "rule", f.rule }, { "severity", severityWord(f.severity) },
                { "course", f.course.empty() ? json(nullptr) : json(f.course) }, { "message", f.message } });
        return out;
    };
    return { { "from", beforeName }, { "to", afterName }, { "items", std::move(items) },
        { "links", std::move(links) },
        { "findings",
            { { "new", findings(diff.newFindings) }, { "fixed", findings(diff.fixedFindings) } } } };
}

std::string diffHtml(const MapDiff& diff, const std::string& beforeName, const std::string& afterName)
{
    std::ostringstream out;
    out << "<h2>Changes from " << escapeHtml(beforeName) << " to " << escapeHtml(afterName) << "</h2>";
    if (diff.empty()) {
        out << "<p>No changes.</p>";
        return out.str();
    }
    out << "<p>" << diff.items.size() << " item" << (diff.items.size() == 1 ? "" : "s") << " and "
        << diff.links.size() << " link" << (diff.links.size() == 1 ? "" : "s") << " changed; "
        << diff.newFindings.size() << " new problem" << (diff.newFindings.size() == 1 ? "" : "s") << ", "
        << diff.fixedFindings.size() << " fixed.</p>";
    const char* colour[] = { "#1B5E20", "#B71C1C", "#0D47A1" }; // added, removed, changed
    auto tag = [&](DiffKind k) {
        return "<span style='color:" + std::string(colour[static_cast<int>(k)]) + "; font-weight:bold'>"
            + kindOfChange(k) + "</span> ";
    };
    for (const auto& course : coursesIn(diff.items)) {
        out << "<h3>" << escapeHtml(heading(course)) << "</h3><ul>";
        for (const auto& i : diff.items) {
            if (i.course != course)
                continue;
            out << "<li>" << tag(i.kind) << escapeHtml(i.label);
            if (i.moved)
                out << " <i>(moved from position " << i.moved->first << " to " << i.moved->second << ")</i>";
            if (!i.fields.empty()) {
                out << "<ul>";
                for (const auto& f : i.fields) {
                    out << "<li><b>" << escapeHtml(f.field) << ":</b> ";
                    if (f.words.empty())
                        out << "<span style='color:#B71C1C; text-decoration:line-through'>"
                            << escapeHtml(f.before) << "</span> \u2192 <span style='color:#1B5E20'>"
                            << escapeHtml(f.after) << "</span>";
                    else
                        for (const auto& w : f.words)
                            out << (w.op == WordRun::Same ? ""
                                    : w.op == WordRun::Removed
                                    ? "<span style='color:#B71C1C; text-decoration:line-through'>"
                                    : "<span style='color:#1B5E20; text-decoration:underline'>")
                                << escapeHtml(w.text) << (w.op == WordRun::Same ? "" : "</span>");
                    out << "</li>";
                }
                out << "</ul>";
            }
            out << "</li>";
        }
        out << "</ul>";
    }
    if (!diff.links.empty()) {
        out << "<h3>Links</h3><ul>";
        for (const auto& l : diff.links) {
            out << "<li>" << tag(l.kind) << escapeHtml(l.objective) << " <i>"
                << escapeHtml(l.kind == DiffKind::Removed ? l.before : l.after) << "</i> "
                << escapeHtml(l.target);
            if (l.kind == DiffKind::Changed)
                out << " (was: " << escapeHtml(l.before) << ")";
            out << "</li>";
        }
        out << "</ul>";
    }
    auto findings = [&](const char* title, const std::vector<FindingDiff>& list) {
        if (list.empty())
            return;
        out << "<h3>" << title << "</h3><ul>";
        for (const auto& f : list)
            out << "<li><b>" << severityWord(f.severity) << "</b> " << escapeHtml(f.rule)
                << (f.course.empty() ? "" : " [" + escapeHtml(f.course) + "]") << ": "
                << escapeHtml(f.message) << "</li>";
        out << "</ul>";
    };
    findings("New problems", diff.newFindings);
    findings("Fixed problems", diff.fixedFindings);
    return out.str();
}

Change planRestore(const DocumentData& now, const DocumentData& version, const std::string& versionName)
{
    Change change;
    change.description = "Restore version \u201C" + versionName + "\u201D";
    // Review statuses are the review's, not the curriculum's: an item keeps the status it has now (its
    // history stays), and one the restore brings back starts again as a draft (its history went with it).
    auto restoreKind = [&]<class T>(const std::map<Id, T>& was, const std::map<Id, T>& is) {
        for (const auto& [id, old] : was) {
            T item = old;
            auto it = is.find(id);
            if constexpr (requires { item.status; })
                item.status = it == is.end() ? ReviewStatus::Draft : it->second.status;
            if (it == is.end())
                change.items.push_back({ std::nullopt, item });
            else if (!(it->second == item))
                change.items.push_back({ it->second, item });
        }
        for (const auto& [id, item] : is)
            if (!was.contains(id))
                change.items.push_back({ item, std::nullopt });
    };
    if (!(now.program() == version.program()))
        change.items.push_back({ now.program(), version.program() });
    restoreKind(version.all<Framework>(), now.all<Framework>());
    restoreKind(version.all<Competency>(), now.all<Competency>());
    restoreKind(version.all<Course>(), now.all<Course>());
    restoreKind(version.all<Objective>(), now.all<Objective>());
    restoreKind(version.all<Activity>(), now.all<Activity>());
    restoreKind(version.all<Assessment>(), now.all<Assessment>());

    // Review records stay, unless what they are about is gone after the restore.
    auto survives = [&](Id id) { return id == NoId || version.contains(id); }; // ids are never reused
    auto keepReview = [&]<class T>(const std::map<Id, T>& records) {
        for (const auto& [id, r] : records) {
            bool keep = survives(r.itemId);
            if constexpr (std::is_same_v<T, Comment>)
                keep = keep && survives(r.targetId);
            if (!keep)
                change.items.push_back({ r, std::nullopt });
        }
    };
    keepReview(now.all<Comment>());
    keepReview(now.all<Acknowledgement>());
    keepReview(now.all<StatusChange>());

    for (const auto& [key, link] : version.links())
        if (const Link* current = now.link(key); !current)
            change.links.push_back({ std::nullopt, link });
        else if (!(*current == link))
            change.links.push_back({ *current, link });
    for (const auto& [key, link] : now.links())
        if (!version.link(key))
            change.links.push_back({ link, std::nullopt });
    return change;
}

} // namespace coursemap
