#include "results/report/text_layout.h"

#include <algorithm>
#include <cctype>

namespace cudabench::results::report {
namespace {

constexpr size_t gap = 2;     // spaces between columns
constexpr size_t indent = 2;  // spaces before the first column

bool numeric_cell(const std::string& c) {
  if (c.empty() || c == "n/a" || c == "-") return true;
  const unsigned char f = static_cast<unsigned char>(c[0]);
  return std::isdigit(f) || ((f == '-' || f == '+' || f == '<') && c.size() > 1);
}

// Lines of a cell no wider than `w` (w >= 1), broken at spaces, words longer than w cut.
std::vector<std::string> cell_lines(const std::string& cell, size_t w) {
  if (cell.size() <= w) return {cell};
  std::vector<std::string> out;
  for (const auto& line : wrap(cell, static_cast<int>(w), "", "")) {
    for (size_t at = 0; at < line.size(); at += w) out.push_back(line.substr(at, w));
    if (line.empty()) out.push_back("");
  }
  return out;
}

struct Part {
  std::vector<size_t> columns;  // always starting with column 0
};

std::vector<Part> split(const std::vector<size_t>& widths, size_t width) {
  std::vector<Part> parts;
  Part current{{0}};
  size_t used = indent + widths[0];
  for (size_t c = 1; c < widths.size(); ++c) {
    if (current.columns.size() > 1 && used + gap + widths[c] > width) {
      parts.push_back(current);
      current = Part{{0}};
      used = indent + widths[0];
    }
    current.columns.push_back(c);
    used += gap + widths[c];
  }
  parts.push_back(current);
  return parts;
}

void emit_row(const std::vector<std::string>& cells, const Part& part, const std::vector<size_t>& widths,
              const std::vector<bool>& right, bool colour, std::vector<std::string>& out) {
  std::vector<std::vector<std::string>> lines;
  size_t height = 1;
  for (size_t c : part.columns) {
    lines.push_back(cell_lines(c < cells.size() ? cells[c] : "", widths[c]));
    height = std::max(height, lines.back().size());
  }
  for (size_t l = 0; l < height; ++l) {
    std::string line(indent, ' ');
    for (size_t k = 0; k < part.columns.size(); ++k) {
      const size_t c = part.columns[k];
      const std::string text = l < lines[k].size() ? lines[k][l] : "";
      const std::string pad(widths[c] - std::min(widths[c], text.size()), ' ');
      const char* col = colour && l == 0 ? verdict_colour(text) : nullptr;
      const std::string shown = col ? std::string(col) + text + ansi_reset : text;
      if (k > 0) line += std::string(gap, ' ');
      line += right[c] ? pad + shown : shown + (k + 1 < part.columns.size() ? pad : "");
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out.push_back(line);
  }
}

}  // namespace

std::vector<bool> numeric_columns(const Table& t) {
  std::vector<bool> out(t.header.size(), true);
  for (size_t c = 0; c < t.header.size(); ++c) {
    bool any = false;
    for (const auto& row : t.rows) {
      const std::string cell = c < row.size() ? row[c] : "";
      any |= !cell.empty() && cell != "-" && cell != "n/a";
      if (!numeric_cell(cell)) out[c] = false;
    }
    if (!any || c == 0) out[c] = false;
  }
  return out;
}

std::vector<std::string> layout_table(const Table& t, int width_in, bool colour) {
  const size_t width = static_cast<size_t>(std::max(width_in, 40));
  std::vector<size_t> widths(t.header.size(), 0);
  for (size_t c = 0; c < t.header.size(); ++c) {
    widths[c] = t.header[c].size();
    for (const auto& row : t.rows) widths[c] = std::max(widths[c], c < row.size() ? row[c].size() : 0);
  }
  // The key column takes at most a third of the width; any other column at most what is left
  // beside it, so every part holds the key and at least one column.
  widths[0] = std::min(widths[0], width / 3);
  for (size_t c = 1; c < widths.size(); ++c)
    widths[c] = std::min(widths[c], width - indent - widths[0] - gap);
  const auto right = numeric_columns(t);
  std::vector<std::string> out;
  const auto parts = split(widths, width);
  for (size_t p = 0; p < parts.size(); ++p) {
    if (p > 0) out.push_back(std::string(indent, ' ') + "(continued)");
    emit_row(t.header, parts[p], widths, right, false, out);
    size_t rule = 0;
    for (size_t c : parts[p].columns) rule += widths[c] + (rule ? gap : 0);
    out.push_back(std::string(indent, ' ') + std::string(rule, '-'));
    for (const auto& row : t.rows) emit_row(row, parts[p], widths, right, colour, out);
  }
  return out;
}

std::vector<std::string> wrap(const std::string& text, int width_in, const std::string& first,
                              const std::string& rest) {
  const size_t width = static_cast<size_t>(std::max(width_in, 20));
  std::vector<std::string> out;
  std::string line = first;
  size_t content = 0;  // characters after the indent on this line
  size_t at = 0;
  while (at < text.size()) {
    const size_t space = text.find(' ', at);
    const std::string word = text.substr(at, space == std::string::npos ? std::string::npos : space - at);
    at = space == std::string::npos ? text.size() : space + 1;
    if (content > 0 && line.size() + 1 + word.size() > width) {
      out.push_back(line);
      line = rest;
      content = 0;
    }
    line += (content > 0 ? " " : "") + word;
    content += word.size() + 1;
  }
  out.push_back(line);
  return out;
}

const char* verdict_colour(const std::string& cell) {
  if (cell.find("slower") != std::string::npos || cell == "FAIL") return "\x1b[31m";
  if (cell.find("faster") != std::string::npos || cell == "PASS") return "\x1b[32m";
  if (cell == "INCONCLUSIVE" || cell.rfind("not resolved", 0) == 0 || cell.rfind("inconclusive", 0) == 0)
    return "\x1b[33m";
  return nullptr;
}

}  // namespace cudabench::results::report
