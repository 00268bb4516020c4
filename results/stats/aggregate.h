// Statistics across the runs of one session (docs/methodology.md "Estimates"): per scenario and metric
// summaries, degradation against the baseline scenario from per-block paired log-ratios of
// untraced tok/s, the Sched/1K ratio from traced runs, tests with Holm correction, MAD outlier flags,
// tracer overhead, and which runs were left out and why.
#pragma once

#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "results/metrics/histogram.h"
#include "results/metrics/registry.h"
#include "results/stats/attribution.h"
#include "results/stats/stats.h"
#include "results/store/store.h"

namespace cudabench::results {

struct AggregateOptions {
  std::string baseline = "baseline";
  double level = 0.95;
  int resamples = 10000;  // bootstrap resamples of the degradation cross-check
  // Median CIs of tail metrics: a report has ~100 of them, and 2,000 resamples put the Monte Carlo
  // error of a 95% percentile interval well below its width (Efron & Tibshirani 1993, ch. 13,
  // recommend 1,000-2,000 for percentile intervals); 10,000 each would cost seconds.
  int median_resamples = 2000;
  uint64_t seed = 1;                   // bootstrap seed: the same database always gives the same report
  double target_half_width_pct = 1.0;  // wanted CI half-width of a degradation, in %
  std::vector<CpuCalibration> calibration;  // the session's CPU calibration (Store::cpu_calibration)
};

struct MetricSummary {
  std::string name, unit;
  int n = 0;
  double mean = 0, median = 0, stddev = 0, cov = 0;
  stats::Interval ci;         // t-interval of the mean across runs
  stats::Interval median_ci;  // bootstrap over whole runs; tail metrics only, else invalid
};

struct OutlierFlag {
  int64_t run_id = 0;
  std::string metric;
  bool traced = false;
  double value = 0, z = 0;
  std::string likely_cause;  // outlier_cause.h: the covariate that stands out, or that none does
};

// A relative change of scenario B against reference A, in %: (ratio - 1) x 100, negative when B's
// value is lower. For tok/s negative means slower.
struct Change {
  stats::Interval pct;            // exponentiated log-ratio interval, in %
  stats::Interval bootstrap_pct;  // cross-check, invalid when not computed
  std::string method;             // "paired by block", "unpaired (Welch on logs)"
  double p = 1;                   // paired t (paired) or Welch (unpaired) on logs
  double p_welch = 1, p_mann_whitney = 1;
  double p_holm = 1, p_mann_whitney_holm = 1;  // adjusted across the scenarios of the table
  // SD of one block's log-ratio (paired), or sqrt(var ln a + var ln b) (unpaired): what the
  // interval's width scales with, so it tells how many blocks a narrower interval needs.
  double sd_log = std::numeric_limits<double>::quiet_NaN();
};

// Blocks in all that `c` needs for a CI half-width of `target_pct` (%), from its sd_log; -1 when
// unknown, above 100,000 when out of reach.
int blocks_for(const Change& c, double target_pct);

struct ScenarioSummary {
  std::string name;
  int untraced_runs = 0, traced_runs = 0;
  std::map<std::string, MetricSummary> untraced, traced;  // by metric name
  std::map<std::string, MetricSummary> intensity;         // "<kind>.<metric>", what interferers achieved
  std::optional<Change> throughput;                       // tok/s vs baseline; absent for the baseline itself
  bool throughput_from_traced = false;                    // no untraced runs: tok/s includes tracer overhead
  std::optional<stats::Interval> sched_ratio;             // Sched/1K vs baseline (x), traced runs
  std::string sched_ratio_na;             // why sched_ratio is absent though both have traced runs
  std::optional<Change> tracer_overhead;  // traced vs untraced tok/s of this scenario, all traced runs
  // The same per trace level (sched, launch) when the session ran both: their costs differ ~10x.
  std::map<TraceLevel, Change> tracer_overhead_by_level;
  std::vector<OutlierFlag> outliers;
  int blocks_needed = -1;  // blocks_for(throughput, target_half_width_pct), -1 when not computable
  std::map<std::string, Histogram> distributions;  // merged over traced runs, by name
  std::map<std::string, std::string> distribution_units;

  const MetricSummary* metric(const metrics::Key& name, bool traced) const;
  // untraced first (tok/s and workload figures), then traced (mechanism figures).
  const MetricSummary* any_metric(const metrics::Key& name) const;
  const Histogram* distribution(const metrics::Key& name) const;
};

struct ExcludedRun {
  int64_t id = 0;
  std::string scenario;
  int block = 0;
  bool traced = false;
  std::string status, reason;
};

struct RunPoint {  // one run in execution order, for the drift strip chart
  int64_t id = 0;
  std::string scenario;
  int block = 0, position = 0;
  bool traced = false;
  double tokens_per_s = 0;
};

struct EnvironmentGroup {
  Environment env;
  int runs = 0;
};

// A mitigated scenario against the unmitigated one it is derived from (docs/study.md "mitigation
// effect": optimized vs noisy_cpu), found by name: "optimized" and "isolated" vs "noisy_cpu";
// "<x>_pinned", "<x>_optimized", "<x>_isolated", "graph_<x>", "pinned_<x>", "isolated_<x>" vs "<x>".
struct Mitigation {
  std::string mitigated, unmitigated;
  std::optional<Change> throughput;            // tok/s of mitigated vs unmitigated
  std::optional<stats::Interval> sched_ratio;  // Sched/1K mitigated / unmitigated
  std::string sched_ratio_na;                  // why sched_ratio is absent though both have traced runs
};

struct SessionSummary {
  std::optional<SessionInfo> session;
  std::string baseline;
  bool baseline_found = false;
  double level = 0.95, target_half_width_pct = 1.0;
  std::vector<ScenarioSummary> scenarios;  // baseline first, then the study's order, then by name
  std::vector<Mitigation> mitigations;
  std::vector<ExcludedRun> excluded;
  std::vector<RunPoint> timeline;
  std::vector<EnvironmentGroup> environments;
  int warmup_runs = 0;
  std::vector<std::string> notes;  // facts the reader must know (mixed environments, ...)
  std::vector<Decomposition> attribution;  // where each scenario's loss went (attribution.h)
  std::map<int, double> cpu_speed;         // CPU -> calibrated speed relative to the fastest

  const ScenarioSummary* scenario(const std::string& name) const;
};

// Runs of one session (or any selection). Warmup runs and runs whose status is not ok are left out
// of every figure; the latter are listed with their reason.
SessionSummary aggregate_runs(const std::vector<RunRecord>& runs, const AggregateOptions& options);

// The change of B against A for tok/s-like metrics, paired by block where both have runs in at
// least two common blocks (and pairing is allowed: runs of different sessions share no time slot),
// unpaired otherwise. Values are per-run; blocks may repeat.
struct BlockValue {
  int block = 0;
  double value = 0;
};
Change relative_change(const std::vector<BlockValue>& a, const std::vector<BlockValue>& b,
                       const AggregateOptions& options, bool allow_pairing = true);
// ln(b / a) of every block where both have a positive value (each side's runs of a block averaged):
// the sample of a paired change, and of the --target-ci stopping rule (sequential.h).
std::vector<double> paired_log_ratios(const std::vector<BlockValue>& a, const std::vector<BlockValue>& b);

// Baseline first, then docs/study.md's scenario order, then the rest by name.
std::vector<std::string> order_scenarios(std::vector<std::string> names, const std::string& baseline);

// Summaries of a plain list of per-run values.
MetricSummary summarize(const std::string& name, const std::string& unit, const std::vector<double>& values,
                        const AggregateOptions& options, bool tail_metric);
// Tail metrics (percentiles, maxima: metrics::Kind::tail) get a bootstrap interval of the median.
bool is_tail_metric(const std::string& name);

}  // namespace cudabench::results
