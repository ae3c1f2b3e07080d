// The rollback journal SQLite leaves beside a map ("cardio.coursemap-journal") when a change was interrupted.
// SQLite plays a hot journal back onto whatever file now has the map's name, so a backup copied over a map
// whose last change was interrupted is damaged by the next program that opens it ("How To Corrupt An SQLite
// Database File", 1.4). This reads the journal, without changing anything, to tell whether it belongs to the
// file beside it: the copy of page 1 it keeps holds the file change counter of the state it restores.
#pragma once

#include <filesystem>
#include <optional>

namespace coursemap::journal {

enum class Verdict
{
    None, // no journal, or one SQLite would not play (empty, zeroed header)
    Empty, // a header that restores nothing yet: the interrupted change never reached the map
    Ours, // restores this very file (or cannot be told apart from one that does: played as SQLite would)
    Stale, // restores another file: a map since replaced (a backup copied over it)
};

std::filesystem::path journalPath(const std::filesystem::path& map);

// What the journal beside `map` is. Reads only.
Verdict inspect(const std::filesystem::path& map);

// For a program about to edit `map`: when nobody has the map open (checked with an open-file-description lock
// on SQLite's lock bytes, held meanwhile) and its journal is Stale or Empty, renames the journal aside (kept,
// never deleted) and returns its new name. Returns nothing otherwise.
std::optional<std::filesystem::path> setAsideForeign(const std::filesystem::path& map);

} // namespace coursemap::journal
