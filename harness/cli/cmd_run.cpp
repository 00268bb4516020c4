// `cudabench run SCENARIO.toml... [options]`
#include <fmt/format.h>

#include "common/error.h"
#include "harness/cli/args.h"
#include "harness/cli/commands.h"
#include "harness/run/runner.h"
#include "results/store/store.h"

namespace cudabench::harness {
namespace {

TraceMode parse_trace(const std::string& text) {
  if (text == "both") return TraceMode::both;
  if (text == "on") return TraceMode::on;
  if (text == "off") return TraceMode::off;
  throw UserError("--trace expects both, on or off, got '" + text + "'");
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
  o.cuda_lib = args.value("--cuda-lib").value_or("");
  o.keep_trace = args.flag("--keep-trace");
  o.reference_program = args.value("--reference").value_or("");
  if (args.flag("--quiet") && args.flag("--json")) throw UserError("--quiet and --json exclude each other");
  o.progress = args.flag("--json")    ? Progress::Mode::json
               : args.flag("--quiet") ? Progress::Mode::quiet
                                      : Progress::Mode::text;
  o.argv = "cudabench run";
  for (const auto& a : argv) o.argv += " " + a;
  if (args.flag("--dry-run")) return dry_run(o);
  return run_session(o);
}

}  // namespace cudabench::harness
