// Reads one learning objective as an educator wrote it: finds the leading action verb behind stems such as
// "By the end of this session, students will be able to" and numbering such as "1.01" or "a)", its levels in
// Bloom's revised taxonomy, whether it is measurable, whether it joins several behaviours, and its likely
// domain. Verb lists live in resources/analysis/verbs.json.
#pragma once

#include "coursemap/model/Enums.h"

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace coursemap {

enum class VerbStatus
{
    Measurable, // a verb from the lists: an observable behaviour
    Unknown, // looks like a verb but is not in the lists; its level is not known
    Vague, // "understand", "know", "be aware of", "demonstrate knowledge of": not observable
    Activity, // "attend", "participate in", "observe": describes an activity, not an outcome
    Missing, // no verb at all ("Cardiac physiology", "Knowledge of ...")
};

struct ObjectiveAnalysis
{
    std::string verb; // base form, lower case ("interpret", "carry out", "be aware of"); empty if missing
    VerbStatus status = VerbStatus::Missing;
    std::span<const BloomLevel> levels; // every level the lists give the verb, primary first (static data)
    std::optional<BloomLevel> bloom; // the primary level; none when not measurable or not known
    std::string_view levelNote; // when published lists split on the verb's level, how (static data)
    std::string typedAs; // the word as written when it was read as a misspelling of `verb`
    // The level a vague verb aims at, for suggestions ("know" aims at remember); none for attitudes.
    std::optional<BloomLevel> intendedLevel;
    bool intendsAttitude = false; // "appreciate", "value": an affective aim
    std::vector<std::string> behaviours; // every action verb found, the leading one first
    bool compound() const { return behaviours.size() > 1; }
    bool measurable() const { return status == VerbStatus::Measurable || status == VerbStatus::Unknown; }
    LearningDomain domain = LearningDomain::Cognitive;
    std::optional<MillerLevel> setting; // "in the clinical setting" → does; "in simulation" → shows how
    // Where the leading verb (or the vague phrase standing for it: "be aware of", "knowledge of") is in the
    // text, in bytes; verbLength is 0 when there is none.
    std::size_t verbOffset = 0, verbLength = 0;
};

ObjectiveAnalysis analyzeObjective(std::string_view text);
// The same into an existing analysis, reusing its memory: for reading many objectives in a row.
void analyzeObjective(std::string_view text, ObjectiveAnalysis& into);

// The objective with its leading verb (or vague phrase) replaced by `verb`, keeping the stem, the rest and
// the capital: withVerb("Understand the cardiac cycle", "explain") is "Explain the cardiac cycle". Without a
// verb, `verb` is put in front.
std::string withVerb(std::string_view text, std::string_view verb);
// Measurable verbs to suggest for a level, or for an attitude when `level` is empty.
std::vector<std::string> suggestedVerbs(std::optional<BloomLevel> level);

} // namespace coursemap
