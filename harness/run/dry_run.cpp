// `cudabench run --dry-run`: everything `run` checks before it starts, and what it would do, with
// nothing started, changed or written (the database is only read, and only when it exists).
#include <algorithm>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <unistd.h>

#include <ctime>
#include <filesystem>
#include <map>

#include "common/error.h"
#include "harness/run/machine_plan.h"
#include "harness/run/progress.h"
#include "harness/run/runner.h"
#include "harness/run/session_plan.h"
#include "results/store/store.h"

namespace cudabench::harness {
namespace {

double epoch_s(const std::string& iso) {
  std::tm tm{};
  if (!strptime(iso.c_str(), "%Y-%m-%dT%H:%M:%SZ", &tm)) return NAN;
  return static_cast<double>(timegm(&tm));
}

// Per scenario and run type, the whole-run cost of its latest stored runs of the same configuration:
// the workload's own time plus the session's share of the rest (interferers starting and settling,
// the tracer, the store), (session time - sum of workload times) / runs.
struct Cost {
  double seconds = 0;
  int64_t session = 0;
};
std::map<std::pair<std::string, bool>, Cost> past_costs(const std::string& db, const SessionPlan& plan) {
  std::map<std::pair<std::string, bool>, Cost> out;
  if (!std::filesystem::is_regular_file(db)) return out;
  const auto store = results::Store::open(db);
  std::map<std::string, std::string> configs;
  for (const auto& s : plan.scenarios) configs[s.name] = s.config_hash;
  for (const auto& session : store.sessions()) {
    const double length = epoch_s(session.finished_at) - epoch_s(session.started_at);
    results::RunFilter f;
    f.session = session.id;
    f.include_warmup = true;
    const auto runs = store.runs(f);
    if (runs.empty() || !(length > 0)) continue;
    double workload = 0;
    for (const auto& r : runs) workload += r.wall_s;
    const double overhead = std::max(0.0, (length - workload) / static_cast<double>(runs.size()));
    for (const auto& r : runs) {
      auto it = configs.find(r.scenario);
      if (r.status != results::RunStatus::ok || it == configs.end() || it->second != r.config_hash) continue;
      out[{r.scenario, r.traced}] = {r.wall_s + overhead, session.id};  // later sessions overwrite
    }
  }
  return out;
}

std::string estimate(const SessionOptions& o, const SessionPlan& plan) {
  const auto costs = past_costs(o.db_path, plan);
  double total = 0;
  std::map<int64_t, bool> from;
  for (const auto& run : plan.runs) {
    const auto& name = plan.scenarios[static_cast<size_t>(run.scenario)].name;
    auto it = costs.find({name, run.traced()});
    if (it == costs.end())
      return fmt::format("unknown: {} has no earlier {} run of this configuration in {}", name,
                         run.traced() ? "traced" : "untraced", o.db_path);
    total += it->second.seconds;
    from[it->second.session] = true;
  }
  std::string sessions;
  for (const auto& [id, _] : from) sessions += (sessions.empty() ? "" : ", ") + std::to_string(id);
  return fmt::format("about {} (from the run times of session(s) {} in {})", clock_text(total), sessions,
                     o.db_path);
}

void print_plan(const SessionOptions& o, const SessionPlan& plan) {
  fmt::print("cudabench run --dry-run: {} scenario(s) valid; nothing was started\n", plan.scenarios.size());
  fmt::print("changes to this machine (undone after each run and at the end):\n");
  for (const auto& c : machine_changes(plan.scenarios, o.trace.any_traced())) fmt::print("  {}\n", c);
  std::vector<std::string> types;
  if (o.trace.untraced) types.push_back("untraced");
  if (o.trace.sched) types.push_back("sched-traced");
  if (o.trace.launch) types.push_back("launch-traced");
  // Counted as plan.cpp deals them: traced run types only in every traced_every-th block.
  const size_t traced_types = types.size() - (o.trace.untraced ? 1 : 0);
  const int every = std::max(1, o.trace.traced_every);
  const size_t traced_blocks = static_cast<size_t>((plan.blocks + every - 1) / every);
  const size_t per_block = plan.scenarios.size() * types.size();
  const size_t runs = plan.warmup * plan.scenarios.size() +
                      plan.scenarios.size() * (static_cast<size_t>(plan.blocks) * (o.trace.untraced ? 1 : 0) +
                                               traced_blocks * traced_types);
  fmt::print("run plan: {} warm-up run(s) per scenario, then {}{} block(s) x {} scenario(s) x ({}) = {}{} runs, "
             "trace {}, seed {}\n",
             plan.warmup, o.target_ci_pct ? "at least " : "", plan.blocks, plan.scenarios.size(),
             fmt::join(types, " + "), o.target_ci_pct ? "at least " : "", runs, trace_mode_name(o.trace),
             o.seed ? std::to_string(plan.seed) : "random (chosen when the session starts)");
  if (o.target_ci_pct)
    fmt::print("then up to {} more run(s) per block until every change's 95% CI half-width is <= {}%{}\n", per_block,
               *o.target_ci_pct,
               o.max_time_s ? fmt::format(" or {} s are spent", *o.max_time_s) : std::string(" (no --max-time)"));
  fmt::print("estimated time: {}\n", estimate(o, plan));
  fmt::print("database: {}{}\n", o.db_path,
             std::filesystem::exists(o.db_path) ? "" : " (created by the run)");
  if (const std::string busy = busy_machine_warning(); !busy.empty()) fmt::print("note: {}\n", busy);
}

}  // namespace

int dry_run(const SessionOptions& o) {
  const SessionPlan plan = prepare_session(o);
  print_plan(o, plan);
  std::vector<std::string> problems;
  try {
    check_machine(plan);
  } catch (const RunError& e) {
    problems.push_back(std::string(e.what()) + (e.hint().empty() ? "" : " (" + e.hint() + ")"));
  }
  if (o.trace.any_traced() && geteuid() != 0)
    problems.push_back(
        "traced runs load eBPF programs, which needs root (or CAP_BPF, CAP_PERFMON and "
        "CAP_SYS_RESOURCE): run as root, or untraced with --trace off");
  for (const auto& p : problems) fmt::print("would stop: {}\n", p);
  return problems.empty() ? 0 : 1;
}

}  // namespace cudabench::harness
