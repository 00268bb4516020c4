// cpu_decoder: a stand-in for an LLM decoder that needs only a CPU, so cudabench's run, report and
// compare can be tried on any Linux machine (scenarios/examples/). Each "token" runs `layers`
// matrix-vector products of a dim x dim matrix that stays in the cache, one thread, no allocation
// and no I/O while it decodes: its tokens per second are steady on an idle CPU, and fall when other
// tasks take that CPU, which is what the example scenarios show.
//
//   cpu_decoder [--tokens N] [--layers N] [--dim N]
// prints, like the qwen3 workload, one line
//   CUDABENCH_RESULT {"tokens": N, "decode_ms": T, "tokens_per_s": X}
#include <fmt/format.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

namespace {

struct Options {
  int tokens = 48, layers = 16, dim = 384;
};

int positive(const char* flag, const char* text) {
  char* end = nullptr;
  const long v = std::strtol(text, &end, 10);
  if (end == text || *end != '\0' || v < 1 || v > 100000) {
    fmt::print(stderr, "cpu_decoder: {} wants an integer from 1 to 100000, got '{}'\n", flag, text);
    std::exit(2);
  }
  return static_cast<int>(v);
}

Options parse(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if ((a == "--tokens" || a == "--layers" || a == "--dim") && i + 1 < argc) {
      const int v = positive(argv[i], argv[i + 1]);
      (a == "--tokens" ? o.tokens : a == "--layers" ? o.layers : o.dim) = v;
      ++i;
    } else {
      fmt::print(stderr, "usage: cpu_decoder [--tokens N] [--layers N] [--dim N]\n");
      std::exit(2);
    }
  }
  return o;
}

// One layer: y = tanh(W x), the state carried to the next layer.
void layer(const std::vector<float>& w, std::vector<float>& x, std::vector<float>& y, int dim) {
  for (int r = 0; r < dim; ++r) {
    const float* row = &w[static_cast<size_t>(r) * dim];
    float sum = 0;
    for (int c = 0; c < dim; ++c) sum += row[c] * x[c];
    y[r] = std::tanh(sum);
  }
  x.swap(y);
}

}  // namespace

int main(int argc, char** argv) {
  const Options o = parse(argc, argv);
  const size_t n = static_cast<size_t>(o.dim);
  std::vector<float> w(n * n), x(n), y(n);
  for (size_t i = 0; i < w.size(); ++i) w[i] = std::sin(static_cast<float>(i) * 0.37f) / std::sqrt(float(n));
  for (size_t i = 0; i < n; ++i) x[i] = std::cos(static_cast<float>(i));
  const auto start = std::chrono::steady_clock::now();
  float checksum = 0;
  for (int t = 0; t < o.tokens; ++t) {
    for (int l = 0; l < o.layers; ++l) layer(w, x, y, o.dim);
    checksum += x[static_cast<size_t>(t) % n];
  }
  const double ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  // The checksum keeps the work from being optimised away; it is printed for that reason only.
  fmt::print("checksum {:.6f}\n", checksum);
  fmt::print("CUDABENCH_RESULT {{\"tokens\": {}, \"decode_ms\": {:.3f}, \"tokens_per_s\": {:.4f}}}\n",
             o.tokens, ms, o.tokens / (ms / 1000));
  return 0;
}
