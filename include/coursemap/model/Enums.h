// The small closed vocabularies of curriculum design (Bloom, Miller, I/R/M, review status, ...),
// with the names used in files, JSON and the command line.
#pragma once

#include <optional>
#include <span>
#include <string_view>

namespace coursemap {

// Bloom's revised taxonomy (Anderson & Krathwohl 2001), lowest to highest.
enum class BloomLevel
{
    Remember,
    Understand,
    Apply,
    Analyze,
    Evaluate,
    Create
};
// Miller's pyramid of clinical competence (Miller 1990), lowest to highest.
enum class MillerLevel
{
    Knows,
    KnowsHow,
    ShowsHow,
    Does
};
enum class LearningDomain
{
    Cognitive,
    Psychomotor,
    Affective
};
// How much a course contributes to a competency.
enum class Contribution
{
    Introduced,
    Reinforced,
    Mastered
};
enum class ReviewStatus
{
    Draft,
    InReview,
    ChangesRequested,
    Approved
};
// Laurillard's six learning types (ABC learning design).
enum class LearningType
{
    Acquisition,
    Inquiry,
    Discussion,
    Practice,
    Collaboration,
    Production
};
enum class DeliveryMode
{
    InPerson,
    Online,
    Hybrid
};
// What an objective is linked to: taught by an activity, assessed by an assessment, mapped to a competency.
enum class LinkKind
{
    Teaches,
    Assesses,
    Maps
};
enum class ItemKind
{
    Program,
    Framework,
    Competency,
    Course,
    Objective,
    Activity,
    Assessment,
    Comment,
    Acknowledgement,
    StatusChange,
    Association
};
// How a clerkship is organised (AAMC Curriculum Inventory ClerkshipModel): one discipline at a time, or
// several disciplines side by side over a longer period (a longitudinal integrated clerkship).
enum class ClerkshipModel
{
    Rotation,
    Integrated
};
// Whether learners must take a course (a sequence block): everyone, by choice, or those in a track.
enum class Requirement
{
    Required,
    Optional,
    RequiredInTrack
};
// How the blocks within a course follow one another.
enum class ChildOrder
{
    Ordered,
    Unordered,
    Parallel
};

// The file and JSON names of an enum's values, in declaration order.
template <class E> std::span<const std::string_view> enumNames();

template <class E> std::string_view toString(E value)
{
    return enumNames<E>()[static_cast<std::size_t>(value)];
}

template <class E> std::optional<E> parseEnum(std::string_view name)
{
    const auto names = enumNames<E>();
    for (std::size_t i = 0; i < names.size(); ++i)
        if (names[i] == name)
            return static_cast<E>(i);
    return std::nullopt;
}

// "one of: remember, understand, ..." for error messages.
template <class E> std::string enumChoices();

} // namespace coursemap
