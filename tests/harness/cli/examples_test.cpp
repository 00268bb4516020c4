// The path for a user without a GPU (README "Quick start"): the example scenarios run the CPU
// example workload, and the report answers with a headline, a verdict per scenario and advice.
#include <doctest/doctest.h>

#include <unistd.h>

#include "cli_process.h"

std::vector<std::string> example_scenarios(const std::string& dir);  // help_cli_test.cpp

TEST_SUITE("privileged") {
  TEST_CASE("scenarios/examples: run untraced, then report: a headline for each scenario") {
    if (geteuid() != 0) {
      MESSAGE("skipped: needs root (interferer placement and the session lock live under /run)");
      return;
    }
    const std::string dir = testutil::temp_dir(), db = dir + "/try.db";
    std::vector<std::string> args = {"run", "--trace", "off", "-r",   "2", "-w",
                                     "0",   "--seed",  "5",   "--db", db};
    for (const auto& s : example_scenarios(dir)) args.push_back(s);
    const auto run = testutil::run_cli(args);
    REQUIRE_MESSAGE(run.exit_code == 0, run.err);
    CHECK(run.out.find("noisy_cpu_optimized") != std::string::npos);
    const auto report = testutil::run_cli({"report", "--db", db});
    CHECK(report.exit_code == 0);
    CHECK(report.out.rfind("cudabench report: session 1", 0) == 0);
    CHECK(report.out.find("Headline: tok/s against baseline") < report.out.find("Advice"));
    CHECK(report.out.find("noisy_cpu_optimized vs noisy_cpu") != std::string::npos);  // the mitigation pair
    CHECK(report.out.find("no traced runs in this selection") != std::string::npos);
    const auto html = testutil::run_cli({"report", "--db", db, "-o", dir + "/try.html"});
    CHECK(html.exit_code == 0);
    CHECK(testutil::read_file(dir + "/try.html").rfind("<!DOCTYPE html>", 0) == 0);
  }
}
