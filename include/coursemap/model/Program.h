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

    bool operator==(const Program&) const = default;
};

} // namespace coursemap
