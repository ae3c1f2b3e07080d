// Reads one learning objective as an educator wrote it: finds the leading action verb behind outline codes
// ("a1.", "4b.ii", "(SUR6)"), headings, leading clauses and stems such as "By the end of this session,
// students will be able to", its levels in Bloom's revised taxonomy, whether it is measurable, whether it
// joins several behaviours, and its likely domain. Any English verb is found and lemmatized (WordNet, read at
// build time); the verb lists of resources/analysis/ decide the levels.
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
    Unknown, // a verb no list places ("triage", "localize"); observable, its level is not known
    Vague, // "understand", "know", "be aware of", "demonstrate knowledge of": not observable
    Activity, // "attend", "participate in", "observe": describes an activity, not an outcome
    Teaching, // "Provide students with", "Cover": describes teaching, not what learners will do
    Missing, // no verb at all ("Cardiac physiology", "Knowledge of ...", "Review of ...")
};

struct ObjectiveAnalysis
{
    // The head verb in base form, lower case ("interpret", "carry out", "develop" in "develop an
    // understanding of"), or the whole phrase of a stative "be ..." ("be aware of"); empty if missing.
    std::string verb;
    VerbStatus status = VerbStatus::Missing;
    std::span<const BloomLevel> levels; // every level the lists give the verb, primary first (static data)
    std::optional<BloomLevel> bloom; // the primary level; none when not measurable or not known
    std::string_view levelNote; // when the published lists disagree on the verb's level, how (static data)
    std::string typedAs; // the word as written when it was read as a misspelling of `verb`
    // The level a vague verb aims at, for suggestions ("know" aims at remember); none for attitudes.
    std::optional<BloomLevel> intendedLevel;
    bool intendsAttitude = false; // "appreciate", "value": an affective aim
    // Every observable behaviour found, the leading one first: "understand ... and apply" has one.
    std::vector<std::string> behaviours;
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
