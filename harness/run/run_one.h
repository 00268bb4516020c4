// One run: placement, interferers, the workload (traced or not), its figures, its status.
#pragma once

#include <string>

#include "harness/run/plan.h"
#include "harness/scenario/scenario.h"
#include "results/store/store.h"

namespace cudabench::tracer {
class Tracer;
}

namespace cudabench::harness {

class Janitor;
class SessionScratch;

struct RunContext {
  const Scenario* scenario = nullptr;
  PlannedRun planned;
  int64_t session_id = 0;
  Janitor* janitor = nullptr;
  tracer::Tracer* tracer = nullptr;  // required when planned.traced
  std::string trace_dir;             // --keep-trace: where the binary trace goes; empty = not kept
  SessionScratch* session_scratch = nullptr;  // interferer files kept across runs; null: per run
};

// Never throws for a run that goes wrong: the record says failed/invalid/aborted and why.
results::RunRecord execute_run(const RunContext& context);

}  // namespace cudabench::harness
