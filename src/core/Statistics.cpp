#include "coursemap/Statistics.h"

#include <unordered_map>

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
    s.items[ItemKind::StatusChange] = static_cast<int>(data.all<StatusChange>().size());
    s.items[ItemKind::Association] = static_cast<int>(data.all<Association>().size());
    for (const auto& [key, link] : data.links())
        ++s.links[key.kind];

    // One pass over each kind of item (a large school has 20,000 objectives in 100 courses).
    const auto courses = data.courses();
    std::unordered_map<Id, std::size_t> slot;
    for (const auto* course : courses) {
        slot.emplace(course->id, s.courses.size());
        CourseStatistics c;
        c.code = course->code;
        c.title = course->title;
        c.contactHours = course->contactHours;
        c.selfStudyHours = course->selfStudyHours;
        s.contactHours += c.contactHours;
        s.selfStudyHours += c.selfStudyHours;
        s.courses.push_back(std::move(c));
    }
    auto of = [&](Id course) -> CourseStatistics* {
        const auto it = slot.find(course);
        return it == slot.end() ? nullptr : &s.courses[it->second];
    };
    for (const auto& [id, o] : data.all<Objective>())
        if (auto* c = of(o.courseId))
            ++c->objectives;
    for (const auto& [id, a] : data.all<Activity>())
        if (auto* c = of(a.courseId)) {
            ++c->activities;
            c->teachingHours += a.minutes / 60.0;
            s.teachingHours += a.minutes / 60.0;
        }
    for (const auto& [id, a] : data.all<Assessment>())
        if (auto* c = of(a.courseId)) {
            ++c->assessments;
            if (a.summative)
                c->summativeWeight += a.weight;
        }
    return s;
}

} // namespace coursemap
