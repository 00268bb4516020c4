#include "harness/run/runner.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>
#include <system_error>

#include "common/clock.h"
#include "common/cpu_list.h"
#include "common/error.h"
#include "common/log.h"
#include "harness/process/janitor.h"
#include "harness/process/process.h"
#include "harness/process/signals.h"
#include "harness/run/cpu_speed.h"
#include "harness/run/machine_plan.h"
#include "harness/run/run_one.h"
#include "harness/run/session_plan.h"
#include "harness/run/session_summary.h"
#include "harness/scenario/scenario.h"
#include "results/stats/cpu_speed.h"
#include "results/store/store.h"
#include "results/trace/file.h"
#include "tracer/tracer.h"

namespace cudabench::harness {
namespace {

// The CPUs no scenario pins its workload to: the tracer's consumer runs there so that it never
// takes a CPU from what it measures. Empty when the workloads may use every CPU (then the consumer
// sleeps as much as it can, see tracer.h).
std::vector<int> consumer_cpus(const std::vector<Scenario>& scenarios) {
  std::set<int> used;
  for (const auto& s : scenarios) {
    if (s.placement.cpus.empty()) return {};
    used.insert(s.placement.cpus.begin(), s.placement.cpus.end());
  }
  std::vector<int> free;
  for (int cpu : online_cpus())
    if (!used.count(cpu)) free.push_back(cpu);
  return free;
}

tracer::Options tracer_options(const SessionOptions& o, const std::vector<Scenario>& scenarios) {
  tracer::Options t;
  t.cuda_lib = o.cuda_lib;
  std::set<std::string> probes;
  std::set<uint32_t> cpus;
  bool all_cpus = false;
  for (const auto& s : scenarios) {
    if (t.cuda_lib.empty())
      t.cuda_lib = s.tracer.cuda_lib;
    else if (!s.tracer.cuda_lib.empty() && s.tracer.cuda_lib != t.cuda_lib && o.cuda_lib.empty())
      throw UserError(s.path +
                          ": tracer.cuda_lib differs from another scenario's; one session "
                          "traces one libcuda",
                      "pass --cuda-lib to choose");
    probes.insert(s.tracer.extra_probes.begin(), s.tracer.extra_probes.end());
    if (s.placement.cpus.empty()) all_cpus = true;
    for (int c : s.placement.cpus) cpus.insert(static_cast<uint32_t>(c));
  }
  t.extra_probes.assign(probes.begin(), probes.end());
  if (!all_cpus) t.irq_cpus.assign(cpus.begin(), cpus.end());
  t.consumer_cpus = consumer_cpus(scenarios);
  return t;
}

std::unique_ptr<tracer::Tracer> open_tracer(const SessionOptions& o, const std::vector<Scenario>& s) {
  if (!o.trace.any_traced()) return nullptr;
  try {
    return tracer::Tracer::open(tracer_options(o, s));
  } catch (const RunError& e) {
    std::string hint = e.hint();
    if (!o.trace_explicit)
      hint += (hint.empty() ? "" : "; ") + std::string("or run untraced with --trace=off");
    throw RunError(e.what(), hint);
  }
}

// Every CPU's speed, before any interferer starts (cpu_speed.h); stored with the session.
void calibrate(results::Store& store, int64_t session, bool tell) {
  auto rows = calibrate_cpus();
  store.add_cpu_calibration(session, rows);
  auto speed = results::relative_cpu_speed(rows);
  if (!tell || speed.size() < 2) return;
  auto [slowest, fastest] = std::minmax_element(
      speed.begin(), speed.end(), [](const auto& a, const auto& b) { return a.second < b.second; });
  log::info("CPU calibration: {} CPUs; the slowest, CPU {}, runs at {:.0f}% of the fastest, CPU {}",
            speed.size(), slowest->first, slowest->second * 100, fastest->first);
}

struct Counts {
  int ok = 0, invalid = 0, failed = 0, aborted = 0;
  void add(results::RunStatus s) {
    switch (s) {
      case results::RunStatus::ok: ++ok; break;
      case results::RunStatus::invalid: ++invalid; break;
      case results::RunStatus::failed: ++failed; break;
      case results::RunStatus::aborted: ++aborted; break;
    }
  }
};

// Progress lines are best effort: a stderr whose reader went away (SIGPIPE, recorded by the
// handler) must not end the session before it stores the run and marks itself aborted.
template <typename F>
void say(F&& f) {
  try {
    f();
  } catch (const std::system_error& e) {
    log::debug("progress not written: {}", e.what());
  }
}

// A run that cannot be stored (disk full, I/O error) ends the session: it is marked failed when
// the database still takes that, and the error names the database and the run.
int64_t store_run(results::Store& store, int64_t session, const results::RunRecord& record) {
  try {
    return store.add_run(record);
  } catch (const Error&) {
    try {
      store.finish_session(session, "failed");
    } catch (const Error& e) {
      log::debug("session {} not marked failed: {}", session, e.what());
    }
    throw;
  }
}

// The session lock first (a refused second session never touches its --db), then the database,
// then everything that can refuse the session, so a refusal stores nothing.
results::Store open_store(const SessionOptions& o) {
  auto store = results::Store::open_writable(o.db_path);
  if (int n = store.mark_abandoned())
    log::warn("{}: {} earlier session(s) left `running` by a cudabench that died are now `abandoned`",
              o.db_path, n);
  return store;
}

int64_t begin_session(results::Store& store, const SessionPlan& plan, const SessionOptions& o) {
  results::SessionInfo info;
  info.started_at = utc_now();
  info.status = "running";
  info.seed = plan.seed;
  info.argv = o.argv;
  info.tag = o.tag;
  info.blocks = plan.blocks;
  info.warmup = plan.warmup;
  info.trace_mode = trace_mode_name(o.trace);
  return store.begin_session(info);
}

}  // namespace

int run_session(const SessionOptions& o) {
  const SessionPlan plan = prepare_session(o);
  check_machine(plan);
  const auto& scenarios = plan.scenarios;

  install_signal_handlers();
  auto janitor = Janitor::start();  // takes the session lock and forks its watcher, before any thread
  const std::string trace_dir = o.keep_trace ? results::prepare_trace_dir(o.db_path + ".traces") : "";
  auto store = open_store(o);
  auto tracer = open_tracer(o, scenarios);
  for (const auto& w : tracer ? tracer->warnings() : std::vector<std::string>{}) log::warn("tracer: {}", w);
  Progress progress(o.progress);

  const int64_t session = begin_session(store, plan, o);
  calibrate(store, session, o.progress == Progress::Mode::text);
  SessionStart header{session,
                      plan.seed,
                      {},
                      plan.blocks,
                      static_cast<int>(plan.runs.size()),
                      trace_mode_name(o.trace),
                      o.db_path,
                      machine_changes(scenarios, o.trace.any_traced()),
                      busy_machine_warning()};
  for (const auto& s : scenarios) header.scenarios.push_back(s.name);
  say([&] { progress.session_start(header); });
  Counts counts;
  for (size_t i = 0; i < plan.runs.size() && !interrupted(); ++i) {
    const auto& p = plan.runs[i];
    const Scenario& scenario = scenarios[static_cast<size_t>(p.scenario)];
    RunStart start{static_cast<int>(i) + 1,
                   static_cast<int>(plan.runs.size()),
                   p.block,
                   plan.blocks,
                   scenario.name,
                   p.traced()};
    say([&] { progress.run_start(start); });
    RunContext ctx{&scenario, p, session, janitor.get(), tracer.get(), trace_dir};
    auto record = execute_run(ctx);
    const int64_t id = store_run(store, session, record);
    counts.add(record.status);
    const auto& w = scenario.workload;
    const auto* figure = record.metric(w.metric_name);
    say([&] {
      progress.run_end({start, id, results::status_name(record.status), record.reason,
                        figure ? std::optional<double>(figure->value) : std::nullopt, w.metric_name,
                        w.metric_unit, record.wall_s});
    });
  }
  const int sig = interrupted();
  store.finish_session(session, sig ? "aborted" : "done");
  say([&] { progress.session_end(counts.ok, counts.invalid, counts.failed, counts.aborted); });
  tracer.reset();
  janitor.reset();
  say([&] { print_session_summary(store, session, o.progress == Progress::Mode::json); });
  if (sig) return 128 + sig;
  return counts.failed + counts.invalid > 0 ? 1 : 0;
}

}  // namespace cudabench::harness
