#include "coursemap/Printable.h"

#include <array>
#include <cstdint>

namespace coursemap {

namespace {

constexpr std::array<char, 16> Hex { '0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'A', 'B', 'C', 'D',
    'E', 'F' };

void appendEscape(std::string& out, const char* prefix, unsigned value)
{
    out += prefix;
    out += Hex[(value >> 4) & 0xF];
    out += Hex[value & 0xF];
}

// The length of the well-formed UTF-8 sequence at `i` (2 to 4), or 0 when the bytes there are not one.
std::size_t sequenceLength(std::string_view s, std::size_t i, std::uint32_t& code)
{
    const auto c = static_cast<unsigned char>(s[i]);
    std::size_t extra = 0;
    if (c >= 0xC2 && c <= 0xDF) {
        extra = 1;
        code = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
        extra = 2;
        code = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        extra = 3;
        code = c & 0x07;
    } else {
        return 0;
    }
    if (i + extra >= s.size())
        return 0;
    for (std::size_t k = 1; k <= extra; ++k) {
        const auto d = static_cast<unsigned char>(s[i + k]);
        if ((d & 0xC0) != 0x80)
            return 0;
        code = (code << 6) | (d & 0x3F);
    }
    if ((extra == 2 && (code < 0x800 || (code >= 0xD800 && code <= 0xDFFF)))
        || (extra == 3 && (code < 0x10000 || code > 0x10FFFF)))
        return 0;
    return extra + 1;
}

} // namespace

std::string printable(std::string_view text, LineBreaks lineBreaks)
{
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c < 0x80) {
            if (c == '\n')
                out += lineBreaks == LineBreaks::Keep ? "\n" : "\\n";
            else if (c == '\r')
                out += "\\r";
            else if (c < 0x20 && c != '\t')
                appendEscape(out, "\\u00", c);
            else if (c == 0x7F)
                appendEscape(out, "\\u00", c);
            else
                out += static_cast<char>(c);
            ++i;
            continue;
        }
        std::uint32_t code = 0;
        const auto length = sequenceLength(text, i, code);
        if (length == 0) {
            appendEscape(out, "\\x", c);
            ++i;
        } else if (code <= 0x9F) {
            appendEscape(out, "\\u00", code);
            i += length;
        } else {
            out.append(text.substr(i, length));
            i += length;
        }
    }
    return out;
}

} // namespace coursemap
