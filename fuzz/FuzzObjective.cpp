// libFuzzer target: the objective analyzer, the wording rules and applying a suggested verb, on any text
// (invalid UTF-8 included). Nothing crashes; the verb's position lies inside the text.
#include "coursemap/analysis/Checker.h"
#include "coursemap/analysis/ObjectiveAnalyzer.h"

#include <cstdint>
#include <cstdlib>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string text(reinterpret_cast<const char*>(data), size);
    const auto a = coursemap::analyzeObjective(text);
    if (a.verbOffset + a.verbLength > text.size())
        std::abort();
    coursemap::Objective o;
    o.text = text;
    (void)coursemap::checkObjectiveWording(o);
    (void)coursemap::withVerb(text, "explain");
    return 0;
}
