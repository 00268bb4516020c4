#include "harness/run/runner.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <set>
#include <system_error>

#include "common/clock.h"
#include "common/cpu_list.h"
#include "common/error.h"
#include "common/log.h"
#include "harness/interferers/session_scratch.h"
#include "harness/process/janitor.h"
#include "harness/process/signals.h"
#include "harness/run/cpu_speed.h"
#include "harness/run/machine_plan.h"
#include "harness/run/precision.h"
#include "harness/run/run_one.h"
#include "harness/run/session_plan.h"
#include "harness/run/session_scenarios.h"
#include "harness/run/session_summary.h"
#include "harness/scenario/scenario.h"
#include "results/stats/cpu_speed.h"
#include "results/store/store.h"
#include "results/trace/file.h"
#include "tracer/tracer.h"

namespace cudabench::harness {
namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

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

void tell_calibration(const std::map<int, double>& speed) {
  if (speed.size() < 2) return;
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

// What every run of the session shares, and running one: execute, store, tell.
class Session {
 public:
  Session(const std::vector<Scenario>& scenarios, results::Store& store, int64_t id, Janitor* janitor,
          tracer::Tracer* tracer, std::string trace_dir, Progress& progress, PrecisionTracker* precision)
      : scenarios(scenarios),
        progress(progress),
        precision(precision),
        store_(store),
        id_(id),
        janitor_(janitor),
        tracer_(tracer),
        trace_dir_(std::move(trace_dir)) {
    scratch_.emplace(janitor);
  }

  void run(const PlannedRun& p, int total, int blocks) {
    const Scenario& s = scenarios[static_cast<size_t>(p.scenario)];
    RunStart start{++done, total, p.block, blocks, s.name, p.traced()};
    say([&] { progress.run_start(start); });
    // The harness's own time between runs (the previous run's commit, progress, planning): the
    // part of the per-run overhead execute_run cannot see (bench/overhead prints it).
    const std::optional<double> between = last_end_ ? std::optional(seconds_since(*last_end_)) : std::nullopt;
    auto record = execute_run({&s, p, id_, janitor_, tracer_, trace_dir_, &*scratch_});
    last_end_ = Clock::now();
    if (between) record.metrics.push_back({"phase.between_runs_s", *between, "s"});
    record.id = store_run(store_, id_, record);
    counts.add(record.status);
    if (precision) precision->add(record, s.workload.metric_name);
    const auto* figure = record.metric(s.workload.metric_name);
    say([&] {
      progress.run_end({start, record.id, results::status_name(record.status), record.reason,
                        figure ? std::optional<double>(figure->value) : std::nullopt, s.workload.metric_name,
                        s.workload.metric_unit, record.wall_s});
    });
  }

  // Removes what the session kept across runs, while the janitor that recorded it still exists.
  void end() { scratch_.reset(); }

  const std::vector<Scenario>& scenarios;
  Progress& progress;
  PrecisionTracker* precision;  // null without --target-ci
  Counts counts;
  int done = 0;  // runs started

 private:
  results::Store& store_;
  int64_t id_;
  Janitor* janitor_;
  std::optional<SessionScratch> scratch_;  // fio's files, laid out once for the whole session
  tracer::Tracer* tracer_;
  std::string trace_dir_;
  std::optional<Clock::time_point> last_end_;  // when the previous run's execution ended
};

// Whether and why a --target-ci session stops after `blocks` blocks; "" to go on.
std::string stop_reason(const std::vector<results::stats::Precision>& precision, int blocks, int max_blocks,
                        const std::optional<double>& max_time_s, double elapsed_s, double block_s) {
  if (results::stats::all_reached(precision)) return "target_reached";
  if (blocks >= max_blocks) return "max_blocks";
  if (max_time_s && elapsed_s + block_s > *max_time_s) return "max_time";
  return "";
}

std::string stop_words(const std::string& reason, int blocks, const SessionOptions& o) {
  if (reason == "target_reached")
    return fmt::format("stopping after {} blocks: every change reached +-{}%", blocks, *o.target_ci_pct);
  if (reason == "max_blocks")
    return fmt::format("stopping after {} blocks (the most --runs allows): target +-{}% not reached", blocks,
                       *o.target_ci_pct);
  return fmt::format(
      "stopping after {} blocks: --max-time {:.0f} s would be exceeded by another block; target "
      "+-{}% not reached",
      blocks, *o.max_time_s, *o.target_ci_pct);
}

// Blocks one at a time until the stopping rule, the time or the block limit says stop. Returns the
// stop reason ("" when interrupted) and the blocks run.
std::pair<std::string, int> run_until_precise(Session& session, const SessionOptions& o, uint64_t seed,
                                              Clock::time_point started) {
  const int n = static_cast<int>(session.scenarios.size());
  const int max_blocks = o.blocks.value_or(max_sequential_blocks);
  const auto blocks_start = Clock::now();
  int estimate = o.min_blocks;
  for (int b = 0;; ++b) {
    const auto block = plan_block(n, b, o.trace, seed);
    const int total = session.done + static_cast<int>(block.size()) * (estimate - b);
    for (const auto& p : block) {
      if (interrupted()) return {"", b};
      session.run(p, std::max(total, session.done + 1), estimate);
    }
    if (interrupted()) return {"", b + 1};
    const auto precision = session.precision->assess();
    PrecisionStatus status{b + 1, *o.target_ci_pct, {}, ""};
    int to_go = 0;
    for (size_t i = 0; i < precision.size(); ++i) {
      status.items.push_back(
          {session.precision->pairs()[i].label(), precision[i].half_width_pct, precision[i].blocks_to_go});
      to_go = std::max(to_go, precision[i].blocks_to_go < 0 ? 1 : precision[i].blocks_to_go);
    }
    estimate = std::min(max_blocks, b + 1 + to_go);
    const std::string reason = stop_reason(precision, b + 1, max_blocks, o.max_time_s, seconds_since(started),
                                           seconds_since(blocks_start) / (b + 1));
    if (!reason.empty()) status.stop = stop_words(reason, b + 1, o);
    say([&] { session.progress.precision(status); });
    if (!reason.empty()) return {reason, b + 1};
  }
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
  info.target_ci_pct = o.target_ci_pct;
  return store.begin_session(info);
}

// Every CPU's speed, before any interferer starts (cpu_speed.h), stored with the session; returns
// each CPU's speed relative to the fastest (--pin auto picks from it).
std::map<int, double> calibrate(results::Store& store, int64_t session, bool tell) {
  auto rows = calibrate_cpus();
  store.add_cpu_calibration(session, rows);
  auto speed = results::relative_cpu_speed(rows);
  if (tell) tell_calibration(speed);
  return speed;
}

SessionStart session_header(int64_t session, const SessionPlan& plan, const SessionOptions& o) {
  const int n = static_cast<int>(plan.scenarios.size());
  const int blocks_runs =
      o.target_ci_pct ? static_cast<int>(plan_block(n, 0, o.trace, plan.seed).size()) * plan.blocks : 0;
  SessionStart header{session,
                      plan.seed,
                      {},
                      plan.blocks,
                      static_cast<int>(plan.runs.size()) + blocks_runs,
                      trace_mode_name(o.trace),
                      o.db_path,
                      machine_changes(plan.scenarios, o.trace.any_traced()),
                      busy_machine_warning()};
  for (const auto& s : plan.scenarios) header.scenarios.push_back(s.name);
  return header;
}

}  // namespace

int run_session(const SessionOptions& o) {
  const auto started = Clock::now();
  SessionPlan plan = prepare_session(o);
  check_machine(plan);
  auto& scenarios = plan.scenarios;

  install_signal_handlers();
  auto janitor = Janitor::start();  // takes the session lock and forks its watcher, before any thread
  const std::string trace_dir = o.keep_trace ? results::prepare_trace_dir(o.db_path + ".traces") : "";
  auto store = open_store(o);
  const int64_t session = begin_session(store, plan, o);
  const auto speed = calibrate(store, session, o.progress == Progress::Mode::text);
  // Pinned before the tracer opens: its consumer goes to CPUs no workload is pinned to.
  if (o.pin_auto)
    for (const auto& line : pin_workloads(scenarios, speed)) log::info("--pin auto: {}", line);
  auto tracer = open_tracer(o, scenarios);
  for (const auto& w : tracer ? tracer->warnings() : std::vector<std::string>{}) log::warn("tracer: {}", w);
  Progress progress(o.progress);

  const SessionStart header = session_header(session, plan, o);
  say([&] { progress.session_start(header); });
  std::optional<PrecisionTracker> precision;
  if (o.target_ci_pct)
    precision.emplace(plan.compared, results::stats::StoppingRule{*o.target_ci_pct, o.min_blocks},
                      !o.trace.untraced);
  Session runs(scenarios, store, session, janitor.get(), tracer.get(), trace_dir, progress,
               precision ? &*precision : nullptr);
  for (size_t i = 0; i < plan.runs.size() && !interrupted(); ++i) runs.run(plan.runs[i], header.total, plan.blocks);
  if (o.target_ci_pct && !interrupted()) {
    const auto [reason, ran] = run_until_precise(runs, o, plan.seed, started);
    store.record_stop(session, ran, reason);
  }
  const int sig = interrupted();
  store.finish_session(session, sig ? "aborted" : "done");
  const auto& c = runs.counts;
  say([&] { progress.session_end(c.ok, c.invalid, c.failed, c.aborted); });
  runs.end();
  tracer.reset();
  janitor.reset();
  say([&] { print_session_summary(store, session, o.progress == Progress::Mode::json); });
  if (sig) return 128 + sig;
  return c.failed + c.invalid > 0 ? 1 : 0;
}

}  // namespace cudabench::harness
