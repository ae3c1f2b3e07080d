// A synthetic "large school" for benchmarks and for trying the studio at scale: 100 courses over four years,
// 20,000 objectives, 20,000 teaching activities, 3,000 assessments, 150 competencies in three frameworks and
// 100,000 links. Objectives are varied sentences of the kinds educators write, weak ones included, so the
// analyzer does real work. The same seed gives the same school.
#pragma once

#include "coursemap/model/DocumentData.h"

namespace coursemap::bench {

struct SchoolSize
{
    int courses = 100;
    int objectivesPerCourse = 200;
    int activitiesPerCourse = 200;
    int assessmentsPerCourse = 30;
    int competencies = 150;
    // Links per objective: 2 teaching + 1.5 assessment + 1.5 competency = 5 → 100,000 for 20,000 objectives.
};

// `scale` shrinks the course count (0.05 → 5 courses) for quick tests.
DocumentData makeLargeSchool(unsigned seed = 1, double scale = 1.0);

} // namespace coursemap::bench
