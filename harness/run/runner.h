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
};

// Returns the exit code: 0 when every run is ok, 1 when a run failed or was invalid,
// 128+signal when interrupted. At the end the session id, a per-scenario summary and the report
// command to run next go to stdout (session_summary.h).
int run_session(const SessionOptions& options);

// `run --dry-run` (dry_run.cpp): validates the scenarios and flags, prints what would change on the
// machine and the run plan with an estimated time, starts nothing. 0 when the plan is valid and
// the machine can run it, 1 when the machine cannot (no GPU, no privileges for traced runs).
int dry_run(const SessionOptions& options);

}  // namespace cudabench::harness
