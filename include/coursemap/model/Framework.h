// A competency framework the program adopts (ACGME Core Competencies, IPEC, CanMEDS, the school's own).
#pragma once

#include "coursemap/model/Id.h"

#include <string>

namespace coursemap {

struct Framework
{
    Id id = NoId;
    int order = 0;
    std::string name;
    std::string publisher; // "ACGME", "Interprofessional Education Collaborative"
    std::string version; // "2023"
    std::string description;
    std::string code; // a short name for sheets and the command line: "ACGME"
    std::string identifier; // the CASE document's identifier (a UUID), when it came from one
    std::string uri; // the CASE document's URI

    bool operator==(const Framework&) const = default;
};

} // namespace coursemap
