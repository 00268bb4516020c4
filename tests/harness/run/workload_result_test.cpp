#include <doctest/doctest.h>

#include "harness/run/workload_result.h"

using namespace cudabench;
using namespace cudabench::harness;

TEST_SUITE("unit") {
  TEST_CASE("CUDABENCH_RESULT: numbers become metrics - strings labels - the last line wins") {
    Workload w;
    auto r = parse_workload_output(
        w,
        "loading\nCUDABENCH_RESULT {\"tokens_per_s\": 1}\n"
        "CUDABENCH_RESULT {\"tokens_per_s\": 54.7, \"tokens\": 48, \"launches\": 45600, "
        "\"launches_total\": 46000, \"decode_ms\": 877.5, \"weights\": \"synthetic\"}\n",
        "");
    REQUIRE(r.figure);
    CHECK(*r.figure == doctest::Approx(54.7));
    CHECK(r.launches == 46000);  // launches_total wins over launches
    CHECK(r.metrics.size() == 5);
    CHECK(r.labels.at(0).second == "synthetic");
    for (const auto& m : r.metrics)
      if (m.name == "decode_ms") CHECK(m.unit == "ms");
  }

  TEST_CASE("a run without a figure says why") {
    Workload w;
    CHECK(parse_workload_output(w, "nothing here\n", "").error.find("no CUDABENCH_RESULT") !=
          std::string::npos);
    CHECK(parse_workload_output(w, "CUDABENCH_RESULT {\"tokens\": 3}\n", "")
              .error.find("no numeric \"tokens_per_s\"") != std::string::npos);
    CHECK(parse_workload_output(w, "CUDABENCH_RESULT {oops}\n", "").error.find("not valid JSON") !=
          std::string::npos);
    // Only at the start of a line: an echoed command line is not a result.
    CHECK(!parse_workload_output(w, "ran: CUDABENCH_RESULT {\"tokens_per_s\": 3}\n", "").figure);
  }

  TEST_CASE("metric_regex takes capture group 1 from stdout or stderr") {
    Workload w;
    w.metric_regex = "decode speed: ([0-9.]+) tok/s";
    auto r = parse_workload_output(w, "", "decode speed: 49.93 tok/s\n");
    REQUIRE(r.figure);
    CHECK(*r.figure == doctest::Approx(49.93));
    CHECK(r.metrics.at(0).unit == "tok/s");
    w.metric_regex = "speed: (\\w+)";
    CHECK(parse_workload_output(w, "speed: fast", "").error.find("not a number") != std::string::npos);
  }

  TEST_CASE(
      "metric_regex over long output: linear time - no recursion (the idioms that crashed std::regex)") {
    Workload w;
    const std::string dots(300000, '.');
    w.metric_regex = "(?:.|\\n)*tokens/s: ([0-9.]+)";
    auto r = parse_workload_output(w, dots + " tokens/s: 41.5\n", "");
    REQUIRE(r.figure);
    CHECK(*r.figure == doctest::Approx(41.5));
    w.metric_regex = "(?:a|b)*\\s*tokens/s: ([0-9.]+)";
    r = parse_workload_output(w, std::string(300000, 'a') + " tokens/s: 7\n", "");
    REQUIRE(r.figure);
    CHECK(*r.figure == 7);
  }
}  // TEST_SUITE
