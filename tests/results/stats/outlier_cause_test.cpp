#include <doctest/doctest.h>

#include "results/stats/outlier_cause.h"

using namespace cudabench::results;

namespace {

RunRecord run_with(std::vector<Metric> metrics) {
  RunRecord r;
  r.metrics = std::move(metrics);
  return r;
}

std::vector<const RunRecord*> pointers(const std::vector<RunRecord>& runs) {
  std::vector<const RunRecord*> out;
  for (const auto& r : runs) out.push_back(&r);
  return out;
}

}  // namespace

TEST_CASE("outlier cause: the covariate that stands out, or none") {
  std::vector<RunRecord> runs;
  for (double steal : {2.0, 3.0, 2.5, 3.5, 2.0, 150.0})
    runs.push_back(run_with({{"steal.ms", steal, "ms"}, {"rusage.nivcsw", 10, "count"}}));
  const auto peers = pointers(runs);
  CHECK(stats::likely_outlier_cause(runs[5], peers) == "hypervisor steal 150 ms (others: median 3 ms)");
  CHECK(stats::likely_outlier_cause(runs[0], peers) == "no covariate stands out");

  // A value far below the others is no cause of a slow run.
  runs[5].metrics[0].value = 0;
  runs[0].metrics[0].value = 0;
  CHECK(stats::likely_outlier_cause(runs[5], pointers(runs)) == "no covariate stands out");
}

TEST_CASE("outlier cause: a traced run that ran mostly on another CPU") {
  std::vector<RunRecord> runs;
  for (int cpu : {2, 2, 2, 5})
    runs.push_back(run_with({{"cpu." + std::to_string(cpu) + ".residency_pct", 97, "%"},
                             {"cpu.0.residency_pct", 3, "%"}}));
  const auto peers = pointers(runs);
  CHECK(stats::likely_outlier_cause(runs[3], peers) == "ran mostly on CPU 5 (the others on CPU 2)");
  CHECK(stats::likely_outlier_cause(runs[0], peers) == "no covariate stands out");
}
