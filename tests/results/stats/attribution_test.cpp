// decompose_losses on constructed runs whose changes are known exactly.
#include <doctest/doctest.h>

#include "results/stats/attribution.h"

namespace r = cudabench::results;
using doctest::Approx;

namespace {

r::RunRecord run(const std::string& scenario, int block, r::TraceLevel level,
                 std::vector<r::Metric> metrics) {
  static int64_t id = 0;
  r::RunRecord x;
  x.id = ++id;
  x.scenario = scenario;
  x.block = block;
  x.trace = level;
  x.traced = level != r::TraceLevel::none;
  x.status = r::RunStatus::ok;
  x.metrics = std::move(metrics);
  return x;
}

// One block: an untraced run (decode time) and a sched-traced run (its window's states) of each
// scenario. noisy_cpu's loss: +50 ms, of which preempted +40, waiting +4, on-CPU +5 (slower CPUs),
// unknown +0.5; 0.5 ms unexplained. A little per-block jitter keeps the intervals finite.
std::vector<r::RunRecord> session() {
  std::vector<r::RunRecord> runs;
  for (int b = 0; b < 6; ++b) {
    double j = (b % 3 - 1) * 0.1;
    runs.push_back(run("baseline", b, r::TraceLevel::none, {{"decode_ms", 200 + j, "ms"}}));
    runs.push_back(run("noisy_cpu", b, r::TraceLevel::none, {{"decode_ms", 250 + 2 * j, "ms"}}));
    runs.push_back(run("baseline", b, r::TraceLevel::sched,
                       {{"time.window_ms", 201 + j, "ms"},
                        {"time.oncpu_ms", 190 + j, "ms"},
                        {"time.irq_ms", 1, "ms"},
                        {"time.waiting_ms", 10, "ms"},
                        {"time.oncpu_per_launch_us", 4, "us"},
                        {"cpu.5.residency_pct", 100, "%"}}));
    runs.push_back(run("noisy_cpu", b, r::TraceLevel::sched,
                       {{"time.window_ms", 250.5 + 2 * j, "ms"},
                        {"time.oncpu_ms", 195 + 2 * j - j, "ms"},
                        {"time.irq_ms", 1, "ms"},
                        {"time.preempted_ms", 40, "ms"},
                        {"time.waiting_ms", 14, "ms"},
                        {"time.unknown_ms", 0.5, "ms"},
                        {"time.oncpu_per_launch_us", 4.1, "us"},
                        {"preemptor.stress-ng-cpu.time_ms", 40, "ms"},
                        {"cpu.0.residency_pct", 100, "%"}}));
  }
  runs.push_back(run("noisy_cpu", 0, r::TraceLevel::none, {{"decode_ms", 9e9, "ms"}}));
  runs.back().status = r::RunStatus::failed;  // left out
  return runs;
}

}  // namespace

TEST_SUITE("unit") {
  TEST_CASE(
      "a loss splits into the changes of the critical thread's states - with what they leave unexplained") {
    std::vector<r::CpuCalibration> calibration = {{0, "compute", 1.25}, {5, "compute", 1.0}};
    auto d = r::decompose_losses(session(), "baseline", calibration);
    REQUIRE(d.size() == 1);
    const auto& n = d[0];
    CHECK(n.scenario == "noisy_cpu");
    CHECK(n.level == r::TraceLevel::sched);
    CHECK(n.paired_blocks == 6);
    REQUIRE(n.loss_ms);
    CHECK(n.loss_ms->estimate == Approx(50));
    CHECK(n.window_delta_ms.estimate == Approx(49.5));
    auto part = [&](const std::string& metric) {
      for (const auto& p : n.parts)
        if (p.metric == metric) return p.delta_ms.estimate;
      FAIL("no part " << metric);
      return 0.0;
    };
    CHECK(part("time.oncpu_ms") == Approx(5));
    CHECK(part("time.preempted_ms") == Approx(40));
    CHECK(part("time.waiting_ms") == Approx(4));
    CHECK(part("time.irq_ms") == Approx(0));
    CHECK(part("time.unknown_ms") == Approx(0.5));
    // 50 - (5 + 0 + 40 + 4) = 1: the unknown 0.5 ms and 0.5 ms the traced window did not see.
    REQUIRE(n.unexplained_ms);
    CHECK(n.unexplained_ms->estimate == Approx(1));
    REQUIRE(n.oncpu_per_launch_delta_us);
    CHECK(n.oncpu_per_launch_delta_us->estimate == Approx(0.1));
    REQUIRE(!n.preemptors.empty());
    CHECK(n.preemptors[0].first == "stress-ng-cpu");
    CHECK(n.preemptors[0].second.estimate == Approx(40));
    REQUIRE(n.cpu_speed_ratio);
    CHECK(*n.cpu_speed_ratio == Approx(0.8));  // CPU 0 takes 25% longer than CPU 5
  }

  TEST_CASE("no decomposition without traced runs on both sides") {
    auto runs = session();
    std::erase_if(runs, [](const r::RunRecord& x) { return x.scenario == "baseline" && x.traced; });
    CHECK(r::decompose_losses(runs, "baseline", {}).empty());
  }

}  // TEST_SUITE
