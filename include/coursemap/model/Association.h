// A link from a competency to another item, kept as a CASE package states it (1EdTech CASE CFAssociation):
// exactMatchOf, isRelatedTo, precedes, exemplar, a second isChildOf, ... The other end is named by its CASE
// identifier and URI, so it may be an item of another framework in the map (a crosswalk) or outside the map
// altogether. The competency's own place in its tree is its parent, not an association.
#pragma once

#include "coursemap/model/Id.h"

#include <optional>
#include <string>

namespace coursemap {

struct Association
{
    Id id = NoId;
    Id competencyId = NoId; // the origin: the competency the association starts from
    std::string type; // the CASE associationType: "exactMatchOf", "isRelatedTo", ...
    std::string identifier; // the association's own CASE identifier (a UUID), when it has one
    std::string uri;
    std::string targetIdentifier; // the destination's CASE identifier (or an AAMC PCRS id)
    std::string targetUri;
    std::string targetTitle; // as the package names the destination
    std::optional<int> sequenceNumber;

    bool operator==(const Association&) const = default;
};

// The association types of CASE 1.0 (1EdTech), in the order the specification lists them.
inline constexpr const char* CaseAssociationTypes[] = { "isChildOf", "isPeerOf", "isPartOf", "exactMatchOf",
    "precedes", "isRelatedTo", "replacedBy", "exemplar", "hasSkillLevel" };

} // namespace coursemap
