// `cudabench run SCENARIO.toml... [options]`
#include <fmt/format.h>

#include "common/error.h"
#include "common/input.h"
#include "harness/cli/args.h"
#include "harness/cli/commands.h"
#include "harness/run/runner.h"
#include "results/store/store.h"

namespace cudabench::harness {
namespace {

TraceMode parse_trace(const std::string& text) {
  if (auto mode = parse_trace_mode(text)) return *mode;
  throw UserError("--trace expects sched, launch, all, off, on or both, got '" + text + "'");
}

// Checked here, before the lock, the database or a session row: bad input stores nothing (exit 2).
void check_run_flags(const SessionOptions& o) {
  if (auto at = control_char_at(o.tag))
    throw UserError("--tag \"" + visible(o.tag) + "\": control character at offset " + std::to_string(*at),
                    "tags are printed by list and report; use printable text");
  if (o.cuda_lib.empty()) return;
  if (std::string why = regular_readable_problem(o.cuda_lib); !why.empty())
    throw UserError("--cuda-lib " + o.cuda_lib + ": " + why,
                    "give the path of libcuda.so.1 (a regular file)");
}

}  // namespace

int cmd_run(const CommandArgs& argv) {
  const auto& spec = command_spec("run");
  Args args(spec, argv);
  if (args.flag("--help")) return fmt::print("{}", command_help(spec)), 0;
  SessionOptions o;
  o.scenario_paths = args.positionals();
  o.blocks = args.integer("--runs", 1, 100000);
  o.warmup = args.integer("--warmup", 0, 1000);
  o.db_path = results::default_db_path(args.value("--db"));
  o.seed = args.u64("--seed");
  o.tag = args.value("--tag").value_or("");
  if (auto t = args.value("--trace")) {
    o.trace = parse_trace(*t);
    o.trace_explicit = true;
  }
  if (auto k = args.integer("--traced-every", 1, 1000)) o.trace.traced_every = *k;
  o.cuda_lib = args.value("--cuda-lib").value_or("");
  o.keep_trace = args.flag("--keep-trace");
  o.reference_program = args.value("--reference").value_or("");
  if (args.flag("--quiet") && args.flag("--json")) throw UserError("--quiet and --json exclude each other");
  o.progress = args.flag("--json")    ? Progress::Mode::json
               : args.flag("--quiet") ? Progress::Mode::quiet
                                      : Progress::Mode::text;
  check_run_flags(o);
  o.argv = "cudabench run";
  for (const auto& a : argv) o.argv += " " + a;
  if (args.flag("--dry-run")) return dry_run(o);
  return run_session(o);
}

}  // namespace cudabench::harness
