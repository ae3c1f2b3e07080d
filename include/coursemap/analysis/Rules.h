// The rule catalogue: every check the alignment engine makes, with its id, severity and the reasons a
// course director reads in the findings panel, `coursemap rules` and docs/rules.md.
#pragma once

#include "coursemap/model/Enums.h"

#include <optional>
#include <span>
#include <string_view>

namespace coursemap {

enum class Severity
{
    Error, // the map fails constructive alignment: an objective nobody teaches or assesses, a vague one
    Warning, // likely a problem a reviewer will raise
    Info, // worth a look; often fine with a reason
};

std::string_view toString(Severity severity);
std::optional<Severity> parseSeverity(std::string_view name);

struct Rule
{
    std::string_view id; // "objective-not-assessed": stable, used in files and scripts
    Severity severity;
    ItemKind subject; // what a finding of this rule is about
    std::string_view title; // "Objective is not assessed"
    std::string_view why; // why it matters, in plain language
    std::string_view reference; // the educational source
    std::string_view example; // a finding as a user would see it
    std::string_view fix; // what to do
};

std::span<const Rule> rules();
const Rule* findRule(std::string_view id);

} // namespace coursemap
