// `report --compare A B`: every scenario and metric of candidate B against reference A, and the
// regression gate of METHODOLOGY.md:
//   FAIL (exit 1)         Holm-adjusted p < 0.01 and the whole 95% CI of the tok/s change lies
//                         beyond -tau (a slowdown larger than tau);
//   INCONCLUSIVE (exit 3) the point estimate is a slowdown beyond tau but the gate above fails;
//   PASS (exit 0)         otherwise.
// Only tok/s (the figure of merit) is gated; every other metric gets a change and a verdict.
// A noise-aware verdict in the manner of nvbench_compare.py: a change is named only outside its CI.
#pragma once

#include <string>
#include <vector>

#include "results/stats/aggregate.h"

namespace cudabench::results {

enum class GateOutcome { pass = 0, fail = 1, inconclusive = 3 };
const char* gate_name(GateOutcome outcome);
int exit_code(GateOutcome outcome);

struct CompareOptions {
  double threshold_pct = -1;  // tau; < 0: max(2%, 3 x A/A CI half-width) or 2%
  double fail_alpha = 0.01;
  AggregateOptions aggregate;
};

struct MetricChange {
  std::string scenario, metric, unit;
  bool traced = false;  // figures from traced runs
  int n_a = 0, n_b = 0;
  double mean_a = 0, mean_b = 0;
  Change change;        // B vs A in %
  std::string verdict;  // faster/slower (or higher/lower), no significant difference, inconclusive
  bool gated = false;
  GateOutcome gate = GateOutcome::pass;
};

struct Comparison {
  std::string label_a, label_b;
  double tau_pct = 2;
  std::string tau_source;
  std::vector<MetricChange> changes;  // scenario order, tok/s first within a scenario
  std::vector<std::string> only_in_a, only_in_b;
  GateOutcome outcome = GateOutcome::pass;
  std::vector<std::string> notes;
};

Comparison compare_runs(const std::vector<RunRecord>& a, const std::vector<RunRecord>& b,
                        const CompareOptions& options, const std::string& label_a,
                        const std::string& label_b);

// Whether a higher value of the metric is better (+1), worse (-1) or neither (0), for the words.
int metric_direction(const std::string& name);

}  // namespace cudabench::results
