#include "Palette.h"

#include "coursemap/program/HeatMap.h"
#include "coursemap/syllabus/Syllabus.h"

#include <QApplication>
#include <QPainter>
#include <QPixmap>
#include <QStyle>

namespace coursemap::studio {

QColor bloomColor(BloomLevel level)
{
    return QColor(qs(bloomColour(level)));
}

QString bloomName(BloomLevel level)
{
    switch (level) {
    case BloomLevel::Remember:
        return QApplication::translate("Palette", "Remember");
    case BloomLevel::Understand:
        return QApplication::translate("Palette", "Understand");
    case BloomLevel::Apply:
        return QApplication::translate("Palette", "Apply");
    case BloomLevel::Analyze:
        return QApplication::translate("Palette", "Analyze");
    case BloomLevel::Evaluate:
        return QApplication::translate("Palette", "Evaluate");
    case BloomLevel::Create:
        return QApplication::translate("Palette", "Create");
    }
    return {};
}

QString millerName(MillerLevel level)
{
    switch (level) {
    case MillerLevel::Knows:
        return QApplication::translate("Palette", "Knows");
    case MillerLevel::KnowsHow:
        return QApplication::translate("Palette", "Knows how");
    case MillerLevel::ShowsHow:
        return QApplication::translate("Palette", "Shows how");
    case MillerLevel::Does:
        return QApplication::translate("Palette", "Does");
    }
    return {};
}

QString learningTypeName(LearningType type)
{
    switch (type) {
    case LearningType::Acquisition:
        return QApplication::translate("Palette", "Acquisition");
    case LearningType::Inquiry:
        return QApplication::translate("Palette", "Inquiry");
    case LearningType::Discussion:
        return QApplication::translate("Palette", "Discussion");
    case LearningType::Practice:
        return QApplication::translate("Palette", "Practice");
    case LearningType::Collaboration:
        return QApplication::translate("Palette", "Collaboration");
    case LearningType::Production:
        return QApplication::translate("Palette", "Production");
    }
    return {};
}

QColor learningTypeColor(LearningType type)
{
    // The ABC learning design cards' colours.
    switch (type) {
    case LearningType::Acquisition:
        return { 0x4F, 0x9D, 0xDE };
    case LearningType::Inquiry:
        return { 0x3C, 0xB4, 0x6E };
    case LearningType::Discussion:
        return { 0xF2, 0xA7, 0x2E };
    case LearningType::Practice:
        return { 0x9B, 0x59, 0xB6 };
    case LearningType::Collaboration:
        return { 0xE7, 0x4C, 0x3C };
    case LearningType::Production:
        return { 0x1A, 0xBC, 0x9C };
    }
    return Qt::gray;
}

QString levelLetter(Contribution c)
{
    return QString(QChar::fromLatin1(coursemap::contributionLetter(c)));
}

QColor contributionColor(Contribution c)
{
    return QColor(qs(contributionColour(c)));
}

QVariant objectiveRowHeader(const QString& text, int row, int role)
{
    constexpr int Shown = 48;
    if (role == Qt::DisplayRole)
        return QStringLiteral("%1. %2").arg(row + 1).arg(
            text.length() > Shown ? text.left(Shown - 2) + "…" : text);
    if (role == Qt::ToolTipRole)
        return text;
    return {};
}

QString statusName(ReviewStatus s)
{
    switch (s) {
    case ReviewStatus::Draft:
        return QApplication::translate("Palette", "Draft");
    case ReviewStatus::InReview:
        return QApplication::translate("Palette", "In review");
    case ReviewStatus::ChangesRequested:
        return QApplication::translate("Palette", "Changes requested");
    case ReviewStatus::Approved:
        return QApplication::translate("Palette", "Approved");
    }
    return {};
}

QColor statusColor(ReviewStatus s)
{
    switch (s) {
    case ReviewStatus::Draft:
        return { 0xEC, 0xEF, 0xF1 };
    case ReviewStatus::InReview:
        return { 0xBB, 0xDE, 0xFB };
    case ReviewStatus::ChangesRequested:
        return { 0xFF, 0xE0, 0xB2 };
    case ReviewStatus::Approved:
        return { 0xC8, 0xE6, 0xC9 };
    }
    return {};
}

QString severityName(Severity s)
{
    switch (s) {
    case Severity::Error:
        return QApplication::translate("Palette", "Errors");
    case Severity::Warning:
        return QApplication::translate("Palette", "Warnings");
    case Severity::Info:
        return QApplication::translate("Palette", "Suggestions");
    }
    return {};
}

QIcon severityIcon(Severity s)
{
    auto* style = QApplication::style();
    switch (s) {
    case Severity::Error:
        return style->standardIcon(QStyle::SP_MessageBoxCritical);
    case Severity::Warning:
        return style->standardIcon(QStyle::SP_MessageBoxWarning);
    case Severity::Info:
        return style->standardIcon(QStyle::SP_MessageBoxInformation);
    }
    return {};
}

} // namespace coursemap::studio
