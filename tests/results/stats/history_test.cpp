// Step detection over a session history (results/history.h) on constructed series.
#include <doctest/doctest.h>

#include <cmath>

#include "results/stats/history.h"
#include "tests/results/synthetic_session.h"

namespace r = cudabench::results;
using doctest::Approx;

namespace {

// `levels[i]` is session i+1's true tok/s; every session gets three untraced runs and one traced
// run (traced runs are 20% slower and must not leak into the series), with multiplicative noise.
struct History {
  std::vector<r::RunRecord> runs;
  std::vector<r::SessionInfo> sessions;
};

History history(const std::vector<double>& levels, double cov, uint64_t seed) {
  cudabench::testing::Noise noise(seed);
  History h;
  int64_t id = 0;
  for (size_t s = 0; s < levels.size(); ++s) {
    r::SessionInfo info;
    info.id = static_cast<int64_t>(s + 1);
    info.started_at = "2026-11-" + std::to_string(10 + s) + "T02:00:00Z";
    h.sessions.push_back(info);
    for (int k = 0; k < 4; ++k) {
      r::RunRecord run;
      run.id = ++id;
      run.session_id = info.id;
      run.scenario = "baseline";
      run.traced = k == 3;
      run.status = r::RunStatus::ok;
      run.metrics.push_back(
          {"tokens_per_s", levels[s] * (run.traced ? 0.8 : 1.0) * noise.factor(cov), "tok/s"});
      h.runs.push_back(run);
    }
  }
  return h;
}

}  // namespace

TEST_SUITE("unit") {
  TEST_CASE("partition finds a known step and nothing in a flat series") {
    const std::vector<double> flat = {1, 1, 1, 1, 1, 1};
    CHECK(r::partition(flat, 0.01, 2) == std::vector<size_t>{0});
    const std::vector<double> step = {1, 1.01, 0.99, 1, 2, 2.01, 1.99, 2};
    CHECK(r::partition(step, 0.01, 2) == std::vector<size_t>{0, 4});
    // One odd value is not a segment of its own with min_segment 2.
    const std::vector<double> blip = {1, 1, 1, 5, 1, 1, 1};
    const auto cut = r::partition(blip, 0.01, 2);
    for (size_t i = 1; i < cut.size(); ++i) CHECK(cut[i] - cut[i - 1] >= 2);
  }

  TEST_CASE("a 6% slowdown after session 12 of 20 is found where it happened") {
    std::vector<double> levels(20, 250.0);
    for (size_t i = 12; i < levels.size(); ++i) levels[i] = 235.0;
    const auto h = history(levels, 0.01, 3);
    const auto out = r::detect_history(h.runs, h.sessions);
    REQUIRE(out.size() == 1);
    CHECK_FALSE(out[0].traced_runs);
    CHECK(out[0].points.size() == 20);
    CHECK(out[0].points[0].runs == 3);  // the traced run is not in the series
    REQUIRE(out[0].steps.size() == 1);
    CHECK(out[0].steps[0].session == 13);
    CHECK(out[0].steps[0].change_pct == Approx(-6).epsilon(0.25));
    CHECK(out[0].level_change_pct == Approx(out[0].steps[0].change_pct));
    CHECK(out[0].noise_pct < 2);
  }

  TEST_CASE("pure noise over 40 sessions gives no step - for several seeds") {
    for (uint64_t seed = 1; seed <= 10; ++seed) {
      const auto h = history(std::vector<double>(40, 250.0), 0.02, seed);
      const auto out = r::detect_history(h.runs, h.sessions);
      REQUIRE(out.size() == 1);
      CHECK_MESSAGE(out[0].steps.empty(), "seed ", seed);
    }
  }

  TEST_CASE("a slow drift of 1% per session shows up as steps adding to the drift") {
    std::vector<double> levels;
    for (int i = 0; i < 24; ++i) levels.push_back(250.0 * std::pow(0.99, i));
    const auto h = history(levels, 0.003, 5);
    const auto out = r::detect_history(h.runs, h.sessions);
    REQUIRE(out.size() == 1);
    CHECK_FALSE(out[0].steps.empty());
    for (const auto& s : out[0].steps) CHECK(s.change_pct < 0);
    CHECK(out[0].level_change_pct < -15);
    CHECK(out[0].latest_vs_first_pct < -15);
  }

  TEST_CASE("too few sessions are said - not fitted") {
    const auto h = history({250, 240, 230}, 0.01, 1);
    const auto out = r::detect_history(h.runs, h.sessions);
    REQUIRE(out.size() == 1);
    CHECK(out[0].steps.empty());
    CHECK(out[0].note == "needs at least 4 sessions");
    // 250 -> 230 is -8% (1% noise per session): said even when nothing is fitted.
    CHECK(out[0].latest_vs_first_pct < -5);
    CHECK(out[0].latest_vs_first_pct > -11);
  }

}  // TEST_SUITE
