// report --by host at the statistics level: a host whose baseline is 10% slower than the rest is
// flagged, hosts within noise are not, one host alone is not compared, and each host's scenario
// changes are paired inside its sessions.
#include <doctest/doctest.h>

#include "results/stats/hosts.h"
#include "tests/results/synthetic_session.h"

namespace r = cudabench::results;
using cudabench::testing::synthetic_session;

namespace {

struct Fleet {
  std::vector<r::RunRecord> runs;
  std::vector<r::SessionInfo> sessions;

  // One session of baseline and noisy_cpu (10% slower) on `host`, at `speed` x 50 tok/s.
  void add(const std::string& host, double speed, uint64_t seed) {
    cudabench::testing::SyntheticOptions o;
    o.blocks = 8;
    o.cov = 0.01;
    o.seed = seed;
    o.session_id = static_cast<int64_t>(sessions.size()) + 1;
    o.base_tokens_per_s = 50 * speed;
    o.traced = false;
    o.distributions = false;
    for (auto& run : synthetic_session({{"baseline", 1.0}, {"noisy_cpu", 0.9}}, o)) runs.push_back(run);
    r::SessionInfo s;
    s.id = o.session_id;
    s.host = host;
    sessions.push_back(s);
  }
};

const r::HostSummary& host(const r::HostComparison& c, const std::string& name) {
  for (const auto& h : c.hosts)
    if (h.host == name) return h;
  FAIL("no host " << name);
  throw;
}

}  // namespace

TEST_SUITE("unit") {
  TEST_CASE("a host whose baseline is 10% slower than the fleet's is flagged; the others are not") {
    Fleet f;
    f.add("gpu-a", 1.0, 1);
    f.add("gpu-b", 1.0, 2);
    f.add("gpu-b", 1.0, 3);  // two sessions on one host
    f.add("gpu-c", 0.9, 4);
    const auto c = r::compare_hosts(f.runs, f.sessions, {});
    REQUIRE(c.hosts.size() == 3);
    const auto& a = host(c, "gpu-a");
    const auto& b = host(c, "gpu-b");
    const auto& slow = host(c, "gpu-c");
    CHECK(b.sessions == 2);
    CHECK(a.verdict == r::HostVerdict::same);
    CHECK(slow.verdict == r::HostVerdict::differs);
    REQUIRE(slow.vs_fleet);
    CHECK(slow.vs_fleet->pct.estimate == doctest::Approx(-10).epsilon(0.1));
    CHECK(slow.vs_fleet->pct.hi < -2);
    CHECK(slow.vs_fleet->p_holm >= slow.vs_fleet->p);
    // noisy_cpu costs every host 10%, against its own baseline, paired inside its sessions.
    for (const auto& h : c.hosts) {
      REQUIRE(h.scenarios.size() == 1);
      CHECK(h.scenarios[0].scenario == "noisy_cpu");
      CHECK(h.scenarios[0].change.method == "paired by block");
      CHECK(h.scenarios[0].change.pct.estimate == doctest::Approx(-10).epsilon(0.1));
    }
    REQUIRE(c.fleet.size() == 1);
    CHECK(c.fleet[0].change.pct.n == 32);  // 4 sessions x 8 blocks, never paired across sessions
  }

  TEST_CASE("a 1% difference within a 2% threshold is not flagged, and one host is not compared") {
    Fleet f;
    f.add("gpu-a", 1.0, 5);
    f.add("gpu-b", 0.99, 6);
    auto c = r::compare_hosts(f.runs, f.sessions, {});
    for (const auto& h : c.hosts) CHECK(h.verdict != r::HostVerdict::differs);

    Fleet one;
    one.add("gpu-a", 1.0, 7);
    c = r::compare_hosts(one.runs, one.sessions, {});
    REQUIRE(c.hosts.size() == 1);
    CHECK(c.hosts[0].verdict == r::HostVerdict::not_compared);
    CHECK(c.notes.front().find("one host only") != std::string::npos);
  }

  TEST_CASE("sessions without a host are grouped as unknown and said so") {
    Fleet f;
    f.add("", 1.0, 8);
    f.add("gpu-b", 1.0, 9);
    const auto c = r::compare_hosts(f.runs, f.sessions, {});
    CHECK(host(c, "unknown").runs == 16);
    bool said = false;
    for (const auto& n : c.notes) said |= n.find("before cudabench recorded hosts") != std::string::npos;
    CHECK(said);
  }
}
