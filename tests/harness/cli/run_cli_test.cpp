// End to end through the cudabench binary: interferers for real, the store's rows, and what
// Ctrl-C, SIGTERM and SIGKILL leave behind (nothing).
#include <doctest/doctest.h>
#include <fmt/format.h>

#include <signal.h>
#include <unistd.h>
#include <cmath>

#include <chrono>
#include <filesystem>
#include <map>
#include <thread>

#include "cli_process.h"
#include "harness/process/janitor.h"
#include "results/store/db.h"
#include "results/store/store.h"

using namespace testutil;
using namespace cudabench;
namespace fs = std::filesystem;

namespace {

std::string scenario(const std::string& name, const std::string& interferers, long work_us = 4000,
                     const std::string& extra_args = "") {
  return "[scenario]\nname = \"" + name + "\"\n[workload]\nkind = \"command\"\ncommand = [\"" + FAKE_DECODER +
         "\", \"--tokens\", \"25\", \"--work-us\", \"" + std::to_string(work_us) + "\"" + extra_args + "]\n" +
         interferers + "[run]\ntimeout_s = 60\n";
}

const char* stress = "[[interferer]]\nkind = \"stress-ng\"\nworkers = 1\nmethod = \"fft\"\nsettle_s = 0.5\n";
const char* iperf = "[[interferer]]\nkind = \"iperf3\"\nstreams = 2\nsettle_s = 0.5\n";
const char* fio =
    "[[interferer]]\nkind = \"fio\"\noptions = { rw = \"randwrite\", bs = \"4k\", size = \"16M\", "
    "ioengine = \"psync\" }\nsettle_s = 0.5\n";

bool leftovers() {
  for (const char* comm : {"stress-ng", "iperf3", "fio", "fake_decoder"})
    if (!pids_named(comm).empty()) return true;
  return false;
}

bool wait_for_no_leftovers(int ms) {
  for (int i = 0; i < ms / 50; ++i) {
    if (!leftovers()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return !leftovers();
}

bool run_dirs_left() {
  for (auto& e : fs::directory_iterator(fs::temp_directory_path()))
    if (e.path().filename().string().rfind("cudabench-run-", 0) == 0) return true;
  return false;
}

std::string integrity(const std::string& db) {
  sqlite3* h = nullptr;
  sqlite3_open(db.c_str(), &h);
  results::db::Statement st(h, "PRAGMA integrity_check");
  std::string out = st.step() ? st.text(0) : "no answer";
  sqlite3_close(h);
  return out;
}

// Waits until `text` is on the session's stderr (the session header: it holds the lock, runs start).
void wait_for_progress(const Background& b, const std::string& text) {
  for (int i = 0; i < 200 && b.err().find(text) == std::string::npos; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
}

}  // namespace

TEST_SUITE("privileged") {
  TEST_CASE("run: four scenarios with real interferers - stored with their intensity") {
    if (geteuid() != 0) {
      MESSAGE("skipped: needs root (interferer placement and the session lock live under /run)");
      return;
    }
    std::string dir = temp_dir();
    write_file(dir + "/baseline.toml", scenario("baseline", ""));
    write_file(dir + "/cpu.toml", scenario("noisy_cpu", stress));
    write_file(dir + "/net.toml", scenario("noisy_network", iperf));
    write_file(dir + "/disk.toml", scenario("noisy_disk", fio));
    std::string db = dir + "/study.db";
    auto r = run_cli({"run", dir + "/baseline.toml", dir + "/cpu.toml", dir + "/net.toml", dir + "/disk.toml",
                      "--runs", "2", "--warmup", "1", "--trace=off", "--db", db, "--seed", "5"});
    INFO(r.err);
    CHECK(r.exit_code == 0);
    auto store = results::Store::open(db);
    results::RunFilter all;
    all.include_warmup = true;
    auto runs = store.runs(all);
    CHECK(runs.size() == 4 + 2 * 4);
    int warm = 0;
    for (const auto& run : runs) {
      CAPTURE(run.scenario);
      CAPTURE(run.reason);
      CHECK(run.status == results::RunStatus::ok);
      CHECK(run.metric("tokens_per_s") != nullptr);
      CHECK_FALSE(run.env.kernel.empty());
      warm += run.warmup;
      if (run.scenario == "noisy_cpu") {
        REQUIRE(run.intensity.size() == 1);
        CHECK(run.intensity[0].metric == "bogo_ops_per_s");
        CHECK(run.intensity[0].value > 0);
      } else if (run.scenario == "noisy_network") {
        REQUIRE(run.intensity.size() == 1);
        CHECK(run.intensity[0].unit == "Gbit/s");
        CHECK(run.intensity[0].value > 0);
      } else if (run.scenario == "noisy_disk") {
        REQUIRE(run.intensity.size() == 1);
        CHECK(run.intensity[0].metric == "iops");
        CHECK(run.intensity[0].value > 0);
      } else {
        CHECK(run.intensity.empty());
      }
    }
    CHECK(warm == 4);
    CHECK(store.sessions().at(0).seed == 5);
    CHECK(wait_for_no_leftovers(2000));
    CHECK_FALSE(run_dirs_left());

    auto list = run_cli({"list", "--db", db});
    CHECK(list.exit_code == 0);
    CHECK(list.out.find("8 ok") == std::string::npos);  // warm-ups are listed too: 12 ok
    CHECK(list.out.find("12 ok") != std::string::npos);
    auto show = run_cli({"show", "--db", db, std::to_string(runs[5].id)});
    CHECK(show.exit_code == 0);
    CHECK(show.out.find("tokens_per_s") != std::string::npos);
    CHECK(show.out.find("kernel") != std::string::npos);
    for (const std::string bad : {"12abc", "999999", "-1"}) {
      auto refused = run_cli({"show", "--db", db, bad});
      CHECK_MESSAGE(refused.exit_code == 2, bad);
    }
    fs::remove_all(dir);
  }

  TEST_CASE("a workload without a figure - and one that fails - are failed runs with the reason") {
    if (geteuid() != 0) {
      MESSAGE("skipped: needs root");
      return;
    }
    std::string dir = temp_dir();
    write_file(dir + "/a.toml", scenario("silent", "", 1000, ", \"--no-result\""));
    write_file(dir + "/b.toml", scenario("crash", "", 1000, ", \"--exit\", \"3\""));
    std::string db = dir + "/t.db";
    auto r = run_cli({"run", dir + "/a.toml", dir + "/b.toml", "--runs", "1", "--warmup", "0", "--trace=off",
                      "--db", db, "--quiet"});
    CHECK(r.exit_code == 1);
    CHECK(r.err.empty());
    auto runs = results::Store::open(db).runs({});
    REQUIRE(runs.size() == 2);
    for (const auto& run : runs) {
      CHECK(run.status == results::RunStatus::failed);
      if (run.scenario == "silent") CHECK(run.reason.find("no CUDABENCH_RESULT") != std::string::npos);
      if (run.scenario == "crash") CHECK(run.reason == "the workload exited with code 3");
      CHECK(run.stderr_tail.find("fake_decoder:") != std::string::npos);
    }
    fs::remove_all(dir);
  }

  TEST_CASE("bad input exits 2 naming the file - line and key - nothing starts") {
    std::string dir = temp_dir();
    write_file(dir + "/bad.toml",
               "[scenario]\nname = \"x\"\n[workload]\nkind = \"command\"\ncommand = "
               "[\"/bin/true\"]\n[run]\nruns = -1\n");
    auto r = run_cli({"run", dir + "/bad.toml", "--db", dir + "/t.db"});
    CHECK(r.exit_code == 2);
    CHECK(r.err.find(dir + "/bad.toml:7:8: run.runs: expected an integer from 1 to 100000, found -1") !=
          std::string::npos);
    CHECK_FALSE(fs::exists(dir + "/t.db"));
    CHECK(run_cli({"run", "--bogus"}).exit_code == 2);
    CHECK(run_cli({"frobnicate"}).exit_code == 2);
    fs::remove_all(dir);
  }

  TEST_CASE("Ctrl-C and SIGTERM: the run is recorded aborted - nothing is left - exit 130/143") {
    if (geteuid() != 0) {
      MESSAGE("skipped: needs root");
      return;
    }
    for (int sig : {SIGINT, SIGTERM}) {
      CAPTURE(sig);
      std::string dir = temp_dir();
      write_file(dir + "/cpu.toml",
                 scenario("noisy_cpu", std::string(stress) + fio, 4000, ", \"--sleep-s\", \"30\""));
      std::string db = dir + "/t.db";
      auto bg =
          start_cli({"run", dir + "/cpu.toml", "--runs", "3", "--warmup", "0", "--trace=off", "--db", db});
      wait_for_progress(bg, "changes to this machine");              // the session header: runs start next
      std::this_thread::sleep_for(std::chrono::milliseconds(1500));  // interferers settled, workload running
      kill(bg.pid, sig);
      CHECK(bg.wait() == 128 + sig);
      CHECK(wait_for_no_leftovers(1000));
      CHECK_FALSE(run_dirs_left());
      auto store = results::Store::open(db);
      auto runs = store.runs({});
      REQUIRE(runs.size() == 1);
      CHECK(runs[0].status == results::RunStatus::aborted);
      CHECK(runs[0].reason.find("interrupted") != std::string::npos);
      CHECK(store.sessions().at(0).status == "aborted");
      CHECK(integrity(db) == "ok");
      fs::remove_all(dir);
    }
  }

  TEST_CASE("SIGKILL: no interferer survives - and the next session starts clean") {
    if (geteuid() != 0) {
      MESSAGE("skipped: needs root");
      return;
    }
    std::string dir = temp_dir();
    write_file(dir + "/heavy.toml",
               scenario("heavy", std::string(stress) + iperf + fio, 4000, ", \"--sleep-s\", \"30\""));
    std::string db = dir + "/t.db";
    auto bg =
        start_cli({"run", dir + "/heavy.toml", "--runs", "3", "--warmup", "0", "--trace=off", "--db", db});
    wait_for_progress(bg, "changes to this machine");  // the session header: runs start next
    std::this_thread::sleep_for(std::chrono::milliseconds(2000));
    CHECK_FALSE(pids_named("stress-ng").empty());
    kill(bg.pid, SIGKILL);
    CHECK(bg.wait() == 128 + SIGKILL);
    CHECK(wait_for_no_leftovers(3000));
    CHECK_FALSE(run_dirs_left());
    std::string state_dir = harness::Janitor::state_dir();
    for (auto& e : fs::directory_iterator(state_dir)) CHECK(e.path().extension() != ".state");
    CHECK(integrity(db) == "ok");
    // The killed session's finished runs are there; its session is still marked running.
    CHECK(results::Store::open(db).sessions().at(0).status == "running");
    write_file(dir + "/quick.toml", scenario("quick", "", 1000));
    auto next = run_cli(
        {"run", dir + "/quick.toml", "--runs", "1", "--warmup", "0", "--trace=off", "--db", db, "--quiet"});
    CHECK(next.exit_code == 0);
    // The next session, holding the lock, knows the killed one is dead: `abandoned`, shown by list.
    CHECK(next.err.find("are now `abandoned`") != std::string::npos);
    CHECK(results::Store::open(db).sessions().at(0).status == "abandoned");
    CHECK(run_cli({"list", "--db", db}).out.find("abandoned") != std::string::npos);
    fs::remove_all(dir);
  }

  TEST_CASE("run --reference: twins in the same blocks - compare-within gates candidate against them") {
    if (geteuid() != 0) {
      MESSAGE("skipped: needs root");
      return;
    }
    std::string dir = temp_dir();
    write_file(dir + "/a.toml", scenario("a", "", 4000));
    write_file(dir + "/b.toml", scenario("b", "", 4000));  // a's configuration under another name: A/A
    // The reference build does a quarter of the work per token: the candidate is a 4x slowdown, far
    // beyond tau even on a busy machine (tau comes from the A/A noise, 10-20% per run here under load).
    write_file(dir + "/ref.sh", std::string("#!/bin/sh\nexec ") + FAKE_DECODER + " \"$@\" --work-us 1000\n");
    fs::permissions(dir + "/ref.sh", fs::perms::owner_all);
    std::string db = dir + "/t.db";
    // Six blocks: a narrower A/A half-width, so a tighter tau.
    auto r = run_cli({"run", dir + "/a.toml", dir + "/b.toml", "--reference", dir + "/ref.sh", "--runs", "6",
                      "--warmup", "0", "--trace=off", "--db", db, "--quiet"});
    CHECK(r.exit_code == 0);
    auto runs = results::Store::open(db).runs({});
    REQUIRE(runs.size() == 24);
    std::map<int, int> per_block;
    for (const auto& run : runs) {
      CHECK(
          (run.scenario == "a" || run.scenario == "a@ref" || run.scenario == "b" || run.scenario == "b@ref"));
      ++per_block[run.block];
      if (run.scenario == "a@ref") CHECK(run.scenario_text.find("ref.sh") != std::string::npos);
    }
    for (const auto& [block, n] : per_block) CHECK(n == 4);  // each block holds every variant
    // tau from the A/A pair a@ref vs b@ref; its size follows this machine's noise, so the verdict is
    // checked with a fixed tau below.
    auto aa = run_cli({"report", "--db", db, "--compare-within", "ref"});
    CHECK(aa.out.find("3 x A/A half-width") != std::string::npos);
    auto gate = run_cli({"report", "--db", db, "--compare-within", "ref", "--threshold", "20"});
    CHECK(gate.exit_code == 1);
    CHECK(gate.out.find("gate: FAIL") != std::string::npos);
    CHECK(run_cli({"report", "--db", db, "--compare-within", "nope"}).exit_code == 2);
    CHECK(run_cli({"run", dir + "/a.toml", "--reference", dir + "/missing", "--db", db}).exit_code == 2);
    fs::remove_all(dir);
  }

  TEST_CASE("two sessions at once: the second is refused") {
    if (geteuid() != 0) {
      MESSAGE("skipped: needs root");
      return;
    }
    std::string dir = temp_dir();
    write_file(dir + "/slow.toml", scenario("slow", "", 1000, ", \"--sleep-s\", \"5\""));
    auto bg = start_cli(
        {"run", dir + "/slow.toml", "--runs", "1", "--warmup", "0", "--trace=off", "--db", dir + "/a.db"});
    wait_for_progress(bg, "changes to this machine");  // the header: the session holds the lock
    auto second = run_cli({"run", dir + "/slow.toml", "--runs", "1", "--trace=off", "--db", dir + "/b.db"});
    CHECK(second.exit_code == 1);
    CHECK(second.err.find("another cudabench session is running") != std::string::npos);
    kill(bg.pid, SIGINT);
    CHECK(bg.wait() == 130);
    fs::remove_all(dir);
  }
}

TEST_SUITE("privileged") {
  TEST_CASE("trace launch: traced and untraced runs interleave and the launch count is cross-checked") {
    if (geteuid() != 0) {
      MESSAGE("skipped: needs root (the tracer loads BPF programs)");
      return;
    }
    std::string dir = temp_dir();
    write_file(dir + "/base.toml", scenario("baseline", "", 2000, ", \"--launches-per-token\", \"40\""));
    // A libcuda without the launch symbols: the trace sees no launches while the workload reports
    // 1,000, so every traced run must be marked invalid with both numbers.
    write_file(dir + "/wrong.toml", scenario("wrong_lib", "", 2000, ", \"--launches-per-token\", \"40\"") +
                                        "[tracer]\ncuda_lib = \"" FAKE_DECODER "\"\n");
    std::string db = dir + "/t.db";
    auto r = run_cli({"run", dir + "/base.toml", "--runs", "2", "--warmup", "0", "--trace", "launch", "--db",
                      db, "--quiet", "--keep-trace"});
    INFO(r.err);
    CHECK(r.exit_code == 0);
    auto runs = results::Store::open(db).runs({});
    REQUIRE(runs.size() == 4);
    int traced = 0;
    for (const auto& run : runs) {
      CAPTURE(run.reason);
      CHECK(run.status == results::RunStatus::ok);
      if (!run.traced) continue;
      ++traced;
      REQUIRE(run.metric("tracer.launches_seen") != nullptr);
      CHECK(run.metric("tracer.launches_seen")->value == 25 * 40);
      CHECK(run.metric("launches")->value == 25 * 40);           // traced count (the analysis)
      CHECK(run.metric("workload.launches")->value == 25 * 40);  // the workload's own
      CHECK(run.metric("switches") != nullptr);
      CHECK(run.trace == results::TraceLevel::launch);
      REQUIRE(run.metric("check.running_diff_pct") != nullptr);  // ok: within 2% of the kernel's
      CHECK(std::fabs(run.metric("check.running_diff_pct")->value) <= 2);
    }
    CHECK(traced == 2);
    // The kept trace of a traced run reads back, exports in the original CSV format, and that CSV
    // imports as a run with the same launch count.
    int64_t traced_id = runs[0].traced ? runs[0].id : runs[1].traced ? runs[1].id : runs[2].id;
    auto exported = run_cli({"export", "--db", db, std::to_string(traced_id), "--csv", dir + "/t.csv"});
    CHECK(exported.exit_code == 0);
    CHECK(exported.out.find("1000 kernel launches") != std::string::npos);
    // `export` (the trace summary) and the stored figures the report reads are one analysis.
    const results::RunRecord* stored = nullptr;
    for (const auto& run : runs)
      if (run.id == traced_id) stored = &run;
    REQUIRE(stored != nullptr);
    for (auto [label, metric] :
         {std::pair{"Sched/1K ", "sched_per_1k"}, std::pair{"off-CPU ", "offcpu_pct"}}) {
      std::string figure = fmt::format("{}{:.2f}", label, stored->metric(metric)->value);
      INFO(figure << " in " << exported.out);
      CHECK(exported.out.find(figure) != std::string::npos);
    }
    auto imported = run_cli({"import-csv", dir + "/t.csv", "--db", dir + "/imported.db"});
    CHECK(imported.exit_code == 0);
    auto back = results::Store::open(dir + "/imported.db").runs({});
    REQUIRE(back.size() == 1);
    CHECK(back[0].metric("launches")->value == 1000);
    auto report = run_cli({"report", "--db", db, "--format", "json"});
    CHECK(report.exit_code == 0);
    CHECK(report.out.find("\"schema\"") != std::string::npos);

    auto bad = run_cli(
        {"run", dir + "/wrong.toml", "--runs", "1", "--warmup", "0", "--trace=on", "--db", db, "--quiet"});
    CHECK(bad.exit_code == 1);
    auto session = results::Store::open(db).latest_session();
    results::RunFilter f;
    f.session = session;
    auto wrong = results::Store::open(db).runs(f);
    REQUIRE(wrong.size() == 1);
    CHECK(wrong[0].status == results::RunStatus::invalid);
    CHECK(wrong[0].reason == "the trace saw 0 launches but the workload reported 1000");
    fs::remove_all(dir);
  }
}
