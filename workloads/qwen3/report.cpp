#include "workloads/qwen3/report.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "common/percentile.h"

namespace cudabench::qwen3 {

std::string json_escape(const std::string& s) {
  std::string out;
  for (unsigned char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20) {
      out += fmt::format("\\u{:04x}", c);
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

std::string result_line(const RunResult& r) {
  double per_token = r.tokens ? static_cast<double>(r.launches) / r.tokens : 0.0;
  double tps = r.decode_ms > 0 ? r.tokens / (r.decode_ms / 1000.0) : 0.0;
  // JSON has no NaN: no token means 0, as for the other figures.
  auto token_ms = [&](double p) { return r.token_ms.empty() ? 0.0 : cudabench::percentile(r.token_ms, p); };
  return fmt::format(
      "CUDABENCH_RESULT {{\"tokens\": {}, \"prompt_tokens\": {}, \"prefill_ms\": {:.4f}, "
      "\"decode_ms\": {:.4f}, \"tokens_per_s\": {:.4f}, \"launches\": {}, \"launches_total\": {}, "
      "\"launches_captured\": {}, \"launches_per_token\": {:.4f}, \"token_ms_p50\": {:.5f}, "
      "\"token_ms_p99\": {:.5f}, \"weights\": \"{}\", \"gpu\": \"{}\", \"mode\": \"{}\", \"pdl\": \"{}\", "
      "\"gpu_mem_bytes\": {}, \"gpu_mem_used_bytes\": {}, \"kv_cache_tokens\": {}}}",
      r.tokens, r.prompt_tokens, r.prefill_ms, r.decode_ms, tps, r.launches, r.launches_total,
      r.launches_captured, per_token, token_ms(50), token_ms(99), json_escape(r.weights), json_escape(r.gpu),
      r.mode, r.pdl ? "on" : "off", r.gpu_mem_bytes, r.gpu_mem_used_bytes, r.kv_cache_tokens);
}

}  // namespace cudabench::qwen3
