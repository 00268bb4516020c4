// `cudabench list` and `cudabench show`: what the store holds.
#include <fmt/format.h>

#include <map>

#include "common/error.h"
#include "common/input.h"
#include "harness/cli/args.h"
#include "harness/cli/commands.h"
#include "harness/cli/run_operand.h"
#include "results/store/store.h"

namespace cudabench::harness {
namespace {

constexpr const char* list_help =
    "usage: cudabench list [--db PATH] [--session ID] [--runs]\n\n"
    "Lists stored sessions with their run counts by status; with --runs (or --session) every run.\n\n"
    "examples:\n  cudabench list --db study.db\n  cudabench list --db study.db --session 3\n";

constexpr const char* show_help =
    "usage: cudabench show [--db PATH] RUN_ID\n\n"
    "Shows one run: scenario, status, environment, metrics, interferer intensity.\n\n"
    "example:\n  cudabench show --db study.db 42\n";

std::string figure_of(const results::RunRecord& r) {
  for (const char* name : {"tokens_per_s"})
    if (const auto* m = r.metric(name)) return fmt::format("{:.2f} {}", m->value, m->unit);
  return "-";
}

void print_runs(const std::vector<results::RunRecord>& runs) {
  fmt::print("  {:>6} {:>5} {:>3} {:<16} {:<8} {:<8} {:>16} {:>8}  {}\n", "run", "block", "pos", "scenario",
             "traced", "status", "figure", "wall_s", "reason");
  for (const auto& r : runs)
    fmt::print("  {:>6} {:>5} {:>3} {:<16} {:<8} {:<8} {:>16} {:>8.2f}  {}\n", r.id,
               r.warmup ? std::string("warm") : std::to_string(r.block + 1), r.position, visible(r.scenario),
               r.traced ? "yes" : "no", results::status_name(r.status), figure_of(r), r.wall_s,
               visible(r.reason));
}

}  // namespace

int cmd_list(const CommandArgs& argv) {
  Args args("list", argv,
            {{"--db", "", true}, {"--session", "", true}, {"--runs", "", false}, {"--help", "-h", false}});
  if (args.flag("--help")) return fmt::print("{}", list_help), 0;
  if (!args.positionals().empty()) throw UserError("list takes no positional arguments");
  auto store = results::Store::open(results::default_db_path(args.value("--db")));
  auto only = args.u64("--session");
  for (const auto& s : store.sessions()) {
    if (only && static_cast<uint64_t>(s.id) != *only) continue;
    results::RunFilter filter;
    filter.session = s.id;
    filter.include_warmup = true;
    auto runs = store.runs(filter);
    std::map<std::string, int> by_status;
    for (const auto& r : runs) ++by_status[results::status_name(r.status)];
    std::string counts;
    for (const auto& [status, n] : by_status) counts += fmt::format(" {} {}", n, status);
    fmt::print("session {:>4}  {}  {:<8} seed {}  blocks {}  trace {}{}  runs:{}\n", s.id, s.started_at,
               s.status, s.seed, s.blocks, s.trace_mode, s.tag.empty() ? "" : "  tag " + visible(s.tag),
               counts.empty() ? " none" : counts);
    if (args.flag("--runs") || only) print_runs(runs);
  }
  return 0;
}

int cmd_show(const CommandArgs& argv) {
  Args args("show", argv, {{"--db", "", true}, {"--help", "-h", false}});
  if (args.flag("--help")) return fmt::print("{}", show_help), 0;
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
