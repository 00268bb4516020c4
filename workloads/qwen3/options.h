// The qwen3 command line.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace cudabench::qwen3 {

struct Options {
  std::string model;  // GGUF path; empty: synthetic weights
  std::string prompt = "What is eBPF?";
  int n_tokens = 48;   // generated in the measured decode phase
  uint64_t seed = 1;   // synthetic weights
  bool graph = false;  // replay one decode step as a CUDA Graph
  bool pdl = true;     // graph mode: programmatic dependent launch edges
  bool chat = false;   // wrap the prompt in Qwen's chat template
  int device = 0;
  int ctx = 4096;  // KV-cache length in tokens
};

std::string usage();
// Throws UserError (exit 2) for bad arguments; nullopt when --help was asked (usage printed).
std::optional<Options> parse_options(int argc, const char* const* argv);

}  // namespace cudabench::qwen3
