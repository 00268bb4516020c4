#include "harness/run/runner.h"

#include <fmt/format.h>

#include <filesystem>
#include <set>

#include "common/clock.h"
#include "common/error.h"
#include "common/log.h"
#include "harness/process/janitor.h"
#include "harness/process/process.h"
#include "harness/process/signals.h"
#include "harness/run/machine_plan.h"
#include "harness/run/run_one.h"
#include "harness/run/session_plan.h"
#include "harness/run/session_summary.h"
#include "harness/scenario/scenario.h"
#include "results/store/store.h"
#include "tracer/tracer.h"

namespace cudabench::harness {
namespace {

namespace fs = std::filesystem;

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
  return t;
}

std::unique_ptr<tracer::Tracer> open_tracer(const SessionOptions& o, const std::vector<Scenario>& s) {
  if (o.trace == TraceMode::off) return nullptr;
  try {
    return tracer::Tracer::open(tracer_options(o, s));
  } catch (const RunError& e) {
    std::string hint = e.hint();
    if (!o.trace_explicit)
      hint += (hint.empty() ? "" : "; ") + std::string("or run untraced with --trace=off");
    throw RunError(e.what(), hint);
  }
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

std::string trace_dir_for(const std::string& db_path) {
  std::string dir = db_path + ".traces";
  fs::create_directories(dir);
  return dir;
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

  auto store = results::Store::open(o.db_path);
  install_signal_handlers();
  auto janitor = Janitor::start();  // forks its watcher: before the progress ticker thread exists
  auto tracer = open_tracer(o, scenarios);
  for (const auto& w : tracer ? tracer->warnings() : std::vector<std::string>{}) log::warn("tracer: {}", w);
  Progress progress(o.progress);

  const int64_t session = begin_session(store, plan, o);
  SessionStart header{session,
                      plan.seed,
                      {},
                      plan.blocks,
                      static_cast<int>(plan.runs.size()),
                      trace_mode_name(o.trace),
                      o.db_path,
                      machine_changes(scenarios, o.trace != TraceMode::off),
                      busy_machine_warning()};
  for (const auto& s : scenarios) header.scenarios.push_back(s.name);
  progress.session_start(header);
  Counts counts;
  const std::string trace_dir = o.keep_trace ? trace_dir_for(o.db_path) : "";
  for (size_t i = 0; i < plan.runs.size() && !interrupted(); ++i) {
    const auto& p = plan.runs[i];
    const Scenario& scenario = scenarios[static_cast<size_t>(p.scenario)];
    RunStart start{static_cast<int>(i) + 1,
                   static_cast<int>(plan.runs.size()),
                   p.block,
                   plan.blocks,
                   scenario.name,
                   p.traced};
    progress.run_start(start);
    RunContext ctx{&scenario, p, session, janitor.get(), tracer.get(), trace_dir};
    auto record = execute_run(ctx);
    const int64_t id = store.add_run(record);
    counts.add(record.status);
    const auto& w = scenario.workload;
    const auto* figure = record.metric(w.metric_name);
    progress.run_end({start, id, results::status_name(record.status), record.reason,
                      figure ? std::optional<double>(figure->value) : std::nullopt, w.metric_name,
                      w.metric_unit, record.wall_s});
  }
  const int sig = interrupted();
  store.finish_session(session, sig ? "aborted" : "done");
  progress.session_end(counts.ok, counts.invalid, counts.failed, counts.aborted);
  tracer.reset();
  janitor.reset();
  print_session_summary(store, session, o.progress == Progress::Mode::json);
  if (sig) return 128 + sig;
  return counts.failed + counts.invalid > 0 ? 1 : 0;
}

}  // namespace cudabench::harness
