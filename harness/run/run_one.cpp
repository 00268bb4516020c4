#include "harness/run/run_one.h"

#include <fmt/format.h>
#include <signal.h>
#include <stdlib.h>

#include <chrono>
#include <filesystem>
#include <set>
#include <thread>

#include "common/clock.h"
#include "common/error.h"
#include "common/log.h"
#include "harness/interferers/interferers.h"
#include "harness/interferers/registry.h"
#include "harness/placement/placement.h"
#include "harness/process/janitor.h"
#include "harness/process/signals.h"
#include "harness/run/environment.h"
#include "harness/run/host_usage.h"
#include "harness/run/instances.h"
#include "harness/run/workload_result.h"
#include "results/analysis/analysis.h"
#include "results/report/trace_summary.h"
#include "results/trace/file.h"
#include "tracer/tracer.h"

namespace cudabench::harness {
namespace {

namespace fs = std::filesystem;
using clock_type = std::chrono::steady_clock;
using results::RunStatus;

// The run's private directory for the workload's output and the interferers' reports; removed
// when the run ends, and by the janitor if cudabench dies first.
class RunDir {
 public:
  explicit RunDir(Janitor* janitor) : janitor_(janitor) {
    std::string tmpl = (fs::temp_directory_path() / "cudabench-run-XXXXXX").string();
    if (!mkdtemp(tmpl.data())) throw_errno("mkdtemp " + tmpl);
    path_ = tmpl;
    if (janitor_) janitor_->record_path(path_);
  }
  ~RunDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
    if (janitor_) janitor_->forget_path(path_);
  }
  std::string file(const std::string& name) const { return path_ + "/" + name; }

 private:
  Janitor* janitor_;
  std::string path_;
};

std::string tail(const std::string& text, size_t bytes) {
  return text.size() <= bytes ? text : text.substr(text.size() - bytes);
}

// Every interferer tool, used or not: the fingerprint must not differ between the scenarios of a
// session only because they use different tools.
const std::vector<std::string> fingerprint_tools = interferer_tools();

// A workload figure that shares its name with a trace figure ("launches": the workload's own count
// and the traced count) is kept as "workload.<name>"; the trace's keeps the plain name the analysis
// and the report use. A sched-level trace has no launch records: the workload's count stands in
// for Sched/1K and on-CPU time per launch.
results::RunAnalysis add_trace_metrics(const trace::TraceData& data, const WorkloadResult& result,
                                       results::RunRecord& r) {
  results::AnalysisOptions options;
  if (result.launches) options.launches = static_cast<uint64_t>(*result.launches);
  auto analysis = results::analyze_run(data, options);
  for (auto& m : analysis.metrics) {
    for (auto& existing : r.metrics)
      if (existing.name == m.name) existing.name = "workload." + existing.name;
    r.metrics.push_back(m);
  }
  for (auto& m : results::preemptor_metrics(analysis.top_preemptors)) r.metrics.push_back(m);
  for (auto& d : analysis.distributions) r.distributions.push_back({d.name, d.unit, d.histogram.encode()});
  // The analysis reports the tracer's own figures (tracer.events, tracer.drops...); this one is the
  // count the launch cross-check compares with the workload's.
  if (r.trace == results::TraceLevel::launch)
    r.metrics.push_back({"tracer.launches_seen", static_cast<double>(trace::kernel_launches(data)), "count"});
  return analysis;
}

// A placement that cannot be applied is the same for every run of the scenario: say it once on
// the terminal; every run's notes keep it.
void warn_once(const std::string& text) {
  static std::set<std::string> said;
  if (said.insert(text).second) log::warn("{}", text);
}

// Objective reasons to exclude a traced run (METHODOLOGY.md "Outliers"): lost events, a trace that
// disagrees with the workload's own launch count (launch level), or thread states that disagree
// with the kernel's own accounting of the critical thread.
void judge_trace(const trace::TraceData& data, const results::RunAnalysis& analysis,
                 const WorkloadResult& result, results::RunRecord& r) {
  uint64_t dropped = 0;
  std::string types;
  for (const auto& [type, n] : data.stats.drops) {
    dropped += n;
    types += fmt::format("{}{} {}", types.empty() ? "" : ", ", n, type);
  }
  if (dropped > 0) {
    r.status = RunStatus::invalid;
    r.reason = fmt::format("the tracer dropped {} events ({})", dropped, types);
    return;
  }
  uint64_t seen = trace::kernel_launches(data);
  if (r.trace == results::TraceLevel::launch && result.launches &&
      static_cast<double>(seen) != *result.launches) {
    r.status = RunStatus::invalid;
    r.reason = fmt::format("the trace saw {} launches but the workload reported {}", seen, *result.launches);
    return;
  }
  if (!analysis.disagreement.empty()) {
    r.status = RunStatus::invalid;
    r.reason = analysis.disagreement;
  }
}

// Ends a traced window however the run ends, so the next run starts with a clean tracer.
class TraceWindow {
 public:
  TraceWindow(tracer::Tracer* tracer, const std::vector<pid_t>& pids, const std::string& exe,
              tracer::Level level)
      : tracer_(tracer) {
    tracer_->begin(pids, exe, level);
  }
  ~TraceWindow() {
    if (!ended_) try {
        tracer_->end();
      } catch (const std::exception&) {
      }
  }
  trace::TraceData end() {
    ended_ = true;
    return tracer_->end();
  }

 private:
  tracer::Tracer* tracer_;
  bool ended_ = false;
};

void append_note(results::RunRecord& r, const std::string& note) {
  r.notes += (r.notes.empty() ? "" : "\n") + note;
}

// Seconds per phase of the run, kept as phase.<name>_s metrics: the harness's own cost around the
// workload, which bench/overhead prints (and the GPU sessions store, to read back).
class PhaseTimer {
 public:
  void mark(const char* phase) {
    const auto now = clock_type::now();
    metrics_.push_back(
        {fmt::format("phase.{}_s", phase), std::chrono::duration<double>(now - last_).count(), "s"});
    last_ = now;
  }
  const std::vector<results::Metric>& metrics() const { return metrics_; }

 private:
  clock_type::time_point last_ = clock_type::now();
  std::vector<results::Metric> metrics_;
};

// Everything one run holds while it runs, in the order it is made; undone in reverse.
struct LiveRun {
  explicit LiveRun(Janitor* janitor) : dir(janitor) {}
  RunDir dir;
  std::optional<PlacementGuard> placement;
  std::optional<InterfererSet> interferers;
  std::optional<WorkloadInstances> workload;
  std::optional<TraceWindow> window;
};

struct WorkloadEnd {
  int outcome = 0;   // the signal that interrupted it, 0 when it ended by itself, -1 on timeout
  std::string died;  // why the run is invalid: an interferer that did not last
  std::optional<trace::TraceData> data;
};

void start_run(const RunContext& ctx, LiveRun& live, PhaseTimer& phases, results::RunRecord& r) {
  const Scenario& s = *ctx.scenario;
  live.placement.emplace(s.placement, ctx.janitor);
  for (const auto& n : live.placement->notes()) append_note(r, "placement: " + n);
  for (const auto& w : live.placement->warnings()) warn_once("placement: " + w);
  phases.mark("placement");
  live.interferers.emplace(s.interferers, live.dir.file("interferers"), ctx.janitor, ctx.session_scratch);
  for (const auto& n : live.interferers->notes()) append_note(r, n);
  phases.mark("interferers_start");
}

// Starts the workload's instances (held before exec when traced, so the trace sees every one from
// its first instruction), waits for them and takes the kernel's figures of the wait.
WorkloadEnd run_workload(const RunContext& ctx, LiveRun& live, PhaseTimer& phases, results::RunRecord& r) {
  const Scenario& s = *ctx.scenario;
  ChildUsage usage;
  live.workload.emplace(s, live.dir.file("workload"), live.placement->cgroup_procs(), r.traced);
  if (r.traced)
    live.window.emplace(ctx.tracer, live.workload->pids(), s.workload.argv[0],
                        r.trace == results::TraceLevel::sched ? tracer::Level::sched : tracer::Level::launch);
  phases.mark("spawn");
  CpuTimes cpu_before = CpuTimes::read();
  auto t0 = clock_type::now();
  live.workload->release();
  WorkloadEnd end;
  end.outcome = live.workload->wait(s.timeout_s);
  r.wall_s = std::chrono::duration<double>(clock_type::now() - t0).count();
  phases.mark("workload");
  if (end.outcome != 0) live.workload->stop();
  r.exit_code = live.workload->exit_code();
  for (auto& m : usage.finish(r.wall_s)) r.metrics.push_back(m);
  for (auto& m : cpu_time_metrics(cpu_before, CpuTimes::read(), s.placement.cpus)) r.metrics.push_back(m);
  return end;
}

// The interferers: still alive? then stopped, and what they achieved.
void stop_interferers(LiveRun& live, PhaseTimer& phases, WorkloadEnd& end, results::RunRecord& r) {
  end.died = live.interferers->check_alive();
  r.intensity = live.interferers->stop();
  for (const auto& w : live.interferers->warnings()) append_note(r, "warning: " + w);
  phases.mark("interferers_stop");
}

void judge_run(const WorkloadEnd& end, const WorkloadResult& result,
               const std::optional<results::RunAnalysis>& analysis, double timeout_s, results::RunRecord& r) {
  if (end.outcome > 0) {
    r.status = RunStatus::aborted;
    r.reason =
        fmt::format("interrupted by {}", sigabbrev_np(end.outcome) ? sigabbrev_np(end.outcome) : "a signal");
  } else if (end.outcome < 0) {
    r.status = RunStatus::failed;
    r.reason = fmt::format("timed out after {} s ([run] timeout_s)", timeout_s);
  } else if (r.exit_code != 0) {
    r.status = RunStatus::failed;
    r.reason = fmt::format("the workload exited with code {}", r.exit_code);
  } else if (!result.figure) {
    r.status = RunStatus::failed;
    r.reason = result.error;
  } else if (!end.died.empty()) {
    r.status = RunStatus::invalid;
    r.reason = end.died;
  } else if (end.data) {
    judge_trace(*end.data, *analysis, result, r);
  }
}

// The trace, the workload's own figures, the analysis, the status; the kept trace file.
void read_results(const RunContext& ctx, LiveRun& live, WorkloadEnd& end, results::RunRecord& r) {
  if (live.window) {
    end.data = live.window->end();
    for (const auto& w : ctx.tracer->warnings()) append_note(r, "tracer: " + w);
  }
  WorkloadInstances::Output output = live.workload->finish(ctx.scenario->workload);
  r.stderr_tail = tail(output.stderr_text, 4096);
  const WorkloadResult& result = output.result;
  for (auto& m : result.metrics) r.metrics.push_back(m);
  for (auto& [k, v] : result.labels) append_note(r, "workload " + k + ": " + v);
  for (auto& n : output.notes) append_note(r, n);
  std::optional<results::RunAnalysis> analysis;
  if (end.data) analysis = add_trace_metrics(*end.data, result, r);
  if (end.data)
    for (auto& m : instance_trace_metrics(*end.data, live.workload->pids(), output.each)) r.metrics.push_back(m);
  judge_run(end, result, analysis, ctx.scenario->timeout_s, r);
  if (end.data && !ctx.trace_dir.empty()) {
    std::string name = fmt::format("session{}-{}-{}.cbtrace", ctx.session_id,
                                   r.warmup ? std::string("w") : std::to_string(r.block + 1), r.position);
    results::write_trace_file(*end.data, ctx.trace_dir + "/" + name);
    r.trace_file = name;
  }
}

results::RunRecord new_record(const RunContext& ctx) {
  const Scenario& s = *ctx.scenario;
  results::RunRecord r;
  r.session_id = ctx.session_id;
  r.scenario = s.name;
  r.scenario_hash = s.hash;
  r.config_hash = s.config_hash;
  r.scenario_text = s.text;
  r.block = ctx.planned.block;
  r.position = ctx.planned.position;
  r.warmup = ctx.planned.warmup;
  r.trace = ctx.planned.trace;
  r.traced = ctx.planned.traced();
  r.started_at = utc_now();
  r.env = collect_environment(fingerprint_tools);
  r.status = RunStatus::ok;
  return r;
}

}  // namespace

results::RunRecord execute_run(const RunContext& ctx) {
  PhaseTimer phases;
  results::RunRecord r = new_record(ctx);
  try {
    LiveRun live(ctx.janitor);
    phases.mark("setup");
    start_run(ctx, live, phases, r);
    WorkloadEnd end = run_workload(ctx, live, phases, r);
    stop_interferers(live, phases, end, r);
    read_results(ctx, live, end, r);
    phases.mark("results");
  } catch (const std::exception& e) {
    r.status = interrupted() ? RunStatus::aborted : RunStatus::failed;
    r.reason = e.what();
  }
  phases.mark("teardown");  // the run's cgroup, placement and directory undone
  for (const auto& m : phases.metrics())
    if (m.name != "phase.workload_s") r.metrics.push_back(m);  // that one is wall_s
  return r;
}

}  // namespace cudabench::harness
