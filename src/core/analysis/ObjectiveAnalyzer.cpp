#include "coursemap/analysis/ObjectiveAnalyzer.h"

#include "Lexicon.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <utility>

namespace coursemap {

namespace {

using lexicon::Lexicon;

struct Token
{
    std::string_view text;
    bool word = false;
    const lexicon::Word* entry = nullptr; // what the word is as written (grammar flags, vague nouns)
};

bool isDigit(unsigned char c)
{
    return c >= '0' && c <= '9';
}

// Character classes by table: every character of every objective passes through here.
enum CharClass : unsigned char
{
    Mark, // punctuation: a token of its own
    WordByte, // letters, digits, apostrophes, and any byte of a non-ASCII character
    Space,
};

struct CharTable
{
    std::array<CharClass, 256> cls {};
    std::array<char, 256> lower {};
};

constexpr CharTable makeCharTable()
{
    CharTable t;
    for (int c = 0; c < 256; ++c) {
        const bool word = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
            || c == '\'' || c >= 0x80;
        const bool space = c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
        t.cls[static_cast<std::size_t>(c)] = word ? WordByte : space ? Space : Mark;
        t.lower[static_cast<std::size_t>(c)] = static_cast<char>(c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c);
    }
    return t;
}

constexpr CharTable chars = makeCharTable();

// Lower-cases ASCII into `low` and splits it into words and single punctuation marks, looking each word up
// in `table` as written. Typographic apostrophes become ', dashes and bullets become punctuation, no-break
// spaces become spaces.
void tokenize(
    std::string_view text, const lexicon::WordTable& table, std::string& low, std::vector<Token>& tokens)
{
    // Lower-case into `low` (which keeps its capacity between calls; the text only shrinks).
    low.resize(text.size());
    char* const begin = low.data();
    char* dst = begin;
    const auto* src = reinterpret_cast<const unsigned char*>(text.data());
    const auto* const end = src + text.size();
    while (src < end) {
        const unsigned char c = *src;
        if (c < 0x80) {
            *dst++ = chars.lower[c];
            ++src;
        } else if (c == 0xE2 && end - src >= 3 && src[1] == 0x80) {
            const unsigned char k = src[2];
            *dst++ = (k == 0x98 || k == 0x99) ? '\'' : (k == 0x9C || k == 0x9D) ? '"' : '-';
            src += 3;
        } else if (c == 0xC2 && end - src >= 2 && (src[1] == 0xA0 || src[1] == 0xB7)) {
            *dst++ = src[1] == 0xA0 ? ' ' : '-';
            src += 2;
        } else {
            *dst++ = static_cast<char>(c);
            ++src;
        }
    }
    const std::size_t n = static_cast<std::size_t>(dst - begin);
    low.resize(n);

    // Split into words and single punctuation marks.
    tokens.clear();
    const auto* p = reinterpret_cast<const unsigned char*>(low.data());
    std::size_t i = 0;
    while (i < n) {
        const CharClass cls = chars.cls[p[i]];
        if (cls == Space) {
            ++i;
            continue;
        }
        if (cls == Mark) {
            tokens.push_back({ std::string_view(low.data() + i, 1), false, nullptr });
            ++i;
            continue;
        }
        std::size_t j = i + 1;
        while (j < n) {
            const unsigned char d = p[j];
            if (chars.cls[d] == WordByte) {
                ++j;
                continue;
            }
            // A hyphen or a point inside a word stays in it: "follow-up", "1.01", "pgy-1".
            if ((d == '-' || d == '.') && j + 1 < n && chars.cls[p[j + 1]] == WordByte
                && (d == '-' || isDigit(p[j + 1])))
                ++j;
            else
                break;
        }
        std::size_t first = i, last = j;
        while (last > first && p[last - 1] == '\'') // quotes around a word are not part of it
            --last;
        while (first < last && p[first] == '\'')
            ++first;
        if (first < last) {
            const std::string_view w(low.data() + first, last - first);
            tokens.push_back({ w, true, table.find(w) });
        }
        i = j;
    }
}

enum class Form
{
    Base,
    S,
    Ing,
    Ed
};

// A word's base form among the words `known` accepts (returning its entry, or null): "analyses" → "analyze",
// "recognising" → "recognize", "planning" → "plan", "identifies" → "identify". British -ise/-yse spellings
// are read as -ize/-yze.
template <class Known> const lexicon::Word* baseForm(std::string_view w, Known known, Form& form)
{
    if (w.size() > 40)
        return nullptr;
    const lexicon::Word* found = nullptr;
    std::array<char, 48> buf {};
    auto tryOne = [&](std::string_view stem, std::string_view tail, Form f) {
        const std::size_t len = stem.size() + tail.size();
        if (len < 2 || len > 44)
            return false;
        std::copy(stem.begin(), stem.end(), buf.begin());
        std::copy(tail.begin(), tail.end(), buf.begin() + static_cast<std::ptrdiff_t>(stem.size()));
        std::string_view c(buf.data(), len);
        auto accept = [&](std::string_view cand) {
            found = known(cand);
            if (!found)
                return false;
            form = f;
            return true;
        };
        if (accept(c))
            return true;
        if (c == "practise")
            return accept("practice");
        // British spellings: -ise → -ize, -yse → -yze.
        if (len >= 4 && c.substr(len - 3) == "ise") {
            buf[len - 2] = 'z';
            return accept(std::string_view(buf.data(), len));
        }
        if (len >= 4 && c.substr(len - 3) == "yse") {
            buf[len - 2] = 'z';
            return accept(std::string_view(buf.data(), len));
        }
        return false;
    };
    auto ends = [&](std::string_view s) { return w.size() > s.size() + 1 && w.ends_with(s); };
    if (tryOne(w, "", Form::Base))
        return found;
    if (ends("ies") && tryOne(w.substr(0, w.size() - 3), "y", Form::S))
        return found;
    if (ends("es") && tryOne(w.substr(0, w.size() - 2), "", Form::S))
        return found;
    if (ends("s") && !ends("ss") && tryOne(w.substr(0, w.size() - 1), "", Form::S))
        return found;
    auto undoubled = [](std::string_view stem) {
        return stem.size() >= 3 && stem[stem.size() - 1] == stem[stem.size() - 2]
            ? stem.substr(0, stem.size() - 1)
            : std::string_view {};
    };
    for (auto [suffix, f] : { std::pair { std::string_view("ing"), Form::Ing }, { "ed", Form::Ed } }) {
        if (!ends(suffix))
            continue;
        const auto stem = w.substr(0, w.size() - suffix.size());
        if (f == Form::Ed && stem.ends_with('i') && tryOne(stem.substr(0, stem.size() - 1), "y", f))
            return found;
        if (tryOne(stem, "", f) || tryOne(stem, "e", f))
            return found;
        if (auto u = undoubled(stem); !u.empty() && tryOne(u, "", f))
            return found;
    }
    return nullptr;
}

// Damerau-Levenshtein distance, giving up above `limit`.
int editDistance(std::string_view a, std::string_view b, int limit)
{
    const int n = static_cast<int>(a.size()), m = static_cast<int>(b.size());
    if (std::abs(n - m) > limit)
        return limit + 1;
    std::vector<int> prev2(m + 1), prev(m + 1), cur(m + 1);
    for (int j = 0; j <= m; ++j)
        prev[j] = j;
    for (int i = 1; i <= n; ++i) {
        cur[0] = i;
        int best = cur[0];
        for (int j = 1; j <= m; ++j) {
            const int cost = a[i - 1] == b[j - 1] ? 0 : 1;
            cur[j] = std::min({ prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost });
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                cur[j] = std::min(cur[j], prev2[j - 2] + 1);
            best = std::min(best, cur[j]);
        }
        if (best > limit)
            return limit + 1;
        std::swap(prev2, prev);
        std::swap(prev, cur);
    }
    return prev[m];
}

bool isRoman(std::string_view w)
{
    return !w.empty() && w.size() <= 4 && w.find_first_not_of("ivx") == std::string_view::npos;
}

bool isNumbering(std::string_view w)
{
    // "1", "1.01", "2.3.1", "a1", "lo3"
    if (w.empty())
        return false;
    return std::all_of(
        w.begin(), w.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)) || c == '.'; });
}

class Reader
{
public:
    explicit Reader(std::string_view text)
        : text_(text)
        , lx_(lexicon::get())
        , buffers_(scratch())
        , low_(buffers_.low)
        , tokens_(buffers_.tokens)
        , lemmas_(buffers_.lemmas)
        , forms_(buffers_.forms)
    {
        tokenize(text, lx_.words, low_, tokens_);
        lemmas_.assign(tokens_.size(), { false, nullptr });
        forms_.assign(tokens_.size(), Form::Base);
    }

    void run(ObjectiveAnalysis& out)
    {
        // Start afresh, keeping the strings' and the list's memory.
        out.verb.clear();
        out.status = VerbStatus::Missing;
        out.levels = {};
        out.bloom.reset();
        out.levelNote = {};
        out.typedAs.clear();
        out.intendedLevel.reset();
        out.intendsAttitude = false;
        out.behaviours.clear();
        out.domain = LearningDomain::Cognitive;
        out.verbOffset = out.verbLength = 0;
        std::size_t pos = skipStem(0);
        findVerb(pos, out);
        out.setting = findSetting();
        if (spanEnd_ > spanBegin_) {
            const auto begin = static_cast<std::size_t>(tokens_[spanBegin_].text.data() - low_.data());
            const auto last = tokens_[spanEnd_ - 1].text;
            const auto end = static_cast<std::size_t>(last.data() - low_.data()) + last.size();
            out.verbOffset = originalOffset(begin);
            out.verbLength = originalOffset(end) - out.verbOffset;
        }
    }

private:
    // The offset in the text of offset `low` in the lower-cased copy: the same unless typographic characters
    // were folded to one byte.
    std::size_t originalOffset(std::size_t low) const
    {
        if (low_.size() == text_.size())
            return low;
        std::size_t src = 0;
        for (std::size_t out = 0; out < low && src < text_.size(); ++out) {
            const auto c = static_cast<unsigned char>(text_[src]);
            if (c == 0xE2 && text_.size() - src >= 3 && static_cast<unsigned char>(text_[src + 1]) == 0x80)
                src += 3;
            else if (c == 0xC2 && text_.size() - src >= 2
                && (static_cast<unsigned char>(text_[src + 1]) == 0xA0
                    || static_cast<unsigned char>(text_[src + 1]) == 0xB7))
                src += 2;
            else
                src += 1;
        }
        return src;
    }

    bool word(std::size_t i) const { return i < tokens_.size() && tokens_[i].word; }
    std::string_view at(std::size_t i) const
    {
        return i < tokens_.size() ? tokens_[i].text : std::string_view {};
    }

    // What token i is in the lexicon, in its base form; looked up once per token.
    const lexicon::Word* lemma(std::size_t i) const
    {
        if (!word(i))
            return nullptr;
        auto& [done, entry] = lemmas_[i];
        if (!done) {
            done = true;
            if (const auto* written = tokens_[i].entry; written && written->lexical && at(i).size() >= 2) {
                entry = written; // already in base form: the common case
            } else {
                auto lexical = [&](std::string_view c) -> const lexicon::Word* {
                    const auto* w = lx_.words.find(c);
                    return w && w->lexical ? w : nullptr;
                };
                entry = baseForm(at(i), lexical, forms_[i]);
            }
        }
        return entry;
    }

    // What token i is as written (grammar flags, vague nouns); looked up while tokenizing.
    const lexicon::Word* exact(std::size_t i) const { return word(i) ? tokens_[i].entry : nullptr; }

    bool is(std::size_t i, lexicon::WordFlag flag) const
    {
        const auto* w = exact(i);
        return w && (w->flags & flag);
    }

    const lexicon::Verb* verbOf(std::size_t i) const
    {
        const auto* w = lemma(i);
        return w ? w->verb : nullptr;
    }

    bool isVerbWord(std::size_t i) const { return verbOf(i) != nullptr; }

    // The longest phrase of `index` starting at token i (its first word in base form); its length in tokens.
    template <class V>
    std::size_t matchPhrase(
        const lexicon::PhraseIndex<V>& index, std::size_t i, const V** value = nullptr) const
    {
        const auto* w = lemma(i);
        if (!w || !w->phrases[index.slot])
            return 0;
        const auto& list
            = *static_cast<const typename lexicon::PhraseIndex<V>::List*>(w->phrases[index.slot]);
        for (const auto& [phrase, v] : list) {
            bool ok = true;
            for (std::size_t k = 1; k < phrase.size() && ok; ++k)
                ok = word(i + k) && at(i + k) == phrase[k];
            if (ok) {
                if (value)
                    *value = &v;
                return phrase.size();
            }
        }
        return 0;
    }

    // Steps past numbering, bullets, "LO 3:", "By the end of this session,", "students will be able to",
    // "demonstrate the ability to" and leading adverbs ("accurately").
    std::size_t skipStem(std::size_t pos) const
    {
        for (int round = 0; round < 12; ++round) {
            const std::size_t start = pos;
            while (pos < tokens_.size() && !tokens_[pos].word)
                ++pos;
            const auto w = at(pos);
            // Numbering: "1", "1.01", "a)", "(iv)", "b."
            if (word(pos)
                && (isNumbering(w)
                    || ((w.size() == 1 || isRoman(w)) && pos + 1 < tokens_.size() && !tokens_[pos + 1].word
                        && (at(pos + 1) == ")" || at(pos + 1) == "." || at(pos + 1) == ":")))) {
                pos += 1;
                continue;
            }
            // "LO1", "SLO 2.3:", "Objective 4 -", "SWBAT"
            if (word(pos)) {
                std::size_t digits = 0;
                while (digits < w.size() && !isDigit(static_cast<unsigned char>(w[digits])))
                    ++digits;
                const auto letters = w.substr(0, digits);
                const auto* acronym = letters.size() == w.size() ? exact(pos) : lx_.words.find(letters);
                if (acronym && (acronym->flags & lexicon::Acronym)
                    && (letters.size() < w.size() || isNumbering(at(pos + 1)) || !word(pos + 1)
                        || letters.starts_with("swbat") || letters.starts_with("tswbat"))) {
                    if (letters == w && word(pos + 1) && isNumbering(at(pos + 1)))
                        ++pos;
                    ++pos;
                    continue;
                }
            }
            // "By the end of this session, ..." up to the comma, or else up to the modal.
            if (std::size_t n = matchPhrase(lx_.leadIns, pos)) {
                std::size_t comma = pos + n;
                while (comma < tokens_.size() && comma < pos + 30 && at(comma) != "," && at(comma) != ":"
                    && !is(comma, lexicon::Modal))
                    ++comma;
                if (comma < tokens_.size() && (at(comma) == "," || at(comma) == ":")) {
                    pos = comma + 1;
                    continue;
                }
                if (comma < tokens_.size() && is(comma, lexicon::Modal)) {
                    pos = comma + 1;
                    continue;
                }
            }
            // "The PGY-1 resident will", "Students should", "You will"
            for (std::size_t k = pos; k < tokens_.size() && k < pos + 8; ++k) {
                if (!word(k))
                    break;
                if (is(k, lexicon::Modal)) {
                    if (k > pos)
                        pos = k + 1;
                    break;
                }
                if (!is(k, lexicon::Subject) && isVerbWord(k))
                    break;
            }
            if (pos != start)
                continue;
            if (std::size_t n = matchPhrase(lx_.ability, pos)) {
                pos += n;
                continue;
            }
            if (at(pos) == "be" && !matchPhrase(lx_.vaguePhrases, pos)
                && !matchPhrase(lx_.activityPhrases, pos)) {
                ++pos;
                continue;
            }
            // Leading adverbs: "Accurately interpret", "Independently perform".
            if (const auto* l = lemma(pos);
                word(pos) && w.size() > 4 && w.ends_with("ly") && !(l && (l->verb || l->vague))) {
                ++pos;
                continue;
            }
            if (pos == start)
                break;
        }
        return pos;
    }

    void setVerb(ObjectiveAnalysis& out, const lexicon::Verb& v) const
    {
        verb_ = &v;
        out.verb = v.name;
        out.status = VerbStatus::Measurable;
        out.levels = v.levels;
        out.bloom = v.levels.empty() ? std::nullopt : std::optional(v.levels.front());
        out.levelNote = v.split;
        out.domain = v.domain.value_or(LearningDomain::Cognitive);
        out.behaviours.push_back(v.name);
    }

    void setVague(ObjectiveAnalysis& out, std::string verb, const lexicon::Aim& aim, VerbStatus status) const
    {
        out.verb = std::move(verb);
        out.status = status;
        out.intendedLevel = aim.level;
        out.intendsAttitude = aim.attitude;
        out.domain = aim.attitude ? LearningDomain::Affective : LearningDomain::Cognitive;
        out.behaviours.push_back(out.verb);
    }

    // "demonstrate (a sound) knowledge of", "develop an understanding of", "gain insight into"
    bool paraphrase(std::size_t pos, ObjectiveAnalysis& out) const
    {
        const auto* lead = lemma(pos);
        if (!lead || !lead->paraphrase)
            return false;
        const std::string& base = lead->key;
        for (std::size_t k = pos + 1; k < tokens_.size() && k <= pos + 4 && word(k); ++k) {
            if (const auto* noun = exact(k); noun && noun->vagueNoun) {
                std::string phrase;
                for (std::size_t m = pos; m <= k; ++m)
                    phrase += (phrase.empty() ? "" : " ") + (m == pos ? base : std::string(at(m)));
                if (word(k + 1)
                    && (at(k + 1) == "of" || at(k + 1) == "for" || at(k + 1) == "into" || at(k + 1) == "with"
                        || at(k + 1) == "about" || at(k + 1) == "in"))
                    phrase += " " + std::string(at(k + 1));
                setSpan(pos, pos + std::count(phrase.begin(), phrase.end(), ' ') + 1);
                setVague(out, phrase, *noun->vagueNoun, VerbStatus::Vague);
                return true;
            }
            if (const auto* v = verbOf(k); v && !v->nounLike)
                return false;
        }
        return false;
    }

    void findVerb(std::size_t pos, ObjectiveAnalysis& out) const
    {
        while (pos < tokens_.size() && !tokens_[pos].word)
            ++pos;
        if (pos >= tokens_.size())
            return;
        const lexicon::Aim* aim = nullptr;
        const lexicon::Verb* const* phraseVerb = nullptr;
        const bool* flag = nullptr;
        std::size_t n = 0;
        if ((n = matchPhrase(lx_.vaguePhrases, pos, &aim))) {
            setSpan(pos, pos + n);
            setVague(out, phraseText(pos, n), *aim, VerbStatus::Vague);
        } else if ((n = matchPhrase(lx_.activityPhrases, pos, &flag))) {
            setSpan(pos, pos + n);
            setVague(out, phraseText(pos, n), { BloomLevel::Apply, false }, VerbStatus::Activity);
        } else if (paraphrase(pos, out)) {
            n = 1;
        } else if ((n = matchPhrase(lx_.verbPhrases, pos, &phraseVerb))) {
            setSpan(pos, pos + n);
            setVerb(out, **phraseVerb);
        } else {
            n = 1;
            if (const auto* w = lemma(pos); w && (w->verb || w->vague || w->activity))
                setWord(out, *w);
            else if (!vagueNoun(pos, out) && !misspelt(pos, out))
                unknownWord(pos, out);
            if (!out.verb.empty())
                setSpan(pos, pos + 1);
        }
        if (out.status == VerbStatus::Measurable || out.status == VerbStatus::Unknown)
            refineDomain(pos + n, out);
        if (!out.behaviours.empty())
            findMoreBehaviours(pos + n, out);
    }

    void setSpan(std::size_t begin, std::size_t end) const
    {
        spanBegin_ = begin;
        spanEnd_ = std::min(end, tokens_.size());
    }

    std::string phraseText(std::size_t pos, std::size_t n) const
    {
        std::string s;
        for (std::size_t k = pos; k < pos + n; ++k) {
            std::string w(at(k));
            if (const auto* l = lemma(k); k == pos && l)
                w = l->key;
            s += (s.empty() ? "" : " ") + w;
        }
        return s;
    }

    void setWord(ObjectiveAnalysis& out, const lexicon::Word& w) const
    {
        if (w.verb)
            setVerb(out, *w.verb);
        else if (w.vague)
            setVague(out, w.key, *w.vague, VerbStatus::Vague);
        else
            setVague(out, w.key, { BloomLevel::Apply, false }, VerbStatus::Activity);
    }

    // "Knowledge of ...", "An understanding of ...": no verb, a vague aim.
    bool vagueNoun(std::size_t pos, ObjectiveAnalysis& out) const
    {
        for (std::size_t k = pos; k < tokens_.size() && k <= pos + 3 && word(k); ++k) {
            if (const auto* noun = exact(k); noun && noun->vagueNoun) {
                setSpan(pos, k + (word(k + 1) && (at(k + 1) == "of" || at(k + 1) == "about") ? 2 : 1));
                out.status = VerbStatus::Missing;
                out.intendedLevel = noun->vagueNoun->level;
                out.intendsAttitude = noun->vagueNoun->attitude;
                out.domain
                    = noun->vagueNoun->attitude ? LearningDomain::Affective : LearningDomain::Cognitive;
                return true;
            }
            if (!is(k, lexicon::Determiner)
                && !(at(k).size() > 3
                    && (at(k).ends_with("ic") || at(k).ends_with("al") || at(k).ends_with("ed")
                        || at(k) == "basic" || at(k) == "working" || at(k) == "thorough" || at(k) == "sound"
                        || at(k) == "good" || at(k) == "broad" || at(k) == "deep" || at(k) == "deeper"
                        || at(k) == "better")))
                return false;
        }
        return false;
    }

    // "Desribe" read as "describe"; "Identfy" as "identify".
    bool misspelt(std::size_t pos, ObjectiveAnalysis& out) const
    {
        const auto w = at(pos);
        if (w.size() < 4 || !std::all_of(w.begin(), w.end(), [](char c) { return c >= 'a' && c <= 'z'; }))
            return false;
        const int limit = w.size() >= 8 ? 2 : 1;
        std::string best;
        int bestDistance = limit + 1;
        bool tie = false;
        for (const auto& target : lx_.spellingTargets) {
            const int d = editDistance(w, target, limit);
            if (d < bestDistance) {
                bestDistance = d;
                best = target;
                tie = false;
            } else if (d == bestDistance && d <= limit)
                tie = true;
        }
        if (bestDistance > limit || tie)
            return false;
        setWord(out, *lx_.words.find(best));
        out.typedAs = std::string(w);
        return true;
    }

    // A word the lists do not know: a verb if it reads like one ("Reconstitute a vial"), else no verb.
    void unknownWord(std::size_t pos, ObjectiveAnalysis& out) const
    {
        const auto w = at(pos);
        const bool verbEnding = w.size() > 4
            && (w.ends_with("ize") || w.ends_with("ise") || w.ends_with("ate") || w.ends_with("ify"));
        const bool objectFollows = is(pos + 1, lexicon::Determiner) && !is(pos, lexicon::Determiner);
        if (!is(pos, lexicon::Determiner) && !isNumbering(w) && (verbEnding || objectFollows)
            && std::all_of(w.begin(), w.end(), [](char c) { return (c >= 'a' && c <= 'z') || c == '-'; })) {
            out.verb = std::string(w);
            out.status = VerbStatus::Unknown;
            out.behaviours.push_back(out.verb);
        }
    }

    void refineDomain(std::size_t pos, ObjectiveAnalysis& out) const
    {
        const auto* v = out.status == VerbStatus::Measurable ? verb_ : nullptr;
        if (v && !v->generic)
            return; // the verb says it: "discuss the ethical issues" stays cognitive
        for (std::size_t k = pos; k < tokens_.size() && k < pos + 6; ++k) {
            if (!word(k))
                continue;
            if (is(k, lexicon::AffectiveWord)) {
                out.domain = LearningDomain::Affective;
                return;
            }
            if (is(k, lexicon::PsychomotorWord)) {
                out.domain = LearningDomain::Psychomotor;
                return;
            }
        }
    }

    // Further behaviours joined to the first: "Identify and manage ...", "Take a history, perform an
    // examination, and document the findings". A verb after "to", "how", "when" ... belongs to the object
    // ("Describe how to diagnose, treat and prevent ...") until the clause ends (";", ".", ", and").
    void findMoreBehaviours(std::size_t pos, ObjectiveAnalysis& out) const
    {
        auto startsObject
            = [&](std::size_t k) { return is(k, lexicon::Determiner) || is(k, lexicon::ObjectStart); };
        int depth = 0;
        bool suspended = false;
        bool weak = false;
        bool joined = false;
        bool afterComma = false;
        // "compare and contrast" is one behaviour: the idioms that start with the leading verb.
        const auto* lead = lx_.words.find(out.behaviours.front());
        const auto* idioms = lead && lead->phrases[lexicon::Idioms]
            ? static_cast<const lexicon::PhraseIndex<bool>::List*>(lead->phrases[lexicon::Idioms])
            : nullptr;
        for (std::size_t k = pos; k < tokens_.size(); ++k) {
            const auto t = at(k);
            if (!tokens_[k].word) {
                const char mark = t[0]; // punctuation tokens are one character
                if (mark == '(' || mark == '[')
                    ++depth;
                else if ((mark == ')' || mark == ']') && depth > 0)
                    --depth;
                else if (depth == 0 && (mark == ';' || mark == '.')) {
                    suspended = false;
                    joined = true;
                } else if (depth == 0 && mark == ':') {
                    suspended = true; // a list follows: "behaviour: punctuality, accountability and respect"
                    joined = false;
                } else if (depth == 0 && (mark == ',' || mark == '/' || mark == '&')) {
                    afterComma = true;
                    joined = !suspended;
                    continue;
                }
                afterComma = false;
                continue;
            }
            if (depth > 0)
                continue;
            const bool comma = std::exchange(afterComma, false);
            const bool coordinator = is(k, lexicon::Coordinator);
            if (coordinator && !(suspended && weak)) {
                if (comma)
                    suspended = false;
                joined = !suspended;
                continue;
            }
            if (is(k, lexicon::Subordinate) && !(joined && t == "to")) {
                suspended = true;
                // After a bare "to" or a means ("using", "by", "through", "via") a new clause may follow:
                // "capacity to consent and document the assessment", "assess pain using a scale and document
                // it".
                weak = t == "to" || t == "using" || t == "by" || t == "through" || t == "via";
                joined = false;
                continue;
            }
            if (!joined) {
                // After a weak subordinate, "and" + verb + object is a second behaviour: "... to consent and
                // document it".
                if (suspended && weak && coordinator && startsObject(k + 2) && verbOf(k + 1)
                    && (at(k + 1).size() < 3 || !at(k + 1).ends_with("ing"))) {
                    suspended = false;
                    joined = true;
                }
                continue;
            }
            if (t == "to" || t == "also" || isNumbering(t)
                || (t.size() > 4 && t.ends_with("ly") && !isVerbWord(k)))
                continue; // "and to explain", "; 2) explain", "and accurately document"
            joined = false;
            const auto* l = lemma(k);
            if (!l || !(l->verb || l->vague) || (forms_[k] != Form::Base && forms_[k] != Form::S))
                continue;
            const std::string& base = l->key;
            if (idioms && std::any_of(idioms->begin(), idioms->end(), [&](const auto& p) {
                    return p.first.size() == 3 && p.first[2] == base;
                }))
                continue;
            if (l->verb && l->verb->nounLike && !startsObject(k + 1))
                continue;
            out.behaviours.push_back(base);
        }
    }

    std::optional<MillerLevel> findSetting() const
    {
        std::optional<MillerLevel> best;
        for (std::size_t k = 0; k < tokens_.size(); ++k) {
            const MillerLevel* level = nullptr;
            if (const auto* w = exact(k);
                w && w->phrases[lexicon::Settings] && matchPhrase(lx_.settings, k, &level))
                if (!best || *level > *best)
                    best = *level;
        }
        return best;
    }

    std::string_view text_;
    const Lexicon& lx_;
    mutable const lexicon::Verb* verb_ = nullptr; // the leading verb, once found
    mutable std::size_t spanBegin_ = 0, spanEnd_ = 0; // the tokens of the leading verb or vague phrase
    // Working memory kept between calls, so reading an objective allocates almost nothing.
    struct Buffers
    {
        std::string low;
        std::vector<Token> tokens;
        std::vector<std::pair<bool, const lexicon::Word*>> lemmas;
        std::vector<Form> forms;
    };
    static Buffers& scratch()
    {
        thread_local Buffers buffers;
        return buffers;
    }

    Buffers& buffers_;
    std::string& low_;
    std::vector<Token>& tokens_;
    std::vector<std::pair<bool, const lexicon::Word*>>& lemmas_;
    std::vector<Form>& forms_;
};

} // namespace

ObjectiveAnalysis analyzeObjective(std::string_view text)
{
    ObjectiveAnalysis out;
    Reader(text).run(out);
    return out;
}

void analyzeObjective(std::string_view text, ObjectiveAnalysis& into)
{
    Reader(text).run(into);
}

std::string withVerb(std::string_view text, std::string_view verb)
{
    const auto a = analyzeObjective(text);
    std::string v(verb);
    const std::size_t at = a.verbLength > 0 ? a.verbOffset : text.find_first_not_of(" \t");
    if (at == std::string_view::npos)
        return v.empty() ? std::string()
                         : std::string(1, static_cast<char>(std::toupper(v[0]))) + v.substr(1);
    const auto first = static_cast<unsigned char>(text[at]);
    // A capital where the sentence starts with the verb ("Understand ..." → "Explain ..."), not after a stem.
    if (!v.empty() && (std::isupper(first) || at == 0))
        v[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(v[0])));
    std::string out(text.substr(0, at));
    out += v;
    if (a.verbLength > 0) {
        out += text.substr(at + a.verbLength);
    } else {
        std::string rest(text.substr(at));
        // "The cardiac cycle" → "Describe the cardiac cycle", unless the word is an acronym ("ECG").
        if (rest.size() > 1 && std::isupper(static_cast<unsigned char>(rest[0]))
            && !std::isupper(static_cast<unsigned char>(rest[1])))
            rest[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(rest[0])));
        out += " " + rest;
    }
    return out;
}

std::vector<std::string> suggestedVerbs(std::optional<BloomLevel> level)
{
    const auto& s = lexicon::get().suggestions;
    auto it = s.find(level ? std::string(toString(*level)) : std::string("affective"));
    return it == s.end() ? std::vector<std::string> {} : it->second;
}

} // namespace coursemap
