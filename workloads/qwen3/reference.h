// A plain C++ forward pass of Qwen3 in FP32, one token at a time with a KV cache: the yardstick the
// CUDA kernels are checked against (tests/workloads/qwen3/gpu_check.cpp). Activations are FP32 as on the GPU;
// sums (dot products, squares, softmax) accumulate in double, so the reference is the more exact
// side of the comparison. Written for clarity, not speed; it
// follows Hugging Face's Qwen3 modelling code (RMSNorm, per-head q/k RMSNorm before RoPE,
// rotate-half RoPE, grouped-query attention, SwiGLU MLP).
#pragma once

#include <cstdint>
#include <vector>

#include "workloads/qwen3/config.h"

namespace cudabench::qwen3 {

// One FP32 array per tensor_specs() entry, in that order.
using HostWeights = std::vector<std::vector<float>>;

HostWeights synthetic_host_weights(const Config& c, uint64_t seed);

// cos/sin of RoPE for every position: [max_seq][head_dim / 2] each, computed in double. The GPU model
// uploads the same table, so both sides rotate by identical angles.
struct RopeTable {
  int half = 0;
  std::vector<float> cos, sin;
};
RopeTable rope_table(const Config& c);

// Building blocks, exposed for hand-checked tests.
// y = x / sqrt(mean(x^2) + eps) * w, over n elements.
void rms_norm(const float* x, const float* w, float* y, int n, float eps);
// Rotate-half RoPE ("NeoX" layout: element i pairs with i + head_dim/2) of n_heads heads in place.
void apply_rope(float* x, int n_heads, int head_dim, const float* cos, const float* sin);
// y[r] = sum_c W[r][c] x[c], W row-major rows x cols.
void matvec(const float* w, const float* x, float* y, int64_t rows, int64_t cols);

class ReferenceModel {
 public:
  ReferenceModel(Config c, HostWeights weights);
  // Runs the token at the next position; fills logits (vocab) when asked.
  void step(int32_t token, std::vector<float>* logits);
  int pos() const { return pos_; }

 private:
  const float* w(int index) const { return weights_[index].data(); }
  const float* lw(int layer, LayerTensor t) const { return w(layer_tensor_index(c_, layer, t)); }

  Config c_;
  HostWeights weights_;
  RopeTable rope_;
  std::vector<float> k_cache_, v_cache_;  // [layer][kv_head][max_seq][head_dim]
  int pos_ = 0;
};

int32_t argmax(const std::vector<float>& v);  // lowest index among equal maxima

}  // namespace cudabench::qwen3
