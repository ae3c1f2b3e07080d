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

    Set psychomotor, affective, generic;
    for (const auto& w : j.at("domains").at("psychomotor"))
        psychomotor.insert(w.get<std::string>());
    for (const auto& w : j.at("domains").at("affective"))
        affective.insert(w.get<std::string>());
    for (const auto& w : j.at("domains").at("generic"))
        generic.insert(w.get<std::string>());
    for (const auto& w : j.at("domains").at("psychomotor_words"))
        lx.psychomotorWords.insert(w.get<std::string>());
    for (const auto& w : j.at("domains").at("affective_words"))
        lx.affectiveWords.insert(w.get<std::string>());

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
            lx.activities.insert(name);
        else
            lx.activityPhrases.add(name, true);
    }
    for (const auto& [name, aim] : j.at("vague_nouns").items())
        lx.vagueNouns.emplace(name, aimOf(aim.get<std::string>()));
    for (const auto& w : j.at("paraphrase_verbs"))
        lx.paraphraseVerbs.insert(w.get<std::string>());
    for (const auto& [level, list] : j.at("suggestions").items())
        lx.suggestions[level] = list.get<std::vector<std::string>>();
    const auto& stems = j.at("stems");
    for (const auto& p : stems.at("lead_ins"))
        lx.leadIns.add(p.get<std::string>(), true);
    for (const auto& p : stems.at("ability"))
        lx.ability.add(p.get<std::string>(), true);
    for (const auto& w : stems.at("subjects"))
        lx.subjects.insert(w.get<std::string>());
    for (const auto& w : stems.at("modals"))
        lx.modals.insert(w.get<std::string>());
    for (const auto& w : stems.at("acronyms"))
        lx.acronyms.insert(w.get<std::string>());
    for (const auto& [level, list] : j.at("settings").items())
        for (const auto& p : list)
            lx.settings.add(p.get<std::string>(), *parseEnum<MillerLevel>(level));
    for (const auto& p : j.at("compound_idioms"))
        lx.idioms.add(p.get<std::string>(), true);
    return lx;
}

} // namespace

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
