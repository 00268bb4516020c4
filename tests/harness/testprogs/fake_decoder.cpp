// A CPU-only stand-in for a decoder, for the harness's tests (never offered as a workload): it
// "generates" tokens, each a fixed amount of CPU work, so CPU contention lowers its tokens/s the
// way it lowers a launch-bound GPU decoder's, and reports like our qwen3 workload does.
//
// fake_decoder [--tokens N] [--work-us U] [--launches-per-token L] [--exit CODE] [--no-result]
//              [--sleep-s S] [--text] [--report-rate R [--rate-noise-pct P]]
// With L > 0 each token also calls cuLaunchKernel of the tracer's libfakecuda L times and the result
// reports the count, so a traced run's launch cross-check has something to check.
// --report-rate R reports R tokens/s instead of the measured rate, times exp(N(0, P/100)) with
// --rate-noise-pct P: a figure whose noise the test controls (run --target-ci's tests).
extern "C" {
#include "fake_cuda.h"
}

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <thread>

namespace {

volatile double sink;

// Spins for `us` microseconds of CPU time (not wall time): a preempted token takes longer in wall
// time, which is exactly the effect under study.
void cpu_work(long us) {
  timespec start{}, now{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &start);
  double x = 1.0;
  do {
    for (int i = 0; i < 1000; ++i) x = x * 1.0000001 + 1e-9;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  } while ((now.tv_sec - start.tv_sec) * 1000000L + (now.tv_nsec - start.tv_nsec) / 1000 < us);
  sink = x;
}

}  // namespace

int main(int argc, char** argv) {
  long tokens = 20, work_us = 5000, exit_code = 0, launches_per_token = 0;
  double sleep_s = 0, report_rate = 0, noise_pct = 0;
  bool result = true, text = false;
  for (int i = 1; i < argc; ++i) {
    auto next = [&] {
      return i + 1 < argc ? argv[++i] : (std::fprintf(stderr, "missing value\n"), std::exit(2), nullptr);
    };
    if (!std::strcmp(argv[i], "--tokens"))
      tokens = std::atol(next());
    else if (!std::strcmp(argv[i], "--work-us"))
      work_us = std::atol(next());
    else if (!std::strcmp(argv[i], "--exit"))
      exit_code = std::atol(next());
    else if (!std::strcmp(argv[i], "--launches-per-token"))
      launches_per_token = std::atol(next());
    else if (!std::strcmp(argv[i], "--sleep-s"))
      sleep_s = std::atof(next());
    else if (!std::strcmp(argv[i], "--report-rate"))
      report_rate = std::atof(next());
    else if (!std::strcmp(argv[i], "--rate-noise-pct"))
      noise_pct = std::atof(next());
    else if (!std::strcmp(argv[i], "--no-result"))
      result = false;
    else if (!std::strcmp(argv[i], "--text"))
      text = true;
    else
      return std::fprintf(stderr, "fake_decoder: unknown option %s\n", argv[i]), 2;
  }
  if (sleep_s > 0) std::this_thread::sleep_for(std::chrono::duration<double>(sleep_s));
  auto t0 = std::chrono::steady_clock::now();
  for (long t = 0; t < tokens; ++t) {
    cpu_work(work_us);
    for (long l = 0; l < launches_per_token; ++l)
      cuLaunchKernel(nullptr, 1, 1, 1, 32, 1, 1, 0, nullptr, nullptr, nullptr);
  }
  double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (report_rate > 0) {
    std::mt19937_64 rng(std::random_device{}());
    s = tokens / (report_rate * std::exp(std::normal_distribution<double>(0, noise_pct / 100)(rng)));
  }
  std::fprintf(stderr, "fake_decoder: %ld tokens in %.3f s\n", tokens, s);
  if (text)
    std::printf("decode speed: %.3f tok/s\n", tokens / s);
  else if (!result) {
    // the "workload without a figure" case
  } else if (launches_per_token > 0)
    std::printf(
        "CUDABENCH_RESULT {\"tokens_per_s\": %.4f, \"tokens\": %ld, \"decode_ms\": %.3f, \"launches\": "
        "%ld}\n",
        tokens / s, tokens, s * 1000, tokens * launches_per_token);
  else
    std::printf(
        "CUDABENCH_RESULT {\"tokens_per_s\": %.4f, \"tokens\": %ld, \"decode_ms\": %.3f, \"weights\": "
        "\"none\"}\n",
        tokens / s, tokens, s * 1000);
  return static_cast<int>(exit_code);
}
