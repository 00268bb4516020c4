// The CUDA kernels against the CPU reference (workloads/qwen3/reference.h), on the GPU machine:
// the same synthetic weights, the same token sequence (teacher-forced, so a near tie cannot send the
// two down different paths), logits compared after every decode step, in eager mode, graph mode and
// graph mode with programmatic dependent launch.
//
// Tolerance: max |logit_gpu - logit_cpu| <= 1e-4 * max(1, max |logit_cpu|). Both sides are FP32;
// they differ only in summation order (warp-shuffle trees vs a sequential loop), rsqrtf and expf,
// which for these depths stays orders of magnitude below the bound.
//
// Exit 0: every case passed; 1: a mismatch; 77: no CUDA device (ctest reports SKIP).
// --full adds Qwen3-0.6B's real shapes (28 layers, 151,936-token vocabulary; ~1 min of CPU time).
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "workloads/qwen3/config.h"
#include "workloads/qwen3/gpu_model.h"
#include "workloads/qwen3/reference.h"

using namespace cudabench::qwen3;

namespace {

constexpr double rel_tolerance = 1e-4;

struct Case {
  std::string name;
  Config config;
  uint64_t seed;
  int prefill;  // tokens run with prefill_step()
  int decode;   // decode steps compared
};

// The width of the real model with few layers and a small vocabulary: exercises the 1024/2048/3072
// matvec kernels, 128-wide heads and 2:1 grouped attention at a CPU cost of milliseconds.
Config wide_config() {
  Config c = qwen3_0_6b();
  c.n_layers = 2;
  c.vocab = 4096;
  c.max_seq = 128;
  return c;
}

// Long contexts take the attention kernels' multi-round and unrolled paths: 128-wide heads with 300
// cached positions, and 16-wide heads with 600.
Config long_config() {
  Config c = tiny_config();
  c.hidden = 256;
  c.head_dim = 128;
  c.ffn = 512;
  c.vocab = 512;
  c.max_seq = 512;
  return c;
}

Config long_tiny_config() {
  Config c = tiny_config();
  c.max_seq = 1024;
  return c;
}

std::vector<int32_t> sequence(const Case& k) {
  std::vector<int32_t> s;
  uint32_t h = 12345;
  for (int i = 0; i < k.prefill + k.decode; ++i) {
    h = h * 1103515245u + 12345u;
    s.push_back(static_cast<int32_t>((h >> 8) % static_cast<uint32_t>(k.config.vocab)));
  }
  return s;
}

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

bool run_case(const Case& k) {
  const Config& c = k.config;
  auto t0 = std::chrono::steady_clock::now();
  HostWeights weights = synthetic_host_weights(c, k.seed);
  std::vector<int32_t> seq = sequence(k);

  // The reference: logits after each decode step.
  std::vector<std::vector<float>> want;
  {
    ReferenceModel ref(c, weights);
    std::vector<float> logits;
    for (int i = 0; i < k.prefill + k.decode; ++i) {
      ref.step(seq[i], i >= k.prefill ? &logits : nullptr);
      if (i >= k.prefill) want.push_back(logits);
    }
  }
  std::printf("  %s: reference ready in %.1f s (%s)\n", k.name.c_str(), seconds_since(t0),
              describe(c).c_str());

  bool ok = true;
  for (int mode = 0; mode < 3; ++mode) {  // eager, graph with plain edges, graph with programmatic edges
    const bool graph = mode > 0;
    const char* mode_name = mode == 0 ? "eager" : mode == 1 ? "graph-plain" : "graph-pdl";
    GpuModel gpu(c, 0);
    gpu.fill_synthetic(k.seed);
    // The GPU's synthetic weights must be the host's, bit for bit (full model: a sample of tensors).
    auto specs = tensor_specs(c);
    size_t checked = 0, differing = 0;
    for (size_t i = 0; i<specs.size(); i += c.n_layers> 4 ? 37 : 1) {
      std::vector<float> d = gpu.download_tensor(static_cast<int>(i));
      differing += std::memcmp(d.data(), weights[i].data(), d.size() * sizeof(float)) != 0;
      ++checked;
    }
    if (differing) {
      std::printf("FAIL %s %s: %zu of %zu checked tensors differ from the host's synthetic values\n",
                  k.name.c_str(), mode_name, differing, checked);
      ok = false;
      continue;
    }

    gpu.set_tokens(0, seq);
    for (int i = 0; i < k.prefill; ++i) gpu.prefill_step();
    if (graph) gpu.capture_decode_graph(mode == 2);
    double worst_abs = 0, worst_rel = 0;
    int argmax_same = 0, argmax_compared = 0;
    uint64_t launches_per_step = 0;
    for (int s = 0; s < k.decode; ++s) {
      const int at = k.prefill + s;
      gpu.set_tokens(at, {seq[at]});  // teacher forcing: overwrite the previous step's choice
      LaunchCounts before = gpu.launches();
      if (graph)
        gpu.decode_step_graph();
      else
        gpu.decode_step();
      int32_t token = gpu.wait_token();
      launches_per_step = gpu.launches().executed() - before.executed();
      std::vector<float> got = gpu.logits();
      const std::vector<float>& ref = want[s];
      double max_ref = 1, max_diff = 0;
      bool finite = true;
      for (size_t v = 0; v < ref.size(); ++v) {
        max_ref = std::max(max_ref, static_cast<double>(std::fabs(ref[v])));
        max_diff = std::max(max_diff, static_cast<double>(std::fabs(got[v] - ref[v])));
        finite = finite && std::isfinite(got[v]);
      }
      if (!finite) max_diff = INFINITY;
      worst_abs = std::max(worst_abs, max_diff);
      worst_rel = std::max(worst_rel, max_diff / max_ref);
      // The token must be the reference's argmax unless the top two are closer than the tolerance.
      int32_t best = argmax(ref);
      float second = -INFINITY;
      for (size_t v = 0; v < ref.size(); ++v)
        if (static_cast<int32_t>(v) != best) second = std::max(second, ref[v]);
      if (ref[best] - second > 2 * rel_tolerance * max_ref) {
        ++argmax_compared;
        argmax_same += token == best;
      }
    }
    uint64_t expect_launches = graph ? 1 : 1 + 34ull * c.n_layers + 6;
    bool pass =
        worst_rel <= rel_tolerance && argmax_same == argmax_compared && launches_per_step == expect_launches;
    std::printf(
        "%s %s %s: %d steps after %d prefill, max |dlogit| %.3g (relative %.3g, tolerance %.0e), "
        "argmax %d/%d, launches/step %llu (expected %llu)\n",
        pass ? "PASS" : "FAIL", k.name.c_str(), mode_name, k.decode, k.prefill, worst_abs, worst_rel,
        rel_tolerance, argmax_same, argmax_compared, static_cast<unsigned long long>(launches_per_step),
        static_cast<unsigned long long>(expect_launches));
    ok = ok && pass;
  }
  return ok;
}

}  // namespace

int main(int argc, char** argv) {
  bool full = argc > 1 && std::string(argv[1]) == "--full";
  DeviceProbe dev = probe_device(0);
  if (!dev.ok) {
    std::printf(
        "SKIP: no CUDA device to test the kernels on (%s); the CPU reference is tested by qwen3_test\n",
        dev.error.c_str());
    return 77;
  }
  std::printf("qwen3_gpu_check on %s\n", dev.name.c_str());
  Config tiny = tiny_config();
  std::vector<Case> cases = {{"tiny", tiny, 11, 3, 8},
                             {"wide", wide_config(), 12, 2, 5},
                             {"long", long_config(), 13, 300, 4},
                             {"long-tiny", long_tiny_config(), 14, 600, 3}};
  if (full) {
    Config f = qwen3_0_6b();
    f.max_seq = 64;
    cases.push_back({"full", f, 1, 1, 2});
  }
  bool ok = true;
  for (const Case& k : cases) {
    try {
      ok = run_case(k) && ok;
    } catch (const std::exception& e) {
      std::printf("FAIL %s: %s\n", k.name.c_str(), e.what());
      ok = false;
    }
  }
  std::printf("%s\n", ok ? "qwen3_gpu_check: all cases passed" : "qwen3_gpu_check: FAILED");
  return ok ? 0 : 1;
}
