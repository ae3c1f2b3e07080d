// A link from an objective to what teaches it, assesses it, or the competency it serves.
#pragma once

#include "coursemap/model/Enums.h"
#include "coursemap/model/Id.h"

#include <compare>
#include <optional>

namespace coursemap {

struct LinkKey
{
    LinkKind kind = LinkKind::Teaches;
    Id objectiveId = NoId;
    Id targetId = NoId; // an activity, an assessment or a competency, by kind

    auto operator<=>(const LinkKey&) const = default;
};

struct Link
{
    LinkKey key;
    std::optional<double> share; // Assesses: blueprint share, percent of the assessment
    std::optional<Contribution> contribution; // Maps: introduced / reinforced / mastered

    bool operator==(const Link&) const = default;
};

} // namespace coursemap
