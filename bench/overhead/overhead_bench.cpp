// Per-run overhead of `cudabench run`, by phase: a short CPU-only session with one scenario per
// interferer kind (none, stress-ng, iperf3, fio, all three), then the mean seconds each phase took
// per run, read back from the runs' phase.* metrics (harness/run/run_one.cpp, runner.cpp). The
// workload is the tests' fake_decoder (0.2 s of CPU work, no GPU), so everything else is the harness.
//
// overhead_bench [--runs N] [--trace off|sched] [--kinds K,...] [--cudabench PATH] [--decoder PATH]
//                [--fio-size SIZE] [--keep DIR]
// Needs root (interferers, the session lock under /run): exit 77 (skipped) otherwise. Prints
// figures; fails only when the session does (ctest runs it once: bench/overhead/CMakeLists.txt).
#include <fmt/format.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <vector>

#include "results/store/store.h"

namespace fs = std::filesystem;
namespace r = cudabench::results;

namespace {

struct Options {
  int runs = 5;
  std::string trace = "off", cudabench = CUDABENCH_EXE, decoder = FAKE_DECODER, keep;
  std::string fio_size = "1G";  // per fio job, 4 jobs: the study's; smaller for a small disk
  std::vector<std::string> kinds = {"baseline", "stress-ng", "iperf3", "fio", "heavy"};
};

// The study's interferers (scenarios/noisy_*.toml), settle_s left to cudabench's default; fio's
// size is a placeholder, SIZE.
const std::map<std::string, std::string> interferer_text = {
    {"stress-ng", "[[interferer]]\nkind = \"stress-ng\"\nworkers = 0\nmethod = \"fft\"\n"},
    {"iperf3", "[[interferer]]\nkind = \"iperf3\"\nstreams = 10\n"},
    {"fio",
     "[[interferer]]\nkind = \"fio\"\nscratch_dir = \"/var/tmp\"\noptions = { ioengine = \"libaio\", rw = "
     "\"randwrite\", bs = \"4k\", direct = \"1\", iodepth = \"32\", numjobs = \"4\", size = \"SIZE\" }\n"},
};

// 40 tokens of 5 ms CPU work each: a 0.2 s workload that reports like qwen3.
std::string interferer(const std::string& kind, const std::string& fio_size) {
  std::string text = interferer_text.at(kind);
  if (auto at = text.find("SIZE"); at != std::string::npos) text.replace(at, 4, fio_size);
  return text;
}

std::string scenario_text(const std::string& kind, const std::string& decoder, const std::string& fio_size) {
  std::string text = "[scenario]\nname = \"" + (kind == "stress-ng" ? std::string("stress_ng") : kind) +
                     "\"\n[workload]\nkind = \"command\"\ncommand = [\"" + decoder +
                     "\", \"--tokens\", \"40\", \"--work-us\", \"5000\"]\n";
  if (kind == "heavy")
    for (const char* k : {"stress-ng", "iperf3", "fio"}) text += interferer(k, fio_size);
  else if (kind != "baseline")
    text += interferer(kind, fio_size);
  return text + "[run]\ntimeout_s = 120\n";
}

int run_command(const std::vector<std::string>& argv) {
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid = 0;
  if (posix_spawn(&pid, args[0], nullptr, nullptr, args.data(), environ) != 0) return -1;
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

Options parse(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    const std::string v = i + 1 < argc ? argv[i + 1] : "";
    if (a == "--runs")
      o.runs = std::stoi(v), ++i;
    else if (a == "--trace")
      o.trace = v, ++i;
    else if (a == "--cudabench")
      o.cudabench = v, ++i;
    else if (a == "--fio-size")
      o.fio_size = v, ++i;
    else if (a == "--decoder")
      o.decoder = v, ++i;
    else if (a == "--keep")
      o.keep = v, ++i;
    else if (a == "--kinds") {
      o.kinds.clear();
      std::stringstream in(v);
      for (std::string k; std::getline(in, k, ',');) o.kinds.push_back(k);
      ++i;
    } else {
      fmt::print(stderr,
                 "usage: overhead_bench [--runs N] [--trace off|sched] [--kinds K,...] [--cudabench PATH] "
                 "[--decoder PATH] [--fio-size SIZE] [--keep DIR]\n");
      std::exit(2);
    }
  }
  for (const auto& k : o.kinds)
    if (k != "baseline" && k != "heavy" && !interferer_text.count(k))
      fmt::print(stderr, "overhead_bench: unknown kind {}\n", k), std::exit(2);
  return o;
}

// The phases of a run in the order they happen (run_one.cpp, runner.cpp), with the table's names.
const std::vector<std::pair<std::string, std::string>> phases = {
    {"phase.setup_s", "setup (fingerprint, run dir)"},
    {"phase.placement_s", "placement"},
    {"phase.interferers_start_s", "interferer start + readiness"},
    {"phase.spawn_s", "process start"},
    {"wall_s", "workload"},
    {"phase.interferers_stop_s", "interferer stop + intensity read"},
    {"phase.results_s", "results (parse, analysis)"},
    {"phase.teardown_s", "teardown (cgroup, run dir)"},
    {"phase.between_runs_s", "commit + loop"},
};

double figure(const r::RunRecord& run, const std::string& name) {
  if (name == "wall_s") return run.wall_s;
  const auto* m = run.metric(name);
  return m ? m->value : 0;
}

using ByScenario = std::map<std::string, std::vector<const r::RunRecord*>>;

double mean(const std::vector<const r::RunRecord*>& runs, const std::string& name) {
  double sum = 0;
  for (const auto* run : runs) sum += figure(*run, name);
  return runs.empty() ? 0 : sum / static_cast<double>(runs.size());
}

// One row per phase, one column per scenario; the last row is every phase but the workload.
void print_rows(const ByScenario& by) {
  fmt::print("{:<34}", "phase");
  for (const auto& [scenario, list] : by) fmt::print(" {:>10}", scenario);
  fmt::print("\n");
  for (const auto& [name, label] : phases) {
    fmt::print("{:<34}", label);
    for (const auto& [scenario, list] : by) fmt::print(" {:>10.3f}", mean(list, name));
    fmt::print("\n");
  }
  fmt::print("{:<34}", "overhead (all but the workload)");
  for (const auto& [scenario, list] : by) {
    double overhead = 0;
    for (const auto& [name, label] : phases)
      if (name != "wall_s") overhead += mean(list, name);
    fmt::print(" {:>10.3f}", overhead);
  }
  fmt::print("\n");
}

void print_table(const std::vector<r::RunRecord>& runs, const Options& o, double session_s) {
  ByScenario by;
  double in_runs = 0;
  for (const auto& run : runs) {
    for (const auto& [name, label] : phases) in_runs += figure(run, name);
    if (!run.warmup && run.status == r::RunStatus::ok) by[run.scenario].push_back(&run);
  }
  fmt::print("cudabench run: {} measured run(s) per scenario after 1 warm-up, trace {}, {} CPUs; mean "
             "seconds per run\n\n",
             o.runs, o.trace, sysconf(_SC_NPROCESSORS_ONLN));
  print_rows(by);
  fmt::print("\nsession: {:.2f} s in all, {:.2f} s outside the runs (lock, database, CPU calibration, end)\n",
             session_s, session_s - in_runs);
}

}  // namespace

int main(int argc, char** argv) {
  const Options o = parse(argc, argv);
  if (geteuid() != 0) {
    fmt::print("skipped: needs root (interferers and the session lock)\n");
    return 77;
  }
  const fs::path dir = o.keep.empty()
                           ? fs::temp_directory_path() / fmt::format("cudabench-overhead-{}", getpid())
                           : fs::path(o.keep);
  fs::create_directories(dir);
  const std::string db = (dir / "overhead.db").string();
  fs::remove(db);
  std::vector<std::string> cmd = {o.cudabench, "run"};
  for (const auto& k : o.kinds) {
    const fs::path file = dir / (k + ".toml");
    std::ofstream(file) << scenario_text(k, o.decoder, o.fio_size);
    cmd.push_back(file.string());
  }
  const std::vector<std::string> flags = {
      "--runs", std::to_string(o.runs), "--warmup", "1", "--trace", o.trace, "--seed", "1", "--quiet", "--db",
      db};
  cmd.insert(cmd.end(), flags.begin(), flags.end());
  const auto t0 = std::chrono::steady_clock::now();
  const int rc = run_command(cmd);
  const double session_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (rc != 0) fmt::print(stderr, "overhead_bench: cudabench run exited with {}\n", rc);
  r::RunFilter all;
  all.include_warmup = true;
  print_table(r::Store::open(db).runs(all), o, session_s);
  if (o.keep.empty()) fs::remove_all(dir);
  return rc == 0 ? 0 : 1;
}
