// What changed between two states of a course map (two named versions, or a version and now): items added,
// removed, changed (field by field, with word-level differences in text) and moved; links added, removed and
// changed; and how the findings changed (new problems, fixed problems). Also the Change that restores a
// version, which is the same comparison read the other way.
#pragma once

#include "coursemap/analysis/Rules.h"
#include "coursemap/edit/Change.h"
#include "coursemap/model/DocumentData.h"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace coursemap {

enum class DiffKind
{
    Added,
    Removed,
    Changed
};

// A run of words in a text difference.
struct WordRun
{
    enum Op
    {
        Same,
        Removed,
        Added
    } op;
    std::string text;
};

struct FieldDiff
{
    std::string field; // "text", "bloom override"
    std::string before, after; // as a user reads them ("none" for an empty choice)
    std::vector<WordRun> words; // for text fields: the difference word by word
};

struct ItemDiff
{
    DiffKind kind = DiffKind::Changed;
    ItemKind itemKind = ItemKind::Objective;
    Id id = NoId;
    std::string label; // "objective “Interpret…” (CARD 210)", as the newer state names it
    std::string course; // the course code it belongs to, or empty
    std::vector<FieldDiff> fields; // for Changed: the fields that differ
    std::optional<std::pair<int, int>> moved; // positions among its siblings, 1-based: before → after
};

struct LinkDiff
{
    DiffKind kind = DiffKind::Changed;
    LinkKey key;
    std::string objective, target; // labels
    std::string course;
    std::string before, after; // "taught by", "assessed by (30% of the assessment)", "maps to (mastered)"
};

struct FindingDiff
{
    std::string rule;
    Severity severity = Severity::Error;
    std::string course; // course code, empty for program-level findings
    std::string message;
};

struct MapDiff
{
    std::vector<ItemDiff> items;
    std::vector<LinkDiff> links;
    std::vector<FindingDiff> newFindings, fixedFindings;
    bool empty() const
    {
        return items.empty() && links.empty() && newFindings.empty() && fixedFindings.empty();
    }
};

// Compares the curriculum of two states: program, frameworks, competencies, courses, objectives, activities,
// assessments and links (comments and review records are not part of the comparison), and runs the checker on
// both. Items are matched by id, so a reworded objective is a change, not a removal and an addition.
MapDiff diffMaps(const DocumentData& before, const DocumentData& after);

// The word-by-word difference of two texts.
std::vector<WordRun> diffWords(const std::string& before, const std::string& after);

// The comparison as a plain-text report ("[-old-]{+new+}" marks word changes), as JSON, and as HTML for the
// studio (every piece of user text escaped).
std::string diffText(const MapDiff& diff, const std::string& beforeName, const std::string& afterName);
nlohmann::ordered_json diffJson(
    const MapDiff& diff, const std::string& beforeName, const std::string& afterName);
std::string diffHtml(const MapDiff& diff, const std::string& beforeName, const std::string& afterName);

// The Change that makes `now` hold the curriculum of `version` again: every item and link of the version as
// it was. Comments, acceptances and the status history stay as they are now, except those about items the
// restore removes.
Change planRestore(const DocumentData& now, const DocumentData& version, const std::string& versionName);

} // namespace coursemap
