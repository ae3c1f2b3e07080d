// The verb lists of resources/analysis/verbs.json and bloom-lists.json, and the English verbs of WordNet
// (read at build time), indexed for the objective analyzer.
#pragma once

#include "coursemap/model/Enums.h"

#include <algorithm>
#include <array>
#include <cstdint>
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
    std::string split; // how the published lists disagree on the level, when they do
    bool generic = false; // "demonstrate", "show": the object tells the domain
    bool nounLike = false; // "plan", "test": also a common noun
};

// Phrases are matched word by word; each list is indexed by its first word. Each index has a slot in Word,
// so that one lookup of a word finds its phrases in every index.
enum PhraseSlot
{
    VerbPhrases,
    VaguePhrases,
    ActivityPhrases,
    LeadIns,
    Ability,
    Settings,
    Idioms,
    PhraseSlots
};

template <class V> struct PhraseIndex
{
    using List = std::vector<std::pair<Phrase, V>>;
    PhraseSlot slot;
    Map<List> byFirst; // longest phrases first
    void add(const std::string& text, V value);
};

// What a word is in the grammar of an objective (as written, not in base form).
enum WordFlag : unsigned
{
    Determiner = 1, // "a", "the", "their": an object follows
    Subordinate = 2, // "to", "how", "when": what follows belongs to the object
    ObjectStart = 4, // "appropriate", "relevant": begins an object
    Modal = 8, // "will", "should"
    Subject = 16, // "students", "the", "resident": before the modal of a stem
    AffectiveWord = 32, // "respect", "empathy"
    PsychomotorWord = 64, // "technique", "suturing"
    Coordinator = 128, // "and", "or", "then": may join a second behaviour
    Acronym = 256, // "lo", "slo", "swbat": labels before an objective
    Preposition = 512, // "of", "to", "with": ends a stative phrase ("be responsive to") or an object
    LeadingClause = 1024, // "given", "using", "in": may open a clause before the objective ("Using X, list")
    Aspect = 2048, // "begin", "continue": "begin to integrate" is integrating
    Learner = 4096, // "students", "learners": the object of a verb that describes teaching
    Teaching = 8192, // "provide", "introduce", "expose": teaching when a learner is the object
    CognitiveObject
    = 16384, // "history", "role", "principles": the object makes "perform", "examine" cognitive
    VagueObject = 32768, // "importance", "role": "recognize the importance of" is not observable
    Growth = 65536, // "develop", "acquire", "gain": with skills or knowledge, growth, not an outcome
    SkillNoun = 131072, // "skills", "competence", "proficiency"
};

// Everything a word can be for the analyzer, looked up once per word of an objective (in its base form).
struct Word
{
    std::string key; // the base form
    const Verb* verb = nullptr;
    const Aim* vague = nullptr;
    bool activity = false;
    bool paraphrase = false; // "demonstrate", "gain": may begin "demonstrate knowledge of"
    unsigned flags = 0; // WordFlag
    const Aim* vagueNoun = nullptr; // "knowledge", "understanding"
    std::array<const void*, PhraseSlots>
        phrases {}; // the PhraseIndex<V>::List starting with this word, by slot
    // A word of the verb lists or of a phrase, as opposed to a grammar word only; set by WordTable::build.
    bool lexical = false;
    bool wordnetVerb = false; // an English verb (WordNet), whether or not a list places it
    bool mostlyNoun = false; // WordNet tags it at least as often as a noun ("pain", "screen", "risk")
    bool mostlyAdjective = false; // ... or as an adjective ("lower", "clear", "appropriate")
    bool commonVerb = false; // WordNet tags it often as a verb ("make", "take")
    std::string irregularOf; // "sought" → "seek" (WordNet's verb.exc)
    const Word* irregular = nullptr; // the base form's entry, set by WordTable::build
};

// A fixed table of words, built once: open addressing with FNV-1a hashing, so a lookup is a short hash and
// one or two compares. Every word of every objective is looked up here, which makes it the analyzer's
// hottest path.
class WordTable
{
public:
    void build(Map<Word> words);
    const Word* find(std::string_view key) const
    {
        if (slots_.empty())
            return nullptr;
        const std::size_t mask = slots_.size() - 1;
        for (std::size_t i = hash(key) & mask;; i = (i + 1) & mask) {
            const int slot = slots_[i];
            if (slot < 0)
                return nullptr;
            if (words_[static_cast<std::size_t>(slot)].key == key)
                return &words_[static_cast<std::size_t>(slot)];
        }
    }

private:
    static std::size_t hash(std::string_view key)
    {
        std::uint64_t h = 14695981039346656037ull;
        for (char c : key)
            h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ull;
        return static_cast<std::size_t>(h ^ (h >> 29));
    }
    std::vector<Word> words_;
    std::vector<int> slots_; // index into words_, or -1
};

struct Lexicon
{
    WordTable words; // every word above that can begin a verb, a stem or a phrase, and the grammar words
    Map<Verb> verbs; // every key one word; multi-word verbs in verbPhrases
    PhraseIndex<const Verb*> verbPhrases { VerbPhrases, {} };
    Map<Aim> vague; // Word::vague points here
    PhraseIndex<Aim> vaguePhrases { VaguePhrases, {} };
    PhraseIndex<bool> activityPhrases { ActivityPhrases, {} };
    Map<Aim> vagueNouns; // Word::vagueNoun points here
    Map<std::vector<std::string>> suggestions; // by level name, and "affective"
    PhraseIndex<bool> leadIns { LeadIns, {} }, ability { Ability, {} };
    PhraseIndex<MillerLevel> settings { Settings, {} };
    PhraseIndex<bool> idioms { Idioms, {} }; // pairs of near-synonyms: one behaviour
    // Single-word activities, paraphrase verbs, subjects, modals, acronyms and domain words are only flags on
    // the words of the table.
    std::vector<std::string> spellingTargets; // the words a misspelling may be read as
};

const Lexicon& get();

} // namespace coursemap::lexicon
