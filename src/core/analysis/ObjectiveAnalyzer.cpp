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
        firstColon_ = tokens_.size();
        for (std::size_t k = 0; k < tokens_.size() && k < 16; ++k)
            if (mark(k, ':')) {
                firstColon_ = k;
                break;
            }
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
    bool mark(std::size_t i, char c) const
    {
        return i < tokens_.size() && !tokens_[i].word && tokens_[i].text[0] == c;
    }
    // Whether token i was written with a capital (in the text, not the lower-cased copy).
    bool capital(std::size_t i) const
    {
        if (!word(i))
            return false;
        const auto offset = originalOffset(static_cast<std::size_t>(tokens_[i].text.data() - low_.data()));
        return offset < text_.size() && text_[offset] >= 'A' && text_[offset] <= 'Z';
    }

    // What token i is in the lexicon, in its base form; looked up once per token.
    const lexicon::Word* lemma(std::size_t i) const
    {
        if (!word(i))
            return nullptr;
        auto& [done, entry] = lemmas_[i];
        if (!done) {
            done = true;
            const auto* written = tokens_[i].entry;
            if (written && written->lexical && at(i).size() >= 2) {
                entry = written; // already in base form: the common case
            } else if (written && written->irregular) {
                entry = written->irregular; // "sought", "led", "understood"
                forms_[i] = Form::Ed;
            } else {
                auto lexical = [&](std::string_view c) -> const lexicon::Word* {
                    const auto* w = lx_.words.find(c);
                    return w && w->lexical ? w : nullptr;
                };
                entry = baseForm(at(i), lexical, forms_[i]);
            }
            // WordNet also knows British spellings ("analyse", "practise"); the lists use American ones.
            if (entry && entry->wordnetVerb && !entry->verb && !entry->vague && !entry->activity)
                if (const auto* american = americanSpelling(entry->key))
                    entry = american;
        }
        return entry;
    }

    // The list entry for a British spelling: "analyse" → "analyze", "recognise" → "recognize".
    const lexicon::Word* americanSpelling(std::string_view key) const
    {
        std::array<char, 48> buf {};
        if (key.size() < 4 || key.size() > buf.size())
            return nullptr;
        std::copy(key.begin(), key.end(), buf.begin());
        std::string_view c(buf.data(), key.size());
        if (c == "practise")
            buf[6] = 'c';
        else if (c.ends_with("ise") || c.ends_with("yse"))
            buf[key.size() - 2] = 'z';
        else
            return nullptr;
        const auto* w = lx_.words.find(c);
        return w && (w->verb || w->vague || w->activity) ? w : nullptr;
    }

    // What token i is as written (grammar flags, vague nouns); looked up while tokenizing.
    const lexicon::Word* exact(std::size_t i) const { return word(i) ? tokens_[i].entry : nullptr; }

    bool is(std::size_t i, lexicon::WordFlag flag) const
    {
        const auto* w = exact(i);
        return w && (w->flags & flag);
    }
    // The flag on the base form of token i ("provides" is a teaching verb because "provide" is).
    bool baseIs(std::size_t i, lexicon::WordFlag flag) const
    {
        const auto* w = lemma(i);
        return (w && (w->flags & flag)) || is(i, flag);
    }

    const lexicon::Verb* verbOf(std::size_t i) const
    {
        const auto* w = lemma(i);
        return w ? w->verb : nullptr;
    }

    bool isVerbWord(std::size_t i) const { return verbOf(i) != nullptr; }
    // Any English verb: of the lists or of WordNet.
    bool anyVerb(std::size_t i) const
    {
        const auto* w = lemma(i);
        return w && (w->verb || w->vague || w->activity || w->wordnetVerb);
    }
    bool adverb(std::size_t i) const
    {
        const auto w = at(i);
        const auto* l = lemma(i);
        return word(i) && w.size() > 4 && w.ends_with("ly") && !(l && (l->verb || l->vague));
    }
    bool startsObject(std::size_t k) const
    {
        return is(k, lexicon::Determiner) || is(k, lexicon::ObjectStart) || is(k, lexicon::Learner);
    }

    // The longest phrase of `index` starting at token i (its first word in base form); its length in tokens.
    template <class V>
    std::size_t matchPhrase(
        const lexicon::PhraseIndex<V>& index, std::size_t i, const V** value = nullptr) const
    {
        const auto* w = lemma(i);
        if (!w || !w->phrases[index.slot]) {
            w = exact(i);
            if (!w || !w->phrases[index.slot])
                return 0;
        }
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

    // An outline code before the objective, up to the next space: "1.01", "a1.", "4b.ii", "(iii)", "II.3",
    // "LO2:", "(SUR6):". Returns how many tokens it spans.
    std::size_t outlineCode(std::size_t pos) const
    {
        // Most words are no code: more than four letters before any digit, and not a roman numeral.
        const auto w = at(pos);
        std::size_t letters = 0;
        while (letters < w.size() && w[letters] >= 'a' && w[letters] <= 'z')
            ++letters;
        if (letters > 4 && !isRoman(w))
            return 0;
        const char* const base = low_.data();
        const std::size_t begin = static_cast<std::size_t>(tokens_[pos].text.data() - base);
        std::size_t end = begin;
        while (end < low_.size() && chars.cls[static_cast<unsigned char>(low_[end])] != Space)
            ++end;
        std::string_view chunk(base + begin, end - begin);
        const bool bracketed = pos > 0 && (mark(pos - 1, '(') || mark(pos - 1, '['));
        bool closed = false;
        while (!chunk.empty() && std::string_view(".):]-,;").find(chunk.back()) != std::string_view::npos) {
            chunk.remove_suffix(1);
            closed = true;
        }
        if (chunk.empty() || chunk.size() > 12)
            return 0;
        bool digit = false;
        std::size_t segStart = 0;
        for (std::size_t i = 0; i <= chunk.size(); ++i) {
            if (i < chunk.size() && chunk[i] != '.' && chunk[i] != '-' && chunk[i] != ':' && chunk[i] != ')')
                continue;
            const auto seg = chunk.substr(segStart, i - segStart);
            segStart = i + 1;
            std::size_t letters = 0, digits = 0, tail = 0;
            while (letters < seg.size() && seg[letters] >= 'a' && seg[letters] <= 'z')
                ++letters;
            while (
                letters + digits < seg.size() && isDigit(static_cast<unsigned char>(seg[letters + digits])))
                ++digits;
            while (letters + digits + tail < seg.size() && seg[letters + digits + tail] >= 'a'
                && seg[letters + digits + tail] <= 'z')
                ++tail;
            if (letters + digits + tail != seg.size() || seg.empty())
                return 0;
            digit = digit || digits > 0;
            const bool ok = (digits > 0 && letters <= 4 && tail <= 2 && (letters == 0 || tail == 0))
                || (digits == 0 && (letters == 1 || isRoman(seg)));
            if (!ok)
                return 0;
        }
        if (!digit && !closed && !bracketed)
            return 0;
        std::size_t n = 0;
        while (
            pos + n < tokens_.size() && static_cast<std::size_t>(tokens_[pos + n].text.data() - base) < end)
            ++n;
        return n;
    }

    // A heading before a colon, in title case: "Data Collection and Clinical Reasoning: The resident ...".
    std::size_t heading(std::size_t pos) const
    {
        std::size_t colon = firstColon_;
        if (colon <= pos && colon < tokens_.size()) // a colon already read past ("LO2: Heading: ...")
            for (colon = pos; colon < tokens_.size() && colon < pos + 10 && !mark(colon, ':');)
                ++colon;
        if (colon <= pos || colon >= pos + 10 || !mark(colon, ':') || !word(colon + 1) || !capital(pos))
            return 0;
        for (std::size_t k = pos; k < colon; ++k) {
            if (!word(k)) {
                if (!(mark(k, '-') || mark(k, '/') || mark(k, '&')))
                    return 0;
                continue;
            }
            const auto w = at(k);
            if (!capital(k) && w != "and" && w != "of" && w != "the" && w != "to" && w != "in" && w != "for"
                && w != "with" && w != "a" && w != "an" && w != "on")
                return 0;
        }
        return colon + 1 - pos;
    }

    // A clause before the objective, up to its comma: "Given a family history, be able to draw ...", "Using
    // clinical reasoning, list ...", "In collaboration with patients, caregivers and others, develop ...".
    std::size_t leadingClause(std::size_t pos) const
    {
        if (!is(pos, lexicon::LeadingClause))
            return 0;
        std::size_t limit = pos + 40;
        for (int commas = 0; commas < 4; ++commas) {
            std::size_t comma = pos + 1;
            while (comma < tokens_.size() && comma < limit && !mark(comma, ','))
                ++comma;
            if (!mark(comma, ','))
                return 0;
            const std::size_t next = comma + 1;
            if (anyVerb(next) || is(next, lexicon::Subject) || is(next, lexicon::Modal) || adverb(next)
                || matchPhrase(lx_.ability, next))
                return next;
            pos = next;
            limit = next + 20;
        }
        return 0;
    }

    // "The resident will", "Students should", "The resident appropriately collects", "Students are expected
    // to". Returns where the objective's verb or stem begins, or `pos` when there is no subject.
    std::size_t skipSubject(std::size_t pos) const
    {
        bool noun = false;
        for (std::size_t k = pos; k < tokens_.size() && k < pos + 8; ++k) {
            if (!word(k))
                return mark(k, '/') ? pos : pos; // "his/her" is no subject
            if (is(k, lexicon::Modal))
                return k > pos ? k + 1 : pos;
            const auto w = at(k);
            if (k > pos && (w == "is" || w == "are"))
                return k + 1;
            if (is(k, lexicon::Subject)) {
                noun = noun || !is(k, lexicon::Determiner);
                continue;
            }
            if (k > pos && adverb(k))
                continue;
            if (noun && k > pos && anyVerb(k) && (forms_[k] == Form::S || forms_[k] == Form::Base))
                return k;
            return pos;
        }
        return pos;
    }

    // A stative "be ..." phrase: "be responsive to", "be cognizant of". Its length in tokens, or 0.
    std::size_t stative(std::size_t pos) const
    {
        if (at(pos) != "be")
            return 0;
        if (!word(pos + 1) || !is(pos + 2, lexicon::Preposition) || is(pos + 1, lexicon::Determiner))
            return 0;
        if (anyVerb(pos + 1) && forms_[pos + 1] == Form::Ed)
            return 0; // passive: "be exposed to"
        return 3;
    }

    // Steps past numbering and outline codes, headings, "By the end of this session,", leading clauses,
    // "students will be able to", "demonstrate the ability to", "begin to" and leading adverbs
    // ("accurately").
    std::size_t skipStem(std::size_t pos) const
    {
        for (int round = 0; round < 16; ++round) {
            const std::size_t start = pos;
            while (pos < tokens_.size() && !tokens_[pos].word)
                ++pos;
            if (pos >= tokens_.size())
                return pos;
            const auto w = at(pos);
            if (std::size_t n = outlineCode(pos)) {
                pos += n;
                continue;
            }
            // Numbering: "1", "a)", "(iv)", "b."
            if (isNumbering(w)
                || ((w.size() == 1 || isRoman(w)) && pos + 1 < tokens_.size() && !tokens_[pos + 1].word
                    && (at(pos + 1) == ")" || at(pos + 1) == "." || at(pos + 1) == ":"))) {
                pos += 1;
                continue;
            }
            // "LO1", "SLO 2.3:", "Objective 4 -", "SWBAT"
            {
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
            if (std::size_t n = heading(pos)) {
                pos += n;
                continue;
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
            if (std::size_t next = leadingClause(pos)) {
                pos = next;
                continue;
            }
            if (std::size_t next = skipSubject(pos); next != pos) {
                pos = next;
                continue;
            }
            // "be able to", "demonstrate the ability to", "demonstrate proficiency in" + a verb
            if (std::size_t n = matchPhrase(lx_.ability, pos)) {
                const auto* first = lemma(pos);
                const bool verbFirst = first && (first->verb || first->paraphrase) && at(pos) != "to";
                if (!verbFirst || anyVerb(pos + n) || at(pos + n - 1) == "to") {
                    afterTo_ = at(pos + n - 1) == "to";
                    pos += n;
                    continue;
                }
            }
            if (w == "be" && !matchPhrase(lx_.vaguePhrases, pos) && !matchPhrase(lx_.activityPhrases, pos)
                && !stative(pos)) {
                ++pos;
                continue;
            }
            // "begin to integrate", "continue to develop"
            if (is(pos, lexicon::Aspect) && at(pos + 1) == "to" && word(pos + 2)) {
                afterTo_ = true;
                pos += 2;
                continue;
            }
            // "have advanced their skills": the participle is the verb.
            if ((w == "have" || w == "has") && word(pos + 1) && anyVerb(pos + 1)
                && forms_[pos + 1] == Form::Ed) {
                ++pos;
                continue;
            }
            // "Accurately and concisely orally communicate"
            if (adverb(pos)) {
                ++pos;
                if ((is(pos, lexicon::Coordinator) || mark(pos, ',')) && adverb(pos + 1))
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

    // A verb no list places: observable, its level unknown.
    void setUnknownVerb(ObjectiveAnalysis& out, std::string_view verb) const
    {
        out.verb = std::string(verb);
        out.status = VerbStatus::Unknown;
        out.behaviours.push_back(out.verb);
    }

    void setVague(ObjectiveAnalysis& out, std::string verb, const lexicon::Aim& aim, VerbStatus status) const
    {
        out.verb = std::move(verb);
        out.status = status;
        out.intendedLevel = aim.level;
        out.intendsAttitude = aim.attitude;
        out.domain = aim.attitude ? LearningDomain::Affective : LearningDomain::Cognitive;
    }

    // The verb to report for a phrase at pos of n tokens: its head verb, or the whole phrase for a stative
    // "be ..." ("be aware of", "become familiar with").
    std::string headOrPhrase(std::size_t pos, std::size_t n) const
    {
        const auto* l = lemma(pos);
        if (l && (l->key == "be" || l->key == "become"))
            return phraseText(pos, n);
        return l ? l->key : std::string(at(pos));
    }

    // "demonstrate (a sound) knowledge of", "develop an understanding of", "gain insight into": knowledge
    // paraphrases; "develop competence in", "acquire interview skills": growth, not an outcome. The head verb
    // is the verb; the objective is not measurable.
    bool paraphrase(std::size_t pos, ObjectiveAnalysis& out, std::size_t& n) const
    {
        lexicon::Aim aim;
        const std::size_t end = paraphraseEnd(pos, aim);
        if (!end)
            return false;
        setSpan(pos, end);
        n = end - pos;
        setVague(out, lemma(pos)->key, aim, VerbStatus::Vague);
        return true;
    }

    // Where a knowledge or growth paraphrase starting at pos ends (after its noun and preposition), and what
    // it aims at; 0 when there is none.
    std::size_t paraphraseEnd(std::size_t pos, lexicon::Aim& aim) const
    {
        const auto* lead = lemma(pos);
        if (!lead || !(lead->paraphrase || (lead->flags & lexicon::Growth)))
            return 0;
        const bool growth = (lead->flags & lexicon::Growth) != 0;
        for (std::size_t k = pos + 1; k < tokens_.size() && k <= pos + 7; ++k) {
            if (!word(k)) {
                if (mark(k, '/') || mark(k, '-'))
                    continue;
                return 0;
            }
            const auto* noun = exact(k);
            if (noun && noun->vagueNoun && lead->paraphrase) {
                std::size_t end = k + 1;
                if (word(end) && is(end, lexicon::Preposition))
                    ++end;
                aim = *noun->vagueNoun;
                return end;
            }
            if (is(k, lexicon::SkillNoun)) {
                if (!growth)
                    return 0; // "demonstrate competence in": a stem or the verb itself
                aim = is(k, lexicon::AffectiveWord) ? lexicon::Aim { std::nullopt, true }
                                                    : lexicon::Aim { BloomLevel::Apply, false };
                return k + 1; // "develop a commitment to" aims at an attitude
            }
            if (const auto* v = verbOf(k);
                v && !v->nounLike && forms_[k] != Form::Ing && forms_[k] != Form::Ed)
                return 0;
            if (is(k, lexicon::Preposition) && at(k) != "of" && at(k) != "in")
                return 0;
        }
        return 0;
    }

    // "recognize the importance of", "recognize his/her role as", "recognize the impact of": not observable.
    std::size_t vagueRecognize(std::size_t pos) const
    {
        const auto* l = lemma(pos);
        if (!l || l->key != "recognize")
            return 0;
        for (std::size_t k = pos + 1; k < tokens_.size() && k <= pos + 4; ++k) {
            if (!word(k)) {
                if (mark(k, '/'))
                    continue;
                return 0;
            }
            if (is(k, lexicon::VagueObject))
                return k + 1 - pos;
            if (is(k, lexicon::Preposition))
                return 0;
        }
        return 0;
    }

    // "Provide students with ...", "Introduce learners to ...", "Cover ...": what the teacher does.
    bool teaching(std::size_t pos, ObjectiveAnalysis& out) const
    {
        const auto* l = lemma(pos);
        if (!l || !(l->flags & lexicon::Teaching))
            return false;
        std::size_t k = pos + 1;
        while (is(k, lexicon::Determiner) && !is(k, lexicon::Learner))
            ++k;
        if (l->key != "cover" && !is(k, lexicon::Learner))
            return false;
        // The span is what a rewrite replaces: "Introduce students to", "Provide learners with", "Cover".
        std::size_t end = pos + 1;
        if (is(k, lexicon::Learner)) {
            end = k + 1;
            if (is(end, lexicon::Preposition) || at(end) == "to")
                ++end;
        }
        setSpan(pos, end);
        setVague(out, l->key, { std::nullopt, false }, VerbStatus::Teaching);
        return true;
    }

    // A word that reads as a noun where a verb would stand: "Review of ...", "Pain management".
    bool nounReading(std::size_t pos, const lexicon::Word& w) const
    {
        if (at(pos + 1) == "of" && word(pos + 1))
            return true;
        if (w.verb || w.vague || w.activity || !w.mostlyNoun)
            return false;
        return !(startsObject(pos + 1) || (is(pos + 1, lexicon::Preposition) && at(pos + 1) != "of")
            || at(pos + 1) == "as" || adverb(pos + 1) || at(pos + 1) == "them" || at(pos + 1) == "it");
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
        if (teaching(pos, out)) {
            n = 1;
        } else if ((n = matchPhrase(lx_.vaguePhrases, pos, &aim))) {
            setSpan(pos, pos + n);
            setVague(out, headOrPhrase(pos, n), *aim, VerbStatus::Vague);
        } else if ((n = vagueRecognize(pos))) {
            setSpan(pos, pos + n);
            setVague(out, "recognize", { BloomLevel::Understand, false }, VerbStatus::Vague);
        } else if ((n = stative(pos))) {
            setSpan(pos, pos + n);
            setVague(out, phraseText(pos, n), { BloomLevel::Understand, false }, VerbStatus::Vague);
        } else if ((n = matchPhrase(lx_.activityPhrases, pos, &flag))) {
            setSpan(pos, pos + n);
            setVague(out, headOrPhrase(pos, n), { BloomLevel::Apply, false }, VerbStatus::Activity);
        } else if (paraphrase(pos, out, n)) {
        } else if ((n = matchPhrase(lx_.verbPhrases, pos, &phraseVerb))) {
            setSpan(pos, pos + n);
            setVerb(out, **phraseVerb);
        } else {
            n = 1;
            const auto* w = lemma(pos);
            // After "to" ("be able to", "begin to") a word is a verb: "the ability to access and evaluate".
            const bool noun = w && !afterTo_ && nounReading(pos, *w);
            if (w && (w->verb || w->vague || w->activity) && !noun)
                setWord(out, *w, pos);
            else if (w && w->wordnetVerb && !noun)
                setUnknownVerb(out, w->key);
            else if (!vagueNoun(pos, out) && !misspelt(pos, out)) {
                unknownWord(pos, out);
                if (out.verb.empty())
                    refineDomain(pos, out); // a topic: "Airway management" is psychomotor
            }
            if (!out.verb.empty())
                setSpan(pos, pos + 1);
        }
        if (out.status == VerbStatus::Measurable || out.status == VerbStatus::Unknown)
            refineDomain(pos + n, out);
        if (!out.verb.empty()) {
            leadForm_ = forms_[pos];
            findMoreBehaviours(pos + n, out);
        }
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

    void setWord(ObjectiveAnalysis& out, const lexicon::Word& w, std::size_t pos) const
    {
        if (w.verb)
            setVerb(out, *w.verb);
        else if (w.vague)
            setVague(out, w.key, *w.vague, VerbStatus::Vague);
        else if (w.key == "engage" && pos + 1 < tokens_.size() && at(pos + 1) != "in")
            setUnknownVerb(out, w.key); // "engage a patient", not "engage in"
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
        if (lemma(pos))
            return false; // a word of the lexicon, used as a noun here ("Review of ...")
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
        // A word built on the verb is no misspelling of it: "operative", "operation".
        const std::string_view stem
            = best.ends_with('e') ? std::string_view(best).substr(0, best.size() - 1) : best;
        if (w.size() > best.size() && w.starts_with(stem))
            return false;
        setWord(out, *lx_.words.find(best), pos);
        if (out.status != VerbStatus::Measurable && out.status != VerbStatus::Vague)
            return false;
        out.typedAs = std::string(w);
        return true;
    }

    // A word no dictionary knows: a verb if it reads like one ("Debulk the tumour"), else no verb.
    void unknownWord(std::size_t pos, ObjectiveAnalysis& out) const
    {
        const auto w = at(pos);
        const bool verbEnding = w.size() > 4
            && (w.ends_with("ize") || w.ends_with("ise") || w.ends_with("ate") || w.ends_with("ify"));
        const bool objectFollows = is(pos + 1, lexicon::Determiner) && !is(pos, lexicon::Determiner);
        if (!is(pos, lexicon::Determiner) && !isNumbering(w) && (verbEnding || objectFollows)
            && std::all_of(w.begin(), w.end(), [](char c) { return (c >= 'a' && c <= 'z') || c == '-'; }))
            setUnknownVerb(out, w);
    }

    // The object decides the domain of a verb that does not: "examine the abdomen" is psychomotor, "examine
    // the role of ultrasound" cognitive, "perform a focused history" cognitive, "maintain confidentiality"
    // affective. Reads the object's noun phrase, up to its first preposition or clause mark.
    void refineDomain(std::size_t pos, ObjectiveAnalysis& out) const
    {
        const auto* v = out.status == VerbStatus::Measurable ? verb_ : nullptr;
        if (v && !v->generic)
            return; // the verb says it: "discuss the ethical issues" stays cognitive
        for (std::size_t k = pos; k < tokens_.size() && k < pos + 8; ++k) {
            if (!word(k)) {
                if (mark(k, '/') || mark(k, '-'))
                    continue;
                return;
            }
            if (k > pos && (is(k, lexicon::Preposition) || is(k, lexicon::Subordinate)))
                return;
            if (is(k, lexicon::Coordinator) && k == pos)
                return;
            auto flagged = [&](lexicon::WordFlag f) {
                if (is(k, f))
                    return true;
                const auto w = at(k);
                if (w.size() > 3 && w.ends_with('s')) {
                    const auto* singular = lx_.words.find(w.substr(0, w.size() - 1));
                    return singular && (singular->flags & f);
                }
                return false;
            };
            if (flagged(lexicon::AffectiveWord)) {
                out.domain = LearningDomain::Affective;
                return;
            }
            if (flagged(lexicon::PsychomotorWord)) {
                out.domain = LearningDomain::Psychomotor;
                return;
            }
            if (flagged(lexicon::CognitiveObject)) {
                out.domain = LearningDomain::Cognitive;
                return;
            }
        }
    }

    // Whether token k, joined to what came before, is a further observable behaviour ("... and document the
    // findings"), as opposed to a noun ("the structure and function of") or a state of mind.
    // Coordinated verbs share their form ("documents and presents", "formulating and implementing"): a word
    // in another form is a noun ("provide individuals and groups with") unless an object follows it. A verb
    // coordinated right after the previous one ("resuscitate and care for") is taken as a verb.
    const lexicon::Word* behaviourAt(std::size_t k, bool adjacent, bool newClause) const
    {
        const auto* l = lemma(k);
        const Form f = forms_[k];
        if (!l || (f != Form::Base && f != Form::S && f != Form::Ing))
            return nullptr;
        if ((at(k + 1) == "of" && word(k + 1)) || is(k, lexicon::ObjectStart) || is(k, lexicon::Subject)
            || is(k, lexicon::Determiner) || is(k, lexicon::Preposition))
            return nullptr;
        const bool agrees = f == leadForm_;
        if (!agrees && (f == Form::Ing || leadForm_ == Form::Ing || !startsObject(k + 1)))
            return nullptr; // "..., recognizing the importance of": a participle, not a second behaviour
        if (l->vague || l->activity)
            return l; // counted as a verb, not as a behaviour
        if (l->verb)
            return l->verb->nounLike && !startsObject(k + 1) && !adjacent && !(agrees && f == Form::S)
                ? nullptr
                : l;
        if (!l->wordnetVerb)
            return nullptr;
        if (startsObject(k + 1) || (adjacent && agrees))
            return l;
        // Without an article, only a common verb or one opening a clause (", and incorporate ethical ..."):
        // "and make dosage adjustments", not "upper and lower motor neuron".
        if (!(l->commonVerb || newClause) || l->mostlyNoun || l->mostlyAdjective || !word(k + 1)
            || is(k + 1, lexicon::Preposition) || is(k + 1, lexicon::Coordinator)
            || is(k + 1, lexicon::Subordinate))
            return nullptr;
        return l;
    }

    // Whether "first and second" name one behaviour: "compare and contrast", "recognize and identify".
    bool synonyms(const std::string& first, const std::string& second) const
    {
        const auto* w = lx_.words.find(first);
        if (!w || !w->phrases[lexicon::Idioms])
            return false;
        const auto& list = *static_cast<const lexicon::PhraseIndex<bool>::List*>(w->phrases[lexicon::Idioms]);
        return std::any_of(list.begin(), list.end(),
            [&](const auto& p) { return p.first.size() == 3 && p.first[2] == second; });
    }

    // Further behaviours joined to the first: "Identify and manage ...", "Take a history, perform an
    // examination, and document the findings". A verb after "to", "how", "when" ... belongs to the object
    // ("Describe how to diagnose, treat and prevent ...") until the clause ends (";", ".", ", and"). Only
    // observable behaviours count: "understand ... and apply" is one.
    void findMoreBehaviours(std::size_t pos, ObjectiveAnalysis& out) const
    {
        int depth = 0;
        bool suspended = false;
        bool weak = false;
        bool joined = false;
        bool afterComma = false;
        std::size_t clauseStart = 0; // the subordinate word that suspended the reading
        bool weakTo = false; // the clause began with a bare "to"
        // Whether token i is a verb of the clause (looked at only when a coordinator asks, to stay cheap).
        auto clauseVerbAt = [&](std::size_t i) {
            return anyVerb(i) && !is(i, lexicon::Determiner) && !is(i, lexicon::Subject);
        };
        auto clauseHasVerb = [&](std::size_t end) {
            for (std::size_t i = clauseStart + 1; i < end; ++i)
                if (clauseVerbAt(i))
                    return true;
            return false;
        };
        std::size_t lastVerb = pos - 1; // the token of the previous verb
        bool newClause = false; // after ", and" or ";"
        std::string previous = out.verb;
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
                    newClause = true;
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
            if (coordinator && !(suspended && (weak || clauseHasVerb(k)))) {
                if (comma)
                    suspended = false;
                newClause = comma;
                joined = !suspended;
                continue;
            }
            // "to" opens a clause only before a verb: "how to diagnose", not "communicate to patients".
            if (is(k, lexicon::Subordinate) && !(joined && t == "to") && (t != "to" || anyVerb(k + 1))) {
                suspended = true;
                clauseStart = k;
                // After a bare "to" or a means ("using", "by", "through", "via") a new clause may follow:
                // "capacity to consent and document the assessment", "assess pain using a scale and document
                // it".
                weak = t == "to" || t == "using" || t == "by" || t == "through" || t == "via";
                weakTo = t == "to";
                joined = false;
                continue;
            }
            if (!joined) {
                // After a subordinate clause, "and" + verb + object is a second behaviour: "... to consent
                // and document it", "... conditions that might affect pregnancy and develop a plan". Not when
                // the verb is coordinated within the clause ("conferences that evaluate and analyze errors",
                // "to obtain a history and complete an examination").
                if (suspended && coordinator && startsObject(k + 2) && (verbOf(k + 1) || anyVerb(k + 1))
                    && forms_[k + 1] == Form::Base && (at(k + 1).size() < 3 || !at(k + 1).ends_with("ing"))
                    && ((weak && (!weakTo || (clauseStart + 2 == k && clauseVerbAt(k - 1))))
                        || (!weak && !clauseVerbAt(k - 1) && clauseHasVerb(k)))) {
                    suspended = false;
                    joined = true;
                }
                continue;
            }
            if (t == "to" || t == "also" || isNumbering(t)
                || (t.size() > 4 && t.ends_with("ly") && !isVerbWord(k)))
                continue; // "and to explain", "; 2) explain", "and accurately document"
            // "and be able to apply": the verb after the stem
            if (t == "be" || t == "is" || t == "are") {
                if (std::size_t n = matchPhrase(lx_.ability, k)) {
                    k += n - 1;
                    continue;
                }
                joined = false;
                continue;
            }
            joined = false;
            lexicon::Aim aim;
            if (paraphraseEnd(k, aim)) {
                previous.clear(); // "and demonstrate knowledge of": not observable
                continue;
            }
            const bool adjacent = lastVerb + 2 == k;
            const auto* l = behaviourAt(k, adjacent, std::exchange(newClause, false));
            if (!l)
                continue;
            lastVerb = k;
            const std::string& base = l->verb ? l->verb->name : l->key;
            if (adjacent && synonyms(previous, base)) {
                previous = base;
                continue;
            }
            previous = base;
            if (l->vague || l->activity)
                continue;
            if (std::find(out.behaviours.begin(), out.behaviours.end(), base) == out.behaviours.end())
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
    mutable bool afterTo_ = false; // the stem ended with "to": a verb follows
    std::size_t firstColon_ = 0; // the first colon among the first tokens (a heading may end there)
    mutable Form leadForm_ = Form::Base; // the form of the leading verb as written
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
