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

constexpr const char* help =
    "usage: cudabench run SCENARIO.toml... [options]\n\n"
    "Runs the scenarios in randomised complete blocks: warm-up runs first (discarded), then N\n"
    "blocks, each running every scenario once per trace variant in a seeded shuffled order.\n"
    "Every run is committed to the database as soon as it ends.\n\n"
    "options:\n"
    "  --runs N          blocks (default: the largest [run] runs of the scenarios)\n"
    "  --warmup N        warm-up runs per scenario (default: the largest [run] warmup)\n"
    "  --db PATH         database (default: $CUDABENCH_DB, else ./cudabench.db)\n"
    "  --seed N          shuffle seed (default: random; always recorded)\n"
    "  --tag TEXT        label the session (report --tag, report --compare)\n"
    "  --trace MODE      which runs each block holds; untraced runs give tok/s, traced runs the\n"
    "                    mechanism: sched (default): untraced + sched-level traced (scheduler\n"
    "                    and IRQ tracepoints, cheap); launch: untraced + launch-level traced\n"
    "                    (also the CUDA launch/sync uprobes, ~1 us per launch); all: all three;\n"
    "                    off: untraced only; on: launch-level traced only; both: = launch\n"
    "  --traced-every K  traced runs in every K-th block only (default 1)\n"
    "  --cuda-lib PATH   libcuda to probe (default: the one the workload loads)\n"
    "  --keep-trace      keep each traced run's full event trace next to the database\n"
    "  --reference PROG  also run every scenario as <name>@ref with PROG as the workload program,\n"
    "                    in the same blocks (report --compare-within ref gates the pair)\n"
    "  --quiet           no progress output\n"
    "  --json            progress as JSON lines on stderr\n\n"
    "exit codes: 0 every run ok, 1 a run failed or was invalid, 2 bad input, 130/143 interrupted\n\n"
    "examples:\n"
    "  cudabench run scenarios/noisy_cpu.toml scenarios/baseline.toml --runs 5 --warmup 1 --db study.db\n"
    "  cudabench run scenarios/*.toml --trace=off --seed 42 --tag nightly\n";

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
  Args args("run", argv,
            {{"--runs", "", true},
             {"--warmup", "", true},
             {"--db", "", true},
             {"--seed", "", true},
             {"--tag", "", true},
             {"--trace", "", true},
             {"--traced-every", "", true},
             {"--cuda-lib", "", true},
             {"--keep-trace", "", false},
             {"--reference", "", true},
             {"--quiet", "-q", false},
             {"--json", "", false},
             {"--help", "-h", false}});
  if (args.flag("--help")) return fmt::print("{}", help), 0;
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
  return run_session(o);
}

}  // namespace cudabench::harness
