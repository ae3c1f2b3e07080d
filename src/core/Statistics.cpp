#include "coursemap/Statistics.h"

namespace coursemap {

Statistics computeStatistics(const DocumentData& data)
{
    Statistics s;
    for (auto kind : enumNames<ItemKind>())
        s.items[*parseEnum<ItemKind>(kind)] = 0;
    for (auto kind : enumNames<LinkKind>())
        s.links[*parseEnum<LinkKind>(kind)] = 0;
    s.items[ItemKind::Program] = data.program().id != NoId ? 1 : 0;
    s.items[ItemKind::Framework] = static_cast<int>(data.all<Framework>().size());
    s.items[ItemKind::Competency] = static_cast<int>(data.all<Competency>().size());
    s.items[ItemKind::Course] = static_cast<int>(data.all<Course>().size());
    s.items[ItemKind::Objective] = static_cast<int>(data.all<Objective>().size());
    s.items[ItemKind::Activity] = static_cast<int>(data.all<Activity>().size());
    s.items[ItemKind::Assessment] = static_cast<int>(data.all<Assessment>().size());
    s.items[ItemKind::Comment] = static_cast<int>(data.all<Comment>().size());
    s.items[ItemKind::Acknowledgement] = static_cast<int>(data.all<Acknowledgement>().size());
    for (const auto& [key, link] : data.links())
        ++s.links[key.kind];

    for (const auto* course : data.courses()) {
        CourseStatistics c;
        c.code = course->code;
        c.title = course->title;
        c.contactHours = course->contactHours;
        c.selfStudyHours = course->selfStudyHours;
        c.objectives = static_cast<int>(data.objectivesOf(course->id).size());
        for (const auto* a : data.activitiesOf(course->id)) {
            ++c.activities;
            c.teachingHours += a->minutes / 60.0;
        }
        for (const auto* a : data.assessmentsOf(course->id)) {
            ++c.assessments;
            if (a->summative)
                c.summativeWeight += a->weight;
        }
        s.teachingHours += c.teachingHours;
        s.contactHours += c.contactHours;
        s.selfStudyHours += c.selfStudyHours;
        s.courses.push_back(std::move(c));
    }
    return s;
}

} // namespace coursemap
