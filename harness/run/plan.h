// The order of a session's runs: randomised complete blocks (docs/methodology.md, "Design of a session").
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "results/store/store.h"

namespace cudabench::harness {

using results::TraceLevel;

// Which run types each block holds: untraced runs give tok/s; traced runs, at the sched level
// (scheduler and IRQ tracepoints, cheap) or the launch level (plus CUDA uprobes, ~1 us per launch),
// give the mechanism. `--trace` names (cmd_run.cpp): off = untraced; sched = untraced + sched
// (the default); launch = untraced + launch; all = untraced + sched + launch; both = launch (the
// name it had before the sched level existed); on = launch runs only.
struct TraceMode {
  bool untraced = true, sched = true, launch = false;
  int traced_every = 1;  // traced runs in every K-th block only (blocks 0, K, 2K, ...)
  bool any_traced() const { return sched || launch; }
};
std::optional<TraceMode> parse_trace_mode(const std::string& name);  // nullopt for an unknown name
std::string trace_mode_name(const TraceMode& mode);                  // "sched", "launch", ...

struct PlannedRun {
  int scenario = 0;  // index into the session's scenarios
  int block = -1;    // -1 for warm-up runs
  int position = 0;  // order inside the block
  bool warmup = false;
  TraceLevel trace = TraceLevel::none;
  bool traced() const { return trace != TraceLevel::none; }
};

// Warm-up runs first (each scenario `warmup` times, untraced, discarded by analysis), then `blocks`
// blocks, each holding every scenario once per run type of `mode`, in an order shuffled with the
// seed. The shuffle is our own Fisher-Yates over mt19937_64 so the same seed gives the same order
// with any standard library.
std::vector<PlannedRun> plan_session(int scenarios, int blocks, int warmup, const TraceMode& mode,
                                     uint64_t seed);
// One more block (number `block`) of a session whose plan grows as it runs (run --target-ci).
std::vector<PlannedRun> plan_block(int scenarios, int block, const TraceMode& mode, uint64_t seed);

}  // namespace cudabench::harness
