// `cudabench merge OUT.db IN.db...`: a fleet's databases combined into one (results/store/merge.h).
#include <fmt/format.h>

#include "common/error.h"
#include "harness/cli/args.h"
#include "harness/cli/commands.h"
#include "harness/cli/spec.h"
#include "results/store/merge.h"

namespace cudabench::harness {

int cmd_merge(const CommandArgs& args) {
  const auto& spec = command_spec("merge");
  const Args a(spec, args);
  if (a.flag("--help")) return fmt::print("{}", command_help(spec)), 0;
  const auto& pos = a.positionals();
  if (pos.size() < 2)
    throw UserError("merge wants OUT.db and at least one IN.db", "see cudabench merge --help");
  const std::vector<std::string> inputs(pos.begin() + 1, pos.end());
  int64_t sessions = 0, runs = 0;
  for (const auto& m : results::merge_databases(pos[0], inputs)) {
    const auto& c = m.counts;
    fmt::print("{}: {} session{} added ({} runs), {} already in {}\n", m.path, c.sessions_added,
               c.sessions_added == 1 ? "" : "s", c.runs_added, c.sessions_present, pos[0]);
    if (c.traces_missing > 0)
      fmt::print("  {} kept trace{} not found beside {}: those runs keep their figures, not the trace\n",
                 c.traces_missing, c.traces_missing == 1 ? "" : "s", m.path);
    sessions += c.sessions_added;
    runs += c.runs_added;
  }
  fmt::print("{}: {} sessions and {} runs added\n", pos[0], sessions, runs);
  return 0;
}

}  // namespace cudabench::harness
