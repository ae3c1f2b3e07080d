// The program a course map belongs to (an MD program, a BSN, a residency). One per document.
#pragma once

#include "coursemap/model/Id.h"

#include <string>

namespace coursemap {

struct Program
{
    Id id = NoId;
    std::string name;
    std::string institution;
    std::string degree; // "MD", "BSN", "PharmD", "Internal Medicine Residency"
    int lengthYears = 4;
    std::string description;
    // Study hours (contact + self-study) one credit stands for: 45 for a US semester credit hour,
    // 25 to 30 for an ECTS credit. The hours-versus-credits rule measures courses against it.
    double hoursPerCredit = 45;

    bool operator==(const Program&) const = default;
};

} // namespace coursemap
