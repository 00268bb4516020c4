// A complete tiny Qwen3 model as a GGUF file (tiny_config() shapes, synthetic weights stored as a mix
// of F32, F16 and BF16) with a small byte-level BPE tokenizer, shared by the GGUF and tokenizer tests.
#pragma once

#include <unistd.h>

#include <filesystem>
#include <string>
#include <vector>

#include "tests/workloads/qwen3/gguf_writer.h"
#include "workloads/qwen3/config.h"
#include "workloads/qwen3/reference.h"
#include "workloads/qwen3/tokenizer.h"

namespace qwen3_test {

struct TinyVocab {
  std::vector<std::string> tokens;
  std::vector<int32_t> types;
  std::vector<std::string> merges;
};

// 256 byte tokens (id = byte value, GPT-2's printable mapping), a few merges, two control tokens.
inline TinyVocab tiny_vocab() {
  using cudabench::qwen3::byte_symbol;
  TinyVocab v;
  for (int b = 0; b < 256; ++b) v.tokens.push_back(byte_symbol(static_cast<uint8_t>(b)));
  v.types.assign(256, 1);
  const std::string G = byte_symbol(' ');  // "Ġ"
  v.merges = {"h e", G + " t", G + "t he", "l l", "e ll", "he ll", "hell o", G + " w", "o r"};
  for (const char* t : {"he", "Ġt", "Ġthe", "ll", "ell", "hell", "hello", "Ġw", "or"}) {
    v.tokens.push_back(t);
    v.types.push_back(1);
  }
  v.tokens.push_back("<|im_start|>");
  v.types.push_back(3);
  v.tokens.push_back("<|im_end|>");
  v.types.push_back(3);
  return v;
}

inline cudabench::qwen3::Config tiny_file_config() {
  auto c = cudabench::qwen3::tiny_config();
  c.vocab = static_cast<int>(tiny_vocab().tokens.size());
  return c;
}

// Which ggml type each tensor is stored as: matrices alternate F16/BF16/F32, norms F32.
inline uint32_t stored_type(size_t index, const cudabench::qwen3::TensorSpec& s) {
  if (s.rows == 1) return 0;
  static const uint32_t cycle[] = {1, 30, 0};
  return cycle[index % 3];
}

// The qwen3.* shape keys llama.cpp writes.
inline void write_shape_keys(GgufWriter& g, const cudabench::qwen3::Config& c) {
  g.str("general.architecture", "qwen3");
  g.u32("qwen3.block_count", static_cast<uint32_t>(c.n_layers));
  g.u32("qwen3.embedding_length", static_cast<uint32_t>(c.hidden));
  g.u32("qwen3.feed_forward_length", static_cast<uint32_t>(c.ffn));
  g.u32("qwen3.attention.head_count", static_cast<uint32_t>(c.n_heads));
  g.u32("qwen3.attention.head_count_kv", static_cast<uint32_t>(c.n_kv_heads));
  g.u32("qwen3.attention.key_length", static_cast<uint32_t>(c.head_dim));
}

inline void write_tiny_model(const std::string& path, uint64_t seed, uint32_t alignment = 32) {
  using namespace cudabench::qwen3;
  Config c = tiny_file_config();
  HostWeights w = synthetic_host_weights(c, seed);
  auto specs = tensor_specs(c);
  TinyVocab v = tiny_vocab();
  GgufWriter g;
  write_shape_keys(g, c);
  g.str("general.name", "tiny test model");
  g.u32("qwen3.context_length", 40960);
  g.u32("qwen3.attention.value_length", static_cast<uint32_t>(c.head_dim));
  g.f32("qwen3.rope.freq_base", c.rope_theta);
  g.f32("qwen3.attention.layer_norm_rms_epsilon", c.rms_eps);
  g.str("tokenizer.ggml.model", "gpt2");
  g.str("tokenizer.ggml.pre", "qwen2");
  g.strings("tokenizer.ggml.tokens", v.tokens);
  g.i32s("tokenizer.ggml.token_type", v.types);
  g.strings("tokenizer.ggml.merges", v.merges);
  g.u32("tokenizer.ggml.eos_token_id", static_cast<uint32_t>(v.tokens.size() - 1));
  g.boolean("tokenizer.ggml.add_bos_token", false);
  for (size_t i = 0; i < specs.size(); ++i) {
    const auto& s = specs[i];
    std::vector<uint64_t> dims = s.rows == 1 ? std::vector<uint64_t>{uint64_t(s.cols)}
                                             : std::vector<uint64_t>{uint64_t(s.cols), uint64_t(s.rows)};
    g.tensor(s.name, dims, stored_type(i, s), w[i]);
  }
  g.write(path, alignment);
}

// A path in the test's temporary directory, removed by the destructor.
struct TempFile {
  std::string path;
  explicit TempFile(const std::string& name)
      : path((std::filesystem::temp_directory_path() /
              ("qwen3_test_" + std::to_string(::getpid()) + "_" + name))
                 .string()) {}
  ~TempFile() {
    std::error_code ec;
    std::filesystem::remove(path, ec);
  }
};

}  // namespace qwen3_test
