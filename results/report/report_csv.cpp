// CSV report: the derived comparisons first (run_type "vs_baseline", "tracer", with their verdict),
// then one row per scenario x run type x metric, so a spreadsheet or pandas needs no JSON.
#include <cmath>

#include <fmt/format.h>

#include "results/report/format.h"
#include "results/report/report_parts.h"

namespace cudabench::results::report {
namespace {

std::string num(double v) {
  return std::isfinite(v) ? fmt::format("{}", v) : "";
}

void metric_rows(Table& t, const std::string& scenario, const char* type,
                 const std::map<std::string, MetricSummary>& metrics) {
  for (const auto& [name, m] : metrics)
    t.rows.push_back({scenario, type, name, m.unit, std::to_string(m.n), num(m.mean), num(m.ci.lo),
                      num(m.ci.hi), num(m.median), num(m.median_ci.lo), num(m.median_ci.hi), num(m.stddev),
                      "", ""});
}

void derived_row(Table& t, const std::string& scenario, const char* type, const std::string& metric,
                 const std::string& unit, const stats::Interval& i, double p, const std::string& verdict) {
  t.rows.push_back({scenario, type, metric, unit, std::to_string(i.n), num(i.estimate), num(i.lo), num(i.hi),
                    "", "", "", "", num(p), verdict});
}

}  // namespace

Table report_csv(const Report& r) {
  Table t{"",
          {"scenario", "run_type", "metric", "unit", "n", "mean", "ci_lo", "ci_hi", "median", "median_ci_lo",
           "median_ci_hi", "stddev", "p_holm", "verdict"},
          {},
          "",
          {}};
  // The answer first, as in every format: each scenario's change against the baseline, then the
  // tracer's cost, then every metric.
  for (const auto& s : r.summary.scenarios) {
    if (!s.throughput) continue;
    const std::string verdict = throughput_verdict(s.throughput->pct, r.threshold_pct);
    derived_row(t, s.name, "vs_baseline", "tokens_per_s.change_pct", "%", s.throughput->pct,
                s.throughput->p_holm, verdict);
    derived_row(t, s.name, "vs_baseline", "degradation_pct", "%", degradation(s.throughput->pct),
                s.throughput->p_holm, verdict);
    if (s.sched_ratio)
      derived_row(t, s.name, "vs_baseline", "sched_per_1k.ratio", "x", *s.sched_ratio, NAN, "");
  }
  for (const auto& s : r.summary.scenarios)
    if (s.tracer_overhead)
      derived_row(t, s.name, "tracer", "tokens_per_s.change_pct", "%", s.tracer_overhead->pct,
                  s.tracer_overhead->p, throughput_verdict(s.tracer_overhead->pct, r.threshold_pct));
  for (const auto& s : r.summary.scenarios) {
    metric_rows(t, s.name, "untraced", s.untraced);
    metric_rows(t, s.name, "traced", s.traced);
    metric_rows(t, s.name, "intensity", s.intensity);
  }
  return t;
}

}  // namespace cudabench::results::report
