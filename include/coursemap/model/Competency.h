// A node of a framework's tree: a domain (no parent) or a competency within a domain.
#pragma once

#include "coursemap/model/Id.h"

#include <string>

namespace coursemap {

struct Competency
{
    Id id = NoId;
    Id frameworkId = NoId;
    Id parentId = NoId; // NoId for a top-level domain
    int order = 0; // among siblings
    std::string code; // "PC", "VE1"
    std::string title;
    std::string description;
    std::string identifier; // its identifier elsewhere: a CASE item's UUID, an AAMC PCRS id
    std::string uri; // the CASE item's URI

    bool operator==(const Competency&) const = default;
};

} // namespace coursemap
