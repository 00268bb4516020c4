// aggregate_runs on constructed sessions: exclusions, degradation from paired blocks, the Sched/1K
// ratio, Holm, outlier flags, tracer overhead.
#include <doctest/doctest.h>

#include <cmath>

#include "results/stats/aggregate.h"
#include "tests/results/synthetic_session.h"

namespace r = cudabench::results;
using cudabench::testing::study_scenarios;
using cudabench::testing::synthetic_session;
using doctest::Approx;

namespace {

r::RunRecord run(int64_t id, const std::string& scenario, int block, double tps, bool traced = false) {
  r::RunRecord x;
  x.id = id;
  x.session_id = 1;
  x.scenario = scenario;
  x.block = block;
  x.traced = traced;
  x.status = r::RunStatus::ok;
  x.metrics.push_back({"tokens_per_s", tps, "tok/s"});
  return x;
}

}  // namespace

TEST_SUITE("unit") {
  TEST_CASE("degradation is the exponentiated mean of per-block log ratios") {
    std::vector<r::RunRecord> runs;
    const double base[] = {100, 102, 98, 101, 99};
    const double factor[] = {0.90, 0.91, 0.89, 0.90, 0.90};
    for (int b = 0; b < 5; ++b) {
      runs.push_back(run(b * 2 + 1, "baseline", b, base[b]));
      runs.push_back(run(b * 2 + 2, "noisy_cpu", b, base[b] * factor[b]));
    }
    const auto s = r::aggregate_runs(runs, {});
    REQUIRE(s.scenarios.size() == 2);
    CHECK(s.scenarios[0].name == "baseline");
    const auto& c = *s.scenarios[1].throughput;
    double mean_log = 0;
    for (double f : factor) mean_log += std::log(f) / 5;
    CHECK(c.pct.estimate == Approx((std::exp(mean_log) - 1) * 100));
    CHECK(c.method == "paired by block");
    CHECK(c.pct.hi < 0);  // a slowdown: the whole CI is below zero
    CHECK(c.bootstrap_pct.lo < c.pct.estimate);
    CHECK(c.bootstrap_pct.hi > c.pct.estimate);
    CHECK(c.p < 0.001);
    CHECK_FALSE(s.scenarios[0].throughput.has_value());
  }

  TEST_CASE("warmup and failed runs are left out - failures are listed with their reason") {
    std::vector<r::RunRecord> runs;
    for (int b = 0; b < 3; ++b) runs.push_back(run(b + 1, "baseline", b, 100 + b));
    auto warm = run(10, "baseline", -1, 5);
    warm.warmup = true;
    auto bad = run(11, "baseline", 1, 1);
    bad.status = r::RunStatus::invalid;
    bad.reason = "interferer stress-ng exited early";
    runs.push_back(warm);
    runs.push_back(bad);
    const auto s = r::aggregate_runs(runs, {});
    CHECK(s.warmup_runs == 1);
    REQUIRE(s.excluded.size() == 1);
    CHECK(s.excluded[0].id == 11);
    CHECK(s.excluded[0].status == "invalid");
    CHECK(s.excluded[0].reason == "interferer stress-ng exited early");
    CHECK(s.scenarios[0].untraced.at("tokens_per_s").n == 3);
    CHECK(s.scenarios[0].untraced.at("tokens_per_s").mean == Approx(101));
  }

  TEST_CASE("a study-shaped session reproduces its effects with intervals") {
    cudabench::testing::SyntheticOptions o;
    o.blocks = 10;
    const auto s = r::aggregate_runs(synthetic_session(study_scenarios(), o), {});
    REQUIRE(s.scenarios.size() == 6);
    CHECK(s.scenarios[1].name == "noisy_cpu");
    CHECK(s.scenarios[5].name == "optimized");
    const auto* cpu = s.scenario("noisy_cpu");
    REQUIRE(cpu->throughput);
    CHECK(cpu->throughput->pct.hi < 0);
    CHECK(cpu->throughput->pct.estimate == Approx(-8.8).epsilon(0.15));
    CHECK(cpu->throughput->p_holm >= cpu->throughput->p);
    REQUIRE(cpu->sched_ratio);
    CHECK(cpu->sched_ratio->lo < 523.4);
    CHECK(cpu->sched_ratio->hi > 523.4);
    CHECK(cpu->sched_ratio->lo > 300);
    // Tracer overhead: traced runs were made 3% slower.
    const auto* base = s.scenario("baseline");
    REQUIRE(base->tracer_overhead);
    CHECK(base->tracer_overhead->pct.estimate == Approx(-3).epsilon(0.3));
    CHECK(base->distributions.count("launch_interval.b") == 1);
    CHECK(base->distributions.at("launch_interval.a").count() == 10 * 400);
    CHECK(cpu->intensity.count("stress-ng.bogo_ops_per_s") == 1);
    CHECK(s.timeline.size() == 120);
    CHECK(s.environments.size() == 1);
    CHECK(cpu->blocks_needed > 0);
  }

  TEST_CASE(
      "graph_ and isolated scenarios pair with what they mitigate - faster and hardware-bound scenarios are "
      "said to be") {
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
    REQUIRE(s.mitigations.size() == 2);
    CHECK(s.mitigations[0].mitigated == "isolated");
    CHECK(s.mitigations[0].unmitigated == "noisy_cpu");
    CHECK(s.mitigations[1].mitigated == "graph_noisy_cpu");
    CHECK(s.mitigations[1].unmitigated == "noisy_cpu");
    REQUIRE(s.mitigations[1].throughput);
    CHECK(s.mitigations[1].throughput->pct.lo > 0);
    // Switches per 1,000 launches do not compare across a 1,000x different launch count.
    CHECK_FALSE(s.mitigations[1].sched_ratio);
    CHECK(s.mitigations[1].sched_ratio_na.find("launches per run differ") == 0);
    CHECK_FALSE(s.scenario("graph_noisy_cpu")->sched_ratio);
    CHECK(s.mitigations[0].sched_ratio);
  }

  TEST_CASE("intervals stay inside a metric's support - differences may go negative") {
    const std::vector<double> counts = {0, 0, 0, 0, 7};  // group-B pairs: mostly none, one burst
    const auto count = r::summarize("pairs.b.count", "count", counts, {}, false);
    CHECK(count.ci.lo == 0);
    CHECK(count.ci.hi > 7.0 / 5);
    const auto share = r::summarize("pairs.a.share_pct", "%", {100, 100, 100, 100, 97}, {}, false);
    CHECK(share.ci.hi == 100);
    CHECK(share.ci.lo < 99.4);
    const auto penalty = r::summarize("penalty.p50_us", "us", {0, 0, 0, 0, 7}, {}, false);
    CHECK(penalty.ci.lo < 0);  // a mean of differences is not bounded below by 0
  }

  TEST_CASE("traced-only sessions take tok/s from traced runs and say so") {
    cudabench::testing::SyntheticOptions o;
    o.untraced = false;
    const auto s = r::aggregate_runs(synthetic_session(study_scenarios(), o), {});
    const auto* heavy = s.scenario("heavy");
    REQUIRE(heavy->throughput);
    CHECK(heavy->throughput_from_traced);
    CHECK_FALSE(heavy->tracer_overhead.has_value());
  }

  TEST_CASE("an outlying run is flagged - not dropped") {
    std::vector<r::RunRecord> runs;
    const double tps[] = {50.1, 49.9, 50.0, 50.2, 49.8, 20.0};
    for (int b = 0; b < 6; ++b) runs.push_back(run(b + 1, "baseline", b, tps[b]));
    const auto s = r::aggregate_runs(runs, {});
    REQUIRE(s.scenarios[0].outliers.size() == 1);
    CHECK(s.scenarios[0].outliers[0].run_id == 6);
    CHECK(s.scenarios[0].untraced.at("tokens_per_s").n == 6);
  }

  TEST_CASE("a missing baseline is a note - not a crash") {
    std::vector<r::RunRecord> runs{run(1, "noisy_cpu", 0, 50), run(2, "noisy_cpu", 1, 51)};
    const auto s = r::aggregate_runs(runs, {});
    CHECK_FALSE(s.baseline_found);
    CHECK_FALSE(s.scenarios[0].throughput.has_value());
    REQUIRE(s.notes.size() == 1);
    CHECK(s.notes[0].find("--baseline") != std::string::npos);
  }

}  // TEST_SUITE
