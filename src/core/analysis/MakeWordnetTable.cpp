// Build-time tool: reads the WordNet 3.0 database (Debian's wordnet-base, /usr/share/wordnet) and writes a
// C++ source with the English verbs the objective analyzer needs, so the library looks up no file at run
// time.
//
//   coursemap-wordnet-table DICT_DIR OUTPUT.cpp
//
// Written: every single-word verb lemma (index.verb), marked when WordNet tags it at least as often as a noun
// or as an adjective as a verb (index.noun, index.adj: tagged sense counts) or often tagged as a verb, and
// the irregular inflections of verb.exc ("sought seek"). WordNet 3.0 is Copyright 2006 by Princeton
// University, under the WordNet licence (see docs/rules.md).
#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace {

bool isWord(const std::string& w)
{
    return !w.empty() && w.front() >= 'a' && w.front() <= 'z'
        && std::all_of(w.begin(), w.end(), [](char c) { return (c >= 'a' && c <= 'z') || c == '-'; });
}

// index.<pos> lines: lemma pos synset_cnt p_cnt [ptr_symbol...] sense_cnt tagsense_cnt synset_offset...
// Returns lemma → tagged sense count.
std::map<std::string, int> readIndex(const std::string& path)
{
    std::map<std::string, int> out;
    std::ifstream in(path);
    if (!in)
        throw std::runtime_error("cannot read " + path);
    for (std::string line; std::getline(in, line);) {
        if (line.empty() || line[0] == ' ')
            continue; // the licence text at the top
        std::istringstream fields(line);
        std::string lemma, pos;
        int synsets = 0, pointers = 0;
        fields >> lemma >> pos >> synsets >> pointers;
        for (int i = 0; i < pointers; ++i) {
            std::string symbol;
            fields >> symbol;
        }
        int senses = 0, tagged = 0;
        fields >> senses >> tagged;
        if (isWord(lemma))
            out[lemma] = tagged;
    }
    return out;
}

} // namespace

int main(int argc, char** argv)
{
    if (argc != 3) {
        std::cerr << "usage: coursemap-wordnet-table DICT_DIR OUTPUT.cpp\n";
        return 2;
    }
    try {
        const std::string dir = argv[1];
        const auto verbs = readIndex(dir + "/index.verb");
        const auto nouns = readIndex(dir + "/index.noun");
        const auto adjectives = readIndex(dir + "/index.adj");
        auto asOften = [](const std::map<std::string, int>& index, const std::string& lemma, int verbTagged) {
            const auto it = index.find(lemma);
            return it != index.end() && it->second > 0 && it->second >= verbTagged;
        };
        std::string verbList;
        for (const auto& [lemma, tagged] : verbs)
            verbList += lemma + (asOften(nouns, lemma, tagged) ? "*" : "")
                + (asOften(adjectives, lemma, tagged) ? "+" : "") + (tagged >= 5 ? "!" : "") + "\n";
        std::string exceptions;
        std::ifstream exc(dir + "/verb.exc");
        if (!exc)
            throw std::runtime_error("cannot read " + dir + "/verb.exc");
        for (std::string line; std::getline(exc, line);) {
            std::istringstream fields(line);
            std::string form, base, more;
            fields >> form >> base;
            if (isWord(form) && isWord(base) && !(fields >> more) && verbs.count(base))
                exceptions += form + " " + base + "\n";
        }
        std::ofstream out(std::string(argv[2]) + ".tmp");
        out << "// Generated at build time by coursemap-wordnet-table from WordNet 3.0 (Princeton "
               "University,\n"
               "// WordNet 3.0 licence). Do not edit.\n#include <string_view>\n\nnamespace "
               "coursemap::wordnet "
               "{\n\n// Single-word verb lemmas, sorted, one a line; '*' marks a verb WordNet tags at least "
               "as often as a noun,\n// '+' one it tags at least as often as an adjective, '!' a common verb "
               "(five tagged senses or more).\nstd::string_view verbs()\n{\n    static constexpr "
               "std::string_view text = R\"wn("
            << verbList
            << ")wn\";\n    return text;\n}\n\n// Irregular inflections, \"form base\" a line.\n"
               "std::string_view verbExceptions()\n{\n    static constexpr std::string_view text = R\"wn("
            << exceptions << ")wn\";\n    return text;\n}\n\n} // namespace coursemap::wordnet\n";
        out.close();
        if (!out)
            throw std::runtime_error("cannot write " + std::string(argv[2]));
        // Replace the output only when it changed, so that nothing depending on it rebuilds needlessly.
        std::ifstream oldFile(argv[2]), newFile(std::string(argv[2]) + ".tmp");
        std::stringstream oldText, newText;
        oldText << oldFile.rdbuf();
        newText << newFile.rdbuf();
        if (oldText.str() != newText.str())
            std::rename((std::string(argv[2]) + ".tmp").c_str(), argv[2]);
        else
            std::remove((std::string(argv[2]) + ".tmp").c_str());
    } catch (const std::exception& e) {
        std::cerr << "coursemap-wordnet-table: " << e.what() << "\n";
        return 1;
    }
    return 0;
}
