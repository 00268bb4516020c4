// qwen3: the study's workload. Loads Qwen3-0.6B (a GGUF file, or synthetic weights of the same
// shapes), runs the prompt through the model (prefill), then generates exactly n tokens greedily
// (decode, the measured phase) and prints one CUDABENCH_RESULT line. README.md beside this file
// documents the output and the phase-marker ABI.
#include <fmt/format.h>

#include <chrono>
#include <cstdio>
#include <memory>

#include "common/error.h"
#include "workloads/qwen3/gguf.h"
#include "workloads/qwen3/gpu_model.h"
#include "workloads/qwen3/model_file.h"
#include "workloads/qwen3/options.h"
#include "workloads/qwen3/phase_marker.h"
#include "workloads/qwen3/report.h"
#include "workloads/qwen3/tokenizer.h"

namespace cudabench::qwen3 {
namespace {

using clock_type = std::chrono::steady_clock;

double ms_since(clock_type::time_point t0, clock_type::time_point t1) {
  return std::chrono::duration<double, std::milli>(t1 - t0).count();
}

struct Loaded {
  Config config;
  Tokenizer tokenizer = Tokenizer::bytewise();
  std::unique_ptr<GgufFile> file;
};

Loaded open_model(const Options& o) {
  Loaded m;
  if (o.model.empty()) {
    m.config = qwen3_0_6b();
    m.config.max_seq = o.ctx;
    return m;
  }
  m.file = std::make_unique<GgufFile>(o.model);
  m.config = config_from_gguf(*m.file, o.ctx);
  if (m.file->find("tokenizer.ggml.model")) m.tokenizer = Tokenizer::from_gguf(*m.file);
  return m;
}

std::vector<int32_t> prompt_tokens(const Options& o, const Loaded& m) {
  if (o.chat && m.tokenizer.is_bytewise())
    throw UserError("--chat needs the tokenizer of a GGUF model", "drop --chat or pass MODEL.gguf");
  std::string text =
      o.chat ? "<|im_start|>user\n" + o.prompt + "<|im_end|>\n<|im_start|>assistant\n" : o.prompt;
  std::vector<int32_t> ids = m.tokenizer.encode(text);
  for (int32_t id : ids)
    if (id < 0 || id >= m.config.vocab)
      throw UserError(fmt::format("the tokenizer produced token {} outside the model's vocabulary of {}", id,
                                  m.config.vocab));
  if (ids.size() + o.n_tokens > static_cast<size_t>(m.config.max_seq))
    throw UserError(fmt::format("{} prompt tokens + {} generated exceed the context of {} tokens", ids.size(),
                                o.n_tokens, m.config.max_seq),
                    "raise --ctx");
  return ids;
}

int run(int argc, char** argv) {
  auto options = parse_options(argc, argv);
  if (!options) return 0;
  const Options& o = *options;

  DeviceProbe dev = probe_device(o.device);
  if (!dev.ok) {
    std::fprintf(stderr, "qwen3: error: no CUDA GPU available: %s\n", dev.error.c_str());
    return 1;
  }

  phase_marker(Phase::load, 0);
  Loaded m = open_model(o);
  std::vector<int32_t> prompt = prompt_tokens(o, m);
  std::fprintf(stderr, "qwen3: %s on %s; loading %s weights\n", describe(m.config).c_str(), dev.name.c_str(),
               o.model.empty() ? "synthetic" : o.model.c_str());
  GpuModel model(m.config, o.device);
  if (m.file) {
    read_gguf_tensors(*m.file, m.config,
                      [&](int i, const std::vector<float>& t) { model.upload_tensor(i, t); });
    m.file.reset();
  } else {
    model.fill_synthetic(o.seed);
  }
  model.set_tokens(0, prompt);

  RunResult r;
  r.prompt_tokens = static_cast<int>(prompt.size());
  r.weights = o.model.empty() ? "synthetic" : "gguf:" + o.model;
  r.gpu = model.device_name();
  r.mode = o.graph ? "graph" : "eager";
  r.pdl = o.graph && o.pdl;
  r.gpu_mem_bytes = model.allocated_bytes();
  r.gpu_mem_used_bytes = model.device_used_bytes();
  r.kv_cache_tokens = m.config.max_seq;

  // Prefill: every prompt token but the last fills the KV cache; the last is the first decode input.
  phase_marker(Phase::prefill, 0);
  auto t0 = clock_type::now();
  for (size_t i = 0; i + 1 < prompt.size(); ++i) model.prefill_step();
  model.synchronize();
  r.prefill_ms = ms_since(t0, clock_type::now());
  if (o.graph) model.capture_decode_graph(o.pdl);

  // Decode: exactly n steps, EOS ignored; each waits for its token as a chat loop would.
  const LaunchCounts before = model.launches();
  std::vector<int32_t> generated;
  phase_marker(Phase::decode_start, 0);
  const auto start = clock_type::now();
  auto last = start;
  for (int i = 0; i < o.n_tokens; ++i) {
    if (o.graph)
      model.decode_step_graph();
    else
      model.decode_step();
    generated.push_back(model.wait_token());
    auto now = clock_type::now();
    r.token_ms.push_back(ms_since(last, now));
    last = now;
    phase_marker(Phase::token, static_cast<uint32_t>(i));
  }
  r.decode_ms = ms_since(start, last);
  phase_marker(Phase::end, static_cast<uint32_t>(o.n_tokens));

  const LaunchCounts& after = model.launches();
  r.tokens = o.n_tokens;
  r.launches = after.executed() - before.executed();
  r.launches_total = after.api_calls();
  r.launches_captured = after.captured;

  if (o.model.empty()) {
    std::printf(
        "qwen3: weights are synthetic (seed %llu): every tensor of Qwen3-0.6B's shapes holds "
        "deterministic values, so launches, bytes and FLOPs are the real model's and the "
        "text is meaningless; the prompt was tokenised byte-wise\n",
        static_cast<unsigned long long>(o.seed));
    std::printf("tokens: %s\n", fmt::format("{}", fmt::join(generated, " ")).c_str());
  } else if (m.tokenizer.is_bytewise()) {
    std::printf("tokens: %s\n", fmt::format("{}", fmt::join(generated, " ")).c_str());
  } else {
    std::printf("%s%s\n", o.prompt.c_str(), m.tokenizer.decode(generated).c_str());
  }
  std::printf("%s\n", result_line(r).c_str());
  std::fflush(stdout);
  return 0;
}

}  // namespace
}  // namespace cudabench::qwen3

int main(int argc, char** argv) {
  using namespace cudabench;
  try {
    return qwen3::run(argc, argv);
  } catch (const UserError& e) {
    std::fprintf(stderr, "qwen3: error: %s\n", e.what());
    if (!e.hint().empty()) std::fprintf(stderr, "hint: %s\n", e.hint().c_str());
    return 2;
  } catch (const RunError& e) {
    std::fprintf(stderr, "qwen3: error: %s\n", e.what());
    if (!e.hint().empty()) std::fprintf(stderr, "hint: %s\n", e.hint().c_str());
    return 1;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "qwen3: error: %s\n", e.what());
    return 1;
  }
}
