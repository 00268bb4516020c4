// The regression gate's three outcomes on constructed sessions (docs/methodology.md "Regression gate").
#include <doctest/doctest.h>

#include "results/stats/compare.h"
#include "tests/results/synthetic_session.h"

namespace r = cudabench::results;
using doctest::Approx;

namespace {

std::vector<r::RunRecord> session(int64_t id, const std::vector<double>& tps,
                                  const std::string& scenario = "baseline") {
  std::vector<r::RunRecord> runs;
  for (size_t i = 0; i < tps.size(); ++i) {
    r::RunRecord x;
    x.id = id * 1000 + static_cast<int64_t>(i);
    x.session_id = id;
    x.scenario = scenario;
    x.scenario_hash = "h-" + scenario;
    x.block = static_cast<int>(i);
    x.status = r::RunStatus::ok;
    x.metrics.push_back({"tokens_per_s", tps[i], "tok/s"});
    x.metrics.push_back({"decode_ms", 40000 / tps[i], "ms"});
    runs.push_back(x);
  }
  return runs;
}

std::vector<double> scaled(const std::vector<double>& xs, double f) {
  std::vector<double> out;
  for (double x : xs) out.push_back(x * f);
  return out;
}

const std::vector<double> tight{100.0, 100.4, 99.7, 100.2, 99.9, 100.1, 99.8, 100.3, 99.6, 100.0};
const std::vector<double> wide{100, 110, 90, 105, 95};

}  // namespace

TEST_SUITE("unit") {
  TEST_CASE("a 10% slowdown with a tight interval fails the gate") {
    const auto c = r::compare_runs(session(1, tight), session(2, scaled(tight, 0.90)), {}, "A", "B");
    REQUIRE(c.changes.size() == 2);
    const auto& tps = c.changes[0];
    CHECK(tps.metric == "tokens_per_s");
    CHECK(tps.gated);
    CHECK(tps.change.pct.estimate == Approx(-10).epsilon(1e-6));
    CHECK(tps.change.method == "unpaired (Welch on logs)");
    CHECK(tps.verdict == "slower");
    CHECK(c.changes[1].verdict == "slower");  // decode_ms went up: lower is better
    CHECK(c.tau_pct == Approx(2));
    CHECK(c.outcome == r::GateOutcome::fail);
    CHECK(r::exit_code(c.outcome) == 1);
  }

  TEST_CASE("a 3% slowdown inside a wide interval is inconclusive") {
    const auto c = r::compare_runs(session(1, wide), session(2, scaled(wide, 0.97)), {}, "A", "B");
    const auto& tps = c.changes[0];
    CHECK(tps.change.pct.estimate == Approx(-3).epsilon(1e-6));
    CHECK(tps.change.pct.lo < -2);
    CHECK(tps.change.pct.hi > -2);
    CHECK(tps.verdict == "no significant difference");
    CHECK(c.outcome == r::GateOutcome::inconclusive);
    CHECK(r::exit_code(c.outcome) == 3);
  }

  TEST_CASE("the same runs again pass - a larger --threshold passes a real slowdown") {
    const auto same = r::compare_runs(session(1, tight), session(2, tight), {}, "A", "B");
    CHECK(same.changes[0].verdict == "no significant difference");
    CHECK(same.outcome == r::GateOutcome::pass);
    CHECK(r::exit_code(same.outcome) == 0);
    r::CompareOptions o;
    o.threshold_pct = 15;
    const auto lenient = r::compare_runs(session(1, tight), session(2, scaled(tight, 0.90)), o, "A", "B");
    CHECK(lenient.tau_source == "--threshold");
    CHECK(lenient.changes[0].verdict == "slower");  // still named, only not gated
    CHECK(lenient.outcome == r::GateOutcome::pass);
    // A speedup never fails.
    const auto faster = r::compare_runs(session(1, tight), session(2, scaled(tight, 1.2)), {}, "A", "B");
    CHECK(faster.changes[0].verdict == "faster");
    CHECK(faster.outcome == r::GateOutcome::pass);
  }

  TEST_CASE("a CI wider than the threshold allows never passes, whatever its point estimate") {
    // Two sessions of different runs: unpaired, a CI of about +-10% around +1%.
    const auto c = r::compare_runs(session(1, wide), session(2, {101, 96, 111, 91, 106}), {}, "A", "B");
    const auto& pct = c.changes[0].change.pct;
    CHECK(pct.estimate > 0);
    CHECK(pct.lo < -2);
    CHECK(c.changes[0].gate == r::GateOutcome::inconclusive);
    CHECK(c.outcome == r::GateOutcome::inconclusive);
  }

  TEST_CASE("a tau of 100% or more rules nothing out: inconclusive, and said") {
    r::CompareOptions o;
    o.threshold_pct = 100;
    const auto c = r::compare_runs(session(1, tight), session(2, tight), o, "A", "B");
    CHECK(c.outcome == r::GateOutcome::inconclusive);
    REQUIRE_FALSE(c.notes.empty());
    CHECK(c.notes.front().find("too noisy to gate") != std::string::npos);
  }

  TEST_CASE("tau grows with the A/A noise of the reference") {
    auto a = session(1, wide);
    auto copy = session(1, scaled(wide, 1.0), "baseline_again");
    for (size_t i = 0; i < copy.size(); ++i) {
      copy[i].scenario_hash = "h-baseline";  // the same configuration under another name
      copy[i].id += 500;
      copy[i].metrics[0].value *= (i % 2 ? 1.04 : 0.96);
    }
    a.insert(a.end(), copy.begin(), copy.end());
    const auto c = r::compare_runs(a, session(2, wide), {}, "A", "B");
    CHECK(c.tau_pct > 2);
    CHECK(c.tau_source.find("A/A") != std::string::npos);
    CHECK(c.only_in_a == std::vector<std::string>{"baseline_again"});
  }

}  // TEST_SUITE
