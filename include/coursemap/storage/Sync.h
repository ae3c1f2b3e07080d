// Moving a program between a laptop file and a school's server. `pull` writes a laptop copy (the whole
// program, or one course) that remembers where it came from and the state it was pulled in (kept as a version
// in the file); `sync` brings the copy's edits back: edits to records nobody else changed are applied as one
// change on the server, records changed on both sides are conflicts, listed field by field, and nothing is
// applied until each is settled (mine or theirs); a record removed here under which others added or changed
// something on the server is a conflict too. Afterwards the copy holds the server's state again.
#pragma once

#include "coursemap/Document.h"

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace coursemap {

struct PullResult
{
    Revision revision = 0;
    std::size_t items = 0;
};

// Writes the laptop copy of program `program` (empty: the only one) at `address` to `file` (which must not
// exist); with `course`, of that course only (its objectives, activities, assessments, their links and review
// records, and the program's frameworks). Throws Error.
PullResult pull(const std::string& address, const std::string& program, const std::filesystem::path& file,
    const std::string& course = {});

// One field edited on both sides since the pull, differently.
struct SyncConflict
{
    std::string label; // "objective 203 “Interpret…”", "the link objective 203 → activity 231"
    std::string key; // what `--take KEY=mine` names: "203.text", "203" (removed on one side), "link 203-231"
    std::string field; // empty: the record was removed on one side and changed on the other
    std::string base, mine, theirs; // the values (JSON text; "(removed)")
};

enum class Take
{
    Undecided,
    Mine,
    Theirs,
};

// How the conflicts are settled: one choice for every conflict, and choices for some by their key (which
// win).
struct SyncChoices
{
    Take all = Take::Undecided;
    std::map<std::string, Take> each; // by SyncConflict::key
};

struct SyncResult
{
    std::vector<SyncConflict> conflicts; // undecided ones: nothing was applied
    // Keys of SyncChoices::each that name no conflict: nothing was applied, and `conflicts` lists every
    // conflict there is, settled or not.
    std::vector<std::string> unknownKeys;
    std::size_t applied = 0; // records written to the server
    Revision revision = 0; // the server's revision the copy now holds
};

// Brings the edits made in `file` since it was pulled (or last synced) back to the server it came from.
// `choices` settles the conflicts; when any stays open, or a choice names no conflict, nothing is applied
// anywhere and the result says so. Each pulled or synced state of the copy is synced at most once: the
// copy holds a token the server keeps with the change, so a copy restored from before a sync, or one whose
// sync stopped after the server kept the change, is refused (Error Conflict) instead of adding its new
// records twice. Throws Error when the file was not pulled, the server refuses, or the change cannot be
// written.
SyncResult sync(const std::filesystem::path& file, const SyncChoices& choices);

} // namespace coursemap
