#include "coursemap/interchange/Csv.h"

#include "coursemap/Error.h"

#include <array>

namespace coursemap {

namespace {

// The separator the first line uses most, counting only outside quotes.
char guessSeparator(std::string_view text)
{
    std::array<std::size_t, 3> counts {};
    constexpr std::array<char, 3> candidates { ',', ';', '\t' };
    bool quoted = false;
    for (char c : text) {
        if (c == '"')
            quoted = !quoted;
        else if (!quoted && (c == '\n' || c == '\r'))
            break;
        else if (!quoted)
            for (std::size_t i = 0; i < candidates.size(); ++i)
                counts[i] += c == candidates[i];
    }
    std::size_t best = 0;
    for (std::size_t i = 1; i < counts.size(); ++i)
        if (counts[i] > counts[best])
            best = i;
    return candidates[best];
}

bool needsGuard(std::string_view text)
{
    if (text.empty())
        return false;
    switch (text.front()) {
    case '=':
    case '+':
    case '-':
    case '@':
    case '\t':
    case '\r':
        return true;
    default:
        return false;
    }
}

std::string quoted(std::string_view text)
{
    if (text.find_first_of(",;\t\"\r\n") == std::string_view::npos)
        return std::string(text);
    std::string out = "\"";
    for (char c : text) {
        if (c == '"')
            out += '"';
        out += c;
    }
    return out + '"';
}

} // namespace

CsvTable parseCsv(std::string_view text, std::string_view source)
{
    if (text.starts_with("\xEF\xBB\xBF"))
        text.remove_prefix(3);
    CsvTable table;
    // Excel's "sep=;" line names the separator and is not data.
    if (text.size() >= 5 && (text.starts_with("sep=") || text.starts_with("SEP="))
        && (text.size() == 5 || text[5] == '\n' || text[5] == '\r')) {
        table.separator = text[4];
        text.remove_prefix(5);
        if (text.starts_with("\r\n"))
            text.remove_prefix(2);
        else if (!text.empty())
            text.remove_prefix(1);
    } else {
        table.separator = guessSeparator(text);
    }
    const char sep = table.separator;
    const auto where
        = [&](std::size_t line) { return std::string(source) + ", line " + std::to_string(line); };

    std::vector<std::string> row;
    std::string cell;
    std::size_t line = 1;
    std::size_t i = 0;
    bool rowHasContent = false;
    const auto endRow = [&] {
        row.push_back(std::move(cell));
        cell.clear();
        // A line with nothing on it (often the last) is not a row.
        if (rowHasContent || row.size() > 1)
            table.rows.push_back(std::move(row));
        row.clear();
        rowHasContent = false;
    };
    while (i < text.size()) {
        const char c = text[i];
        if (c == '"' && cell.empty()) {
            // A quoted cell: runs to the next lone quote; "" is a quote; separators and line breaks are text.
            const std::size_t startLine = line;
            ++i;
            bool closed = false;
            while (i < text.size()) {
                if (text[i] == '"') {
                    if (i + 1 < text.size() && text[i + 1] == '"') {
                        cell += '"';
                        i += 2;
                        continue;
                    }
                    ++i;
                    closed = true;
                    break;
                }
                line += text[i] == '\n';
                cell += text[i++];
            }
            if (!closed)
                throw Error(ErrorCode::InvalidInput,
                    where(startLine) + ": a quoted cell is never closed (a \" is missing).");
            if (i < text.size() && text[i] != sep && text[i] != '\n' && text[i] != '\r')
                throw Error(ErrorCode::InvalidInput,
                    where(line) + ": text follows a quoted cell; put the whole cell in quotes.");
            rowHasContent = true;
            continue;
        }
        if (c == sep) {
            row.push_back(std::move(cell));
            cell.clear();
            ++i;
        } else if (c == '\r' || c == '\n') {
            endRow();
            i += (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ? 2 : 1;
            ++line;
        } else {
            cell += c; // a quote inside an unquoted cell (5" tall) is text, as spreadsheets read it
            rowHasContent = true;
            ++i;
        }
    }
    if (!cell.empty() || !row.empty())
        endRow();
    return table;
}

std::string csvCell(std::string_view text)
{
    if (needsGuard(text))
        return quoted("'" + std::string(text));
    return quoted(text);
}

std::string csvValue(std::string_view text)
{
    return quoted(text);
}

std::string csvRow(const std::vector<std::string>& cells)
{
    std::string out;
    for (std::size_t i = 0; i < cells.size(); ++i) {
        if (i)
            out += ',';
        out += cells[i];
    }
    return out + "\r\n";
}

std::string columnLetter(std::size_t column)
{
    std::string out;
    for (std::size_t n = column + 1; n > 0; n = (n - 1) / 26)
        out.insert(out.begin(), static_cast<char>('A' + (n - 1) % 26));
    return out;
}

} // namespace coursemap
