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
  // drift cancelled (METHODOLOGY.md: candidate and reference in the same session, interleaved).
  std::string reference_program;
};

// Returns the exit code: 0 when every run is ok, 1 when a run failed or was invalid,
// 128+signal when interrupted.
int run_session(const SessionOptions& options);

}  // namespace cudabench::harness
