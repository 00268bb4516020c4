#include <doctest/doctest.h>

#include <cmath>
#include <cstring>
#include <fstream>

#include "common/error.h"
#include "tests/workloads/qwen3/tiny_model.h"
#include "workloads/qwen3/gguf.h"
#include "workloads/qwen3/model_file.h"

using namespace cudabench::qwen3;
using qwen3_test::TempFile;

TEST_SUITE("qwen3") {
  TEST_CASE("f16 and bf16 convert to f32 exactly and back with round-to-nearest-even") {
    CHECK(f16_to_f32(0x3c00) == 1.0f);
    CHECK(f16_to_f32(0xc000) == -2.0f);
    CHECK(f16_to_f32(0x7bff) == 65504.0f);
    CHECK(f16_to_f32(0x0001) == std::ldexp(1.0f, -24));  // smallest subnormal
    CHECK(f16_to_f32(0x03ff) == std::ldexp(1023.0f, -24));
    CHECK(std::isinf(f16_to_f32(0x7c00)));
    CHECK(std::isnan(f16_to_f32(0x7e00)));
    CHECK(std::signbit(f16_to_f32(0x8000)));
    CHECK(bf16_to_f32(0x3f80) == 1.0f);
    CHECK(bf16_to_f32(0xc0a0) == -5.0f);
    // Every finite half survives the round trip; halfway cases round to even.
    int mismatches = 0;
    for (uint32_t h = 0; h < 0x10000; ++h) {
      if ((h & 0x7c00) == 0x7c00 && (h & 0x3ff)) continue;  // NaN payloads
      if (f32_to_f16(f16_to_f32(static_cast<uint16_t>(h))) != h) ++mismatches;
    }
    CHECK(mismatches == 0);
    CHECK(f32_to_f16(1.0f + std::ldexp(1.0f, -11)) == 0x3c00);      // tie, even stays
    CHECK(f32_to_f16(1.0f + 3 * std::ldexp(1.0f, -11)) == 0x3c02);  // tie, odd rounds up
    CHECK(f32_to_f16(70000.0f) == 0x7c00);
    CHECK(f32_to_bf16(1.0f + std::ldexp(1.0f, -8)) == 0x3f80);
    CHECK(f32_to_bf16(1.0f + 3 * std::ldexp(1.0f, -8)) == 0x3f82);
  }

  TEST_CASE("the GGUF reader reads metadata and F32/F16/BF16 tensors of a written tiny model") {
    TempFile file("tiny.gguf");
    qwen3_test::write_tiny_model(file.path, 7);
    GgufFile f(file.path);
    CHECK(f.version() == 3);
    CHECK(f.alignment() == 32);
    CHECK(f.get_string("general.architecture") == "qwen3");
    CHECK(f.get_int("qwen3.context_length") == 40960);
    CHECK(f.get_float("qwen3.rope.freq_base") == doctest::Approx(1e6));
    CHECK(f.get_int("tokenizer.ggml.add_bos_token") == 0);
    CHECK(f.find("tokenizer.ggml.tokens")->strings.size() == qwen3_test::tiny_vocab().tokens.size());
    CHECK(f.find("tokenizer.ggml.token_type")->integers.back() == 3);
    CHECK_FALSE(f.get_int("general.architecture"));  // a string is not an integer
    CHECK_FALSE(f.find("no.such.key"));

    Config c = config_from_gguf(f, 128);
    Config want = qwen3_test::tiny_file_config();
    CHECK(c.n_layers == want.n_layers);
    CHECK(c.hidden == want.hidden);
    CHECK(c.n_heads == want.n_heads);
    CHECK(c.n_kv_heads == want.n_kv_heads);
    CHECK(c.head_dim == want.head_dim);
    CHECK(c.ffn == want.ffn);
    CHECK(c.vocab == want.vocab);
    CHECK(c.tied_output);
    CHECK(c.max_seq == 128);
    CHECK(c.rope_theta == 1e6f);
    CHECK(c.rms_eps == 1e-6f);

    const GgufTensorInfo* q = f.tensor("blk.1.attn_q.weight");
    REQUIRE(q);
    CHECK(q->dims == std::vector<uint64_t>{64, 64});

    HostWeights expect = synthetic_host_weights(want, 7);
    auto specs = tensor_specs(want);
    int seen = 0;
    read_gguf_tensors(f, c, [&](int i, const std::vector<float>& data) {
      CHECK(i == seen++);
      REQUIRE(data.size() == expect[i].size());
      uint32_t type = qwen3_test::stored_type(i, specs[i]);
      size_t bad = 0;
      for (size_t k = 0; k < data.size(); ++k) {
        float e = expect[i][k];
        float stored = type == 0 ? e : type == 1 ? f16_to_f32(f32_to_f16(e)) : bf16_to_f32(f32_to_bf16(e));
        if (std::memcmp(&stored, &data[k], 4) != 0) ++bad;
      }
      CHECK_MESSAGE(bad == 0, specs[i].name);
    });
    CHECK(seen == static_cast<int>(specs.size()));
  }

  TEST_CASE("the GGUF reader honours general.alignment") {
    TempFile file("aligned.gguf");
    qwen3_test::write_tiny_model(file.path, 3, 64);
    GgufFile f(file.path);
    CHECK(f.alignment() == 64);
    auto w = f.read_f32(*f.tensor("output_norm.weight"));
    CHECK(w == synthetic_host_weights(qwen3_test::tiny_file_config(), 3)[output_norm_index]);
  }

  TEST_CASE("the GGUF reader rejects malformed and unsupported files with the reason") {
    TempFile file("bad.gguf");
    auto write_bytes = [&](const std::string& bytes) { std::ofstream(file.path, std::ios::binary) << bytes; };
    write_bytes("GGML not a gguf file at all");
    CHECK_THROWS_WITH_AS(GgufFile(file.path), doctest::Contains("missing GGUF magic"), cudabench::UserError);

    qwen3_test::write_tiny_model(file.path, 1);
    std::string full;
    {
      std::ifstream in(file.path, std::ios::binary);
      full.assign(std::istreambuf_iterator<char>(in), {});
    }
    write_bytes(full.substr(0, 200));  // ends inside the metadata
    CHECK_THROWS_WITH_AS(GgufFile(file.path), doctest::Contains("file ends inside"), cudabench::UserError);
    write_bytes(full.substr(0, full.size() - 100));  // tensor data cut short
    CHECK_THROWS_WITH_AS(GgufFile(file.path), doctest::Contains("runs past the end"), cudabench::UserError);
    std::string v1 = full;
    v1[4] = 1;
    write_bytes(v1);
    CHECK_THROWS_WITH_AS(GgufFile(file.path), doctest::Contains("version 1"), cudabench::UserError);

    CHECK_THROWS_AS(GgufFile("/nonexistent/model.gguf"), cudabench::UserError);

    qwen3_test::GgufWriter g;  // a quantised tensor: listed, rejected by name when read
    g.str("general.architecture", "llama");
    g.tensor("q8", {32}, 8, {}, 34);
    g.write(file.path);
    GgufFile q(file.path);
    CHECK_THROWS_WITH_AS(q.read_f32(*q.tensor("q8")), doctest::Contains("Q8_0"), cudabench::UserError);
    CHECK_THROWS_WITH_AS(config_from_gguf(q, 64), doctest::Contains("is not qwen3"), cudabench::UserError);
  }

  TEST_CASE("a Qwen3 GGUF with a missing or misshapen tensor is refused before loading") {
    using namespace cudabench::qwen3;
    TempFile file("partial.gguf");
    Config c = qwen3_test::tiny_file_config();
    c.n_layers = 1;
    qwen3_test::GgufWriter g;
    qwen3_test::write_shape_keys(g, c);
    g.tensor("token_embd.weight", {uint64_t(c.hidden), 10}, 0, std::vector<float>(c.hidden * 10));
    g.tensor("output_norm.weight", {uint64_t(c.hidden)}, 0, std::vector<float>(c.hidden));
    g.tensor("blk.0.attn_norm.weight", {uint64_t(c.hidden), 2}, 0, std::vector<float>(c.hidden * 2));
    g.write(file.path);
    GgufFile f(file.path);
    Config fc = config_from_gguf(f, 32);
    CHECK(fc.vocab == 10);
    CHECK(fc.rope_theta == 10000.0f);  // llama.cpp's default when the key is absent
    int calls = 0;
    CHECK_THROWS_WITH_AS(read_gguf_tensors(f, fc, [&](int, const std::vector<float>&) { ++calls; }),
                         doctest::Contains("blk.0.attn_norm.weight has shape [64, 2], expected [64, 1]"),
                         cudabench::UserError);
    CHECK(calls == 0);
  }

}  // TEST_SUITE
