// `cudabench run SCENARIO.toml... [options]`
#include <fmt/format.h>

#include <cmath>
#include <cstdlib>

#include "common/error.h"
#include "common/input.h"
#include "harness/cli/args.h"
#include "harness/cli/commands.h"
#include "harness/run/runner.h"
#include "results/stats/sequential.h"
#include "results/store/store.h"

namespace cudabench::harness {
namespace {

TraceMode parse_trace(const std::string& text) {
  if (auto mode = parse_trace_mode(text)) return *mode;
  throw UserError("--trace expects sched, launch, all, off, on or both, got '" + text + "'");
}

// "90", "90s", "8m", "1h30m", "1.5h" -> seconds.
double parse_duration(const std::string& flag, const std::string& text) {
  double total = 0;
  size_t i = 0;
  const auto bad = [&] {
    return UserError(flag + " wants a duration such as 90s, 8m or 1h30m, got \"" + visible(text) + "\"");
  };
  while (i < text.size()) {
    size_t used = 0;
    double v = 0;
    try {
      v = std::stod(text.substr(i), &used);
    } catch (const std::exception&) {
      throw bad();
    }
    if (!(v >= 0) || text[i] == '-' || text[i] == '+') throw bad();
    i += used;
    const char unit = i < text.size() ? text[i++] : 's';
    const double scale = unit == 's' ? 1 : unit == 'm' ? 60 : unit == 'h' ? 3600 : -1;
    if (scale < 0) throw bad();
    total += v * scale;
  }
  if (!(total > 0) || !std::isfinite(total)) throw bad();
  return total;
}

void read_precision_flags(const Args& args, SessionOptions& o) {
  if (auto t = args.value("--target-ci")) {
    char* end = nullptr;
    const double v = std::strtod(t->c_str(), &end);
    if (end == t->c_str() || *end != '\0' || !(v > 0) || v > 100)
      throw UserError("--target-ci wants a half-width in % above 0 and at most 100, got \"" + visible(*t) +
                      "\"");
    o.target_ci_pct = v;
  }
  if (auto m = args.integer("--min-blocks", results::stats::min_min_blocks, 100000)) o.min_blocks = *m;
  if (auto t = args.value("--max-time")) o.max_time_s = parse_duration("--max-time", *t);
  if (!o.target_ci_pct && (args.value("--min-blocks") || o.max_time_s))
    throw UserError("--min-blocks and --max-time go with --target-ci");
  if (o.target_ci_pct && o.blocks && *o.blocks < o.min_blocks)
    throw UserError(
        fmt::format("--runs {} is below --min-blocks {}: with --target-ci, --runs is the most blocks",
                    *o.blocks, o.min_blocks));
  if (auto pin = args.value("--pin")) {
    if (*pin != "auto") throw UserError("--pin wants \"auto\", got \"" + visible(*pin) + "\"");
    o.pin_auto = true;
  }
  o.aa = args.flag("--aa");
  o.baseline = args.value("--baseline").value_or(o.baseline);
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
  read_precision_flags(args, o);
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
