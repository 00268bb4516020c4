// What `run --target-ci`, `--aa` and `--pin auto` decide before and while a session runs: the pairs
// compared, the precision of the blocks so far, the A/A twin and the pinning.
#include <doctest/doctest.h>

#include <cmath>

#include "common/error.h"
#include "harness/run/precision.h"
#include "harness/run/session_scenarios.h"

using namespace cudabench;
using namespace cudabench::harness;

namespace {

Scenario named(const std::string& name) {
  Scenario s;
  s.name = name;
  s.text = "[scenario]\nname = \"" + name + "\"\n";
  s.hash = "h-" + name;
  s.config_hash = "config";
  s.workload.argv = {"/bin/true"};
  return s;
}

results::RunRecord run(const std::string& scenario, int block, double tok_s, bool traced = false) {
  results::RunRecord r;
  r.scenario = scenario;
  r.block = block;
  r.traced = traced;
  r.status = results::RunStatus::ok;
  r.metrics = {{"tokens_per_s", tok_s, "tok/s"}};
  return r;
}

}  // namespace

TEST_SUITE("unit") {
  TEST_CASE("compared pairs: each scenario against the baseline - or against its @ref twin") {
    std::vector<Scenario> s{named("baseline"), named("noisy"), named("baseline@aa")};
    auto pairs = compared_pairs(s, "baseline");
    REQUIRE(pairs.size() == 2);
    CHECK(pairs[0].label() == "noisy vs baseline");
    CHECK(pairs[1].label() == "baseline@aa vs baseline");
    CHECK(compared_pairs({named("noisy")}, "baseline").empty());
    pairs = compared_pairs({named("a"), named("b"), named("a@ref"), named("b@ref")}, "baseline");
    REQUIRE(pairs.size() == 2);
    CHECK(pairs[0].reference == "a@ref");
    CHECK(pairs[1].candidate == "b");
  }

  TEST_CASE("the tracker pairs untraced ok runs by block and ignores the rest") {
    results::stats::StoppingRule rule{2, 5};
    PrecisionTracker t({{"baseline", "noisy"}}, rule, false);
    for (int b = 0; b < 5; ++b) {
      t.add(run("baseline", b, 100), "tokens_per_s");
      t.add(run("noisy", b, 90 + (b % 2)), "tokens_per_s");
      t.add(run("noisy", b, 10, true), "tokens_per_s");  // traced: another run type
    }
    auto failed = run("noisy", 5, 1);
    failed.status = results::RunStatus::failed;
    t.add(failed, "tokens_per_s");
    const auto p = t.assess();
    REQUIRE(p.size() == 1);
    CHECK(p[0].blocks == 5);
    CHECK(p[0].reached);
    CHECK(p[0].half_width_pct < 2);
  }

  TEST_CASE("--aa adds the baseline's twin with its configuration - and needs the baseline") {
    std::vector<Scenario> s{named("baseline"), named("noisy")};
    add_aa_twin(s, "baseline");
    REQUIRE(s.size() == 3);
    CHECK(s[2].name == "baseline@aa");
    CHECK(s[2].config_hash == s[0].config_hash);
    CHECK(s[2].hash != s[0].hash);
    CHECK(s[2].text.find("--aa: an A/A twin of baseline") != std::string::npos);
    std::vector<Scenario> none{named("noisy")};
    CHECK_THROWS_AS(add_aa_twin(none, "baseline"), UserError);
  }

  TEST_CASE("--pin auto: the fastest CPU apart from the interferers - scenario placement wins") {
    Scenario quiet = named("baseline"), noisy = named("noisy"), own = named("own");
    Interferer pinned, floating;
    pinned.placement.cpus = {2};
    noisy.interferers = {pinned, floating};
    own.placement.cpus = {0};
    std::vector<Scenario> s{quiet, noisy, own};
    const std::map<int, double> speed{{0, 0.8}, {1, 0.9}, {2, 1.0}, {3, 0.7}};
    const auto said = pin_workloads(s, speed);
    CHECK(s[0].placement.cpus == std::vector<int>{2});  // nothing in its way: the fastest
    CHECK(s[1].placement.cpus == std::vector<int>{1});  // CPU 2 is its interferer's
    CHECK(s[1].interferers[0].placement.cpus == std::vector<int>{2});
    CHECK(s[1].interferers[1].placement.cpus == std::vector<int>{0, 2, 3});
    CHECK(s[2].placement.cpus == std::vector<int>{0});
    CHECK(s[0].config_hash != "config");
    CHECK(said[2] == "own: keeps its own placement (CPUs 0)");
    std::vector<Scenario> one{noisy};
    CHECK_THROWS_AS(pin_workloads(one, {{2, 1.0}}), RunError);
  }
}
