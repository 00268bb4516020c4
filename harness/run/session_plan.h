// A session before it starts: the validated scenarios (with --aa and --reference twins), the blocks, the
// warm-up runs, the seed and the order of every run. `run` and `run --dry-run` both build it.
#pragma once

#include <cstdint>
#include <vector>

#include "harness/run/plan.h"
#include "harness/run/precision.h"
#include "harness/run/runner.h"
#include "harness/scenario/scenario.h"

namespace cudabench::harness {

struct SessionPlan {
  std::vector<Scenario> scenarios;
  int blocks = 0, warmup = 0;
  uint64_t seed = 0;
  std::vector<PlannedRun> runs;  // with --target-ci the warm-up runs only: blocks come one at a time
  std::vector<ComparedPair> compared;  // --target-ci: the changes its target applies to
};

// Loads and validates every scenario and flag; UserError (exit 2) for bad input. Starts nothing.
SessionPlan prepare_session(const SessionOptions& options);

// What the machine must offer before anything starts (an NVIDIA GPU for qwen3 scenarios); RunError.
void check_machine(const SessionPlan& plan);


}  // namespace cudabench::harness
