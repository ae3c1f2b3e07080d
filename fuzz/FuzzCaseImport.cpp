// libFuzzer target: the 1EdTech CASE package reader. Any bytes are either refused with an Error or read into
// a framework; a framework read is either refused by the planner with an Error or becomes one Change that
// applies to a small map, adds the framework and as many competencies as the package's tree holds, and undoes
// exactly.
#include "coursemap/Error.h"
#include "coursemap/program/Frameworks.h"

#include <cstdint>
#include <cstdlib>
#include <string_view>

using namespace coursemap;

namespace {

std::size_t count(const std::vector<CompetencyTemplate>& list)
{
    std::size_t n = list.size();
    for (const auto& c : list)
        n += count(c.children);
    return n;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* bytes, std::size_t size)
{
    FrameworkTemplate framework;
    try {
        framework = importCaseFramework(std::string_view(reinterpret_cast<const char*>(bytes), size));
    } catch (const Error&) {
        return 0;
    }
    DocumentData data;
    Program p;
    p.id = 1;
    p.name = "Fuzz program";
    data.put(p);
    const DocumentData before = data;
    Change change;
    try {
        change = planAddFramework(data, framework, 2);
    } catch (const Error&) {
        return 0;
    }
    if (!change.matches(data))
        std::abort();
    change.applyTo(data);
    if (data.all<Framework>().size() != 1 || data.all<Competency>().size() != count(framework.competencies))
        std::abort();
    change.inverted().applyTo(data);
    if (!(data == before))
        std::abort();
    return 0;
}
