// `report --compare A B`: every scenario and metric of candidate B against reference A, and the
// regression gate of docs/methodology.md on the figure of merit (tok/s):
//   FAIL (exit 1)         Holm-adjusted p < 0.01 and the whole 95% CI of the tok/s change lies
//                         beyond -tau (a slowdown larger than tau);
//   PASS (exit 0)         the CI's lower end is at or above -tau: a slowdown beyond tau is ruled out;
//   INCONCLUSIVE (exit 3) otherwise: the CI reaches past -tau without being wholly beyond it, or
//                         there are too few blocks for an interval. A CI wider than the threshold
//                         allows never passes.
// Every other metric gets a change and a verdict. Like nvbench_compare.py, a change is named only
// outside its CI. Before any of it, both sides are checked to be like with like (same scenario
// configuration, GPU and driver): `mismatches` lists what differs.
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
  bool check_configuration = true;  // false for reference twins, whose program differs by design
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
  std::vector<std::string> mismatches;  // like_with_like.h: what makes A and B not comparable
};

Comparison compare_runs(const std::vector<RunRecord>& a, const std::vector<RunRecord>& b,
                        const CompareOptions& options, const std::string& label_a,
                        const std::string& label_b);

}  // namespace cudabench::results
