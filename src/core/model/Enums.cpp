#include "coursemap/model/Enums.h"

#include <array>
#include <string>

namespace coursemap {

namespace {
constexpr std::array<std::string_view, 6> bloomNames { "remember", "understand", "apply", "analyze",
    "evaluate", "create" };
constexpr std::array<std::string_view, 4> millerNames { "knows", "knows_how", "shows_how", "does" };
constexpr std::array<std::string_view, 3> domainNames { "cognitive", "psychomotor", "affective" };
constexpr std::array<std::string_view, 3> contributionNames { "introduced", "reinforced", "mastered" };
constexpr std::array<std::string_view, 4> statusNames { "draft", "in_review", "changes_requested",
    "approved" };
constexpr std::array<std::string_view, 6> learningTypeNames { "acquisition", "inquiry", "discussion",
    "practice", "collaboration", "production" };
constexpr std::array<std::string_view, 3> deliveryNames { "in_person", "online", "hybrid" };
constexpr std::array<std::string_view, 3> linkNames { "teaches", "assesses", "maps" };
constexpr std::array<std::string_view, 11> kindNames { "program", "framework", "competency", "course",
    "objective", "activity", "assessment", "comment", "acknowledgement", "status_change", "association" };
constexpr std::array<std::string_view, 2> clerkshipNames { "rotation", "integrated" };
constexpr std::array<std::string_view, 3> requirementNames { "required", "optional", "required_in_track" };
constexpr std::array<std::string_view, 3> childOrderNames { "ordered", "unordered", "parallel" };
}

template <> std::span<const std::string_view> enumNames<BloomLevel>()
{
    return bloomNames;
}
template <> std::span<const std::string_view> enumNames<MillerLevel>()
{
    return millerNames;
}
template <> std::span<const std::string_view> enumNames<LearningDomain>()
{
    return domainNames;
}
template <> std::span<const std::string_view> enumNames<Contribution>()
{
    return contributionNames;
}
template <> std::span<const std::string_view> enumNames<ReviewStatus>()
{
    return statusNames;
}
template <> std::span<const std::string_view> enumNames<LearningType>()
{
    return learningTypeNames;
}
template <> std::span<const std::string_view> enumNames<DeliveryMode>()
{
    return deliveryNames;
}
template <> std::span<const std::string_view> enumNames<LinkKind>()
{
    return linkNames;
}
template <> std::span<const std::string_view> enumNames<ItemKind>()
{
    return kindNames;
}
template <> std::span<const std::string_view> enumNames<ClerkshipModel>()
{
    return clerkshipNames;
}
template <> std::span<const std::string_view> enumNames<Requirement>()
{
    return requirementNames;
}
template <> std::span<const std::string_view> enumNames<ChildOrder>()
{
    return childOrderNames;
}

template <class E> std::string enumChoices()
{
    std::string out = "one of: ";
    bool first = true;
    for (auto name : enumNames<E>()) {
        if (!first)
            out += ", ";
        out += name;
        first = false;
    }
    return out;
}

template std::string enumChoices<BloomLevel>();
template std::string enumChoices<MillerLevel>();
template std::string enumChoices<LearningDomain>();
template std::string enumChoices<Contribution>();
template std::string enumChoices<ReviewStatus>();
template std::string enumChoices<LearningType>();
template std::string enumChoices<DeliveryMode>();
template std::string enumChoices<LinkKind>();
template std::string enumChoices<ItemKind>();
template std::string enumChoices<ClerkshipModel>();
template std::string enumChoices<Requirement>();
template std::string enumChoices<ChildOrder>();

} // namespace coursemap
