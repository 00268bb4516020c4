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
    "  --aa              also run the baseline scenario as <baseline>@aa, the same configuration\n"
    "                    under another name, in the same blocks: the session's own noise floor\n"
    "  --baseline NAME   the scenario --aa and --target-ci compare with (default baseline)\n"
    "  --pin auto        pin each workload to the fastest CPU of the session's calibration that its\n"
    "                    interferers are not pinned to; those without CPUs run on the others\n"
    "                    (the low-noise recipe of docs/precision.md; a scenario's own cpus win)\n\n"
    "precision target (docs/precision.md):\n"
    "  --target-ci PCT   add blocks until every compared change (each scenario vs the baseline,\n"
    "                    or vs its @ref twin with --reference) has a 95% CI half-width <= PCT %,\n"
    "                    from the paired per-block log-ratios of untraced tok/s that report uses.\n"
    "                    The rule: the sequential fixed-width procedure of Chow & Robbins (1965)\n"
    "                    with a minimum sample; simulated coverage of the final 95% CI is 0.93-0.96\n"
    "                    (normal, heavy-tailed and skewed noise), nominal as blocks grow.\n"
    "                    The session then ends normally and stores why it stopped.\n"
    "  --min-blocks N    blocks before the rule may stop (default 10, at least 5)\n"
    "  --max-time T      time budget of the session (90s, 8m, 1h30m): a block starts only when the\n"
    "                    blocks so far say it ends in time\n"
    "  with --target-ci, --runs N is the most blocks (default 1000)\n"
    "  --quiet           no progress output\n"
    "  --json            progress as JSON lines on stderr\n\n"
    "exit codes: 0 every run ok, 1 a run failed or was invalid, 2 bad input, 130/143 interrupted\n\n"
    "examples:\n"
    "  cudabench run scenarios/noisy_cpu.toml scenarios/baseline.toml --runs 5 --warmup 1 --db study.db\n"
    "  cudabench run scenarios/*.toml --trace=off --seed 42 --tag nightly\n"
    "  cudabench run scenarios/baseline.toml scenarios/noisy_cpu.toml --aa --target-ci 2 --max-time 8m\n";

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
             {"--aa", "", false},
             {"--baseline", "", true},
             {"--pin", "", true},
             {"--target-ci", "", true},
             {"--min-blocks", "", true},
             {"--max-time", "", true},
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
  read_precision_flags(args, o);
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
