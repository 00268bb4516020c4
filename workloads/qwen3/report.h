// The figures of one run and the `CUDABENCH_RESULT {json}` line the harness parses.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace cudabench::qwen3 {

struct RunResult {
  int tokens = 0;  // generated in the decode phase
  int prompt_tokens = 0;
  double prefill_ms = 0;
  double decode_ms = 0;
  std::vector<double> token_ms;    // latency of each decode step
  uint64_t launches = 0;           // launches during the decode phase (graph: one per token)
  uint64_t launches_total = 0;     // launch API calls of the whole process, captured ones included
  uint64_t launches_captured = 0;  // of launches_total: recorded into the CUDA Graph, not run
  std::string weights;             // "synthetic" or "gguf:<file>"
  std::string gpu;
  std::string mode;                 // "eager" or "graph"
  bool pdl = false;                 // graph mode with programmatic dependent launch edges
  uint64_t gpu_mem_bytes = 0;       // bytes this program allocated on the GPU
  uint64_t gpu_mem_used_bytes = 0;  // device memory in use after loading (context and others included)
  int kv_cache_tokens = 0;
};

std::string json_escape(const std::string& s);
std::string result_line(const RunResult& r);

}  // namespace cudabench::qwen3
