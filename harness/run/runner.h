// `cudabench run`: a session of randomised complete blocks over several scenarios, every run
// committed to the store as soon as it ends.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "harness/run/plan.h"
#include "harness/run/progress.h"

namespace cudabench::harness {

struct SessionOptions {
  std::vector<std::string> scenario_paths;
  std::optional<int> blocks, warmup;  // override the scenarios' [run] runs / warmup
  std::string db_path;
  std::optional<uint64_t> seed;
  std::string tag;
  TraceMode trace;              // default: untraced and sched-level traced runs in every block
  bool trace_explicit = false;  // --trace given (otherwise a missing tracer is a hint, not an error)
  std::string cuda_lib;
  bool keep_trace = false;
  Progress::Mode progress = Progress::Mode::text;
  std::string argv;  // the command line, stored with the session
  // --reference PATH: every scenario also runs as "<name>@ref" with PATH as its workload program,
  // in the same blocks, so `report --compare-within ref` gates candidate against reference with
  // drift cancelled (docs/methodology.md: candidate and reference in the same session, interleaved).
  std::string reference_program;
  // --aa: the baseline scenario once more as "<baseline>@aa" in the same blocks (its noise floor).
  bool aa = false;
  std::string baseline = "baseline";  // --baseline: the reference of --aa and of --target-ci
  // --target-ci PCT: after at least min_blocks blocks, add blocks until every compared change's
  // 95% CI half-width is at most PCT (results/stats/sequential.h), or max_time_s is spent, or
  // `blocks` (then the most blocks, default max_sequential_blocks) is reached.
  std::optional<double> target_ci_pct;
  int min_blocks = 10;
  std::optional<double> max_time_s;
  // --pin auto: each workload on the fastest calibrated CPU apart from its interferers.
  bool pin_auto = false;
};
inline constexpr int max_sequential_blocks = 1000;

// Returns the exit code: 0 when every run is ok, 1 when a run failed or was invalid,
// 128+signal when interrupted. At the end the session id, a per-scenario summary and the report
// command to run next go to stdout (session_summary.h).
int run_session(const SessionOptions& options);

// `run --dry-run` (dry_run.cpp): validates the scenarios and flags, prints what would change on the
// machine and the run plan with an estimated time, starts nothing. 0 when the plan is valid and
// the machine can run it, 1 when the machine cannot (no GPU, no privileges for traced runs).
int dry_run(const SessionOptions& options);

}  // namespace cudabench::harness
