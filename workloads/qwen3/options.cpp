#include "workloads/qwen3/options.h"

#include <fmt/format.h>

#include <charconv>
#include <cstdio>
#include <string_view>

#include "common/error.h"

namespace cudabench::qwen3 {
namespace {

template <typename T>
T number(std::string_view flag, const char* text, T lo, T hi) {
  T v{};
  std::string_view s(text);
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc{} || end != s.data() + s.size() || v < lo || v > hi)
    throw UserError(fmt::format("{} expects an integer in [{}, {}], got \"{}\"", flag, lo, hi, s),
                    "see qwen3 --help");
  return v;
}

}  // namespace

std::string usage() {
  return R"(usage: qwen3 [MODEL.gguf] [-q PROMPT] [-n N] [--seed S] [--graph [--no-pdl]] [--device N] [--ctx N] [--chat]

Qwen3-0.6B FP32 inference, one prompt, greedy decoding, written as plain CUDA kernels launched one
by one (~34 per layer, ~959 per generated token). Without MODEL.gguf every tensor is filled with
deterministic synthetic values of the real shapes (same launches, bytes and FLOPs; meaningless text).

  MODEL.gguf     Qwen3 GGUF file with F32, F16 or BF16 tensors
  -q PROMPT      prompt (default "What is eBPF?")
  -n N           tokens to generate, EOS ignored (default 48); also --tokens N
  --seed S       seed of the synthetic weights (default 1)
  --graph        capture one decode step as a CUDA Graph and replay it (one launch per token);
                 its kernels are linked by programmatic dependent launch, so each is scheduled
                 while the one before drains
  --no-pdl       with --graph: plain serial edges instead
  --device N     CUDA device index (default 0)
  --ctx N        KV-cache length in tokens (default 4096)
  --chat         wrap the prompt in Qwen's chat template (needs a GGUF tokenizer)

The last line of stdout is `CUDABENCH_RESULT {json}`; workloads/qwen3/README.md lists its keys.

examples:
  qwen3 -n 48                                synthetic weights, eager launches
  qwen3 -n 48 --graph                        the same, one CUDA Graph launch per token
  qwen3 Qwen3-0.6B-f16.gguf -q "What is eBPF?" -n 48 --chat
)";
}

std::optional<Options> parse_options(int argc, const char* const* argv) {
  Options o;
  bool have_model = false;
  for (int i = 1; i < argc; ++i) {
    std::string_view a = argv[i];
    auto value = [&]() -> const char* {
      if (i + 1 >= argc) throw UserError(fmt::format("{} needs a value", a), "see qwen3 --help");
      return argv[++i];
    };
    if (a == "-h" || a == "--help") {
      std::fputs(usage().c_str(), stdout);
      return std::nullopt;
    } else if (a == "-q" || a == "--prompt") {
      o.prompt = value();
    } else if (a == "-n" || a == "--tokens") {
      o.n_tokens = number<int>(a, value(), 1, 1 << 20);
    } else if (a == "--seed") {
      o.seed = number<uint64_t>(a, value(), 0, UINT64_MAX);
    } else if (a == "--graph") {
      o.graph = true;
    } else if (a == "--no-pdl") {
      o.pdl = false;
    } else if (a == "--chat") {
      o.chat = true;
    } else if (a == "--device") {
      o.device = number<int>(a, value(), 0, 1024);
    } else if (a == "--ctx") {
      o.ctx = number<int>(a, value(), 2, 1 << 20);
    } else if (!a.empty() && a[0] == '-') {
      throw UserError(fmt::format("unknown option {}", a), "see qwen3 --help");
    } else if (!have_model) {
      o.model = a;
      have_model = true;
    } else {
      throw UserError(fmt::format("unexpected argument \"{}\" (the model is \"{}\")", a, o.model),
                      "see qwen3 --help");
    }
  }
  if (o.prompt.empty()) throw UserError("the prompt is empty", "pass -q TEXT");
  if (!o.pdl && !o.graph) throw UserError("--no-pdl applies to --graph only", "add --graph");
  if (!o.graph) o.pdl = false;
  return o;
}

}  // namespace cudabench::qwen3
