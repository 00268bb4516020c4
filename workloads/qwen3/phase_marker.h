// The ABI the tracer probes (tracer/trace_data.h, enum Phase): the program calls
// cudabench_phase_marker(phase, token) at every phase change. It is exported in the executable's
// dynamic symbol table (the target links with -rdynamic), never inlined or cloned, and does nothing
// but exist, so a uprobe on it sees the arguments and the time of each call.
#pragma once

#include <cstdint>

namespace cudabench::qwen3 {
enum class Phase : uint32_t { load = 0, prefill = 1, decode_start = 2, token = 3, end = 4 };
}

extern "C" void cudabench_phase_marker(uint32_t phase, uint32_t token);

inline void phase_marker(cudabench::qwen3::Phase phase, uint32_t token) {
  cudabench_phase_marker(static_cast<uint32_t>(phase), token);
}
