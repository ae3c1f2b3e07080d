#include "Lexicon.h"

#include "Resources.h"

#include <nlohmann/json.hpp>

#include <algorithm>
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
    flag({ "a", "an", "the", "their", "his", "her", "its", "this", "these", "those", "each", "all", "any",
             "them", "it", "patients", "patient" },
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
    lx.words.build(std::move(words));
    return lx;
}

} // namespace

void WordTable::build(Map<Word> words)
{
    words_.clear();
    for (auto& [key, w] : words) {
        w.lexical = w.verb || w.vague || w.activity || w.paraphrase
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
