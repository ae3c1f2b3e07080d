// The edit lines of the integrity torture tests (cli: against a file, server: against a PostgreSQL program)
// and the check that a map shows what a writer acknowledged. Writer w's line i is the same in every run.
#pragma once

#include "coursemap/model/DocumentData.h"

#include <string>

namespace coursemap::test::torture {

inline constexpr Id SharedObjective = 203; // writers 0–3 each change a field of their own on it
inline constexpr Id CommentedObjective = 204; // every writer comments on it
inline constexpr Id TheCourse = 200;
inline constexpr int FieldOwners = 4;

// Ids a writer gives its own objectives: far apart, and below what the map hands out after them (10^12).
Id ownId(int trial, int writer, int line);

// What writer w's line i does, and what the map must show for it.
struct Line
{
    std::string json;
    enum Kind
    {
        Add,
        Shared,
        Link,
        Comment,
        Remove,
        Retext
    } kind;
    Id id = NoId; // the objective it adds, links, removes or rewords
    std::string value; // the text or field value it sets
    Id target = NoId; // the activity it links
};

Line lineOf(int trial, int w, int i);

// Whether the map shows the first `done` of writer w's `lines` lines (its own records, its comments and its
// field of the shared objective): empty when it does, else what is wrong.
std::string mismatch(const DocumentData& data, int trial, int w, int done, int lines);

} // namespace coursemap::test::torture
