// Advice about the data behind the figures: what the tracer cost, what is missing (untraced runs,
// interferer intensity, traced runs, launches), how precise the changes are, and outliers.
#include <cmath>

#include <fmt/format.h>

#include "results/report/advice_detail.h"
#include "results/report/format.h"

namespace cudabench::results {
namespace {

using report::number;
using report::pct_ci;

bool unresolved(const ScenarioSummary& s, double band) {
  return s.throughput && report::classify(s.throughput->pct, band) == report::Verdict::unresolved;
}

void precision(const SessionSummary& sum, const ScenarioSummary& s, const AdviceThresholds& t,
               std::vector<Advice>& out) {
  // An unresolved change already has its advice (interference); this is for decided but wide ones.
  if (!s.throughput || !s.throughput->pct.valid() || unresolved(s, t.band_pct)) return;
  const double hw = s.throughput->pct.half_width();
  if (hw <= sum.target_half_width_pct) return;
  out.push_back({"precision",
                 fmt::format("{}: the change CI is +-{}%, wider than the +-{}% target", s.name, number(hw, 2),
                             number(sum.target_half_width_pct)),
                 more_blocks(*s.throughput, sum.target_half_width_pct, t.practical_blocks)});
}

// Traced runs that finished ok, and the traced runs left out.
std::pair<int, int> traced_runs(const SessionSummary& sum) {
  int ok = 0, left_out = 0;
  for (const auto& s : sum.scenarios) ok += s.traced_runs;
  for (const auto& e : sum.excluded) left_out += e.traced;
  return {ok, left_out};
}

void missing_mechanism(const SessionSummary& sum, std::vector<Advice>& out) {
  const auto [ok, left_out] = traced_runs(sum);
  if (sum.scenarios.empty()) return;
  if (ok == 0) {
    if (left_out > 0)
      out.push_back(
          {"data",
           fmt::format("no traced run finished ok ({} left out, see \"Runs left out\"): switches, IRQs "
                       "and launch pairs are unknown",
                       left_out),
           "fix what the reasons name, then run again"});
    else
      out.push_back({"data", "no traced runs: switches, IRQs and launch pairs are unknown",
                     "run with --trace both to measure the mechanism beside tok/s"});
    return;
  }
  double launches = 0;
  for (const auto& s : sum.scenarios)
    if (const auto* m = s.metric(metrics::launches, true)) launches += m->mean;
  if (launches == 0)
    out.push_back(
        {"data",
         fmt::format("the {} traced runs saw 0 kernel launches: the workload does not use CUDA, or the "
                     "tracer did not find its libcuda",
                     ok),
         "for a CUDA workload, pass --cuda-lib PATH (the libcuda.so.1 it loads)"});
}

}  // namespace

std::string more_blocks(const Change& c, double target_pct, int practical_blocks) {
  const int now = c.pct.n;
  for (double h : {target_pct, 2.0, 5.0, 10.0}) {
    if (h < target_pct) continue;
    const int b = blocks_for(c, h);
    if (b > now && b <= practical_blocks)
      return fmt::format("{} more block{} would reach +-{:g}%", b - now, b - now == 1 ? "" : "s", h);
  }
  if (!std::isfinite(c.sd_log)) return "run more blocks: two or more paired blocks give an interval";
  return fmt::format(
      "even +-10% would take more than {} blocks at this noise (one block's log-ratio varies by {}%): "
      "find the noise first (a quiet machine, the workload pinned)",
      practical_blocks, number(std::expm1(c.sd_log) * 100, 1));
}

namespace detail {

void data_advice(const SessionSummary& sum, const AdviceThresholds& t, std::vector<Advice>& out) {
  if (const auto* base = sum.scenario(sum.baseline);
      base && base->tracer_overhead && base->tracer_overhead->pct.valid()) {
    const auto& pct = base->tracer_overhead->pct;
    out.push_back({"tracer", fmt::format("tracing changes {} tok/s by {}", sum.baseline, pct_ci(pct)),
                   pct.excludes(0)
                       ? "degradation figures use untraced runs only; compare traced figures only with "
                         "traced figures"
                       : ""});
  }
  for (const auto& s : sum.scenarios) {
    if (s.throughput_from_traced)
      out.push_back({"data", s.name + ": tok/s comes from traced runs and includes tracer overhead",
                     "run with --trace both so untraced runs measure tok/s"});
    if (s.name != sum.baseline && s.intensity.empty())
      out.push_back({"data", s.name + ": no interferer intensity was recorded",
                     "a 'no effect' result means nothing without proof the load was there"});
    precision(sum, s, t, out);
    if (!s.outliers.empty())
      out.push_back({"data",
                     fmt::format("{}: {} run(s) flagged as outliers (MAD z > 3.5), kept in the figures",
                                 s.name, s.outliers.size()),
                     "look at those runs with 'cudabench show RUN_ID' (stderr, environment, notes)"});
  }
  missing_mechanism(sum, out);
}

}  // namespace detail
}  // namespace cudabench::results
