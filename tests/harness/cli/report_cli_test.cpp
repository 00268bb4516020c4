// `report` and `import-csv` end to end through a real SQLite store in a temporary file: session
// selection, formats, the regression gate's exit codes, bad input as UserError (exit 2).
#include <doctest/doctest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "common/error.h"
#include "results/store/store.h"
#include "tests/results/synthetic_session.h"

namespace cudabench::harness {
int cmd_report(const std::vector<std::string>& args);
int cmd_import_csv(const std::vector<std::string>& args);
}  // namespace cudabench::harness

namespace r = cudabench::results;
namespace fs = std::filesystem;
using cudabench::harness::cmd_import_csv;
using cudabench::harness::cmd_report;

namespace {

struct TempDir {
  fs::path path;
  TempDir() {
    path = fs::temp_directory_path() / ("cudabench_report_test_" + std::to_string(getpid()));
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~TempDir() { fs::remove_all(path); }
};

// Stores a session of the given runs; returns its id.
int64_t store_session(r::Store& store, std::vector<r::RunRecord> runs, const std::string& tag) {
  r::SessionInfo info;
  info.started_at = "2026-11-24T16:00:00Z";
  info.tag = tag;
  info.seed = 42;
  info.blocks = 10;
  info.trace_mode = "both";
  const int64_t id = store.begin_session(info);
  for (auto& run : runs) {
    run.session_id = id;
    store.add_run(run);
  }
  store.finish_session(id, "done");
  return id;
}

std::vector<r::RunRecord> baseline_runs(double tokens_per_s, double cov, uint64_t seed) {
  cudabench::testing::SyntheticOptions o;
  o.blocks = 10;
  o.cov = cov;
  o.seed = seed;
  o.base_tokens_per_s = tokens_per_s;
  o.distributions = false;
  return cudabench::testing::synthetic_session({{"baseline", 1.0}}, o);
}

std::string slurp(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

TEST_SUITE("unit") {
  TEST_CASE("report reads the latest session of a store in every format") {
    TempDir dir;
    const std::string db = (dir.path / "c.db").string();
    {
      auto store = r::Store::open_writable(db);
      store_session(store, baseline_runs(50, 0.01, 1), "old");
      cudabench::testing::SyntheticOptions o;
      store_session(store, cudabench::testing::synthetic_session(cudabench::testing::study_scenarios(), o),
                    "new");
    }
    for (const char* format : {"text", "markdown", "json", "csv", "html"}) {
      const fs::path out = dir.path / (std::string("r.") + format);
      CHECK(cmd_report({"--db", db, "--format", format, "-o", out.string()}) == 0);
      const std::string body = slurp(out);
      CHECK_MESSAGE(body.find("noisy_cpu") != std::string::npos, format);  // session 2, not session 1
    }
    const std::string json = slurp(dir.path / "r.json");
    CHECK(json.find("\"session\":{\"id\":2,\"tag\":\"new\"") != std::string::npos);
    CHECK(json.find("\"seed\":\"42\"") != std::string::npos);
    // -o picks the format from the extension unless --format says otherwise.
    CHECK(cmd_report({"--db", db, "-o", (dir.path / "r2.html").string()}) == 0);
    CHECK(slurp(dir.path / "r2.html").rfind("<!DOCTYPE html>", 0) == 0);
    CHECK(cmd_report({"--db", db, "--format", "markdown", "-o", (dir.path / "r3.html").string()}) == 0);
    CHECK(slurp(dir.path / "r3.html").rfind("# cudabench report", 0) == 0);
    CHECK(cmd_report(
              {"--db", db, "--tag", "old", "--format", "csv", "-o", (dir.path / "old.csv").string()}) == 0);
    CHECK(slurp(dir.path / "old.csv").find("noisy_cpu") == std::string::npos);
  }

  TEST_CASE("report --compare: PASS 0 - FAIL 1 - INCONCLUSIVE 3") {
    TempDir dir;
    const std::string db = (dir.path / "c.db").string();
    {
      auto store = r::Store::open_writable(db);
      store_session(store, baseline_runs(50, 0.005, 1), "ref");        // 1
      store_session(store, baseline_runs(50, 0.005, 2), "same");       // 2
      store_session(store, baseline_runs(45, 0.005, 3), "slow");       // 3: -10%
      store_session(store, baseline_runs(50, 0.15, 4), "noisy_ref");   // 4
      store_session(store, baseline_runs(46, 0.15, 5), "noisy_slow");  // 5: about -8%, CI +/-14%
    }
    const fs::path out = dir.path / "cmp.txt";
    CHECK(cmd_report({"--db", db, "--compare", "1", "2", "-o", out.string()}) == 0);
    CHECK(slurp(out).find("gate: PASS") != std::string::npos);
    CHECK(cmd_report({"--db", db, "--compare", "ref", "slow", "-o", out.string()}) == 1);
    CHECK(slurp(out).find("gate: FAIL") != std::string::npos);
    CHECK(cmd_report({"--db", db, "--compare", "4", "5", "-o", out.string()}) == 3);
    CHECK(slurp(out).find("gate: INCONCLUSIVE") != std::string::npos);
    CHECK(cmd_report({"--db", db, "--compare", "ref", "slow", "--threshold", "20", "-o", out.string()}) == 0);
    // A database file as an operand: its latest session (5, the noisy 8% slowdown) against session 1.
    CHECK(cmd_report({"--db", db, "--compare", "1", db, "--format", "json", "-o", out.string()}) == 3);
    CHECK(slurp(out).find("\"b\":\"" + db + " session 5 (latest)\"") != std::string::npos);
  }

  TEST_CASE("report --compare of unlike sides: said, not gated (exit 2) unless --force") {
    TempDir dir;
    const std::string db = (dir.path / "c.db").string();
    {
      auto store = r::Store::open_writable(db);
      store_session(store, baseline_runs(50, 0.005, 1), "a");
      auto other = baseline_runs(50, 0.005, 2);
      for (auto& run : other) {
        run.config_hash = "another-configuration";
        run.scenario_hash = "hash-of-another-text";
        run.scenario_text = "[workload]\nkind = \"command\"\ncommand = [\"./other\"]\n";
        run.env.gpu_name = "Another GPU";
      }
      store_session(store, other, "b");
    }
    const fs::path out = dir.path / "cmp.json";
    CHECK_THROWS_AS(cmd_report({"--db", db, "--compare", "a", "b", "-o", out.string()}),
                    cudabench::UserError);
    const std::string json = slurp(out);
    CHECK(json.find("\"gate\":\"NOT_APPLIED\"") != std::string::npos);
    CHECK(json.find("scenario baseline: the configuration differs") != std::string::npos);
    CHECK(json.find("[workload]") != std::string::npos);
    CHECK(json.find("the GPU or driver differs") != std::string::npos);
    CHECK(cmd_report({"--db", db, "--compare", "a", "b", "--force", "-o", out.string()}) == 0);
    CHECK(slurp(out).find("\"gate\":\"PASS\"") != std::string::npos);
  }

  TEST_CASE("report --compare-within without twins says so plainly") {
    TempDir dir;
    const std::string db = (dir.path / "w.db").string();
    {
      auto store = r::Store::open_writable(db);
      store_session(store, baseline_runs(50, 0.005, 1), "t");
    }
    try {
      cmd_report({"--db", db, "--compare-within", "ref"});
      FAIL("expected a UserError");
    } catch (const cudabench::UserError& e) {
      const std::string what = e.what();
      CHECK(what.find("has no reference twins: no scenario name ends in \"@ref\"") != std::string::npos);
      CHECK(what.find("<x>") == std::string::npos);
    }
  }

  TEST_CASE("report --history lists the step in a nightly series and reads only the tag") {
    TempDir dir;
    const std::string db = (dir.path / "h.db").string();
    {
      auto store = r::Store::open_writable(db);
      for (int night = 0; night < 8; ++night)  // 50 tok/s for four nights, then 45
        store_session(store, baseline_runs(night < 4 ? 50 : 45, 0.005, 10 + night), "nightly");
      store_session(store, baseline_runs(20, 0.005, 99), "experiment");  // not in the tag's series
    }
    const fs::path out = dir.path / "h.json";
    CHECK(cmd_report({"--db", db, "--history", "--tag", "nightly", "--format", "json", "-o", out.string()}) ==
          0);
    const std::string json = slurp(out);
    CHECK(json.find("\"schema\":\"cudabench-history/2\"") != std::string::npos);
    CHECK(json.find("\"steps\":[{\"session\":5,") != std::string::npos);
    const fs::path text = dir.path / "h.txt";
    CHECK(cmd_report({"--db", db, "--history", "--tag", "nightly", "-o", text.string()}) == 0);
    CHECK(slurp(text).find("slower") != std::string::npos);
    const fs::path html = dir.path / "h.html";
    CHECK(cmd_report({"--db", db, "--history", "--tag", "nightly", "-o", html.string()}) == 0);
    CHECK(slurp(html).find("<svg") != std::string::npos);  // the series as a chart
    CHECK(cmd_report({"--db", db, "--history", "--tag", "nightly", "-o", (dir.path / "h.csv").string()}) ==
          0);
    CHECK(slurp(dir.path / "h.csv").rfind("scenario,traced,session,", 0) == 0);
    CHECK_THROWS_AS(cmd_report({"--db", db, "--history", "--tag", "none"}), cudabench::UserError);
    CHECK_THROWS_AS(cmd_report({"--db", db, "--history", "--compare", "1", "2"}), cudabench::UserError);
  }

  TEST_CASE("bad input is a UserError (exit 2)") {
    TempDir dir;
    const std::string db = (dir.path / "c.db").string();
    CHECK_THROWS_AS(cmd_report({"--db", db}), cudabench::UserError);  // no such database
    {
      auto store = r::Store::open_writable(db);
      CHECK_THROWS_AS(cmd_report({"--db", db}), cudabench::UserError);  // no sessions
      store_session(store, baseline_runs(50, 0.01, 1), "t");
    }
    CHECK_THROWS_AS(cmd_report({"--db", db, "--format", "pdf"}), cudabench::UserError);
    CHECK_THROWS_AS(cmd_report({"--db", db, "--session", "7"}), cudabench::UserError);
    CHECK_THROWS_AS(cmd_report({"--db", db, "--session", "x"}), cudabench::UserError);
    CHECK_THROWS_AS(cmd_report({"--db", db, "--compare", "1"}), cudabench::UserError);
    CHECK_THROWS_AS(cmd_report({"--db", db, "--compare", "1", "nope"}), cudabench::UserError);
    CHECK_THROWS_AS(cmd_report({"--db", db, "--bogus"}), cudabench::UserError);
    CHECK_THROWS_AS(cmd_report({"--db", db, "--compare", "1", "1", "--threshold", "-3"}),
                    cudabench::UserError);
    CHECK_THROWS_AS(cmd_import_csv({"--db", db, (dir.path / "missing.csv").string()}), cudabench::UserError);
  }

  TEST_CASE("import-csv stores a traced run analysed from the original CSV format") {
    TempDir dir;
    const std::string db = (dir.path / "c.db").string();
    const fs::path csv = dir.path / "trace.csv";
    {
      std::ofstream out(csv);
      out << "timestamp_ns,event_type,pid,tid,comm,cpu,grid_x,grid_y,grid_z,block_x,block_y,block_z,shared_"
             "mem,"
             "stream,last_offcpu_ns,last_oncpu_ns,irq_num,irq_name,duration_ns\n";
      // 200 launches 2 us apart, one switch-out of 15 ms after launch 100, one TIMER softirq.
      uint64_t t = 0;
      for (int i = 0; i < 200; ++i) {
        out << t << ",cuLaunchKernel,100,100,qwen3,0,1,1,1,128,1,1,0,0x0,0,0,0,,0\n";
        if (i == 100) {
          out << t + 500 << ",schedSwitch,100,100,qwen3,0,0,0,0,0,0,0,0,0," << 1000000 + t + 500
              << ",0,0,,0\n";
          out << t + 15000500 << ",schedSwitch,100,100,qwen3,0,0,0,0,0,0,0,0,0,0," << 1000000 + t + 15000500
              << ",0,,0\n";
          t += 15000000;
        }
        t += 2000;
      }
      out << t << ",softirqExit,100,100,qwen3,0,0,0,0,0,0,0,0,0,0,0,1,TIMER,2400\n";
    }
    std::ostringstream captured;
    auto* old = std::cout.rdbuf(captured.rdbuf());
    const int rc = cmd_import_csv({"--db", db, "--scenario", "baseline", csv.string()});
    std::cout.rdbuf(old);
    CHECK(rc == 0);
    const int64_t id = std::stoll(captured.str());
    auto store = r::Store::open(db);
    const auto run = store.run(id);
    REQUIRE(run);
    CHECK(run->traced);
    CHECK(run->scenario == "baseline");
    REQUIRE(run->metric("launches"));
    CHECK(run->metric("launches")->value == 200);
    REQUIRE(run->metric("pairs.b.count"));
    CHECK(run->metric("pairs.b.count")->value == 1);
    CHECK(store.session(run->session_id)->tag == "import");
  }

}  // TEST_SUITE
