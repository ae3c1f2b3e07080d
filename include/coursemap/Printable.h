// Text a user typed, made safe to print on a terminal. A title, comment or file name may hold escape
// sequences or other control characters that a terminal would obey (clear the screen, move the cursor, set
// the window title, forge a line of output); printed through this, each shows as a visible escape instead.
#pragma once

#include <string>
#include <string_view>

namespace coursemap {

enum class LineBreaks
{
    Escape, // a line break shows as \n: the text stays on one line (a title in a listing)
    Keep, // line breaks are printed (a comment's text, a message of several lines)
};

// Control characters as visible escapes: a line feed as \n (unless kept) and a carriage return as \r; every
// other C0 control, DEL and every C1 control (U+0080–U+009F) as \u001B-style escapes; a byte that is not
// part of valid UTF-8 as \xFF. Tabs and all other text are kept as they are. A C1 escape reads the same in
// JSON, so a JSON document passed through this stays valid and means the same.
std::string printable(std::string_view text, LineBreaks lineBreaks = LineBreaks::Escape);

} // namespace coursemap
