// A Qwen3 model in a GGUF file: hyperparameters from the qwen3.* keys, tensors by llama.cpp's names.
#pragma once

#include <functional>
#include <vector>

#include "workloads/qwen3/config.h"
#include "workloads/qwen3/gguf.h"

namespace cudabench::qwen3 {

// Throws UserError when the file is not a Qwen3 model or a required key is missing.
Config config_from_gguf(const GgufFile& file, int max_seq);

// Checks that every tensor the configuration needs is present with the expected shape, then hands
// each one, as FP32, to `sink` in tensor_specs() order (one tensor in memory at a time).
void read_gguf_tensors(const GgufFile& file, const Config& c,
                       const std::function<void(int index, const std::vector<float>& data)>& sink);

}  // namespace cudabench::qwen3
