// build_tables and the bookkeeping tables: interferer intensity, outliers, invalid runs, environment.
#include <algorithm>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "results/report/format.h"
#include "results/report/tables.h"

namespace cudabench::results::report {

std::string mean_cell(const ScenarioSummary& s, const std::string& metric, bool traced) {
  const auto* m = s.metric(metric, traced);
  return m ? with_ci(m->ci) : "n/a";
}

std::string median_cell(const ScenarioSummary& s, const std::string& metric, bool traced) {
  const auto* m = s.metric(metric, traced);
  return m ? with_ci(m->median, m->median_ci) : "n/a";
}

bool any_traced(const Report& r) {
  return std::any_of(r.summary.scenarios.begin(), r.summary.scenarios.end(),
                     [](const ScenarioSummary& s) { return s.traced_runs > 0; });
}

Table intensity_table(const Report& r) {
  Table t{"intensity",
          "Interferer intensity achieved (proof the load was there; mean [95% CI])",
          {"scenario", "interferer metric", "value", "unit", "runs"},
          {},
          "",
          {}};
  for (const auto& s : r.summary.scenarios)
    for (const auto& [key, m] : s.intensity)
      t.rows.push_back({s.name, key, with_ci(m.ci), m.unit, std::to_string(m.n)});
  if (t.rows.empty()) t.empty_reason = "no interferer reported an intensity";
  return t;
}

Table outlier_table(const Report& r) {
  Table t{"outliers",
          "Outliers (MAD modified z-score > 3.5; flagged, kept in every figure)",
          {"run", "scenario", "run type", "metric", "value", "z"},
          {},
          "",
          {}};
  for (const auto& s : r.summary.scenarios)
    for (const auto& o : s.outliers)
      t.rows.push_back({std::to_string(o.run_id), s.name, o.traced ? "traced" : "untraced", o.metric,
                        number(o.value), number(o.z, 1)});
  if (t.rows.empty()) t.empty_reason = "none";
  return t;
}

Table invalid_table(const Report& r) {
  Table t{"invalid",
          "Runs left out (invalid, failed or aborted), with the reason stored",
          {"run", "scenario", "block", "run type", "status", "reason"},
          {},
          "",
          {}};
  for (const auto& e : r.summary.excluded)
    t.rows.push_back({std::to_string(e.id), e.scenario, std::to_string(e.block),
                      e.traced ? "traced" : "untraced", e.status,
                      e.reason.empty() ? "(no reason stored)" : e.reason});
  if (t.rows.empty()) t.empty_reason = "none: every run of the selection was ok";
  if (r.summary.warmup_runs > 0)
    t.notes.push_back(fmt::format("{} warm-up run(s) discarded by design", r.summary.warmup_runs));
  return t;
}

Table environment_table(const Report& r) {
  Table t{"environment", "Environment and session", {"field", "value"}, {}, "", {}};
  if (const auto& s = r.summary.session) {
    t.rows.push_back({"session", fmt::format("{}{}", s->id, s->tag.empty() ? "" : " (tag " + s->tag + ")")});
    t.rows.push_back(
        {"started / finished", s->started_at + " / " + (s->finished_at.empty() ? "-" : s->finished_at)});
    t.rows.push_back({"status", s->status});
    t.rows.push_back({"block shuffle seed", std::to_string(s->seed)});
    t.rows.push_back({"blocks / warm-up runs / trace mode",
                      fmt::format("{} / {} / {}", s->blocks, s->warmup, s->trace_mode)});
    if (!s->argv.empty()) t.rows.push_back({"command", s->argv});
  }
  t.rows.push_back({"source", r.source + (r.selection.empty() ? "" : " (" + r.selection + ")")});
  for (size_t i = 0; i < r.summary.environments.size(); ++i) {
    const auto& g = r.summary.environments[i];
    const auto& e = g.env;
    const std::string p = r.summary.environments.size() > 1 ? fmt::format("[{}] ", i + 1) : "";
    t.rows.push_back({p + "runs", std::to_string(g.runs)});
    t.rows.push_back({p + "kernel", e.kernel});
    t.rows.push_back(
        {p + "CPU", fmt::format("{} x {} (governor {}, SMT {})", e.cpu_count, e.cpu_model,
                                e.governor.empty() ? "?" : e.governor, e.smt.empty() ? "?" : e.smt)});
    t.rows.push_back({p + "GPU / driver", e.gpu_name + " / " + e.gpu_driver});
    t.rows.push_back({p + "isolcpus / nohz_full", (e.isolcpus.empty() ? "-" : e.isolcpus) + " / " +
                                                      (e.nohz_full.empty() ? "-" : e.nohz_full)});
    t.rows.push_back({p + "cudabench git sha", e.git_sha});
    for (const auto& [tool, version] : e.tool_versions) t.rows.push_back({p + tool, version});
  }
  return t;
}

std::vector<Table> build_tables(const Report& r) {
  return {normalised_table(r), impact_table(r),  pairs_table(r),     tail_table(r),       softirq_table(r),
          mitigation_table(r), runq_table(r),    preemptor_table(r), overhead_table(r),   intensity_table(r),
          precision_table(r),  outlier_table(r), invalid_table(r),   environment_table(r)};
}

Report make_report(SessionSummary summary, std::string source, std::string selection) {
  Report r;
  r.advice = derive_advice(summary);
  r.summary = std::move(summary);
  r.source = std::move(source);
  r.selection = std::move(selection);
  return r;
}

std::optional<Format> parse_format(const std::string& name) {
  if (name == "text") return Format::text;
  if (name == "markdown" || name == "md") return Format::markdown;
  if (name == "json") return Format::json;
  if (name == "csv") return Format::csv;
  if (name == "html") return Format::html;
  return std::nullopt;
}

Table comparison_table(const Comparison& c) {
  Table t{"compare",
          fmt::format("{} (B) vs {} (A): change of B in % [95% CI]", c.label_b, c.label_a),
          {"scenario", "metric", "runs A/B", "mean A", "mean B", "change", "verdict", "p (Holm)",
           "p MW (Holm)", "gate"},
          {},
          "",
          {}};
  for (const auto& m : c.changes)
    t.rows.push_back({m.scenario, m.metric + (m.traced ? " (traced)" : ""),
                      fmt::format("{}/{}", m.n_a, m.n_b), number(m.mean_a), number(m.mean_b),
                      pct_ci(m.change.pct), m.verdict, p_value(m.change.p_holm),
                      p_value(m.change.p_mann_whitney_holm), m.gated ? gate_name(m.gate) : ""});
  if (t.rows.empty()) t.empty_reason = "no scenario with ok runs on both sides";
  t.notes.push_back(
      fmt::format("gate on tok/s: tau = {}% ({}); FAIL needs Holm p < 0.01 and the whole CI "
                  "beyond -tau; INCONCLUSIVE when only the point estimate is",
                  number(c.tau_pct, 2), c.tau_source));
  if (!c.only_in_a.empty()) t.notes.push_back(fmt::format("only in A: {}", fmt::join(c.only_in_a, ", ")));
  if (!c.only_in_b.empty()) t.notes.push_back(fmt::format("only in B: {}", fmt::join(c.only_in_b, ", ")));
  for (const auto& n : c.notes) t.notes.push_back(n);
  return t;
}

}  // namespace cudabench::results::report
