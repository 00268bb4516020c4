// The report layer's public face: a session's Report (summary and the advice derived from it), and
// the three documents cudabench renders: the report, `--compare` and `--history`. Each is built
// once as a Document (document.h) and written in any registered format (renderer.h).
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "results/report/advice.h"
#include "results/report/document.h"
#include "results/report/renderer.h"
#include "results/stats/aggregate.h"
#include "results/stats/compare.h"
#include "results/stats/history.h"

namespace cudabench::results::report {

// Versions of the JSON documents (docs/json.md says what changed between them).
inline constexpr const char* json_schema = "cudabench-report/2";
inline constexpr const char* json_compare_schema = "cudabench-compare/2";
inline constexpr const char* json_history_schema = "cudabench-history/2";

struct ReportOptions {
  double threshold_pct = 2.0;  // the band of no practical difference (the gate's default tau)
};

struct Report {
  SessionSummary summary;
  std::vector<Advice> advice;
  std::string source;     // database path
  std::string selection;  // "session 3", "tag nightly"
  double threshold_pct = 2.0;
};

Report make_report(SessionSummary summary, std::string source, std::string selection,
                   const ReportOptions& options = {});

Document report_document(const Report& report);

struct ComparisonOptions {
  bool all_metrics = false;  // text, markdown, html: every metric, not only the gated figure
};
Document comparison_document(const Comparison& comparison, const ComparisonOptions& options = {});

struct HistoryInput {
  std::vector<ScenarioHistory> history;
  HistoryOptions options;
  std::string selection;  // "nightly.db, sessions tagged nightly"
};
// `mismatches`: like_with_like.h history_mismatches, said first.
Document history_document(const HistoryInput& input, const std::vector<std::string>& mismatches);

// Writes `doc` in `format` (formats() lists them; find_format and format_for_path choose one).
void render(const Document& doc, const FormatInfo& format, std::ostream& out, const RenderOptions& options);

}  // namespace cudabench::results::report
