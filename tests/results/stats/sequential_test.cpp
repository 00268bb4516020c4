// The --target-ci stopping rule (results/stats/sequential.h): its arithmetic on hand-computed
// cases, and its coverage on simulated sessions whose truth is known.
//
// Coverage tolerance: every case must cover the true change in [0.92, 0.975] of its 4,000
// replications. Why these bounds: the rule's own deficit, measured with 20,000 replications
// (bench/precision/sequential_coverage, docs/precision.md), is at most 2 points below the nominal
// 0.95 with the default minimum of 10 blocks (0.930 for skewed A/B noise at n* = 40; the
// interval at a data-dependent stop is slightly optimistic, Woodroofe 1977); the Monte Carlo error
// of 4,000 replications is 0.0037 (one standard error at 0.93), so 3 standard errors below 0.93 is
// 0.919. The upper bound catches a rule that wastes blocks by stopping far later than it must.
// The negative control shows the band has teeth: without the minimum sample (2 blocks) the same
// simulation covers only ~0.88.
#include <doctest/doctest.h>

#include <cmath>

#include "results/stats/sequential.h"

namespace st = cudabench::results::stats;
using doctest::Approx;

namespace {

// The per-run spread that makes n* (blocks needed at a known variance) what is asked for.
double run_sd_for(double n_star, double target_pct) {
  return std::asinh(target_pct / 100) * std::sqrt(n_star) / 1.959964 / std::sqrt(2.0);
}

st::CoverageResult coverage(st::NoiseShape shape, double n_star, int comparisons = 1, bool skew = false,
                            double true_change = 0, int min_blocks = 10) {
  st::CoverageSetup s;
  s.shape = shape;
  s.run_sd = run_sd_for(n_star, 2);
  s.comparisons = comparisons;
  s.skew_one_side = skew;
  s.true_change = true_change;
  s.rule.target_pct = 2;
  s.rule.min_blocks = min_blocks;
  s.replications = 4000;
  s.seed = 20261201;
  return st::simulate_coverage(s);
}

}  // namespace

TEST_SUITE("unit") {
  TEST_CASE("half-width of a change is the report's: exponentiated log interval") {
    // log interval [ln 0.95, ln 1.05]: the change is [-5%, +5%], half-width 5.
    CHECK(st::change_half_width_pct({0, std::log(0.95), std::log(1.05), 10}) == Approx(5.0));
    CHECK(std::isnan(st::change_half_width_pct({0, NAN, NAN, 1})));
  }

  TEST_CASE("assess_precision: minimum sample - reached - blocks still needed") {
    st::StoppingRule rule;
    rule.target_pct = 2;
    rule.min_blocks = 5;
    // Four log-ratios with sd 0.02: t(0.975, 3) = 3.1824, h = 3.1824 x 0.02 / 2 = 0.0318.
    const std::vector<double> wide{-0.02, 0.0, 0.02, 0.0};
    const double sd = std::sqrt((0.0004 + 0.0004) / 3);
    const double h = st::student_t_quantile(0.975, 3) * sd / 2;
    auto p = st::assess_precision(wide, rule);
    CHECK(p.blocks == 4);
    CHECK(p.half_width_pct == Approx(std::sinh(h) * 100));
    CHECK_FALSE(p.reached);
    // 4 x (hw / 2)^2 blocks in all at this spread.
    CHECK(p.blocks_to_go == static_cast<int>(std::ceil(4 * std::pow(p.half_width_pct / 2, 2))) - 4);

    const std::vector<double> tight{0.001, -0.001, 0.0, 0.001};  // precise, but only 4 blocks
    p = st::assess_precision(tight, rule);
    CHECK(p.half_width_pct < 2);
    CHECK_FALSE(p.reached);
    CHECK(p.blocks_to_go == 1);
    p = st::assess_precision({0.001, -0.001, 0.0, 0.001, 0.0}, rule);
    CHECK(p.reached);
    CHECK(p.blocks_to_go == 0);

    p = st::assess_precision({0.01}, rule);
    CHECK(std::isnan(p.half_width_pct));
    CHECK(p.blocks_to_go == -1);
    CHECK_FALSE(st::all_reached({}));
    CHECK_FALSE(st::all_reached({p}));
  }

  TEST_CASE("coverage of the stopping rule on simulated A/A sessions is about nominal") {
    for (auto shape : {st::NoiseShape::normal, st::NoiseShape::student_t3, st::NoiseShape::contaminated})
      for (double n_star : {10.0, 40.0, 100.0}) {
        const auto r = coverage(shape, n_star);
        CAPTURE(st::noise_shape_name(shape));
        CAPTURE(n_star);
        CAPTURE(r.mean_blocks);
        CHECK(r.coverage >= 0.92);
        CHECK(r.coverage <= 0.975);
        CHECK(r.fixed_n_blocks == Approx(n_star).epsilon(1e-6));
        // Efficiency: the rule stops near n* blocks (or at the minimum), not far beyond.
        CHECK(r.mean_blocks <= 1.3 * std::max(n_star, 10.0));
      }
  }

  TEST_CASE("coverage with a real change - skewed noise on one side - and three comparisons") {
    const auto ab = coverage(st::NoiseShape::contaminated, 40, 1, true, std::log(0.93));
    CHECK(ab.coverage >= 0.92);
    CHECK(ab.coverage <= 0.975);
    const auto three = coverage(st::NoiseShape::normal, 20, 3);
    CHECK(three.intervals == 3 * 4000);
    CHECK(three.coverage >= 0.92);
    CHECK(three.coverage <= 0.975);
  }

  TEST_CASE("negative control: without a minimum sample the interval at the stop undercovers") {
    const auto r = coverage(st::NoiseShape::normal, 10, 1, false, 0, 2);
    CHECK(r.coverage < 0.91);
  }

  TEST_CASE("the simulation is deterministic for a seed") {
    const auto a = coverage(st::NoiseShape::student_t3, 10), b = coverage(st::NoiseShape::student_t3, 10);
    CHECK(a.covered == b.covered);
    CHECK(a.mean_blocks == b.mean_blocks);
  }
}
