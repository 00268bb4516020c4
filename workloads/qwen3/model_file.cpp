#include "workloads/qwen3/model_file.h"

#include <fmt/format.h>

#include "common/error.h"

namespace cudabench::qwen3 {

Config config_from_gguf(const GgufFile& f, int max_seq) {
  auto arch = f.get_string("general.architecture");
  if (!arch) throw UserError(fmt::format("{}: general.architecture is missing", f.path()));
  if (*arch != "qwen3") throw UserError(fmt::format("{}: architecture \"{}\" is not qwen3", f.path(), *arch));
  auto required = [&](const char* key) {
    auto v = f.get_int(fmt::format("qwen3.{}", key));
    if (!v || *v <= 0 || *v > (1 << 30))
      throw UserError(fmt::format("{}: qwen3.{} is missing or not a positive integer", f.path(), key));
    return static_cast<int>(*v);
  };
  Config c;
  c.n_layers = required("block_count");
  c.hidden = required("embedding_length");
  c.ffn = required("feed_forward_length");
  c.n_heads = required("attention.head_count");
  c.n_kv_heads = f.get_int("qwen3.attention.head_count_kv") ? required("attention.head_count_kv") : c.n_heads;
  c.head_dim =
      f.get_int("qwen3.attention.key_length") ? required("attention.key_length") : c.hidden / c.n_heads;
  if (auto vl = f.get_int("qwen3.attention.value_length"); vl && *vl != c.head_dim)
    throw UserError(fmt::format("{}: value_length {} differs from key_length {}", f.path(), *vl, c.head_dim));
  // llama.cpp's defaults where a key is absent.
  c.rope_theta = static_cast<float>(f.get_float("qwen3.rope.freq_base").value_or(10000.0));
  c.rms_eps = static_cast<float>(f.get_float("qwen3.attention.layer_norm_rms_epsilon").value_or(1e-6));
  const GgufTensorInfo* embd = f.tensor("token_embd.weight");
  if (!embd || embd->dims.size() != 2)
    throw UserError(fmt::format("{}: token_embd.weight is missing or not 2-D", f.path()));
  c.vocab = static_cast<int>(embd->dims[1]);
  c.tied_output = f.tensor("output.weight") == nullptr;
  c.max_seq = max_seq;
  validate(c);
  return c;
}

void read_gguf_tensors(const GgufFile& f, const Config& c,
                       const std::function<void(int, const std::vector<float>&)>& sink) {
  auto specs = tensor_specs(c);
  for (const auto& s : specs) {  // check everything before the slow part
    const GgufTensorInfo* t = f.tensor(s.name);
    if (!t) throw UserError(fmt::format("{}: tensor {} is missing", f.path(), s.name));
    bool vector_ok = s.rows == 1 && t->dims.size() == 1 && t->dims[0] == static_cast<uint64_t>(s.cols);
    bool matrix_ok = t->dims.size() == 2 && t->dims[0] == static_cast<uint64_t>(s.cols) &&
                     t->dims[1] == static_cast<uint64_t>(s.rows);
    if (!vector_ok && !matrix_ok)
      throw UserError(fmt::format("{}: tensor {} has shape [{}], expected [{}, {}]", f.path(), s.name,
                                  fmt::join(t->dims, ", "), s.cols, s.rows));
  }
  for (size_t i = 0; i < specs.size(); ++i) sink(static_cast<int>(i), f.read_f32(*f.tensor(specs[i].name)));
}

}  // namespace cudabench::qwen3
