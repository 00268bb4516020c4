// `run --target-ci`: which changes a session compares, and how precise each is after the blocks so
// far (the stopping rule is results/stats/sequential.h; docs/precision.md explains it).
#pragma once

#include <map>
#include <string>
#include <vector>

#include "harness/scenario/scenario.h"
#include "results/stats/aggregate.h"
#include "results/stats/sequential.h"
#include "results/store/store.h"

namespace cudabench::harness {

// A change the target applies to: `candidate` against `reference`.
struct ComparedPair {
  std::string reference, candidate;
  std::string label() const { return candidate + " vs " + reference; }
};

// With --reference twins, every scenario against its "<name>@ref" twin (what `report
// --compare-within ref` gates); otherwise every scenario against `baseline` (the report's
// degradation table), the --aa twin included. Empty when there is nothing to compare.
std::vector<ComparedPair> compared_pairs(const std::vector<Scenario>& scenarios, const std::string& baseline);

// The figures of the runs that count, by scenario and block, and the precision they give.
class PrecisionTracker {
 public:
  // `traced`: count traced runs (a session without untraced runs, --trace on), else untraced.
  PrecisionTracker(std::vector<ComparedPair> pairs, results::stats::StoppingRule rule, bool traced);

  // An ok, measured run of the session: its figure (the workload's metric) is kept.
  void add(const results::RunRecord& run, const std::string& metric);
  // One entry per pair, in the order of the pairs.
  std::vector<results::stats::Precision> assess() const;
  const std::vector<ComparedPair>& pairs() const { return pairs_; }
  const results::stats::StoppingRule& rule() const { return rule_; }

 private:
  std::vector<ComparedPair> pairs_;
  results::stats::StoppingRule rule_;
  bool traced_;
  std::map<std::string, std::vector<results::BlockValue>> values_;  // by scenario
};

}  // namespace cudabench::harness
