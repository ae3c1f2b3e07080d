#include "Lexicon.h"

#include "Resources.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <sstream>
#include <stdexcept>

namespace coursemap::lexicon {

using nlohmann::json;

namespace {

Phrase words(const std::string& text)
{
    Phrase out;
    std::istringstream in(text);
    for (std::string w; in >> w;)
        out.push_back(w);
    return out;
}

Aim aimOf(const std::string& name)
{
    if (name == "affective")
        return { std::nullopt, true };
    const auto level = parseEnum<BloomLevel>(name);
    if (!level)
        throw std::logic_error("verbs.json: unknown level " + name);
    return { level, false };
}

// The three published lists of resources/analysis/bloom-lists.json: for each verb, the levels each list gives
// it.
struct ListPlacement
{
    std::array<int, 6> votes {}; // how many lists place the verb at each level
    std::vector<std::pair<std::string, std::vector<BloomLevel>>>
        byList; // list name → its levels for the verb
};

Map<ListPlacement> readBloomLists()
{
    const auto j = nlohmann::ordered_json::parse(resources::bloomListsJson()); // the lists in file order
    Map<ListPlacement> out;
    for (const auto& [id, list] : j.at("lists").items()) {
        const auto shortName = list.at("short").get<std::string>();
        for (std::size_t level = 0; level < 6; ++level) {
            const auto name = std::string(toString(static_cast<BloomLevel>(level)));
            for (const auto& v : list.at(name)) {
                auto& p = out[v.get<std::string>()];
                p.votes[level] += 1;
                auto it = std::find_if(
                    p.byList.begin(), p.byList.end(), [&](const auto& e) { return e.first == shortName; });
                if (it == p.byList.end())
                    it = p.byList.insert(p.byList.end(), { shortName, {} });
                it->second.push_back(static_cast<BloomLevel>(level));
            }
        }
    }
    return out;
}

std::string levelNames(const std::vector<BloomLevel>& levels)
{
    std::string s;
    for (std::size_t i = 0; i < levels.size(); ++i)
        s += (i == 0 ? "" : i + 1 == levels.size() ? " and " : ", ") + std::string(toString(levels[i]));
    return s;
}

// A verb's levels by the rule of issue 16: the level most of the three lists give it is the primary one; when
// they tie, the curated primary among the tied levels. Every level a list or the curated entry gives follows.
// When the lists disagree, the note says how.
void placeByLists(Verb& v, const ListPlacement& p)
{
    const int top = *std::max_element(p.votes.begin(), p.votes.end());
    std::vector<BloomLevel> tied;
    for (std::size_t l = 0; l < 6; ++l)
        if (p.votes[l] == top)
            tied.push_back(static_cast<BloomLevel>(l));
    BloomLevel primary = tied.front();
    if (tied.size() > 1)
        for (auto curated : v.levels)
            if (std::find(tied.begin(), tied.end(), curated) != tied.end()) {
                primary = curated;
                break;
            }
    std::vector<BloomLevel> levels { primary };
    for (int votes = top; votes > 0; --votes)
        for (std::size_t l = 0; l < 6; ++l)
            if (p.votes[l] == votes && static_cast<BloomLevel>(l) != primary)
                levels.push_back(static_cast<BloomLevel>(l));
    for (auto curated : v.levels)
        if (std::find(levels.begin(), levels.end(), curated) == levels.end())
            levels.push_back(curated);
    const bool disagree = std::count_if(p.votes.begin(), p.votes.end(), [](int n) { return n > 0; }) > 1;
    if (disagree) {
        std::string note = "The lists disagree on \u201C" + v.name + "\u201D: ";
        for (std::size_t i = 0; i < p.byList.size(); ++i)
            note += (i == 0 ? p.byList[i].first + " puts it at " : "; " + p.byList[i].first + " at ")
                + levelNames(p.byList[i].second);
        note += tied.size() > 1
            ? ". They tie; read as " + std::string(toString(primary)) + "."
            : ". Read as " + std::string(toString(primary)) + ", where most lists put it.";
        v.split = note;
    }
    v.levels = std::move(levels);
}

Lexicon load()
{
    const json j = json::parse(resources::verbsJson());
    Lexicon lx;
    Set nounLike;
    for (const auto& w : j.at("noun_like"))
        nounLike.insert(w.get<std::string>());

    // Sets read from the file that end as flags on the word table.
    Set psychomotor, affective, generic, psychomotorWords, affectiveWords, activities, paraphraseVerbs,
        subjects, modals, acronyms;
    for (const auto& w : j.at("domains").at("psychomotor"))
        psychomotor.insert(w.get<std::string>());
    for (const auto& w : j.at("domains").at("affective"))
        affective.insert(w.get<std::string>());
    for (const auto& w : j.at("domains").at("generic"))
        generic.insert(w.get<std::string>());
    for (const auto& w : j.at("domains").at("psychomotor_words"))
        psychomotorWords.insert(w.get<std::string>());
    for (const auto& w : j.at("domains").at("affective_words"))
        affectiveWords.insert(w.get<std::string>());

    const auto& splits = j.at("splits");
    const auto placements = readBloomLists();
    Set vagueNames;
    for (const auto& [name, aim] : j.at("vague").items())
        vagueNames.insert(name);
    std::vector<std::string> phraseVerbs;
    for (const auto& [name, levels] : j.at("verbs").items()) {
        Verb v;
        v.name = name;
        for (const auto& l : levels)
            v.levels.push_back(*aimOf(l.get<std::string>()).level);
        if (psychomotor.contains(name))
            v.domain = LearningDomain::Psychomotor;
        else if (affective.contains(name))
            v.domain = LearningDomain::Affective;
        v.generic = generic.contains(name);
        v.nounLike = nounLike.contains(name);
        if (auto s = splits.find(name); s != splits.end())
            v.split = s->get<std::string>();
        if (auto p = placements.find(name); p != placements.end())
            placeByLists(v, p->second);
        if (name.find(' ') == std::string::npos)
            lx.spellingTargets.push_back(name);
        else
            phraseVerbs.push_back(name);
        lx.verbs.emplace(name, std::move(v));
    }
    // Verbs only the published lists name ("dramatize", "subsume"): their levels come from the lists alone.
    for (const auto& [name, placement] : placements) {
        if (lx.verbs.contains(name) || vagueNames.contains(name))
            continue;
        Verb v;
        v.name = name;
        placeByLists(v, placement);
        v.nounLike = nounLike.contains(name);
        if (name.find(' ') == std::string::npos)
            lx.spellingTargets.push_back(name);
        else
            phraseVerbs.push_back(name);
        lx.verbs.emplace(name, std::move(v));
    }
    // Phrase entries point into the map, whose nodes are stable.
    for (const auto& name : phraseVerbs)
        lx.verbPhrases.add(name, &lx.verbs.find(name)->second);

    for (const auto& [name, aim] : j.at("vague").items()) {
        if (name.find(' ') == std::string::npos) {
            lx.vague.emplace(name, aimOf(aim.get<std::string>()));
            lx.spellingTargets.push_back(name);
        } else
            lx.vaguePhrases.add(name, aimOf(aim.get<std::string>()));
    }
    for (const auto& a : j.at("activities")) {
        const auto name = a.get<std::string>();
        if (name.find(' ') == std::string::npos)
            activities.insert(name);
        else
            lx.activityPhrases.add(name, true);
    }
    for (const auto& [name, aim] : j.at("vague_nouns").items())
        lx.vagueNouns.emplace(name, aimOf(aim.get<std::string>()));
    for (const auto& w : j.at("paraphrase_verbs"))
        paraphraseVerbs.insert(w.get<std::string>());
    auto list = [&](const json& array) {
        std::vector<std::string> out;
        for (const auto& w : array)
            out.push_back(w.get<std::string>());
        return out;
    };
    const auto growthVerbs = list(j.at("growth_verbs"));
    const auto skillNouns = list(j.at("skill_nouns"));
    const auto vagueObjects = list(j.at("vague_objects"));
    const auto teachingVerbs = list(j.at("teaching").at("verbs"));
    const auto learnerNouns = list(j.at("teaching").at("learners"));
    const auto cognitiveObjects = list(j.at("domains").at("cognitive_objects"));
    for (const auto& [level, list] : j.at("suggestions").items())
        lx.suggestions[level] = list.get<std::vector<std::string>>();
    const auto& stems = j.at("stems");
    for (const auto& p : stems.at("lead_ins"))
        lx.leadIns.add(p.get<std::string>(), true);
    for (const auto& p : stems.at("ability"))
        lx.ability.add(p.get<std::string>(), true);
    for (const auto& w : stems.at("subjects"))
        subjects.insert(w.get<std::string>());
    for (const auto& w : stems.at("modals"))
        modals.insert(w.get<std::string>());
    for (const auto& w : stems.at("acronyms"))
        acronyms.insert(w.get<std::string>());
    for (const auto& [level, list] : j.at("settings").items())
        for (const auto& p : list)
            lx.settings.add(p.get<std::string>(), *parseEnum<MillerLevel>(level));
    for (const auto& p : j.at("compound_idioms"))
        lx.idioms.add(p.get<std::string>(), true);

    Map<Word> words;
    auto word = [&](const std::string& key) -> Word& {
        auto& w = words[key];
        w.key = key;
        return w;
    };
    for (const auto& [key, verb] : lx.verbs)
        if (key.find(' ') == std::string::npos)
            word(key).verb = &verb;
    for (const auto& [key, aim] : lx.vague)
        word(key).vague = &aim;
    for (const auto& key : activities)
        word(key).activity = true;
    for (const auto& key : paraphraseVerbs)
        word(key).paraphrase = true;
    auto firsts = [&](const auto& index) {
        for (const auto& [key, list] : index.byFirst)
            word(key).phrases[index.slot] = &list;
    };
    firsts(lx.verbPhrases);
    firsts(lx.vaguePhrases);
    firsts(lx.activityPhrases);
    firsts(lx.leadIns);
    firsts(lx.ability);
    firsts(lx.settings);
    firsts(lx.idioms);

    // The grammar words the analyzer steers by.
    auto flag = [&](std::initializer_list<const char*> list, unsigned f) {
        for (const char* w : list)
            word(w).flags |= f;
    };
    flag({ "a", "an", "the", "their", "his", "her", "its", "this", "that", "these", "those", "each", "all",
             "any", "them", "it", "patients", "patient" },
        Determiner);
    flag({ "to", "how", "when", "why", "which", "that", "whether", "who", "whom", "where", "while", "by",
             "using", "through", "via", "including", "such", "if", "before" },
        Subordinate);
    flag({ "appropriate", "relevant", "initial", "further", "basic", "common", "key", "safe", "accurate",
             "clear" },
        ObjectStart);
    flag({ "and", "or", "then" }, Coordinator);
    for (const auto& w : modals)
        word(w).flags |= Modal;
    for (const auto& w : acronyms)
        word(w).flags |= Acronym;
    for (const auto& w : subjects)
        word(w).flags |= Subject;
    for (const auto& w : affectiveWords)
        word(w).flags |= AffectiveWord;
    for (const auto& w : psychomotorWords)
        word(w).flags |= PsychomotorWord;
    for (const auto& [key, aim] : lx.vagueNouns)
        word(key).vagueNoun = &aim;
    flag({ "of", "to", "with", "in", "about", "for", "on", "at", "from", "into", "toward", "towards" },
        Preposition);
    flag({ "given", "using", "on", "in", "upon", "during", "through", "with", "within", "based", "as", "for",
             "under", "when", "while", "having", "after", "following", "at", "by", "from", "throughout",
             "via", "drawing", "building", "working", "if", "once", "before", "across", "beyond" },
        LeadingClause);
    flag({ "begin", "begins", "start", "starts", "continue", "continues" }, Aspect);
    auto flagAll = [&](const std::vector<std::string>& keys, unsigned f) {
        for (const auto& w : keys)
            word(w).flags |= f;
    };
    flagAll(learnerNouns, Learner);
    flagAll(teachingVerbs, Teaching);
    flagAll(cognitiveObjects, CognitiveObject);
    flagAll(vagueObjects, VagueObject);
    flagAll(growthVerbs, Growth);
    flagAll(skillNouns, SkillNoun);

    // Every English verb WordNet knows, so that a verb no list places is still found and lemmatized.
    const auto verbs = wordnet::verbs();
    for (std::size_t at = 0; at < verbs.size();) {
        const std::size_t end = verbs.find('\n', at);
        std::string_view entry = verbs.substr(at, end - at);
        at = end == std::string_view::npos ? verbs.size() : end + 1;
        const bool common = entry.ends_with('!');
        if (common)
            entry.remove_suffix(1);
        const bool mostlyAdjective = entry.ends_with('+');
        if (mostlyAdjective)
            entry.remove_suffix(1);
        const bool mostlyNoun = entry.ends_with('*');
        if (mostlyNoun)
            entry.remove_suffix(1);
        if (entry.empty())
            continue;
        auto& w = word(std::string(entry));
        w.wordnetVerb = true;
        w.mostlyNoun = mostlyNoun;
        w.mostlyAdjective = mostlyAdjective;
        w.commonVerb = common;
    }
    const auto exceptions = wordnet::verbExceptions();
    for (std::size_t at = 0; at < exceptions.size();) {
        const std::size_t end = exceptions.find('\n', at);
        const std::string_view line = exceptions.substr(at, end - at);
        at = end == std::string_view::npos ? exceptions.size() : end + 1;
        const std::size_t space = line.find(' ');
        if (space == std::string_view::npos)
            continue;
        const std::string form(line.substr(0, space));
        if (auto it = words.find(form); it != words.end() && (it->second.verb || it->second.vague))
            continue; // a word of the lists in its own right ("found", "left")
        word(form).irregularOf = std::string(line.substr(space + 1));
    }
    lx.words.build(std::move(words));
    return lx;
}

} // namespace

void WordTable::build(Map<Word> words)
{
    words_.clear();
    for (auto& [key, w] : words) {
        w.lexical = w.verb || w.vague || w.activity || w.paraphrase || w.wordnetVerb
            || std::any_of(w.phrases.begin(), w.phrases.end(), [](const void* p) { return p != nullptr; });
        words_.push_back(std::move(w));
    }
    std::size_t size = 16;
    while (size < 2 * words_.size())
        size *= 2;
    slots_.assign(size, -1);
    for (std::size_t n = 0; n < words_.size(); ++n)
        for (std::size_t i = hash(words_[n].key) & (size - 1);; i = (i + 1) & (size - 1))
            if (slots_[i] < 0) {
                slots_[i] = static_cast<int>(n);
                break;
            }
    for (auto& w : words_)
        if (!w.irregularOf.empty())
            w.irregular = find(w.irregularOf);
}

template <class V> void PhraseIndex<V>::add(const std::string& text, V value)
{
    auto phrase = words(text);
    auto& list = byFirst[phrase.front()];
    list.emplace_back(std::move(phrase), value);
    std::stable_sort(list.begin(), list.end(),
        [](const auto& a, const auto& b) { return a.first.size() > b.first.size(); });
}

template struct PhraseIndex<const Verb*>;
template struct PhraseIndex<Aim>;
template struct PhraseIndex<bool>;
template struct PhraseIndex<MillerLevel>;

const Lexicon& get()
{
    static const Lexicon lexicon = load();
    return lexicon;
}

} // namespace coursemap::lexicon
