// The studio's colours and names for the domain's small vocabularies, in one place so that the badge, the
// matrix, the charts and the findings speak the same visual language.
#pragma once

#include "coursemap/analysis/Rules.h"
#include "coursemap/model/Enums.h"

#include <QColor>
#include <QIcon>
#include <QString>
#include <QVariant>

#include <string_view>

namespace coursemap::studio {

// Bloom's six levels, from cool (remember) to warm (create), readable with dark text.
QColor bloomColor(BloomLevel level);
QString bloomName(BloomLevel level);
QString millerName(MillerLevel level);
QString learningTypeName(LearningType type);
QColor learningTypeColor(LearningType type);
QString levelLetter(Contribution c); // I, R, M
QColor contributionColor(Contribution c); // light to dark blue as the level rises
QString severityName(Severity s);
// "In review"; and a light colour for each review status (grey draft, blue review, amber changes, green).
QString statusName(ReviewStatus s);
QColor statusColor(ReviewStatus s);
QIcon severityIcon(Severity s);

// Alignment matrix cells.
namespace cell {
inline const QColor aligned { 0xC8, 0xE6, 0xC9 }; // linked, at a level the activity or assessment reaches
inline const QColor belowLevel { 0xFF, 0xE0, 0xB2 }; // linked, but below the objective's level
inline const QColor missing { 0xFF, 0xCD, 0xD2 }; // the objective is not taught / not assessed at all
} // namespace cell

// The row title of an objective in the matrices: "3. Understand the pathophysiology of heart fail…" (display)
// or its whole text (tool tip).
QVariant objectiveRowHeader(const QString& text, int row, int role);

inline QString qs(std::string_view s)
{
    return QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size()));
}

} // namespace coursemap::studio
