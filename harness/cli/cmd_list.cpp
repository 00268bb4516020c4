// `cudabench list` and `cudabench show`: what the store holds.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <map>
#include <set>

#include "common/error.h"
#include "common/input.h"
#include "harness/cli/args.h"
#include "harness/cli/commands.h"
#include "harness/cli/run_operand.h"
#include "results/metrics/registry.h"
#include "results/store/store.h"

namespace cudabench::harness {
namespace {

std::string figure_of(const results::RunRecord& r) {
  if (const auto* m = r.metric(results::metrics::tokens_per_s))
    return fmt::format("{:.2f} {}", m->value, m->unit);
  return "-";
}

void print_runs(const std::vector<results::RunRecord>& runs) {
  fmt::print("  {:>6} {:>5} {:>3} {:<20} {:<8} {:<8} {:>16} {:>8}  {}\n", "run", "block", "pos", "scenario",
             "traced", "status", "figure", "wall_s", "reason");
  for (const auto& r : runs)
    fmt::print("  {:>6} {:>5} {:>3} {:<20} {:<8} {:<8} {:>16} {:>8.2f}  {}\n", r.id,
               r.warmup ? std::string("warm") : std::to_string(r.block + 1), r.position, visible(r.scenario),
               results::trace_level_name(r.trace), results::status_name(r.status), figure_of(r), r.wall_s,
               visible(r.reason));
}

void print_session(const results::SessionInfo& s, const std::vector<results::RunRecord>& runs) {
  std::map<std::string, int> by_status;
  std::set<std::string> scenarios;
  for (const auto& r : runs) {
    ++by_status[results::status_name(r.status)];
    scenarios.insert(r.scenario);
  }
  std::vector<std::string> counts;
  for (const auto& [status, n] : by_status) counts.push_back(fmt::format("{} {}", n, status));
  fmt::print("{:>7}  {:<20}  {:<8}  {:>6}  {:<5}  {:<10}  {:<14}  {}\n", s.id, s.started_at, s.status,
             s.blocks, s.trace_mode, s.tag.empty() ? "-" : s.tag,
             counts.empty() ? "none" : fmt::format("{}", fmt::join(counts, ", ")), fmt::join(scenarios, " "));
}

}  // namespace

int cmd_list(const CommandArgs& argv) {
  const auto& spec = command_spec("list");
  Args args(spec, argv);
  if (args.flag("--help")) return fmt::print("{}", command_help(spec)), 0;
  if (!args.positionals().empty()) throw UserError("list takes no operand \"" + args.positionals()[0] + "\"");
  auto store = results::Store::open(results::default_db_path(args.value("--db")));
  auto only = args.u64("--session");
  fmt::print("{:>7}  {:<20}  {:<8}  {:>6}  {:<5}  {:<10}  {:<14}  {}\n", "session", "started", "status",
             "blocks", "trace", "tag", "runs", "scenarios");
  for (const auto& s : store.sessions()) {
    if (only && static_cast<uint64_t>(s.id) != *only) continue;
    results::RunFilter filter;
    filter.session = s.id;
    filter.include_warmup = true;
    const auto runs = store.runs(filter);
    print_session(s, runs);
    if (args.flag("--runs") || only) print_runs(runs);
  }
  return 0;
}

int cmd_show(const CommandArgs& argv) {
  const auto& spec = command_spec("show");
  Args args(spec, argv);
  if (args.flag("--help")) return fmt::print("{}", command_help(spec)), 0;
  const auto stored = run_operand(args, "show");
  const auto& r = stored.run;
  // Stored text is shown with control characters escaped: a database may come from elsewhere.
  fmt::print("run {}  session {}  scenario {} ({})\n", r.id, r.session_id, visible(r.scenario),
             r.scenario_hash);
  fmt::print("  status   {}{}\n", results::status_name(r.status), r.reason.empty() ? "" : ": " + r.reason);
  fmt::print("  block    {}  position {}  {}  {}\n", r.warmup ? "warm-up" : std::to_string(r.block + 1),
             r.position, r.traced ? "traced" : "untraced", r.started_at);
  fmt::print("  wall     {:.3f} s  exit code {}\n", r.wall_s, r.exit_code);
  if (!r.trace_file.empty()) fmt::print("  trace    {}\n", r.trace_file);
  const auto& e = r.env;
  fmt::print("environment\n  kernel   {}\n  cpu      {} x {} (governor {}, SMT {})\n", e.kernel, e.cpu_count,
             e.cpu_model, e.governor, e.smt);
  fmt::print("  memory   {:.1f} GiB\n  gpu      {} (driver {})\n  git      {}\n",
             static_cast<double>(e.mem_bytes) / (1 << 30), e.gpu_name.empty() ? "none" : e.gpu_name,
             e.gpu_driver.empty() ? "-" : e.gpu_driver, e.git_sha);
  if (!e.isolcpus.empty() || !e.nohz_full.empty())
    fmt::print("  isolcpus {}  nohz_full {}\n", e.isolcpus, e.nohz_full);
  for (const auto& [tool, version] : e.tool_versions) fmt::print("  {:<8} {}\n", tool, version);
  // What was applied to the machine for this run and what could not be: placement, interferers,
  // the tracer's warnings (one per line).
  fmt::print("notes{}\n", r.notes.empty() ? ": none" : "");
  for (size_t at = 0; at < r.notes.size();) {
    const size_t end = std::min(r.notes.find('\n', at), r.notes.size());
    fmt::print("  {}\n", r.notes.substr(at, end - at));
    at = end + 1;
  }
  fmt::print("metrics\n");
  for (const auto& m : r.metrics) fmt::print("  {:<32} {:>14.6g} {}\n", m.name, m.value, m.unit);
  if (!r.intensity.empty()) fmt::print("interferer intensity\n");
  for (const auto& i : r.intensity)
    fmt::print("  #{} {:<10} {:<16} {:>14.6g} {}\n", i.interferer, i.kind, i.metric, i.value, i.unit);
  if (!r.distributions.empty()) fmt::print("distributions\n");
  for (const auto& d : r.distributions) fmt::print("  {:<32} {} ({} bytes)\n", d.name, d.unit, d.data.size());
  if (!r.stderr_tail.empty()) fmt::print("stderr (tail)\n{}\n", r.stderr_tail);
  return 0;
}

}  // namespace cudabench::harness
