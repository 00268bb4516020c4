// The report as a Document: the title and what the reader must know first, the sections in order
// (sections.cpp), the JSON document (header, each section's numbers, then the data) and the CSV.
#include <fmt/format.h>

#include "results/report/report_parts.h"
#include "results/report/sections.h"

namespace cudabench::results::report {

Report make_report(SessionSummary summary, std::string source, std::string selection,
                   const ReportOptions& options) {
  Report r;
  AdviceThresholds t;
  t.band_pct = options.threshold_pct;
  r.advice = derive_advice(summary, t);
  r.summary = std::move(summary);
  r.source = std::move(source);
  r.selection = std::move(selection);
  r.threshold_pct = options.threshold_pct;
  return r;
}

Document report_document(const Report& r) {
  const auto& sum = r.summary;
  Document doc;
  doc.title = sum.session ? fmt::format("cudabench report: session {}", sum.session->id)
                          : "cudabench report" + (r.selection.empty() ? "" : ": " + r.selection);
  doc.lead.push_back(fmt::format(
      "Baseline: {}. Intervals are 95% confidence intervals across runs; a change within +-{:g}% counts as "
      "no "
      "practical difference. Source: {}{}.",
      sum.baseline, r.threshold_pct, r.source, r.selection.empty() ? "" : " (" + r.selection + ")"));
  doc.lead.push_back("How to read this report: docs/reading-the-report.md in the cudabench repository.");
  doc.notes = sum.notes;
  doc.json = Json{{"schema", json_schema}, {"source", r.source}, {"selection", r.selection}};
  doc.json["session"] = session_json(r);
  doc.json["baseline"] = sum.baseline;
  doc.json["baseline_found"] = sum.baseline_found;
  doc.json["confidence_level"] = sum.level;
  doc.json["threshold_pct"] = r.threshold_pct;
  doc.json["target_half_width_pct"] = sum.target_half_width_pct;
  doc.json["warmup_runs_discarded"] = sum.warmup_runs;
  doc.json["notes"] = sum.notes;
  for (const auto build : report_sections()) {
    doc.sections.push_back(build(r));
    const Section& s = doc.sections.back();
    if (!s.json.is_null()) doc.json[s.id] = s.json;
  }
  add_report_data(r, doc.json);
  doc.csv = report_csv(r);
  return doc;
}

void render(const Document& doc, const FormatInfo& format, std::ostream& out, const RenderOptions& options) {
  format.make()->render(doc, out, options);
}

}  // namespace cudabench::results::report
