// Throughput of the tracer's ring buffer and decoder, and the cost of a uprobe on this machine.
//  1. Synthetic producer (BPF_PROG_TEST_RUN pushing launch records through the real reserve/submit
//     path) at offered rates of 1-32 M records/s for 1 s each: delivered rate and drops. The target
//     is >= 2 M records/s with zero drops.
//  2. fake_launcher's launch loop (real uprobes on the fake libcuda), untraced and traced: calls/s
//     and the added cost per probed call.
#include <fmt/format.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include "run_child.h"
#include "tracer/tracer.h"

using namespace cudabench;
using clock_type = std::chrono::steady_clock;

namespace {

void synthetic(tracer::Tracer& t, double offered_per_s) {
  constexpr uint32_t burst = 4096;
  auto period = std::chrono::duration<double>(burst / offered_per_s);
  t.begin(getpid(), "/proc/self/exe", tracer::Level::launch);
  auto start = clock_type::now(), next = start;
  uint64_t offered = 0;
  while (clock_type::now() - start < std::chrono::seconds(1)) {
    t.inject_synthetic_launches(burst);
    offered += burst;
    next += std::chrono::duration_cast<clock_type::duration>(period);
    std::this_thread::sleep_until(next);
  }
  double window = std::chrono::duration<double>(clock_type::now() - start).count();
  auto d = t.end();
  uint64_t dropped = d.stats.drops.count("launch") ? d.stats.drops.at("launch") : 0;
  fmt::print("  offered {:6.2f} M/s  delivered {:6.2f} M/s  dropped {:>9}  consumer CPU {:5.1f}%\n",
             offered / window / 1e6, d.launches.size() / window / 1e6, dropped,
             100.0 * d.stats.consumer_cpu_ns / 1e9 / window);
}

void uprobe_rate(tracer::Tracer& t) {
  std::vector<std::string> argv = {FAKE_LAUNCHER, "1000", "loop", "1"};
  for (int round = 0; round < 3; ++round) {
    auto plain = bench::run_child(argv, nullptr);
    auto traced = bench::run_child(argv, &t);
    double plain_calls = bench::field("calls " + plain.out, "calls");
    double traced_calls = bench::field("calls " + traced.out, "calls");
    uint64_t dropped = 0;
    for (auto& [type, n] : traced.trace.stats.drops) dropped += n;
    fmt::print(
        "  round {}: untraced {:6.2f} M calls/s, traced {:6.2f} M calls/s ({} records, {} dropped), "
        "added {:.0f} ns per call, BPF {:.0f} ns per program run\n",
        round, plain_calls / 1e6, traced_calls / 1e6, traced.trace.launches.size(), dropped,
        1e9 / traced_calls - 1e9 / plain_calls,
        traced.trace.stats.bpf_run_count
            ? double(traced.trace.stats.bpf_run_ns) / traced.trace.stats.bpf_run_count
            : 0.0);
  }
}

}  // namespace

int main() {
  try {
    tracer::Options o;
    o.cuda_lib = FAKE_CUDA_LIB_PATH;
    auto t = tracer::Tracer::open(o);
    fmt::print("synthetic producer -> ring buffer ({} MiB) -> decoder, 1 s per rate:\n",
               o.ringbuf_bytes >> 20);
    for (double rate : {1e6, 2e6, 4e6, 8e6, 16e6, 32e6}) synthetic(*t, rate);
    fmt::print("uprobes on the fake libcuda (fake_launcher loop, one thread, 1 s):\n");
    uprobe_rate(*t);
  } catch (const std::exception& e) {
    fmt::print(stderr, "tracer_rate: {}\n", e.what());
    return 1;
  }
}
