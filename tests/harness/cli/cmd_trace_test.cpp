// `cudabench trace` end to end on the fake launcher: exit code, summary and both exports.
#include <doctest/doctest.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

#include "common/error.h"
#include "tests/tracer/child.h"

namespace cudabench::harness {
int cmd_trace(const std::vector<std::string>& args);
}

using namespace cudabench;

namespace {

size_t count_lines_with(const std::string& path, const std::string& needle) {
  std::ifstream in(path);
  size_t n = 0;
  for (std::string line; std::getline(in, line);) n += line.find(needle) != std::string::npos;
  return n;
}

}  // namespace

TEST_SUITE("unit") {
  TEST_CASE("trace rejects bad usage before touching BPF") {
    CHECK_THROWS_AS(harness::cmd_trace({}), UserError);
    CHECK_THROWS_AS(harness::cmd_trace({"-p", "1", "--", "/bin/true"}), UserError);
    CHECK_THROWS_AS(harness::cmd_trace({"--duration", "x", "--", "/bin/true"}), UserError);
    CHECK_THROWS_AS(harness::cmd_trace({"-f", "yaml", "--", "/bin/true"}), UserError);
  }
}

TEST_SUITE("privileged") {
  TEST_CASE("cudabench trace -- fake_launcher writes the CSV and the Perfetto trace") {
    std::string why;
    if (!testing::can_trace(why)) {
      MESSAGE("skipped: " << why);
      return;
    }
    std::string csv = "/tmp/cudabench_trace_test.csv", json = "/tmp/cudabench_trace_test.json";
    int code = harness::cmd_trace({"--csv", csv, "--perfetto", json, "--", FAKE_LAUNCHER, "400"});
    CHECK(code == 0);
    // 400 cuLaunchKernel per thread, two threads.
    CHECK(count_lines_with(csv, ",cuLaunchKernel,") == 800);
    CHECK(count_lines_with(csv, ",cuLaunchKernelEx,") == 400);
    std::ifstream in(json);
    std::stringstream text;
    text << in.rdbuf();
    CHECK(text.str().find("cb-worker") != std::string::npos);
    std::remove(csv.c_str());
    std::remove(json.c_str());
  }

  TEST_CASE("trace exits with the traced command's status and writes its summary as JSON") {
    std::string why;
    if (!testing::can_trace(why)) {
      MESSAGE("skipped: " << why);
      return;
    }
    const std::string out = "/tmp/cudabench_trace_test_summary.json";
    CHECK(harness::cmd_trace({"-f", "json", "-o", out, "--", "/bin/sh", "-c", "exit 7"}) == 7);
    std::ifstream in(out);
    std::stringstream text;
    text << in.rdbuf();
    CHECK(text.str().rfind("{\"schema\":\"cudabench-trace/1\"", 0) == 0);
    CHECK(text.str().find("\"exit_status\":7") != std::string::npos);
    CHECK(text.str().find("\"switches\":{\"value\":") != std::string::npos);
    CHECK(text.str().find("\"time.window_ms\":{\"value\":") != std::string::npos);
    std::remove(out.c_str());
    // The trace's own options stop at the command: its -v and -o are the command's.
    CHECK(harness::cmd_trace({"--", "/bin/sh", "-c", "exit 0", "-v", "-o"}) == 0);
  }
}
