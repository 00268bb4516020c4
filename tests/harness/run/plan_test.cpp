#include <doctest/doctest.h>

#include <cstddef>
#include <map>
#include <set>

#include "harness/run/plan.h"

using namespace cudabench;
using namespace cudabench::harness;

TEST_SUITE("unit") {
  TEST_CASE("warm-up runs come first - untraced - outside any block") {
    auto plan = plan_session(3, 2, 1, TraceMode::both, 7);
    REQUIRE(plan.size() == 3 + 2 * 3 * 2);
    for (int i = 0; i < 3; ++i) {
      CHECK(plan[i].warmup);
      CHECK(plan[i].block == -1);
      CHECK_FALSE(plan[i].traced);
    }
  }

  TEST_CASE("every block holds every scenario once per trace variant") {
    for (auto mode : {TraceMode::off, TraceMode::on, TraceMode::both}) {
      auto plan = plan_session(4, 5, 0, mode, 42);
      std::map<int, std::multiset<std::pair<int, bool>>> blocks;
      for (const auto& p : plan) blocks[p.block].insert({p.scenario, p.traced});
      REQUIRE(blocks.size() == 5);
      for (const auto& [block, runs] : blocks) {
        for (int s = 0; s < 4; ++s) {
          CHECK(runs.count({s, false}) == (mode == TraceMode::on ? 0u : 1u));
          CHECK(runs.count({s, true}) == (mode == TraceMode::off ? 0u : 1u));
        }
      }
    }
  }

  TEST_CASE("the order is a function of the seed - and blocks are shuffled") {
    auto a = plan_session(6, 10, 0, TraceMode::off, 1234);
    auto b = plan_session(6, 10, 0, TraceMode::off, 1234);
    auto c = plan_session(6, 10, 0, TraceMode::off, 1235);
    auto order = [](const std::vector<PlannedRun>& p) {
      std::vector<int> o;
      for (const auto& r : p) o.push_back(r.scenario);
      return o;
    };
    CHECK(order(a) == order(b));
    CHECK(order(a) != order(c));
    // With 10 blocks of 6 scenarios, identical orders in every block would mean no shuffling.
    std::set<std::vector<int>> distinct;
    auto oa = order(a);
    for (int blk = 0; blk < 10; ++blk)
      distinct.insert(std::vector<int>(oa.begin() + blk * 6, oa.begin() + blk * 6 + 6));
    CHECK(distinct.size() > 5);
    // Positions are 0..n-1 inside each block.
    for (size_t i = 0; i < a.size(); ++i) CHECK(a[i].position == static_cast<int>(i % 6));
  }

  TEST_CASE("the shuffle is uniform enough: each scenario leads a block about equally often") {
    std::map<int, int> first;
    for (uint64_t seed = 0; seed < 600; ++seed)
      first[plan_session(3, 1, 0, TraceMode::off, seed)[0].scenario]++;
    for (int s = 0; s < 3; ++s) {
      CHECK(first[s] > 150);  // expected 200 each; 150 is > 4 standard deviations away
      CHECK(first[s] < 250);
    }
  }

}  // TEST_SUITE
