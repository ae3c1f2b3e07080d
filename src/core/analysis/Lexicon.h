// The verb lists of resources/analysis/verbs.json, indexed for the objective analyzer.
#pragma once

#include "coursemap/model/Enums.h"

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace coursemap::lexicon {

struct StringHash
{
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view> {}(s); }
};
template <class V> using Map = std::unordered_map<std::string, V, StringHash, std::equal_to<>>;
using Set = std::unordered_set<std::string, StringHash, std::equal_to<>>;
using Phrase = std::vector<std::string>; // words

// What a vague word or phrase aims at: a Bloom level, or an attitude.
struct Aim
{
    std::optional<BloomLevel> level;
    bool attitude = false;
};

struct Verb
{
    std::string name; // "carry out"
    std::vector<BloomLevel> levels;
    std::optional<LearningDomain> domain;
    std::string split;
    bool generic = false; // "demonstrate", "show": the object tells the domain
    bool nounLike = false; // "plan", "test": also a common noun
};

// Phrases are matched word by word; each list is indexed by its first word.
template <class V> struct PhraseIndex
{
    Map<std::vector<std::pair<Phrase, V>>> byFirst; // longest phrases first
    void add(const std::string& text, V value);
};

struct Lexicon
{
    Map<Verb> verbs; // every key one word; multi-word verbs in verbPhrases
    PhraseIndex<const Verb*> verbPhrases;
    Map<Aim> vague;
    PhraseIndex<Aim> vaguePhrases;
    Set activities;
    PhraseIndex<bool> activityPhrases;
    Map<Aim> vagueNouns;
    Set paraphraseVerbs;
    Map<std::vector<std::string>> suggestions; // by level name, and "affective"
    PhraseIndex<bool> leadIns, ability;
    Set subjects, modals, acronyms;
    PhraseIndex<MillerLevel> settings;
    Set psychomotorWords, affectiveWords;
    PhraseIndex<bool> idioms;
    std::vector<std::string> spellingTargets; // the words a misspelling may be read as
};

const Lexicon& get();

} // namespace coursemap::lexicon
