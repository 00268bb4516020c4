// The model's hyperparameters and the catalogue of its tensors: the one place that says which tensors
// Qwen3 has, their GGUF names and shapes. The GGUF loader, the synthetic filler, the CPU reference and
// the GPU model all walk this catalogue, so they cannot disagree about the model.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace cudabench::qwen3 {

struct Config {
  int n_layers = 28;
  int hidden = 1024;
  int n_heads = 16;
  int n_kv_heads = 8;
  int head_dim = 128;
  int ffn = 3072;
  int vocab = 151936;
  float rope_theta = 1e6f;
  float rms_eps = 1e-6f;
  int max_seq = 4096;       // KV-cache length in tokens
  bool tied_output = true;  // the LM head reuses token_embd (Qwen3-0.6B does)

  int q_dim() const { return n_heads * head_dim; }
  int kv_dim() const { return n_kv_heads * head_dim; }
};

Config qwen3_0_6b();   // the real model's shapes
Config tiny_config();  // 2 layers, hidden 64: tests
// Throws UserError naming the first field the kernels cannot handle.
void validate(const Config& c);
std::string describe(const Config& c);

// Per-layer tensors, in the order a layer uses them.
enum class LayerTensor : int {
  attn_norm,
  attn_q,
  attn_k,
  attn_v,
  attn_q_norm,
  attn_k_norm,
  attn_output,
  ffn_norm,
  ffn_gate,
  ffn_up,
  ffn_down,
};
inline constexpr int layer_tensor_count = 11;

struct TensorSpec {
  std::string name;        // GGUF name, e.g. "blk.3.attn_q.weight"
  int64_t rows = 1;        // ne[1] (output features); 1 for vectors
  int64_t cols = 0;        // ne[0] (contiguous, input features)
  uint32_t id = 0;         // stable id: the synthetic filler hashes it
  float synth_offset = 0;  // synthetic value = offset + scale * u, u uniform in [-1, 1)
  float synth_scale = 0;
  int64_t elements() const { return rows * cols; }
};

// Tensor indices into tensor_specs(): 0 token_embd, 1 output_norm, [2 output when untied], then
// layer l's tensors at layer_tensor_index(l, t).
std::vector<TensorSpec> tensor_specs(const Config& c);
inline constexpr int token_embd_index = 0;
inline constexpr int output_norm_index = 1;
inline int output_index(const Config& c) {
  return c.tied_output ? token_embd_index : 2;
}
inline int layer_tensor_index(const Config& c, int layer, LayerTensor t) {
  return (c.tied_output ? 2 : 3) + layer * layer_tensor_count + static_cast<int>(t);
}
int64_t weight_elements(const Config& c);

}  // namespace cudabench::qwen3
