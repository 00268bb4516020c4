// Qwen3 on the GPU: weights, KV cache and the decode step as a sequence of small CUDA kernels, each
// launched on its own (34 per layer, 959 per generated token for Qwen3-0.6B). A plain C++ interface
// (no CUDA types), so host code compiled by g++ can drive it. CUDA failures throw RunError naming the
// call.
//
// Device-side state: the current position and the token history live in GPU memory, so one decode
// step is the same sequence of launches with the same arguments at every position. That is what lets
// --graph capture one step once and replay it.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "workloads/qwen3/config.h"

namespace cudabench::qwen3 {

struct DeviceProbe {
  bool ok = false;
  std::string name;
  std::string error;  // why there is no usable device
  uint64_t total_mem = 0;
};
// Never throws: a machine without a driver or GPU yields ok == false and the reason.
DeviceProbe probe_device(int index);

struct LaunchCounts {
  uint64_t kernels = 0;   // kernel launches that ran
  uint64_t captured = 0;  // kernel launch calls recorded into a CUDA Graph
  uint64_t graphs = 0;    // cudaGraphLaunch calls
  uint64_t executed() const { return kernels + graphs; }
  uint64_t api_calls() const { return kernels + captured + graphs; }
};

class GpuModel {
 public:
  GpuModel(const Config& c, int device);
  ~GpuModel();
  GpuModel(const GpuModel&) = delete;
  GpuModel& operator=(const GpuModel&) = delete;

  const Config& config() const;
  void fill_synthetic(uint64_t seed);  // every weight, on the GPU
  void upload_tensor(int index, const std::vector<float>& data);
  std::vector<float> download_tensor(int index);

  // Writes tokens into the history from position `at` on; reset() sets the position to 0.
  void set_tokens(int at, const std::vector<int32_t>& tokens);
  void reset();
  int pos() const;  // the position the next step processes

  void prefill_step();  // runs tokens[pos] through the layers: KV cache only, no logits
  void decode_step();   // the full step: logits and argmax into tokens[pos + 1]
  // Records decode_step() once as a CUDA Graph; `programmatic` links consecutive kernels with
  // programmatic dependent launch edges, so each is scheduled while its predecessor drains.
  void capture_decode_graph(bool programmatic = false);
  void decode_step_graph();  // replays it: one launch
  int32_t wait_token();      // waits for the GPU; returns the token the last step produced
  void synchronize();
  std::vector<float> logits();  // of the last decode step

  uint64_t allocated_bytes() const;
  uint64_t device_used_bytes() const;  // total - free, as the driver reports it
  const LaunchCounts& launches() const;
  std::string device_name() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace cudabench::qwen3
