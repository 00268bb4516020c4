#include <doctest/doctest.h>

#include <cstddef>
#include <map>
#include <set>

#include "harness/run/plan.h"

using namespace cudabench;
using namespace cudabench::harness;

TEST_SUITE("unit") {
  TEST_CASE("warm-up runs come first - untraced - outside any block") {
    auto plan = plan_session(3, 2, 1, *parse_trace_mode("both"), 7);
    REQUIRE(plan.size() == 3 + 2 * 3 * 2);
    for (int i = 0; i < 3; ++i) {
      CHECK(plan[i].warmup);
      CHECK(plan[i].block == -1);
      CHECK_FALSE(plan[i].traced());
    }
  }

  TEST_CASE("every block holds every scenario once per run type of the mode") {
    struct Expect {
      const char* mode;
      size_t untraced, sched, launch;
    };
    for (Expect e : {Expect{"off", 1, 0, 0}, Expect{"sched", 1, 1, 0}, Expect{"launch", 1, 0, 1},
                     Expect{"both", 1, 0, 1}, Expect{"all", 1, 1, 1}, Expect{"on", 0, 0, 1}}) {
      INFO("--trace " << e.mode);
      auto mode = parse_trace_mode(e.mode);
      REQUIRE(mode);
      auto plan = plan_session(4, 5, 0, *mode, 42);
      std::map<int, std::multiset<std::pair<int, TraceLevel>>> blocks;
      for (const auto& p : plan) blocks[p.block].insert({p.scenario, p.trace});
      REQUIRE(blocks.size() == 5);
      for (const auto& [block, runs] : blocks) {
        for (int s = 0; s < 4; ++s) {
          CHECK(runs.count({s, TraceLevel::none}) == e.untraced);
          CHECK(runs.count({s, TraceLevel::sched}) == e.sched);
          CHECK(runs.count({s, TraceLevel::launch}) == e.launch);
        }
      }
    }
    CHECK_FALSE(parse_trace_mode("bth"));
  }

  TEST_CASE("traced runs every K-th block only") {
    TraceMode mode = *parse_trace_mode("sched");
    mode.traced_every = 3;
    auto plan = plan_session(2, 7, 0, mode, 1);
    std::map<int, int> traced;
    for (const auto& p : plan) traced[p.block] += p.traced();
    for (int b = 0; b < 7; ++b) CHECK(traced[b] == (b % 3 == 0 ? 2 : 0));
    CHECK(plan.size() == 7 * 2 + 3 * 2);
    CHECK(trace_mode_name(mode) == "sched, traced every 3");
  }

  TEST_CASE("a block planned on its own is a function of the seed and the block") {
    TraceMode mode = *parse_trace_mode("launch");
    auto a = plan_block(5, 3, mode, 99), b = plan_block(5, 3, mode, 99), c = plan_block(5, 4, mode, 99);
    REQUIRE(a.size() == 10);
    std::vector<int> oa, ob, oc;
    for (size_t i = 0; i < a.size(); ++i)
      oa.push_back(a[i].scenario * 3 + int(a[i].trace)), ob.push_back(b[i].scenario * 3 + int(b[i].trace)),
          oc.push_back(c[i].scenario * 3 + int(c[i].trace));
    CHECK(oa == ob);
    CHECK(oa != oc);
    for (const auto& p : a) CHECK(p.block == 3);
  }

  TEST_CASE("the order is a function of the seed - and blocks are shuffled") {
    auto a = plan_session(6, 10, 0, *parse_trace_mode("off"), 1234);
    auto b = plan_session(6, 10, 0, *parse_trace_mode("off"), 1234);
    auto c = plan_session(6, 10, 0, *parse_trace_mode("off"), 1235);
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
      first[plan_session(3, 1, 0, *parse_trace_mode("off"), seed)[0].scenario]++;
    for (int s = 0; s < 3; ++s) {
      CHECK(first[s] > 150);  // expected 200 each; 150 is > 4 standard deviations away
      CHECK(first[s] < 250);
    }
  }

}  // TEST_SUITE
