// Any item of a course map, for code that handles every kind alike (edits, storage, JSON).
#pragma once

#include "coursemap/model/Acknowledgement.h"
#include "coursemap/model/Activity.h"
#include "coursemap/model/Assessment.h"
#include "coursemap/model/Association.h"
#include "coursemap/model/Comment.h"
#include "coursemap/model/Competency.h"
#include "coursemap/model/Course.h"
#include "coursemap/model/Framework.h"
#include "coursemap/model/Objective.h"
#include "coursemap/model/Program.h"
#include "coursemap/model/StatusChange.h"

#include <variant>

namespace coursemap {

using Item = std::variant<Program, Framework, Competency, Course, Objective, Activity, Assessment, Comment,
    Acknowledgement, StatusChange, Association>;

template <class T> struct ItemTraits;
template <> struct ItemTraits<Program>
{
    static constexpr ItemKind kind = ItemKind::Program;
};
template <> struct ItemTraits<Framework>
{
    static constexpr ItemKind kind = ItemKind::Framework;
};
template <> struct ItemTraits<Competency>
{
    static constexpr ItemKind kind = ItemKind::Competency;
};
template <> struct ItemTraits<Course>
{
    static constexpr ItemKind kind = ItemKind::Course;
};
template <> struct ItemTraits<Objective>
{
    static constexpr ItemKind kind = ItemKind::Objective;
};
template <> struct ItemTraits<Activity>
{
    static constexpr ItemKind kind = ItemKind::Activity;
};
template <> struct ItemTraits<Assessment>
{
    static constexpr ItemKind kind = ItemKind::Assessment;
};
template <> struct ItemTraits<Comment>
{
    static constexpr ItemKind kind = ItemKind::Comment;
};
template <> struct ItemTraits<Acknowledgement>
{
    static constexpr ItemKind kind = ItemKind::Acknowledgement;
};
template <> struct ItemTraits<StatusChange>
{
    static constexpr ItemKind kind = ItemKind::StatusChange;
};
template <> struct ItemTraits<Association>
{
    static constexpr ItemKind kind = ItemKind::Association;
};

inline Id idOf(const Item& item)
{
    return std::visit([](const auto& i) { return i.id; }, item);
}

inline void setId(Item& item, Id id)
{
    std::visit([id](auto& i) { i.id = id; }, item);
}

inline ItemKind kindOf(const Item& item)
{
    return std::visit([](const auto& i) { return ItemTraits<std::decay_t<decltype(i)>>::kind; }, item);
}

} // namespace coursemap
