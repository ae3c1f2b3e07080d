// Comma-separated values as spreadsheets write and read them (RFC 4180, plus what Excel and LibreOffice do:
// a byte-order mark, semicolon or tab separators, a "sep=;" first line). Cells written here never start
// with a character a spreadsheet would run as a formula.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace coursemap {

struct CsvTable
{
    std::vector<std::vector<std::string>> rows; // as in the file: a header row, if any, is rows[0]
    char separator = ',';
};

// Reads a whole sheet. Throws Error(InvalidInput) naming the line when a quoted cell is never closed or text
// follows its closing quote; a quote inside an unquoted cell is text, as spreadsheets read it. The separator
// is the one of , ; and tab the first line uses most.
CsvTable parseCsv(std::string_view text, std::string_view source = "the CSV file");

// One cell, quoted when it holds the separator, a quote or a line break. Text that begins with = + - @ or
// a tab or carriage return gets a leading apostrophe, so a spreadsheet shows it rather than running it.
std::string csvCell(std::string_view text);
// A number or other value we wrote ourselves: quoted when needed but never guarded.
std::string csvValue(std::string_view text);
// A row of cells already made with csvCell/csvValue, joined by commas and ended with CRLF (RFC 4180).
std::string csvRow(const std::vector<std::string>& cells);

// The column letter a spreadsheet shows for a 0-based column: 0 → A, 26 → AA.
std::string columnLetter(std::size_t column);

} // namespace coursemap
