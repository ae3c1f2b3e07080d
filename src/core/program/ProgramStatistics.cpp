#include "coursemap/program/ProgramStatistics.h"

#include "coursemap/analysis/Catalog.h"
#include "coursemap/analysis/ObjectiveAnalyzer.h"

namespace coursemap {

ProgramStatistics computeProgramStatistics(const DocumentData& data)
{
    ProgramStatistics s;
    for (const auto& [id, a] : data.all<Activity>()) {
        const double hours = a.minutes / 60.0;
        s.hoursByMethod[a.method] += hours;
        auto type = a.learningType;
        if (!type)
            if (const auto* m = findInstructionalMethod(a.method))
                type = m->learningType;
        s.hoursByLearningType[type ? static_cast<std::size_t>(*type) : 6] += hours;
    }
    std::map<Id, int> yearOf;
    for (const auto& [id, c] : data.all<Course>()) {
        yearOf.emplace(id, c.year);
        s.bloomByYear[c.year]; // every year with a course appears, even with no objectives
    }
    ObjectiveAnalysis analysis;
    for (const auto& [id, o] : data.all<Objective>()) {
        const auto year = yearOf.find(o.courseId);
        if (year == yearOf.end())
            continue;
        auto level = o.bloomOverride;
        if (!level) {
            analyzeObjective(o.text, analysis);
            level = analysis.bloom;
        }
        ++s.bloomByYear[year->second][level ? static_cast<std::size_t>(*level) : 6];
    }
    for (const auto& [id, a] : data.all<Assessment>()) {
        if (const auto* m = findAssessmentMethod(a.method))
            ++s.assessmentMethodsByMiller[m->miller][m->code];
        else
            ++s.assessmentsWithoutMethod;
    }
    return s;
}

} // namespace coursemap
