#include "workloads/qwen3/config.h"

#include <fmt/format.h>

#include <cmath>

#include "common/error.h"

namespace cudabench::qwen3 {

Config qwen3_0_6b() {
  return Config{};
}

Config tiny_config() {
  Config c;
  c.n_layers = 2;
  c.hidden = 64;
  c.n_heads = 4;
  c.n_kv_heads = 2;
  c.head_dim = 16;
  c.ffn = 128;
  c.vocab = 256;
  c.max_seq = 64;
  return c;
}

void validate(const Config& c) {
  auto need = [](bool ok, const char* what) {
    if (!ok) throw UserError(fmt::format("unsupported model configuration: {}", what));
  };
  need(c.n_layers >= 1, "block_count must be at least 1");
  need(c.hidden > 0 && c.hidden % 4 == 0, "embedding_length must be a positive multiple of 4");
  need(c.ffn > 0 && c.ffn % 4 == 0, "feed_forward_length must be a positive multiple of 4");
  need(c.n_heads > 0 && c.n_kv_heads > 0 && c.n_heads % c.n_kv_heads == 0,
       "head_count must be a positive multiple of head_count_kv");
  // The attention kernels give each head one float4 per lane and split a 256-thread block into
  // groups of head_dim threads.
  need(c.head_dim >= 4 && c.head_dim <= 256 && 256 % c.head_dim == 0 && c.head_dim % 4 == 0,
       "key_length must be a power of two between 4 and 256");
  need(c.vocab > 0, "vocabulary must not be empty");
  need(c.max_seq >= 2, "context must hold at least 2 tokens");
  need(std::isfinite(c.rope_theta) && c.rope_theta > 0, "rope.freq_base must be positive");
  need(std::isfinite(c.rms_eps) && c.rms_eps > 0, "layer_norm_rms_epsilon must be positive");
}

std::string describe(const Config& c) {
  return fmt::format("{} layers, hidden {}, {} q heads / {} kv heads of {}, ffn {}, vocab {}, ctx {}",
                     c.n_layers, c.hidden, c.n_heads, c.n_kv_heads, c.head_dim, c.ffn, c.vocab, c.max_seq);
}

std::vector<TensorSpec> tensor_specs(const Config& c) {
  // Synthetic scales keep activations of order 1 through every layer: a matrix with `cols` inputs
  // gets uniform(-a, a) with a = sqrt(3 / cols) (variance 1/cols, so y = W x keeps x's variance),
  // norm weights sit near 1.
  auto matrix = [](std::string name, int64_t rows, int64_t cols, uint32_t id) {
    return TensorSpec{std::move(name),
                      rows,
                      cols,
                      id,
                      0.0f,
                      static_cast<float>(std::sqrt(3.0 / static_cast<double>(cols)))};
  };
  auto norm = [](std::string name, int64_t n, uint32_t id) {
    return TensorSpec{std::move(name), 1, n, id, 1.0f, 0.1f};
  };
  std::vector<TensorSpec> specs;
  specs.push_back(matrix("token_embd.weight", c.vocab, c.hidden, 1));
  specs.push_back(norm("output_norm.weight", c.hidden, 2));
  if (!c.tied_output) specs.push_back(matrix("output.weight", c.vocab, c.hidden, 3));
  for (int l = 0; l < c.n_layers; ++l) {
    auto name = [l](const char* t) { return fmt::format("blk.{}.{}.weight", l, t); };
    auto id = [l](LayerTensor t) { return static_cast<uint32_t>(16 + l * 16 + static_cast<int>(t)); };
    specs.push_back(norm(name("attn_norm"), c.hidden, id(LayerTensor::attn_norm)));
    specs.push_back(matrix(name("attn_q"), c.q_dim(), c.hidden, id(LayerTensor::attn_q)));
    specs.push_back(matrix(name("attn_k"), c.kv_dim(), c.hidden, id(LayerTensor::attn_k)));
    specs.push_back(matrix(name("attn_v"), c.kv_dim(), c.hidden, id(LayerTensor::attn_v)));
    specs.push_back(norm(name("attn_q_norm"), c.head_dim, id(LayerTensor::attn_q_norm)));
    specs.push_back(norm(name("attn_k_norm"), c.head_dim, id(LayerTensor::attn_k_norm)));
    specs.push_back(matrix(name("attn_output"), c.hidden, c.q_dim(), id(LayerTensor::attn_output)));
    specs.push_back(norm(name("ffn_norm"), c.hidden, id(LayerTensor::ffn_norm)));
    specs.push_back(matrix(name("ffn_gate"), c.ffn, c.hidden, id(LayerTensor::ffn_gate)));
    specs.push_back(matrix(name("ffn_up"), c.ffn, c.hidden, id(LayerTensor::ffn_up)));
    specs.push_back(matrix(name("ffn_down"), c.hidden, c.ffn, id(LayerTensor::ffn_down)));
  }
  return specs;
}

int64_t weight_elements(const Config& c) {
  int64_t n = 0;
  for (const auto& s : tensor_specs(c)) n += s.elements();
  return n;
}

}  // namespace cudabench::qwen3
