// The metric registry: lookups of names and families, what an unknown name is, and docs/metrics.md
// as the registry prints it (CUDABENCH_UPDATE_GOLDEN=1 rewrites the file).
#include <doctest/doctest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "results/metrics/registry.h"

namespace m = cudabench::results::metrics;

TEST_SUITE("unit") {
  TEST_CASE("names and families are found with their unit, direction and kind") {
    const auto* tps = m::find("tokens_per_s");
    REQUIRE(tps != nullptr);
    CHECK(tps->unit == m::Unit::tok_per_s);
    CHECK(tps->direction == m::Direction::higher_is_better);
    CHECK(tps->kind == m::Kind::figure);
    CHECK(m::find("sched_per_1k")->kind == m::Kind::rate);
    CHECK(m::find("runq.p99_us")->kind == m::Kind::tail);
    CHECK(m::find("penalty.p50_us")->kind == m::Kind::difference);
    const auto* vec = m::find("softirq.NET_RX.count");
    REQUIRE(vec != nullptr);
    CHECK(vec->pattern == "softirq.*.count");
    CHECK(m::find("preemptor.python3.11.time_ms")->pattern == "preemptor.*.time_ms");
    CHECK(m::find("softirq..count") == nullptr);  // a family member needs a key
    CHECK(m::find("tokens_per_second") == nullptr);
  }

  TEST_CASE("a family builds and reads back its members") {
    CHECK(m::softirq_count.of("TIMER").name() == "softirq.TIMER.count");
    CHECK(m::preemptor_time_ms.key_of("preemptor.kworker/0:1.time_ms") == std::string_view("kworker/0:1"));
    CHECK_FALSE(m::preemptor_time_ms.key_of("preemptor.x.count").has_value());
    CHECK(m::Key(m::sched_per_1k).name() == "sched_per_1k");
  }

  TEST_CASE("a workload's own figure keeps its stored unit and has no direction") {
    const auto d = m::describe("frames_per_s", "fps");
    CHECK_FALSE(d.registered);
    CHECK(d.unit == "fps");
    CHECK(d.direction == m::Direction::neutral);
    CHECK(m::describe("decode_ms", "whatever").unit == "ms");  // the registry wins over the row
  }

  TEST_CASE("docs/metrics.md lists the registry") {
    const std::string path = std::string(CUDABENCH_SOURCE_DIR) + "/docs/metrics.md";
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    const std::string doc = text.str(), table = m::registry_markdown();
    const std::string begin = "<!-- registry begin -->\n", end = "<!-- registry end -->";
    const size_t from = doc.find(begin), to = doc.find(end);
    REQUIRE_MESSAGE(from != std::string::npos, path << " has no registry markers");
    REQUIRE(to != std::string::npos);
    const std::string listed = doc.substr(from + begin.size(), to - from - begin.size());
    if (listed != table && std::getenv("CUDABENCH_UPDATE_GOLDEN")) {
      std::ofstream(path) << doc.substr(0, from + begin.size()) << table << doc.substr(to);
      MESSAGE("rewrote " << path);
      return;
    }
    CHECK_MESSAGE(listed == table,
                  path << " differs from the registry: run the test with CUDABENCH_UPDATE_GOLDEN=1");
  }
}
