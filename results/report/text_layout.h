// Plain-text layout shared by the text renderer: tables that fit a width and wrapped sentences.
#pragma once

#include <string>
#include <vector>

#include "results/report/document.h"

namespace cudabench::results::report {

// A column whose every cell is a number, an interval, "n/a" or "-" is right-aligned.
std::vector<bool> numeric_columns(const Table& t);

// The table's lines (header, rule, rows), indented by two spaces, each at most `width` columns:
// columns that do not fit side by side are split into parts that repeat the first column, and a
// cell too wide for any part is wrapped at spaces. `colour` wraps verdict cells in ANSI colours.
std::vector<std::string> layout_table(const Table& t, int width, bool colour);

// `text` broken at spaces into lines of at most `width` columns; the first line starts with
// `first`, the others with `rest` (indents).
std::vector<std::string> wrap(const std::string& text, int width, const std::string& first,
                              const std::string& rest);

// ANSI colour of a verdict cell ("8.8% slower", "FAIL", "not resolved"), or null.
const char* verdict_colour(const std::string& cell);
inline constexpr const char* ansi_bold = "\x1b[1m";
inline constexpr const char* ansi_reset = "\x1b[0m";

}  // namespace cudabench::results::report
