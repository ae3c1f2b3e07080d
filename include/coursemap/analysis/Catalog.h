// The AAMC / MedBiquitous Curriculum Inventory methods, with what each can develop or evidence on Miller's
// pyramid, and the AAMC's resource types. Loaded from resources/analysis/methods.json (compiled in).
#pragma once

#include "coursemap/model/Enums.h"

#include <span>
#include <string>
#include <string_view>

namespace coursemap {

struct InstructionalMethod
{
    std::string code; // "IM013"
    std::string name; // "Lecture"
    MillerLevel miller = MillerLevel::Knows; // the highest level learners can reach through it
    LearningType learningType = LearningType::Acquisition;
};

struct AssessmentMethod
{
    std::string code; // "AM004"
    std::string name;
    MillerLevel miller = MillerLevel::Knows; // the highest level it can evidence
    BloomLevel bloom = BloomLevel::Remember; // the highest cognitive level it can reach
    bool performance = false; // observes a skill being performed
    bool retired = false; // no longer in the current vocabulary
    std::string replacement; // for a retired one, the code the AAMC asks for instead
};

// A kind of resource an event uses (AAMC Curriculum Inventory resource types, RE001–RE026).
struct ResourceType
{
    std::string code; // "RE021"
    std::string name; // "Standardized/Simulated Patient (SP)"
};

std::span<const InstructionalMethod> instructionalMethods();
std::span<const AssessmentMethod> assessmentMethods();
// nullptr when the code is not in the vocabulary.
const InstructionalMethod* findInstructionalMethod(std::string_view code);
const AssessmentMethod* findAssessmentMethod(std::string_view code);
std::span<const ResourceType> resourceTypes();
const ResourceType* findResourceType(std::string_view code);

} // namespace coursemap
