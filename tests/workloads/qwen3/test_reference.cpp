#include <doctest/doctest.h>

#include <algorithm>

#include <cmath>
#include <cstring>

#include "workloads/qwen3/config.h"
#include "workloads/qwen3/reference.h"
#include "workloads/qwen3/synthetic.h"

using namespace cudabench::qwen3;

TEST_SUITE("qwen3") {
  TEST_CASE("RMSNorm by hand") {
    float x[4] = {1, 2, 3, 4}, w[4] = {1, 1, 1, 2}, y[4];
    rms_norm(x, w, y, 4, 0.0f);  // mean of squares 7.5
    float inv = 1.0f / std::sqrt(7.5f);
    CHECK(y[0] == doctest::Approx(inv));
    CHECK(y[3] == doctest::Approx(8 * inv));
    rms_norm(x, w, y, 4, 1.0f);  // eps inside the root
    CHECK(y[1] == doctest::Approx(2 / std::sqrt(8.5f)));
  }

  TEST_CASE("rotate-half RoPE by hand and the table's angles") {
    // head_dim 4: element i pairs with i + 2.
    float x[8] = {1, 2, 3, 4, /* second head */ 0, 1, 0, 0};
    float c[2] = {0.5f, 1.0f}, s[2] = {0.25f, 0.0f};
    apply_rope(x, 2, 4, c, s);
    CHECK(x[0] == doctest::Approx(1 * 0.5f - 3 * 0.25f));
    CHECK(x[2] == doctest::Approx(3 * 0.5f + 1 * 0.25f));
    CHECK(x[1] == doctest::Approx(2.0f));  // angle 0 leaves its pair alone
    CHECK(x[3] == doctest::Approx(4.0f));
    CHECK(x[5] == doctest::Approx(1.0f));

    Config cfg = tiny_config();  // head_dim 16, theta 1e6
    RopeTable r = rope_table(cfg);
    CHECK(r.half == 8);
    CHECK(r.cos[0] == 1.0f);
    CHECK(r.sin[7] == 0.0f);
    CHECK(r.cos[5 * 8 + 0] == doctest::Approx(std::cos(5.0)));  // inv_freq of pair 0 is 1
    double f1 = std::pow(1e6, -2.0 / 16);
    CHECK(r.sin[9 * 8 + 1] == doctest::Approx(std::sin(9 * f1)));
  }

  TEST_CASE("matvec by hand and argmax picks the first maximum") {
    float w[6] = {1, 2, 3, 4, 5, 6}, x[3] = {1, 0, -1}, y[2];
    matvec(w, x, y, 2, 3);
    CHECK(y[0] == -2);
    CHECK(y[1] == -2);
    CHECK(argmax({0.f, 3.f, 1.f, 3.f}) == 1);
  }

  TEST_CASE("synthetic weights are deterministic and bounded and depend on seed and tensor") {
    Config c = tiny_config();
    auto specs = tensor_specs(c);
    HostWeights a = synthetic_host_weights(c, 5), b = synthetic_host_weights(c, 5),
                other = synthetic_host_weights(c, 6);
    CHECK(a == b);
    CHECK(a[3] != other[3]);
    CHECK(a[layer_tensor_index(c, 0, LayerTensor::attn_k)] !=
          a[layer_tensor_index(c, 0, LayerTensor::attn_v)]);
    for (size_t i = 0; i < specs.size(); ++i) {
      double sum = 0;
      for (float v : a[i]) {
        REQUIRE(v >= specs[i].synth_offset - specs[i].synth_scale);
        REQUIRE(v < specs[i].synth_offset + specs[i].synth_scale);
        sum += v;
      }
      double mean = sum / a[i].size();
      CHECK_MESSAGE(std::abs(mean - specs[i].synth_offset) < 0.25 * specs[i].synth_scale, specs[i].name);
    }
    // The real model's catalogue: 28 layers of 11 tensors plus embedding and final norm, ~596M values.
    Config full = qwen3_0_6b();
    CHECK(tensor_specs(full).size() == 2 + 28 * 11);
    CHECK(weight_elements(full) == 596049920);
  }

  TEST_CASE("the CPU reference forward pass is finite and deterministic and uses its context") {
    Config c = tiny_config();
    ReferenceModel m1(c, synthetic_host_weights(c, 1)), m2(c, synthetic_host_weights(c, 1));
    std::vector<float> l1, l2, first;
    const int32_t prompt[] = {87, 104, 97, 116, 32, 105, 115};
    for (int32_t t : prompt) {
      m1.step(t, &l1);
      m2.step(t, &l2);
      REQUIRE(l1.size() == static_cast<size_t>(c.vocab));
      CHECK(std::memcmp(l1.data(), l2.data(), l1.size() * sizeof(float)) == 0);
      for (float v : l1) REQUIRE(std::isfinite(v));
      if (first.empty()) first = l1;
    }
    CHECK(m1.pos() == 7);
    // Same token, different history: different logits.
    ReferenceModel fresh(c, synthetic_host_weights(c, 1));
    std::vector<float> alone;
    fresh.step(115, &alone);
    CHECK(alone != l1);
    // Logits spread out (not collapsed) and of order one.
    float mx = *std::max_element(l1.begin(), l1.end()), mn = *std::min_element(l1.begin(), l1.end());
    CHECK(mx - mn > 0.5f);
    CHECK(mx < 100.0f);
    // Greedy generation continues without error to the end of the context.
    int32_t tok = argmax(l1);
    while (m1.pos() < c.max_seq) {
      m1.step(tok, &l1);
      tok = argmax(l1);
    }
    CHECK_THROWS(m1.step(tok, &l1));
  }

}  // TEST_SUITE
