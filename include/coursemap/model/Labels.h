// Items named the way a user recognises them, for messages, comment lists and change reports.
#pragma once

#include "coursemap/model/DocumentData.h"

#include <string>

namespace coursemap {

// The opening words of a text, in curly quotes, cut at about 70 characters: “Interpret a 12-lead ECG…”.
std::string quoteText(const std::string& text);

// "objective “Interpret a 12-lead ECG” (CARD 210)", "teaching activity “Ward round” (CARD 210)",
// "course CARD 210 “Cardiology”", "competency PC1 “Patient care”"; "item 12" when there is no such item.
std::string itemLabel(const DocumentData& data, Id id);

// The course an objective, activity, assessment or course belongs to; NoId for anything else.
Id courseOf(const DocumentData& data, Id id);

} // namespace coursemap
