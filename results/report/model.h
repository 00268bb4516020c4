// What every report format renders: the session summary, the advice derived from it, and the
// study's tables as text cells. Text, markdown and HTML print the same tables; JSON and CSV write
// the numbers themselves, each with its interval.
#pragma once

#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "results/report/advice.h"
#include "results/stats/aggregate.h"
#include "results/stats/compare.h"
#include "results/stats/history.h"

namespace cudabench::results::report {

inline constexpr const char* json_schema = "cudabench-report/1";
inline constexpr const char* json_compare_schema = "cudabench-compare/1";

struct Report {
  SessionSummary summary;
  std::vector<Advice> advice;
  std::string source;     // database path
  std::string selection;  // "session 3", "tag nightly"
};

Report make_report(SessionSummary summary, std::string source, std::string selection);

struct Table {
  std::string id, title;
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  std::string empty_reason;        // printed instead of rows when there are none
  std::vector<std::string> notes;  // printed under the table
};

// The study's tables in its order (normalised metrics, performance impact, launch pairs, tail
// attribution, soft-IRQ breakdown, mitigation effect), then run-queue latency, top preemptors,
// tracer overhead, interferer intensity, precision, outliers, invalid runs, environment.
std::vector<Table> build_tables(const Report& report);
Table comparison_table(const Comparison& comparison);

enum class Format { text, markdown, json, csv, html };
std::optional<Format> parse_format(const std::string& name);

struct TextStyle {
  bool colour = false;
};

void render_text(const Report& report, std::ostream& out, const TextStyle& style);
void render_markdown(const Report& report, std::ostream& out);
void render_json(const Report& report, std::ostream& out);
void render_csv(const Report& report, std::ostream& out);
void render_html(const Report& report, std::ostream& out);
void render(const Report& report, Format format, std::ostream& out, const TextStyle& style);

// Tables alone, as text (aligned, coloured verdicts when asked) or markdown.
void render_tables(const std::vector<Table>& tables, bool markdown, std::ostream& out,
                   const TextStyle& style);

// --history output (text, markdown, json); `selection` names the sessions ("tag nightly").
void render_history(const std::vector<ScenarioHistory>& history, const HistoryOptions& options,
                    const std::string& selection, Format format, std::ostream& out, const TextStyle& style);

// --compare output in the same formats (a comparison has no charts: html prints the markdown form).
void render_comparison(const Comparison& comparison, Format format, std::ostream& out,
                       const TextStyle& style);

}  // namespace cudabench::results::report
