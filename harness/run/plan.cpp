#include "harness/run/plan.h"

#include <random>

namespace cudabench::harness {
namespace {

// Uniform integer in [0, n) by rejection, fully specified (std::uniform_int_distribution is not).
uint64_t uniform_below(std::mt19937_64& rng, uint64_t n) {
  uint64_t limit = UINT64_MAX - UINT64_MAX % n;
  uint64_t x;
  do {
    x = rng();
  } while (x >= limit);
  return x % n;
}

}  // namespace

std::vector<PlannedRun> plan_session(int scenarios, int blocks, int warmup, TraceMode trace, uint64_t seed) {
  std::vector<PlannedRun> plan;
  for (int s = 0; s < scenarios; ++s)
    for (int w = 0; w < warmup; ++w) plan.push_back({s, -1, static_cast<int>(plan.size()), true, false});

  std::mt19937_64 rng(seed);
  for (int b = 0; b < blocks; ++b) {
    std::vector<PlannedRun> block;
    for (int s = 0; s < scenarios; ++s) {
      if (trace != TraceMode::on) block.push_back({s, b, 0, false, false});
      if (trace != TraceMode::off) block.push_back({s, b, 0, false, true});
    }
    for (size_t i = block.size(); i > 1; --i) std::swap(block[i - 1], block[uniform_below(rng, i)]);
    for (size_t i = 0; i < block.size(); ++i) block[i].position = static_cast<int>(i);
    plan.insert(plan.end(), block.begin(), block.end());
  }
  return plan;
}

}  // namespace cudabench::harness
