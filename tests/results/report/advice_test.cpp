// derive_advice on synthetic sessions: advice follows from the tables' intervals and never outruns
// them.
#include <doctest/doctest.h>

#include "results/report/advice.h"
#include "results/stats/aggregate.h"
#include "tests/results/synthetic_session.h"

namespace r = cudabench::results;
using cudabench::testing::synthetic_session;
using cudabench::testing::SyntheticOptions;

namespace {

std::string all_text(const std::vector<r::Advice>& advice) {
  std::string out;
  for (const auto& a : advice) out += "[" + a.topic + "] " + a.finding + " -> " + a.action + "\n";
  return out;
}

}  // namespace

TEST_SUITE("unit") {
  TEST_CASE("faster mitigations and hardware-bound ones are said to be") {
    // Shaped like the H100 session: a CUDA Graph variant of noisy_cpu beats even the baseline.
    std::vector<cudabench::testing::SyntheticScenario> scenarios = {
        {"baseline", 1.0, 22.8, 5.8, 0.0},
        {"noisy_cpu", 0.75, 900, 6.4, 0.0},
        {"isolated", 0.9, 25, 2.8, 0.0},
        {"graph_noisy_cpu", 1.6, 40, 2.0, 0.0, 0.001}};
    SyntheticOptions o;
    o.blocks = 8;
    o.cov = 0.02;
    auto runs = synthetic_session(scenarios, o);
    std::string faster, time_isolated;
    for (const auto& a : r::derive_advice(r::aggregate_runs(runs, {}))) {
      if (a.topic == "time" && a.finding.rfind("isolated lost", 0) == 0) time_isolated = a.finding + " -> " + a.action;
      if (a.finding.rfind("measurably faster", 0) == 0) faster = a.finding;
    }
    CHECK(faster.find("graph_noisy_cpu") != std::string::npos);
    // isolated: 10% slower than baseline at the baseline's switch rate: its time went to on-CPU work.
    CHECK(time_isolated.find(": on-CPU +") != std::string::npos);
    CHECK(time_isolated.find("shared hardware") != std::string::npos);

    // Without thread-state times (older traces) the same is read from the switch rate and off-CPU share.
    for (auto& run : runs) std::erase_if(run.metrics, [](const r::Metric& m) { return m.name.rfind("time.", 0) == 0; });
    std::string hardware;
    for (const auto& a : r::derive_advice(r::aggregate_runs(runs, {})))
      if (a.topic == "isolation" && a.finding.find("shared hardware") != std::string::npos) hardware = a.finding;
    CHECK(hardware.rfind("isolated is still slower than baseline without more preemption", 0) == 0);
  }

  TEST_CASE("where the time went: the largest measurable part names the remedy, the fastest CPUs included") {
    SyntheticOptions o;
    o.blocks = 6;
    const auto runs = synthetic_session({{"baseline", 1.0, 22.8, 5.8, 0.0}, {"noisy_cpu", 0.9, 11932.8, 6.4, 0.0}}, o);
    r::AggregateOptions opts;
    for (int cpu = 0; cpu < 4; ++cpu) opts.calibration.push_back({cpu, "compute", cpu < 2 ? 3.3 : 4.3});
    const std::string text = all_text(r::derive_advice(r::aggregate_runs(runs, opts)));
    CHECK(text.find("[time] noisy_cpu lost +") != std::string::npos);
    CHECK(text.find("preempted (runnable) +") != std::string::npos);
    CHECK(text.find("fastest CPUs the calibration found (0-1)") != std::string::npos);
  }

  TEST_CASE("an interval too wide to decide is not resolved, with the blocks that would resolve it") {
    SyntheticOptions o;
    o.blocks = 3;
    o.cov = 0.08;
    o.traced = false;
    const auto s = r::aggregate_runs(synthetic_session({{"baseline", 1.0}, {"noisy_cpu", 0.98}}, o), {});
    const std::string text = all_text(r::derive_advice(s));
    CHECK(text.find("noisy_cpu vs baseline: not resolved") != std::string::npos);
    CHECK(text.find("more blocks would reach +-") != std::string::npos);
    CHECK(text.find("no action needed") == std::string::npos);
  }

  TEST_CASE("no action needed only when every interval lies inside the band of no practical difference") {
    SyntheticOptions o;
    o.blocks = 8;
    o.cov = 0.002;
    o.traced = false;
    const auto s = r::aggregate_runs(synthetic_session({{"baseline", 1.0}, {"noisy_disk", 1.0}}, o), {});
    const std::string text = all_text(r::derive_advice(s));
    CHECK(text.find("no difference beyond +-2% from baseline: noisy_disk") != std::string::npos);
    CHECK(text.find("no action needed") != std::string::npos);
  }

  TEST_CASE("remedies name flags the command line accepts") {
    SyntheticOptions o;
    o.traced = false;
    const auto s = r::aggregate_runs(synthetic_session({{"baseline", 1.0}, {"noisy_cpu", 0.9}}, o), {});
    const std::string text = all_text(r::derive_advice(s));
    CHECK(text.find("run with --trace both") != std::string::npos);
    CHECK(text.find("trace = ") == std::string::npos);
  }

  TEST_CASE("more_blocks: the narrowest reachable width, or the noise to find first") {
    r::Change c;
    c.pct = {-3, -20, 16, 3};
    c.sd_log = 0.10;  // one block's log-ratio varies by 10%
    CHECK(r::more_blocks(c, 1.0, 50) == "16 more blocks would reach +-5%");
    c.sd_log = 0.8;
    CHECK(r::more_blocks(c, 1.0, 50).rfind("even +-10% would take more than 50 blocks", 0) == 0);
  }
}
