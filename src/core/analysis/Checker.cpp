#include "coursemap/analysis/Checker.h"

#include "coursemap/analysis/Catalog.h"
#include "coursemap/analysis/ObjectiveAnalyzer.h"
#include "coursemap/model/Labels.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <map>
#include <sstream>
#include <unordered_map>
#include <unordered_set>
#include <utility>

namespace coursemap {

namespace {

// "4", "61.5": whole numbers without decimals, others with one.
std::string hours(double x)
{
    std::ostringstream out;
    out.precision(x == std::round(x) ? 0 : 1);
    out << std::fixed << x;
    return out.str();
}

std::string percent(double x)
{
    return hours(x) + " %";
}

std::string millerWords(MillerLevel m)
{
    switch (m) {
    case MillerLevel::Knows:
        return "knows";
    case MillerLevel::KnowsHow:
        return "knows how";
    case MillerLevel::ShowsHow:
        return "shows how";
    case MillerLevel::Does:
        return "does";
    }
    return {};
}

std::string join(const std::vector<std::string>& parts, const std::string& last = " and ")
{
    std::string out;
    for (std::size_t i = 0; i < parts.size(); ++i)
        out += (i == 0 ? "" : i + 1 == parts.size() ? last : ", ") + parts[i];
    return out;
}

Finding make(std::string_view ruleId, Id subject, Id courseId, std::string message)
{
    Finding f;
    f.rule = findRule(ruleId);
    f.subject = subject;
    f.courseId = courseId;
    f.items.push_back(subject);
    f.message = std::move(message);
    return f;
}

// The wording rules of one objective: verb, measurability, compound, spelling, level set against the verb.
void wordingRules(const Objective& o, const ObjectiveAnalysis& a, std::vector<Finding>& out)
{
    auto suggest = [&](Finding& f, std::optional<BloomLevel> level, bool attitude) {
        f.suggestions
            = suggestedVerbs(attitude ? std::nullopt : std::optional(level.value_or(BloomLevel::Understand)));
    };
    switch (a.status) {
    case VerbStatus::Missing: {
        std::string aim;
        if (a.intendsAttitude)
            aim = "; it reads as an attitude to develop";
        else if (a.intendedLevel)
            aim = "; it reads as a "
                + std::string(*a.intendedLevel == BloomLevel::Remember ? "knowledge" : "comprehension")
                + " aim (" + std::string(toString(*a.intendedLevel)) + ")";
        auto f = make("objective-no-verb", o.id, o.courseId,
            quoteText(o.text) + " has no action verb: it names a topic, not what learners will do" + aim
                + ".");
        suggest(
            f, o.bloomOverride ? o.bloomOverride : a.intendedLevel, a.intendsAttitude && !o.bloomOverride);
        out.push_back(std::move(f));
        break;
    }
    case VerbStatus::Vague: {
        auto f = make("objective-not-measurable", o.id, o.courseId,
            quoteText(o.text) + ": \u201C" + a.verb + "\u201D cannot be observed or assessed.");
        const auto level = o.bloomOverride ? o.bloomOverride : a.intendedLevel;
        f.fix = a.intendsAttitude && !o.bloomOverride
            ? "Say what learners will do that shows the attitude, e.g. \u201Cdemonstrate respect for\u201D "
              "or "
              "\u201Cadhere to\u201D."
            : "Say what learners will do to show it, with a verb at "
                + std::string(toString(level.value_or(BloomLevel::Understand))) + " level.";
        suggest(f, level, a.intendsAttitude && !o.bloomOverride);
        out.push_back(std::move(f));
        break;
    }
    case VerbStatus::Activity: {
        auto f = make("objective-not-measurable", o.id, o.courseId,
            quoteText(o.text) + ": \u201C" + a.verb
                + "\u201D describes an activity, not what learners will be able to do afterwards.");
        f.fix = "Say what learners will be able to do as a result of the activity.";
        suggest(f, o.bloomOverride.value_or(BloomLevel::Apply), false);
        out.push_back(std::move(f));
        break;
    }
    case VerbStatus::Teaching: {
        auto f = make("objective-describes-teaching", o.id, o.courseId,
            quoteText(o.text) + ": \u201C" + a.verb
                + "\u201D describes teaching, not what learners will be able to do.");
        suggest(f, o.bloomOverride.value_or(BloomLevel::Understand), false);
        // What follows the teaching words is either what learners will do ("Prepare the student to acquire
        // ...") or the topic ("Introduce students to the principles of ..."), which takes a suggested verb.
        std::string_view rest
            = std::string_view(o.text).substr(std::min(o.text.size(), a.verbOffset + a.verbLength));
        rest.remove_prefix(std::min(rest.size(), rest.find_first_not_of(" \t")));
        const auto after = analyzeObjective(rest);
        std::string rewrite;
        if (!rest.empty() && after.measurable() && after.verbOffset == 0) {
            rewrite = std::string(rest);
            rewrite[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(rewrite[0])));
        } else if (!f.suggestions.empty())
            rewrite = withVerb(o.text, f.suggestions.front());
        f.fix = "Rewrite it from the learner's side, with what learners will be able to do"
            + (rewrite.empty() ? std::string(".") : ": \u201C" + rewrite + "\u201D.");
        out.push_back(std::move(f));
        break;
    }
    case VerbStatus::Unknown:
        if (!o.bloomOverride)
            out.push_back(make("objective-verb-unknown", o.id, o.courseId,
                quoteText(o.text) + ": \u201C" + a.verb
                    + "\u201D is not in the verb lists, so its Bloom level is not known."));
        break;
    case VerbStatus::Measurable:
        if (o.bloomOverride && !a.levels.empty()
            && std::find(a.levels.begin(), a.levels.end(), *o.bloomOverride) == a.levels.end()) {
            std::vector<std::string> names;
            for (auto l : a.levels)
                names.emplace_back(toString(l));
            auto f = make("objective-level-differs", o.id, o.courseId,
                quoteText(o.text) + " is set to " + std::string(toString(*o.bloomOverride)) + ", but \u201C"
                    + a.verb + "\u201D is " + join(names, " or ") + ".");
            f.suggestions = suggestedVerbs(o.bloomOverride);
            out.push_back(std::move(f));
        }
        break;
    }
    if (!a.typedAs.empty()) {
        auto f = make("objective-verb-misspelt", o.id, o.courseId,
            quoteText(o.text) + ": \u201C" + a.typedAs + "\u201D looks like a misspelling of \u201C" + a.verb
                + "\u201D.");
        f.fix = "Correct the spelling to \u201C" + a.verb + "\u201D.";
        out.push_back(std::move(f));
    }
    if (a.compound()) {
        out.push_back(make("objective-compound", o.id, o.courseId,
            quoteText(o.text) + " joins " + std::to_string(a.behaviours.size())
                + " behaviours: " + join(a.behaviours, ", ") + "."));
    }
}

// A map from item ids to values. Ids come from one counter per course map, so they are dense: a vector
// indexed by id is smaller and much faster than a hash table. Ids far beyond what the map's size explains (a
// crafted file) go to a hash table instead.
template <class T> class IdMap
{
public:
    explicit IdMap(Id denseLimit = 1 << 16)
        : limit_(denseLimit)
    { }
    void setDenseLimit(Id limit) { limit_ = limit; }
    // Makes room for ids below `end` at once, so that filling the map does not move it again and again.
    void reserve(Id end)
    {
        const auto n = static_cast<std::size_t>(std::clamp<Id>(end, 0, limit_));
        if (n > values_.size()) {
            values_.resize(n);
            present_.resize(n, 0);
        }
    }

    const T* find(Id id) const
    {
        if (id > 0 && id < static_cast<Id>(values_.size()))
            return present_[static_cast<std::size_t>(id)] ? &values_[static_cast<std::size_t>(id)] : nullptr;
        auto it = sparse_.find(id);
        return it == sparse_.end() ? nullptr : &it->second;
    }
    T* find(Id id) { return const_cast<T*>(std::as_const(*this).find(id)); }
    T& operator[](Id id)
    {
        if (id > 0 && id < limit_) {
            const auto i = static_cast<std::size_t>(id);
            if (i >= values_.size()) {
                values_.resize(std::max(i + 1, values_.size() * 3 / 2));
                present_.resize(values_.size(), 0);
            }
            present_[i] = 1;
            return values_[i];
        }
        return sparse_[id];
    }
    void erase(Id id)
    {
        if (id > 0 && id < static_cast<Id>(values_.size())) {
            const auto i = static_cast<std::size_t>(id);
            if (present_[i]) {
                present_[i] = 0;
                values_[i] = T {};
            }
        } else
            sparse_.erase(id);
    }
    template <class F> void forEach(F f) const
    {
        for (std::size_t i = 0; i < values_.size(); ++i)
            if (present_[i])
                f(static_cast<Id>(i), values_[i]);
        for (const auto& [id, v] : sparse_)
            f(id, v);
    }

private:
    Id limit_;
    std::vector<T> values_;
    std::vector<char> present_;
    std::unordered_map<Id, T> sparse_;
};

// The items of a course, each with a pointer to it in the map's data (stable while the item exists).
struct Members
{
    std::vector<std::pair<Id, const Objective*>> objectives;
    std::vector<std::pair<Id, const Activity*>> activities;
    std::vector<std::pair<Id, const Assessment*>> assessments;
};

template <class T> void addTo(std::vector<std::pair<Id, const T*>>& list, const T& item)
{
    list.emplace_back(item.id, &item);
}

template <class T> void removeFrom(std::vector<std::pair<Id, const T*>>& list, Id id)
{
    auto it = std::find_if(list.begin(), list.end(), [&](const auto& p) { return p.first == id; });
    if (it != list.end()) {
        *it = list.back();
        list.pop_back();
    }
}

using LinkMap = std::map<LinkKey, Link>;
using LinkIt = LinkMap::const_iterator;

// The links of one kind from one objective: a range of the map, which is ordered by kind, objective, target.
struct LinkRange
{
    LinkIt first, last;
    LinkIt begin() const { return first; }
    LinkIt end() const { return last; }
    bool empty() const { return first == last; }
};

// A link seen from its target: the objective and the link itself (for share or contribution).
struct FromObjective
{
    Id objective;
    const Link* link;
};

} // namespace

struct Checker::Impl
{
    const DocumentData* data = nullptr;
    IdMap<Members> courses;
    IdMap<Id> courseOfObjective;
    IdMap<int> yearOfCourse;
    // The assessments and activities in the map's data, for the objectives' level checks.
    IdMap<const Assessment*> assessmentById;
    IdMap<const Activity*> activityById;
    IdMap<std::vector<FromObjective>> objectivesOfTarget; // activity / assessment / competency → objectives
                                                          // // activity / assessment / competency
    IdMap<int> childCount; // competency → children
    IdMap<std::vector<Finding>> byScope; // findings by the item whose check made them
    std::unordered_map<Id, std::vector<Acknowledgement>> acknowledgements; // by the item acknowledged
    // Working memory reused between items.
    std::vector<const Assessment*> assessingScratch;
    IdMap<double> timeScratch, weightScratch;

    const Acknowledgement* acknowledgementOf(const Finding& f) const
    {
        auto it = acknowledgements.find(f.subject);
        if (it == acknowledgements.end())
            return nullptr;
        for (const auto& a : it->second)
            if (a.rule == f.rule->id)
                return &a;
        return nullptr;
    }

    // ---- indexes
    // Links are indexed after the change is applied, so `link` points at the link in the map.
    void addLinkIndex(const Link& link)
    {
        auto& list = objectivesOfTarget[link.key.targetId];
        if (list.capacity() == 0) // typical counts: a session teaches a few objectives, an assessment a dozen
            list.reserve(link.key.kind == LinkKind::Teaches ? 4
                    : link.key.kind == LinkKind::Assesses   ? 16
                                                            : 64);
        list.push_back({ link.key.objectiveId, &link });
    }
    void removeLinkIndex(const LinkKey& key)
    {
        auto* found = objectivesOfTarget.find(key.targetId);
        if (!found)
            return;
        auto& v = *found;
        v.erase(std::remove_if(v.begin(), v.end(),
                    [&](const FromObjective& f) { return f.objective == key.objectiveId; }),
            v.end());
        if (v.empty())
            objectivesOfTarget.erase(key.targetId);
    }
    const std::vector<FromObjective>& objectivesOf(Id target) const
    {
        static const std::vector<FromObjective> none;
        const auto* found = objectivesOfTarget.find(target);
        return found ? *found : none;
    }
    LinkRange linksFrom(LinkKind kind, Id objective) const
    {
        const auto& links = data->links();
        return { links.lower_bound({ kind, objective, NoId }),
            links.lower_bound({ kind, objective + 1, NoId }) };
    }
    // Indexes an item; when adding, `i` must be the item in the map's data (the index keeps its address).
    template <class T> void indexOne(const T& i, bool add)
    {
        {
            {
                if constexpr (std::is_same_v<T, Objective>) {
                    add ? addTo(courses[i.courseId].objectives, i)
                        : removeFrom(courses[i.courseId].objectives, i.id);
                    add ? void(courseOfObjective[i.id] = i.courseId) : void(courseOfObjective.erase(i.id));
                } else if constexpr (std::is_same_v<T, Activity>) {
                    add ? addTo(courses[i.courseId].activities, i)
                        : removeFrom(courses[i.courseId].activities, i.id);
                    add ? void(activityById[i.id] = &i) : activityById.erase(i.id);
                } else if constexpr (std::is_same_v<T, Assessment>) {
                    add ? addTo(courses[i.courseId].assessments, i)
                        : removeFrom(courses[i.courseId].assessments, i.id);
                    add ? void(assessmentById[i.id] = &i) : assessmentById.erase(i.id);
                } else if constexpr (std::is_same_v<T, Course>)
                    add ? void(yearOfCourse[i.id] = i.year) : void(yearOfCourse.erase(i.id));
                else if constexpr (std::is_same_v<T, Competency>) {
                    if (i.parentId != NoId)
                        childCount[i.parentId] += add ? 1 : -1;
                } else if constexpr (std::is_same_v<T, Acknowledgement>) {
                    auto& list = acknowledgements[i.itemId];
                    std::erase_if(list, [&](const Acknowledgement& a) { return a.id == i.id; });
                    if (add)
                        list.push_back(i);
                    else if (list.empty())
                        acknowledgements.erase(i.itemId);
                }
            }
        }
    }

    void unindex(const Item& before)
    {
        std::visit([&](const auto& i) { indexOne(i, false); }, before);
    }

    // Indexes the item as it now is in the map's data.
    void index(const Item& after)
    {
        std::visit(
            [&](const auto& i) {
                using T = std::decay_t<decltype(i)>;
                if constexpr (std::is_same_v<T, Program>)
                    return;
                else if (const T* now = data->get<T>(i.id))
                    indexOne(*now, true);
            },
            after);
    }

    // ---- objective rules
    // The reading of the objective being checked; reading again costs a few microseconds, less than keeping
    // twenty thousand of them.
    ObjectiveAnalysis analysis_;
    const ObjectiveAnalysis& analysis(const Objective& o)
    {
        analyzeObjective(o.text, analysis_);
        return analysis_;
    }

    std::optional<BloomLevel> levelOf(const Objective& o, const ObjectiveAnalysis& a) const
    {
        if (o.bloomOverride)
            return o.bloomOverride;
        return a.measurable() ? a.bloom : std::nullopt;
    }

    LearningDomain domainOf(const Objective& o, const ObjectiveAnalysis& a) const
    {
        return o.domain.value_or(a.domain);
    }

    // The level of Miller's pyramid an objective asks for: set by the author, or read from its domain, its
    // Bloom level and any setting named in it ("in the clinical setting").
    MillerLevel millerOf(const Objective& o, const ObjectiveAnalysis& a) const
    {
        if (o.millerTarget)
            return *o.millerTarget;
        MillerLevel m = MillerLevel::Knows;
        const auto domain = domainOf(o, a);
        if (domain != LearningDomain::Cognitive)
            m = MillerLevel::ShowsHow;
        else if (auto b = levelOf(o, a); b && *b >= BloomLevel::Apply)
            m = MillerLevel::KnowsHow;
        if (a.setting && *a.setting > m
            && (domain != LearningDomain::Cognitive || m >= MillerLevel::KnowsHow))
            m = *a.setting;
        return m;
    }

    void checkObjective(const Objective& o, std::vector<Finding>& out)
    {
        checkObjective(o, linksFrom(LinkKind::Teaches, o.id), linksFrom(LinkKind::Assesses, o.id),
            linksFrom(LinkKind::Maps, o.id), out);
    }

    void checkObjective(
        const Objective& o, LinkRange teaches, LinkRange assesses, LinkRange maps, std::vector<Finding>& out)
    {
        const auto& a = analysis(o);
        wordingRules(o, a, out);

        auto& assessing = assessingScratch; // reused: most objectives have few assessments
        assessing.clear();
        for (const auto& [key, link] : assesses)
            if (const auto* x = assessmentById.find(key.targetId))
                assessing.push_back(*x);
        const bool mapped = !maps.empty();
        if (teaches.empty())
            out.push_back(make("objective-not-taught", o.id, o.courseId,
                quoteText(o.text) + " is linked to no teaching activity."));
        if (assessing.empty())
            out.push_back(make(
                "objective-not-assessed", o.id, o.courseId, quoteText(o.text) + " is assessed by nothing."));
        else if (std::none_of(
                     assessing.begin(), assessing.end(), [](const Assessment* x) { return x->summative; })) {
            std::vector<std::string> names;
            for (const auto* x : assessing)
                names.push_back("\u201C" + x->title + "\u201D");
            auto f = make("objective-formative-only", o.id, o.courseId,
                quoteText(o.text) + " is assessed only formatively, by " + join(names) + ".");
            for (const auto* x : assessing)
                f.items.push_back(x->id);
            out.push_back(std::move(f));
        }
        if (!mapped && !data->all<Competency>().empty())
            out.push_back(make("objective-not-mapped", o.id, o.courseId,
                quoteText(o.text) + " is mapped to no competency."));

        if (!a.measurable() && !o.bloomOverride && !o.millerTarget)
            return; // its level is not known, so it cannot be matched against methods
        const MillerLevel needMiller = millerOf(o, a);
        const auto needBloom = levelOf(o, a);
        const bool needsPerformance = domainOf(o, a) == LearningDomain::Psychomotor;
        assessmentLevel(o, assessing, needMiller, needBloom, needsPerformance, out);
        if (needMiller >= MillerLevel::ShowsHow && !teaches.empty()) {
            std::vector<const Activity*> teaching;
            for (const auto& [key, link] : teaches)
                if (const auto* x = activityById.find(key.targetId))
                    teaching.push_back(*x);
            teachingLevel(o, teaching, needMiller, out);
        }
    }

    void assessmentLevel(const Objective& o, const std::vector<const Assessment*>& assessing,
        MillerLevel needMiller, std::optional<BloomLevel> needBloom, bool needsPerformance,
        std::vector<Finding>& out) const
    {
        std::vector<std::pair<const Assessment*, const AssessmentMethod*>> known;
        for (const auto* x : assessing)
            if (const auto* m = findAssessmentMethod(x->method))
                known.emplace_back(x, m);
        if (known.empty())
            return;
        auto reaches = [&](const AssessmentMethod& m) {
            return m.miller >= needMiller && (!needBloom || m.bloom >= *needBloom)
                && (!needsPerformance || m.performance);
        };
        if (std::any_of(known.begin(), known.end(), [&](const auto& k) { return reaches(*k.second); }))
            return;
        std::vector<std::string> methods;
        MillerLevel bestMiller = MillerLevel::Knows;
        BloomLevel bestBloom = BloomLevel::Remember;
        for (const auto& [x, m] : known) {
            methods.push_back(m->name + " (" + m->code + ")");
            bestMiller = std::max(bestMiller, m->miller);
            bestBloom = std::max(bestBloom, m->bloom);
        }
        std::string need, reach;
        if (bestMiller < needMiller || (needsPerformance && bestMiller >= needMiller)) {
            need = (needMiller >= MillerLevel::ShowsHow ? "is a skill or behaviour learners must show ("
                                                        : "asks for ")
                + millerWords(needMiller) + (needMiller >= MillerLevel::ShowsHow ? ")" : "");
            reach = bestMiller < needMiller ? "which can evidence at most " + millerWords(bestMiller)
                                            : "which do not observe the skill being performed";
        } else {
            need = "asks learners to " + std::string(toString(*needBloom)) + " (" + bloomWords(*needBloom)
                + ")";
            reach = "which reach at most " + std::string(toString(bestBloom));
        }
        auto f = make("assessment-below-level", o.id, o.courseId,
            quoteText(o.text) + " " + need + ", but it is assessed only by " + join(methods) + ", " + reach
                + ".");
        for (const auto& [x, m] : known)
            f.items.push_back(x->id);
        f.fix = needsPerformance || needMiller >= MillerLevel::ShowsHow
            ? "Assess it with a method that observes performance: an OSCE (AM003), a clinical performance "
              "rating (AM002) or multisource feedback (AM009); or lower the objective's level."
            : "Add a question format that reaches this level (e.g. an essay, an oral exam or a project), "
              "or lower the objective's level.";
        out.push_back(std::move(f));
    }

    static std::string bloomWords(BloomLevel b) { return "Bloom's " + std::string(toString(b)) + " level"; }

    void teachingLevel(const Objective& o, const std::vector<const Activity*>& teaching,
        MillerLevel needMiller, std::vector<Finding>& out) const
    {
        if (needMiller < MillerLevel::ShowsHow || teaching.empty())
            return;
        std::vector<std::string> methods;
        for (const auto* x : teaching) {
            const auto* m = findInstructionalMethod(x->method);
            if (!m || m->miller >= MillerLevel::ShowsHow)
                return;
            methods.push_back(m->name + " (" + m->code + ")");
        }
        std::sort(methods.begin(), methods.end());
        methods.erase(std::unique(methods.begin(), methods.end()), methods.end());
        auto f = make("teaching-below-level", o.id, o.courseId,
            quoteText(o.text) + " must be shown (" + millerWords(needMiller) + ") but is taught only by "
                + join(methods) + ", where learners do not practise it.");
        for (const auto* x : teaching)
            f.items.push_back(x->id);
        out.push_back(std::move(f));
    }

    // ---- activity and assessment rules
    template <class T> void checkTarget(const T& t, std::vector<Finding>& out) const
    {
        constexpr bool isActivity = std::is_same_v<T, Activity>;
        // "Teaching activity “Ward round”": built only when there is something to say.
        auto named = [&] {
            return std::string(isActivity ? "Teaching activity" : "Assessment") + " \u201C" + t.title
                + "\u201D";
        };
        if (objectivesOf(t.id).empty())
            out.push_back(make(isActivity ? "activity-orphan" : "assessment-orphan", t.id, t.courseId,
                named() + (isActivity ? " teaches no objective." : " assesses no objective.")));
        if constexpr (isActivity) {
            if (!findInstructionalMethod(t.method))
                out.push_back(make("method-not-in-vocabulary", t.id, t.courseId,
                    named() + " uses " + t.method + ", which is not an AAMC instructional method."));
        } else {
            const auto* m = findAssessmentMethod(t.method);
            if (!m)
                out.push_back(make("method-not-in-vocabulary", t.id, t.courseId,
                    named() + " uses " + t.method + ", which is not an AAMC assessment method."));
            else if (m->retired) {
                // The method the AAMC asks for instead comes from the catalogue.
                const auto* instead = findAssessmentMethod(m->replacement);
                out.push_back(make("method-not-in-vocabulary", t.id, t.courseId,
                    named() + " uses " + t.method + " (" + m->name
                        + "), which was retired from the vocabulary"
                        + (instead ? "; use " + instead->code + " (" + instead->name + ") instead." : ".")));
            }
        }
    }

    // ---- course rules
    void checkCourse(const Course& c, std::vector<Finding>& out)
    {
        static const Members empty;
        const auto* found = courses.find(c.id);
        const Members& m = found ? *found : empty;

        // Summative weights.
        double weightSum = 0;
        std::vector<Id> summative;
        for (const auto& [id, x] : m.assessments)
            if (x->summative) {
                weightSum += x->weight;
                summative.push_back(id);
            }
        if (!summative.empty() && std::abs(weightSum - 100) > 0.05) {
            auto f = make("summative-weights", c.id, c.id,
                c.code + ": the summative weights add up to " + percent(weightSum) + ", not 100 %.");
            f.items.insert(f.items.end(), summative.begin(), summative.end());
            out.push_back(std::move(f));
        }

        // Hours against credits.
        const double perCredit = data->program().hoursPerCredit;
        const double declared = c.contactHours + c.selfStudyHours;
        if (c.credits > 0 && perCredit > 0) {
            const double expected = c.credits * perCredit;
            if (std::abs(declared - expected) > 0.2 * expected)
                out.push_back(make("credit-hours", c.id, c.id,
                    c.code + ": " + hours(c.credits) + " credits stand for " + hours(expected)
                        + " study hours at " + hours(perCredit)
                        + " hours per credit, but the course declares " + hours(declared) + " ("
                        + hours(c.contactHours) + " contact + " + hours(c.selfStudyHours) + " self-study)."));
        }

        // Scheduled teaching against contact hours.
        double scheduledMinutes = 0;
        for (const auto& [id, x] : m.activities)
            scheduledMinutes += x->minutes;
        const double scheduled = scheduledMinutes / 60.0;
        if (scheduled > 0 && std::abs(scheduled - c.contactHours) > 0.2 * std::max(c.contactHours, 1.0))
            out.push_back(make("schedule-hours", c.id, c.id,
                c.code + " declares " + hours(c.contactHours) + " contact hours but schedules "
                    + hours(scheduled) + " hours of teaching activities."));

        weightAgainstTime(c, m, out);
    }

    // Each objective's share of the summative weight against its share of teaching time. A session's time is
    // split evenly among the objectives it teaches; an assessment's weight by blueprint share when given,
    // else evenly.
    void weightAgainstTime(const Course& c, const Members& m, std::vector<Finding>& out)
    {
        auto& time = timeScratch;
        auto& weight = weightScratch;
        struct Reset // leaves the scratch maps empty for the next course, touching only this course's entries
        {
            const Members& m;
            IdMap<double>& time;
            IdMap<double>& weight;
            ~Reset()
            {
                for (const auto& [o, obj] : m.objectives) {
                    time.erase(o);
                    weight.erase(o);
                }
            }
        } reset { m, time, weight };
        double totalTime = 0, totalWeight = 0;
        for (const auto& [id, x] : m.activities) {
            const auto& objs = objectivesOf(id);
            if (objs.empty() || x->minutes <= 0)
                continue;
            for (const auto& [o, link] : objs)
                time[o] += x->minutes / static_cast<double>(objs.size());
            totalTime += x->minutes;
        }
        for (const auto& [id, x] : m.assessments) {
            const auto& objs = objectivesOf(id);
            if (!x->summative || objs.empty() || x->weight <= 0)
                continue;
            double given = 0;
            int unshared = 0;
            for (const auto& [o, l] : objs) {
                if (l->share)
                    given += *l->share;
                else
                    ++unshared;
            }
            const double rest = unshared > 0 ? std::max(0.0, 100 - given) / unshared : 0;
            const double scale = given + rest * unshared > 0 ? 100 / (given + rest * unshared) : 0;
            for (const auto& [o, l] : objs) {
                const double share = (l->share ? *l->share : rest) * scale / 100;
                weight[o] += x->weight * share;
            }
            totalWeight += x->weight;
        }
        if (totalTime <= 0 || totalWeight <= 0)
            return;
        for (const auto& [o, obj] : m.objectives) {
            const double* t = time.find(o);
            const double* w = weight.find(o);
            if (!t || !w)
                continue; // untaught or not summatively assessed: other rules say so
            const double tp = 100 * *t / totalTime, wp = 100 * *w / totalWeight;
            if (std::abs(wp - tp) >= 10 && (wp >= 2 * tp || tp >= 2 * wp)) {
                auto f = make("weight-teaching-mismatch", o, c.id,
                    quoteText(obj->text) + " carries " + percent(std::round(wp))
                        + " of the summative weight but " + percent(std::round(tp))
                        + " of the teaching time.");
                out.push_back(std::move(f));
            }
        }
    }

    // ---- program rules
    void checkCompetency(const Competency& c, std::vector<Finding>& out) const
    {
        if (const auto* children = childCount.find(c.id); children && *children > 0)
            return; // a domain: judged through its competencies
        const std::string name
            = "Competency " + (c.code.empty() ? "" : c.code + " ") + "\u201C" + c.title + "\u201D";
        const auto& objs = objectivesOf(c.id);
        if (objs.empty()) {
            out.push_back(make(
                "competency-not-covered", c.id, NoId, name + " is mapped by no objective in any course."));
            return;
        }
        std::map<Contribution, int> count;
        std::map<Contribution, int> firstYear;
        // (small maps: three keys at most)
        for (const auto& [o, l] : objs) {
            const Id* course = courseOfObjective.find(o);
            const int* year = course ? yearOfCourse.find(*course) : nullptr;
            if (!l->contribution || !year)
                continue;
            ++count[*l->contribution];
            auto [fy, inserted] = firstYear.emplace(*l->contribution, *year);
            if (!inserted)
                fy->second = std::min(fy->second, *year);
        }
        auto n = [&](Contribution k) { return count.contains(k) ? count.at(k) : 0; };
        auto objectivesWord
            = [](int k) { return std::to_string(k) + (k == 1 ? " objective" : " objectives"); };
        if (n(Contribution::Mastered) == 0 && n(Contribution::Reinforced) == 0)
            out.push_back(make("competency-only-introduced", c.id, NoId,
                name + " is introduced (" + objectivesWord(n(Contribution::Introduced))
                    + ") but never reinforced or mastered."));
        else if (n(Contribution::Mastered) == 0)
            out.push_back(
                make("competency-never-mastered", c.id, NoId, name + " is reinforced but never mastered."));
        if (firstYear.contains(Contribution::Mastered) && firstYear.contains(Contribution::Introduced)
            && firstYear.at(Contribution::Mastered) < firstYear.at(Contribution::Introduced))
            out.push_back(make("competency-out-of-sequence", c.id, NoId,
                name + " is mastered in year " + std::to_string(firstYear.at(Contribution::Mastered))
                    + " but first introduced in year "
                    + std::to_string(firstYear.at(Contribution::Introduced)) + "."));
    }

    // ---- running
    // Runs the checks of one item and keeps their findings under its id (an item without findings keeps
    // none).
    template <class F> void store(Id id, F check)
    {
        std::vector<Finding> out;
        check(out);
        if (out.empty())
            byScope.erase(id);
        else
            byScope[id] = std::move(out);
    }

    void recheck(Id id)
    {
        const auto kind = data->kindOf(id);
        if (!kind) {
            byScope.erase(id);
            return;
        }
        switch (*kind) {
        case ItemKind::Objective:
            store(id, [&](auto& out) { checkObjective(*data->get<Objective>(id), out); });
            break;
        case ItemKind::Activity:
            store(id, [&](auto& out) { checkTarget(*data->get<Activity>(id), out); });
            break;
        case ItemKind::Assessment:
            store(id, [&](auto& out) { checkTarget(*data->get<Assessment>(id), out); });
            break;
        case ItemKind::Course:
            store(id, [&](auto& out) { checkCourse(*data->get<Course>(id), out); });
            break;
        case ItemKind::Competency:
            store(id, [&](auto& out) { checkCompetency(*data->get<Competency>(id), out); });
            break;
        default:
            break;
        }
    }

    // Indexes and checks the whole map in one walk of each container: objectives walk the link map alongside
    // (both are in id order), so no link is looked up, and each link is indexed as it is passed.
    void build()
    {
        // Ids are dense below a limit the map's size explains; beyond it (a crafted file) they are hashed.
        const std::size_t items = data->all<Objective>().size() + data->all<Activity>().size()
            + data->all<Assessment>().size() + data->all<Competency>().size() + data->all<Course>().size()
            + data->all<Comment>().size() + data->all<Acknowledgement>().size()
            + data->all<Framework>().size();
        const Id limit = std::max<Id>(1 << 16, static_cast<Id>(8 * items));
        courses.setDenseLimit(limit);
        courseOfObjective.setDenseLimit(limit);
        yearOfCourse.setDenseLimit(limit);
        objectivesOfTarget.setDenseLimit(limit);
        childCount.setDenseLimit(limit);
        byScope.setDenseLimit(limit);
        timeScratch.setDenseLimit(limit);
        weightScratch.setDenseLimit(limit);
        assessmentById.setDenseLimit(limit);
        const Id end = data->maxId() + 1;
        courses.reserve(end);
        courseOfObjective.reserve(end);
        yearOfCourse.reserve(end);
        objectivesOfTarget.reserve(end);
        byScope.reserve(end);
        assessmentById.reserve(end);
        activityById.setDenseLimit(limit);
        activityById.reserve(end);
        for (const auto& [id, c] : data->all<Competency>())
            indexOne(c, true); // parents before checks: a domain is judged through its competencies
        for (const auto& [id, a] : data->all<Acknowledgement>())
            indexOne(a, true);
        for (const auto& [id, a] : data->all<Assessment>())
            indexOne(a, true); // objectives' level checks read the assessments and activities
        for (const auto& [id, a] : data->all<Activity>())
            indexOne(a, true);

        const auto& links = data->links();
        std::array<LinkIt, 3> cursor;
        for (auto kind : { LinkKind::Teaches, LinkKind::Assesses, LinkKind::Maps })
            cursor[static_cast<std::size_t>(kind)] = links.lower_bound({ kind, NoId, NoId });
        auto advance = [&](LinkKind kind, auto until) {
            auto& it = cursor[static_cast<std::size_t>(kind)];
            while (it != links.end() && it->first.kind == kind && until(it->first.objectiveId)) {
                addLinkIndex(it->second);
                ++it;
            }
            return it;
        };
        auto rangeOf = [&](LinkKind kind, Id objective) {
            const LinkIt first = advance(kind, [&](Id o) { return o < objective; });
            // `first` is where this objective's links begin; the loop above indexed the ones before.
            const LinkIt last = advance(kind, [&](Id o) { return o == objective; });
            return LinkRange { first, last };
        };
        for (const auto& [id, o] : data->all<Objective>()) {
            indexOne(o, true);
            std::vector<Finding> out;
            checkObjective(o, rangeOf(LinkKind::Teaches, id), rangeOf(LinkKind::Assesses, id),
                rangeOf(LinkKind::Maps, id), out);
            if (!out.empty())
                byScope[id] = std::move(out);
        }
        for (auto kind : { LinkKind::Teaches, LinkKind::Assesses, LinkKind::Maps })
            advance(kind, [](Id) { return true; });

        auto all = [&](const auto& items, auto check) {
            for (const auto& [id, item] : items) {
                std::vector<Finding> out;
                check(item, out);
                if (!out.empty())
                    byScope[id] = std::move(out);
            }
        };
        // Activities and assessments join their courses before the courses are checked.
        // Activities and assessments from the id tables: a walk of an array, not of a tree.
        auto targets = [&](const auto& byId) {
            byId.forEach([&](Id id, const auto* item) {
                std::vector<Finding> out;
                checkTarget(*item, out);
                if (!out.empty())
                    byScope[id] = std::move(out);
            });
        };
        targets(activityById);
        targets(assessmentById);
        all(data->all<Course>(), [&](const Course& c, auto& out) {
            indexOne(c, true);
            checkCourse(c, out);
        });
        all(data->all<Competency>(), [&](const Competency& c, auto& out) { checkCompetency(c, out); });
    }

    void update(const Change& change)
    {
        std::unordered_set<Id> dirty;
        bool allCourses = false, allCompetencies = false;
        const bool hadCompetencies = [&] {
            // Whether the map had competencies before this change: objectives are judged unmapped only then.
            std::ptrdiff_t n = static_cast<std::ptrdiff_t>(data->all<Competency>().size());
            for (const auto& ic : change.items)
                if (ic.kind() == ItemKind::Competency)
                    n += (ic.before ? 1 : 0) - (ic.after ? 1 : 0);
            return n > 0;
        }();
        auto touchCourseOf = [&](const Item& item) {
            std::visit(
                [&](const auto& i) {
                    if constexpr (requires { i.courseId; })
                        dirty.insert(i.courseId);
                },
                item);
        };
        for (const auto& ic : change.items) {
            if (ic.before)
                unindex(*ic.before);
            if (ic.after)
                index(*ic.after);
            const Id id = ic.id();
            switch (ic.kind()) {
            case ItemKind::Objective:
                dirty.insert(id);
                break;
            case ItemKind::Activity:
            case ItemKind::Assessment:
                dirty.insert(id);
                for (const auto& [o, link] : objectivesOf(id))
                    dirty.insert(o); // their level checks read this method
                break;
            case ItemKind::Course:
                dirty.insert(id);
                allCompetencies = true; // a course's year places its objectives in the sequence
                break;
            case ItemKind::Competency: {
                dirty.insert(id);
                for (const auto& side : { ic.before, ic.after })
                    if (side)
                        if (Id parent = std::get<Competency>(*side).parentId; parent != NoId)
                            dirty.insert(parent);
                break;
            }
            case ItemKind::Program:
                allCourses = true;
                break;
            default:
                break;
            }
            if (ic.before)
                touchCourseOf(*ic.before);
            if (ic.after)
                touchCourseOf(*ic.after);
        }
        for (const auto& lc : change.links) {
            const auto& key = lc.key();
            if (lc.before)
                removeLinkIndex(key);
            if (lc.after)
                if (const Link* now = data->link(key))
                    addLinkIndex(*now);
            dirty.insert(key.objectiveId);
            dirty.insert(key.targetId);
            if (const auto* o = data->get<Objective>(key.objectiveId))
                dirty.insert(o->courseId);
            else
                for (const auto& ic : change.items) // the objective went with this change
                    if (ic.id() == key.objectiveId && ic.before)
                        dirty.insert(std::get<Objective>(*ic.before).courseId);
        }
        if (hadCompetencies != !data->all<Competency>().empty())
            for (const auto& [id, o] : data->all<Objective>())
                dirty.insert(id);
        if (allCourses)
            for (const auto& [id, c] : data->all<Course>())
                dirty.insert(id);
        if (allCompetencies)
            for (const auto& [id, c] : data->all<Competency>())
                dirty.insert(id);
        for (Id id : dirty)
            recheck(id);
    }

    // Sort key: course position (program-level last), severity, rule, then the subject's place.
    std::vector<Finding> collect(const std::vector<Finding>& all) const
    {
        std::unordered_map<Id, int> coursePos;
        int pos = 0;
        for (const auto* c : data->courses())
            coursePos[c->id] = pos++;
        auto orderOf = [&](Id id) -> int {
            auto item = data->item(id);
            if (!item)
                return 0;
            return std::visit(
                [](const auto& i) -> int {
                    if constexpr (requires { i.order; })
                        return i.order;
                    else
                        return 0;
                },
                *item);
        };
        auto kindRank = [&](Id id) { return static_cast<int>(data->kindOf(id).value_or(ItemKind::Program)); };
        std::vector<std::pair<std::tuple<int, int, int, int, int, Id>, const Finding*>> keyed;
        keyed.reserve(all.size());
        for (const auto& f : all) {
            const int cp = f.courseId == NoId    ? pos
                : coursePos.contains(f.courseId) ? coursePos.at(f.courseId)
                                                 : pos;
            keyed.push_back({ { cp, static_cast<int>(f.severity()), static_cast<int>(f.rule - rules().data()),
                                  kindRank(f.subject), orderOf(f.subject), f.subject },
                &f });
        }
        std::sort(keyed.begin(), keyed.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
        std::vector<Finding> out;
        out.reserve(keyed.size());
        for (const auto& [key, f] : keyed) {
            out.push_back(*f);
            if (const auto* ack = acknowledgementOf(*f))
                out.back().acknowledgement = *ack;
        }
        return out;
    }
};

Checker::Checker(const DocumentData& data)
    : impl_(std::make_unique<Impl>())
{
    impl_->data = &data;
    impl_->build();
}

Checker::~Checker() = default;
Checker::Checker(Checker&&) noexcept = default;
Checker& Checker::operator=(Checker&&) noexcept = default;

void Checker::update(const DocumentData& data, const Change& change)
{
    impl_->data = &data;
    impl_->update(change);
}

std::vector<Finding> Checker::findings() const
{
    std::vector<Finding> all;
    impl_->byScope.forEach([&](Id, const auto& list) { all.insert(all.end(), list.begin(), list.end()); });
    return impl_->collect(all);
}

std::vector<Finding> Checker::findingsFor(Id itemId) const
{
    std::vector<Finding> all;
    const bool course = impl_->data->kindOf(itemId) == ItemKind::Course;
    impl_->byScope.forEach([&](Id, const auto& list) {
        for (const auto& f : list)
            if (f.subject == itemId || (course && f.courseId == itemId))
                all.push_back(f);
    });
    return impl_->collect(all);
}

std::vector<Finding> checkObjectiveWording(const Objective& objective)
{
    std::vector<Finding> out;
    wordingRules(objective, analyzeObjective(objective.text), out);
    return out;
}

CheckSummary Checker::summary() const
{
    CheckSummary s;
    impl_->byScope.forEach([&](Id, const auto& list) {
        for (const auto& f : list) {
            if (impl_->acknowledgementOf(f))
                ++s.acknowledged;
            else if (f.severity() == Severity::Error)
                ++s.errors;
            else if (f.severity() == Severity::Warning)
                ++s.warnings;
            else
                ++s.infos;
        }
    });
    return s;
}

} // namespace coursemap
