// Plain text and markdown renderings of the tables (model.h). Text aligns columns and colours
// verdicts when asked (the caller decides: NO_COLOR, stdout a tty).
#include <algorithm>
#include <ostream>

#include <fmt/format.h>

#include "results/report/model.h"

namespace cudabench::results::report {
namespace {

constexpr const char* red = "\x1b[31m";
constexpr const char* green = "\x1b[32m";
constexpr const char* yellow = "\x1b[33m";
constexpr const char* bold = "\x1b[1m";
constexpr const char* reset = "\x1b[0m";

const char* cell_colour(const std::string& cell) {
  if (cell.find("slower") != std::string::npos || cell == "FAIL") return red;
  if (cell.find("faster") != std::string::npos || cell == "PASS") return green;
  if (cell == "INCONCLUSIVE" || cell.rfind("inconclusive", 0) == 0) return yellow;
  return nullptr;
}

// Column widths count bytes: every cell is ASCII (units are written "us", not with a micro sign).
void text_table(const Table& t, std::ostream& out, const TextStyle& style) {
  out << (style.colour ? bold : "") << t.title << (style.colour ? reset : "") << "\n";
  if (t.rows.empty()) {
    out << "  " << (t.empty_reason.empty() ? "no data" : t.empty_reason) << "\n";
  } else {
    std::vector<size_t> width(t.header.size(), 0);
    for (size_t c = 0; c < t.header.size(); ++c) width[c] = t.header[c].size();
    for (const auto& row : t.rows)
      for (size_t c = 0; c < row.size() && c < width.size(); ++c)
        width[c] = std::max(width[c], row[c].size());
    auto line = [&](const std::vector<std::string>& cells, bool colour) {
      out << " ";
      for (size_t c = 0; c < width.size(); ++c) {
        const std::string cell = c < cells.size() ? cells[c] : "";
        const char* col = colour ? cell_colour(cell) : nullptr;
        out << " " << (col ? col : "") << fmt::format("{:<{}}", cell, width[c]) << (col ? reset : "");
      }
      out << "\n";
    };
    line(t.header, false);
    size_t total = 1;
    for (size_t w : width) total += w + 1;
    out << "  " << std::string(total - 2, '-') << "\n";
    for (const auto& row : t.rows) line(row, style.colour);
  }
  for (const auto& n : t.notes) out << "  note: " << n << "\n";
  out << "\n";
}

std::string md_escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '|')
      out += "\\|";
    else
      out += c;
  }
  return out;
}

void markdown_table(const Table& t, std::ostream& out) {
  out << "## " << t.title << "\n\n";
  if (t.rows.empty()) {
    out << "_" << (t.empty_reason.empty() ? "no data" : md_escape(t.empty_reason)) << "_\n\n";
  } else {
    out << "|";
    for (const auto& h : t.header) out << " " << md_escape(h) << " |";
    out << "\n|";
    for (size_t i = 0; i < t.header.size(); ++i) out << (i == 0 ? "---|" : "---:|");
    out << "\n";
    for (const auto& row : t.rows) {
      out << "|";
      for (size_t c = 0; c < t.header.size(); ++c)
        out << " " << md_escape(c < row.size() ? row[c] : "") << " |";
      out << "\n";
    }
    out << "\n";
  }
  for (const auto& n : t.notes) out << "_Note: " << md_escape(n) << "_\n\n";
}

std::string heading(const Report& r) {
  if (r.summary.session) return fmt::format("cudabench report: session {}", r.summary.session->id);
  return "cudabench report" + (r.selection.empty() ? "" : ": " + r.selection);
}

}  // namespace

void render_text(const Report& r, std::ostream& out, const TextStyle& style) {
  out << (style.colour ? bold : "") << heading(r) << (style.colour ? reset : "") << "\n";
  out << "baseline: " << r.summary.baseline << "; intervals are 95% confidence intervals across runs\n\n";
  for (const auto& n : r.summary.notes) out << "note: " << n << "\n";
  if (!r.summary.notes.empty()) out << "\n";
  for (const auto& t : build_tables(r)) text_table(t, out, style);
  out << (style.colour ? bold : "") << "Advice (derived from the figures above)"
      << (style.colour ? reset : "") << "\n";
  if (r.advice.empty()) out << "  nothing to add\n";
  for (const auto& a : r.advice) {
    out << "  - [" << a.topic << "] " << a.finding << "\n";
    if (!a.action.empty()) out << "    -> " << a.action << "\n";
  }
}

void render_markdown(const Report& r, std::ostream& out) {
  out << "# " << heading(r) << "\n\n";
  out << "Baseline: `" << r.summary.baseline << "`. Intervals are 95% confidence intervals across runs.\n\n";
  for (const auto& n : r.summary.notes) out << "> " << md_escape(n) << "\n\n";
  for (const auto& t : build_tables(r)) markdown_table(t, out);
  out << "## Advice\n\n";
  if (r.advice.empty()) out << "_nothing to add_\n";
  for (const auto& a : r.advice)
    out << "- **" << a.topic << "**: " << md_escape(a.finding)
        << (a.action.empty() ? "" : " → " + md_escape(a.action)) << "\n";
}

void render_tables(const std::vector<Table>& tables, bool markdown, std::ostream& out,
                   const TextStyle& style) {
  for (const auto& t : tables) {
    if (markdown)
      markdown_table(t, out);
    else
      text_table(t, out, style);
  }
}

void render_comparison_text(const Comparison& c, std::ostream& out, const TextStyle& style, bool markdown) {
  const Table t = comparison_table(c);
  if (markdown) {
    out << "# cudabench compare\n\n";
    markdown_table(t, out);
    out << "**Gate: " << gate_name(c.outcome) << "**\n";
    return;
  }
  text_table(t, out, style);
  const char* col = style.colour ? cell_colour(gate_name(c.outcome)) : nullptr;
  out << "gate: " << (col ? col : "") << gate_name(c.outcome) << (col ? reset : "") << "\n";
}

}  // namespace cudabench::results::report
