// derive_advice on synthetic sessions: advice follows from the tables' intervals.
#include <doctest/doctest.h>

#include "results/report/advice.h"
#include "results/stats/aggregate.h"
#include "tests/results/synthetic_session.h"

namespace r = cudabench::results;
using cudabench::testing::synthetic_session;

TEST_SUITE("unit") {
  TEST_CASE("faster mitigations and hardware-bound ones are said to be") {
    // Shaped like the H100 session: a CUDA Graph variant of noisy_cpu beats even the baseline.
    std::vector<cudabench::testing::SyntheticScenario> scenarios = {
        {"baseline", 1.0, 22.8, 5.8, 0.0},
        {"noisy_cpu", 0.75, 900, 6.4, 0.0},
        {"isolated", 0.9, 25, 2.8, 0.0},
        {"graph_noisy_cpu", 1.6, 40, 2.0, 0.0, 0.001}};
    cudabench::testing::SyntheticOptions o;
    o.blocks = 8;
    o.cov = 0.02;
    const auto s = r::aggregate_runs(synthetic_session(scenarios, o), {});
    std::string faster, quiet, hardware;
    for (const auto& a : r::derive_advice(s)) {
      if (a.topic == "isolation" && a.finding.find("shared hardware") != std::string::npos)
        hardware = a.finding;
      if (a.finding.rfind("measurably faster", 0) == 0) faster = a.finding;
      if (a.finding.rfind("not distinguishable", 0) == 0) quiet = a.finding;
    }
    CHECK(faster.find("graph_noisy_cpu") != std::string::npos);
    CHECK(quiet.find("graph_noisy_cpu") == std::string::npos);
    // isolated: 10% slower than baseline at the baseline's Sched/1K, so not the scheduler's doing.
    CHECK(hardware.rfind("isolated is still slower than baseline without extra preemption", 0) == 0);
  }

}  // TEST_SUITE
