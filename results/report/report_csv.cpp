// CSV report: one row per scenario x run type x metric, plus rows for the derived comparisons
// (run_type "vs_baseline", "tracer"), so a spreadsheet or pandas needs no JSON. RFC 4180 quoting.
#include <cmath>
#include <ostream>

#include <fmt/format.h>

#include "results/report/format.h"
#include "results/report/model.h"
#include "results/report/tables.h"

namespace cudabench::results::report {
namespace {

std::string quote(const std::string& s) {
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

std::string num(double v) {
  return std::isfinite(v) ? fmt::format("{}", v) : "";
}

constexpr const char* header =
    "scenario,run_type,metric,unit,n,mean,ci_lo,ci_hi,median,median_ci_lo,median_ci_hi,stddev,p_holm\n";

void metric_rows(std::ostream& out, const std::string& scenario, const char* type,
                 const std::map<std::string, MetricSummary>& metrics) {
  for (const auto& [name, m] : metrics)
    out << quote(scenario) << "," << type << "," << quote(name) << "," << quote(m.unit) << "," << m.n << ","
        << num(m.mean) << "," << num(m.ci.lo) << "," << num(m.ci.hi) << "," << num(m.median) << ","
        << num(m.median_ci.lo) << "," << num(m.median_ci.hi) << "," << num(m.stddev) << ",\n";
}

void derived_row(std::ostream& out, const std::string& scenario, const char* type, const std::string& metric,
                 const std::string& unit, const stats::Interval& i, double p) {
  out << quote(scenario) << "," << type << "," << metric << "," << unit << "," << i.n << ","
      << num(i.estimate) << "," << num(i.lo) << "," << num(i.hi) << ",,,,," << num(p) << "\n";
}

}  // namespace

void render_csv(const Report& r, std::ostream& out) {
  out << header;
  for (const auto& s : r.summary.scenarios) {
    metric_rows(out, s.name, "untraced", s.untraced);
    metric_rows(out, s.name, "traced", s.traced);
    metric_rows(out, s.name, "intensity", s.intensity);
    if (s.throughput) {
      derived_row(out, s.name, "vs_baseline", "tokens_per_s.change_pct", "%", s.throughput->pct,
                  s.throughput->p_holm);
      derived_row(out, s.name, "vs_baseline", "degradation_pct", "%", degradation(s.throughput->pct),
                  s.throughput->p_holm);
    }
    if (s.sched_ratio)
      derived_row(out, s.name, "vs_baseline", "sched_per_1k.ratio", "x", *s.sched_ratio, NAN);
    if (s.tracer_overhead)
      derived_row(out, s.name, "tracer", "tokens_per_s.change_pct", "%", s.tracer_overhead->pct,
                  s.tracer_overhead->p);
  }
}

void render_comparison_csv(const Comparison& c, std::ostream& out) {
  out << "scenario,metric,unit,run_type,n_a,n_b,mean_a,mean_b,change_pct,ci_lo,ci_hi,p_holm,p_mw_holm,"
         "verdict,gate\n";
  for (const auto& m : c.changes)
    out << quote(m.scenario) << "," << quote(m.metric) << "," << quote(m.unit) << ","
        << (m.traced ? "traced" : "untraced") << "," << m.n_a << "," << m.n_b << "," << num(m.mean_a) << ","
        << num(m.mean_b) << "," << num(m.change.pct.estimate) << "," << num(m.change.pct.lo) << ","
        << num(m.change.pct.hi) << "," << num(m.change.p_holm) << "," << num(m.change.p_mann_whitney_holm)
        << "," << quote(m.verdict) << "," << (m.gated ? gate_name(m.gate) : "") << "\n";
}

}  // namespace cudabench::results::report
