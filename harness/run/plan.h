// The order of a session's runs: randomised complete blocks (docs/methodology.md, "Design of a session").
#pragma once

#include <cstdint>
#include <vector>

namespace cudabench::harness {

enum class TraceMode { off, on, both };

struct PlannedRun {
  int scenario = 0;  // index into the session's scenarios
  int block = -1;    // -1 for warm-up runs
  int position = 0;  // order inside the block
  bool warmup = false;
  bool traced = false;
};

// Warm-up runs first (each scenario `warmup` times, untraced, discarded by analysis), then `blocks`
// blocks, each holding every scenario once per trace variant (twice with TraceMode::both), in an
// order shuffled with the seed. The shuffle is our own Fisher-Yates over mt19937_64 so the same
// seed gives the same order with any standard library.
std::vector<PlannedRun> plan_session(int scenarios, int blocks, int warmup, TraceMode trace, uint64_t seed);

}  // namespace cudabench::harness
