#include "workloads/qwen3/report.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace cudabench::qwen3 {

double percentile(std::vector<double> v, double q) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  double h = q * static_cast<double>(v.size() - 1);
  size_t lo = static_cast<size_t>(std::floor(h));
  size_t hi = std::min(lo + 1, v.size() - 1);
  return v[lo] + (h - static_cast<double>(lo)) * (v[hi] - v[lo]);
}

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
  return fmt::format(
      "CUDABENCH_RESULT {{\"tokens\": {}, \"prompt_tokens\": {}, \"prefill_ms\": {:.4f}, "
      "\"decode_ms\": {:.4f}, \"tokens_per_s\": {:.4f}, \"launches\": {}, \"launches_total\": {}, "
      "\"launches_captured\": {}, \"launches_per_token\": {:.4f}, \"token_ms_p50\": {:.5f}, "
      "\"token_ms_p99\": {:.5f}, \"weights\": \"{}\", \"gpu\": \"{}\", \"mode\": \"{}\", \"pdl\": \"{}\", "
      "\"gpu_mem_bytes\": {}, \"gpu_mem_used_bytes\": {}, \"kv_cache_tokens\": {}}}",
      r.tokens, r.prompt_tokens, r.prefill_ms, r.decode_ms, tps, r.launches, r.launches_total,
      r.launches_captured, per_token, percentile(r.token_ms, 0.5), percentile(r.token_ms, 0.99),
      json_escape(r.weights), json_escape(r.gpu), r.mode, r.pdl ? "on" : "off", r.gpu_mem_bytes,
      r.gpu_mem_used_bytes, r.kv_cache_tokens);
}

}  // namespace cudabench::qwen3
