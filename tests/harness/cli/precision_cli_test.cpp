// `run --target-ci`, `--aa` and `--pin auto` end to end through the cudabench binary, with the fake
// decoder reporting a rate whose noise the test sets (--report-rate, --rate-noise-pct).
#include <doctest/doctest.h>
#include <fmt/format.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <set>

#include "cli_process.h"
#include "results/store/store.h"

using namespace testutil;
using namespace cudabench;
namespace fs = std::filesystem;

namespace {

// A scenario whose tok/s is 100 x exp(N(0, noise_pct %)) per run, whatever the machine does.
std::string noisy_rate(const std::string& name, double noise_pct, const std::string& extra = "") {
  return fmt::format(
      "[scenario]\nname = \"{}\"\n[workload]\nkind = \"command\"\ncommand = [\"{}\", \"--tokens\", \"3\", "
      "\"--work-us\", \"500\", \"--report-rate\", \"100\", \"--rate-noise-pct\", \"{}\"]\n{}[run]\ntimeout_s "
      "= "
      "60\n",
      name, FAKE_DECODER, noise_pct, extra);
}

results::SessionInfo only_session(const std::string& db) {
  const auto sessions = results::Store::open(db).sessions();
  REQUIRE(sessions.size() == 1);
  return sessions[0];
}

std::vector<std::string> precise_run(const std::string& dir, const std::vector<std::string>& more) {
  std::vector<std::string> args{"run",
                                dir + "/baseline.toml",
                                dir + "/noisy.toml",
                                "--trace=off",
                                "--warmup",
                                "0",
                                "--db",
                                dir + "/t.db",
                                "--seed",
                                "3"};
  args.insert(args.end(), more.begin(), more.end());
  return args;
}

}  // namespace

TEST_SUITE("unit") {
  TEST_CASE("run --target-ci: bad flags are exit 2 before anything is stored") {
    const std::string dir = temp_dir();
    write_file(dir + "/baseline.toml", noisy_rate("baseline", 1));
    write_file(dir + "/noisy.toml", noisy_rate("noisy", 1));
    const std::string db = dir + "/t.db";
    const std::vector<std::vector<std::string>> bad = {
        {"--min-blocks", "6"},
        {"--max-time", "8m"},
        {"--target-ci", "0"},
        {"--target-ci", "two"},
        {"--target-ci", "2", "--min-blocks", "4"},
        {"--target-ci", "2", "--max-time", "8x"},
        {"--target-ci", "2", "--max-time", "-1m"},
        {"--target-ci", "2", "--runs", "5"},  // below the default minimum of 10 blocks
        {"--pin", "fast"},
    };
    for (const auto& flags : bad) {
      auto r = run_cli(precise_run(dir, flags));
      CAPTURE(flags[0]);
      CAPTURE(r.err);
      CHECK(r.exit_code == 2);
    }
    // Nothing to compare: one scenario, no --aa.
    auto lone = run_cli({"run", dir + "/noisy.toml", "--target-ci", "2", "--db", db});
    CHECK(lone.exit_code == 2);
    CHECK(lone.err.find("--target-ci: nothing to compare") != std::string::npos);
    auto no_base = run_cli({"run", dir + "/noisy.toml", "--aa", "--db", db});
    CHECK(no_base.exit_code == 2);
    CHECK(no_base.err.find("--aa: no scenario named \"baseline\"") != std::string::npos);
    CHECK_FALSE(fs::exists(db));
    fs::remove_all(dir);
  }
}

TEST_SUITE("privileged") {
  TEST_CASE("run --target-ci stops early once every change is precise enough - and says so") {
    if (geteuid() != 0) {
      MESSAGE("skipped: needs root (the session lock lives under /run)");
      return;
    }
    const std::string dir = temp_dir();
    write_file(dir + "/baseline.toml", noisy_rate("baseline", 0.5));
    write_file(dir + "/noisy.toml", noisy_rate("noisy", 0.5));
    // 0.5% per run: after 5 blocks the half-width is ~0.9%, far below 2%.
    auto r = run_cli(precise_run(dir, {"--target-ci", "2", "--min-blocks", "5", "--runs", "50"}));
    INFO(r.err);
    CHECK(r.exit_code == 0);
    CHECK(r.err.find("precision after 4 block(s), target +-2%: noisy vs baseline +-") != std::string::npos);
    CHECK(r.err.find("stopping after 5 blocks: every change reached +-2%") != std::string::npos);
    const auto s = only_session(dir + "/t.db");
    CHECK(s.status == "done");
    CHECK(s.target_ci_pct == 2.0);
    CHECK(s.stop_reason == "target_reached");
    CHECK(s.blocks == 5);
    CHECK(results::Store::open(dir + "/t.db").runs({}).size() == 10);
    auto report = run_cli({"report", "--db", dir + "/t.db"});
    CHECK(report.out.find("Precision (target: change CI half-width <= 2") != std::string::npos);
    CHECK(report.out.find("stopped after 5 blocks because every compared change reached it") !=
          std::string::npos);
    fs::remove_all(dir);
  }

  TEST_CASE("run --target-ci: a target out of reach ends at --max-time - or at the most blocks") {
    if (geteuid() != 0) {
      MESSAGE("skipped: needs root (the session lock lives under /run)");
      return;
    }
    const std::string dir = temp_dir();
    write_file(dir + "/baseline.toml", noisy_rate("baseline", 30));
    write_file(dir + "/noisy.toml", noisy_rate("noisy", 30));
    const auto t0 = std::chrono::steady_clock::now();
    auto r =
        run_cli(precise_run(dir, {"--target-ci", "1", "--min-blocks", "5", "--max-time", "3s", "--json"}));
    const double took = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    INFO(r.err);
    CHECK(r.exit_code == 0);
    CHECK(took < 10);
    CHECK(r.err.find("\"event\":\"precision\"") != std::string::npos);
    CHECK(r.err.find("--max-time 3 s would be exceeded by another block") != std::string::npos);
    auto s = only_session(dir + "/t.db");
    CHECK(s.status == "done");
    CHECK(s.stop_reason == "max_time");
    CHECK(s.blocks >= 1);
    CHECK(results::Store::open(dir + "/t.db").runs({}).size() == static_cast<size_t>(2 * s.blocks));

    fs::remove(dir + "/t.db");
    r = run_cli(precise_run(dir, {"--target-ci", "1", "--min-blocks", "5", "--runs", "6", "--quiet"}));
    CHECK(r.exit_code == 0);
    s = only_session(dir + "/t.db");
    CHECK(s.stop_reason == "max_blocks");
    CHECK(s.blocks == 6);
    fs::remove_all(dir);
  }

  TEST_CASE("run --aa: the baseline's twin runs in every block - paired - with the same configuration") {
    if (geteuid() != 0) {
      MESSAGE("skipped: needs root (the session lock lives under /run)");
      return;
    }
    const std::string dir = temp_dir();
    write_file(dir + "/baseline.toml", noisy_rate("baseline", 1));
    write_file(dir + "/noisy.toml", noisy_rate("noisy", 1));
    auto r = run_cli(precise_run(dir, {"--aa", "--runs", "3", "--quiet"}));
    CHECK(r.exit_code == 0);
    const auto runs = results::Store::open(dir + "/t.db").runs({});
    REQUIRE(runs.size() == 9);
    std::map<int, std::set<std::string>> per_block;
    std::map<std::string, std::string> config, text;
    for (const auto& run : runs) {
      per_block[run.block].insert(run.scenario);
      config[run.scenario] = run.config_hash;
      text[run.scenario] = run.scenario_hash;
    }
    for (const auto& [block, names] : per_block)
      CHECK(names == std::set<std::string>{"baseline", "baseline@aa", "noisy"});
    CHECK(config["baseline@aa"] == config["baseline"]);
    CHECK(text["baseline@aa"] != text["baseline"]);
    auto json = run_cli({"report", "--db", dir + "/t.db", "--format", "json"});
    CHECK(json.out.find("\"baseline@aa\"") != std::string::npos);
    CHECK(json.out.find("paired by block") != std::string::npos);
    fs::remove_all(dir);
  }

  TEST_CASE("run --pin auto: the workload on one calibrated CPU, its interferer on the others") {
    if (geteuid() != 0) {
      MESSAGE("skipped: needs root (interferers and the session lock)");
      return;
    }
    const std::string dir = temp_dir();
    write_file(dir + "/baseline.toml", noisy_rate("baseline", 1));
    write_file(
        dir + "/noisy.toml",
        noisy_rate("noisy", 1,
                   "[[interferer]]\nkind = \"command\"\ncommand = [\"sleep\", \"60\"]\nsettle_s = 0\n"));
    auto r = run_cli(precise_run(dir, {"--aa", "--pin", "auto", "--runs", "1"}));
    INFO(r.err);
    CHECK(r.exit_code == 0);
    CHECK(r.err.find("--pin auto: baseline: workload on CPU ") != std::string::npos);
    std::map<std::string, results::RunRecord> by_name;
    for (auto& run : results::Store::open(dir + "/t.db").runs({})) by_name[run.scenario] = run;
    REQUIRE(by_name.size() == 3);
    CHECK(by_name["noisy"].scenario_text.find("# cudabench run --pin auto: workload on CPU") !=
          std::string::npos);
    CHECK(by_name["baseline@aa"].config_hash == by_name["baseline"].config_hash);
    fs::remove_all(dir);
  }
}
