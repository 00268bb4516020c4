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

std::vector<PlannedRun> block_of(int scenarios, int b, const TraceMode& mode, std::mt19937_64& rng) {
  std::vector<PlannedRun> block;
  bool traced_block = mode.traced_every <= 1 || b % mode.traced_every == 0;
  for (int s = 0; s < scenarios; ++s) {
    if (mode.untraced) block.push_back({s, b, 0, false, TraceLevel::none});
    if (traced_block && mode.sched) block.push_back({s, b, 0, false, TraceLevel::sched});
    if (traced_block && mode.launch) block.push_back({s, b, 0, false, TraceLevel::launch});
  }
  for (size_t i = block.size(); i > 1; --i) std::swap(block[i - 1], block[uniform_below(rng, i)]);
  for (size_t i = 0; i < block.size(); ++i) block[i].position = static_cast<int>(i);
  return block;
}

}  // namespace

std::optional<TraceMode> parse_trace_mode(const std::string& name) {
  TraceMode m;
  if (name == "off")
    m = {true, false, false};
  else if (name == "sched")
    m = {true, true, false};
  else if (name == "launch" || name == "both")
    m = {true, false, true};
  else if (name == "all")
    m = {true, true, true};
  else if (name == "on")
    m = {false, false, true};
  else
    return std::nullopt;
  return m;
}

std::string trace_mode_name(const TraceMode& m) {
  std::string name = !m.any_traced()                       ? "off"
                     : !m.untraced && m.launch && !m.sched ? "on"
                     : m.sched && m.launch                 ? "all"
                     : m.launch                            ? "launch"
                                                           : "sched";
  if (m.any_traced() && m.traced_every > 1) name += ", traced every " + std::to_string(m.traced_every);
  return name;
}

std::vector<PlannedRun> plan_session(int scenarios, int blocks, int warmup, const TraceMode& mode,
                                     uint64_t seed) {
  std::vector<PlannedRun> plan;
  for (int s = 0; s < scenarios; ++s)
    for (int w = 0; w < warmup; ++w)
      plan.push_back({s, -1, static_cast<int>(plan.size()), true, TraceLevel::none});
  std::mt19937_64 rng(seed);
  for (int b = 0; b < blocks; ++b) {
    auto block = block_of(scenarios, b, mode, rng);
    plan.insert(plan.end(), block.begin(), block.end());
  }
  return plan;
}

std::vector<PlannedRun> plan_block(int scenarios, int block, const TraceMode& mode, uint64_t seed) {
  // Its own stream per block, so a session that grows block by block orders each the same way
  // whatever came before.
  std::mt19937_64 rng(seed ^ (0x9e3779b97f4a7c15ull * static_cast<uint64_t>(block + 1)));
  return block_of(scenarios, block, mode, rng);
}

}  // namespace cudabench::harness
