// Added cost per traced launch: a launch loop that prints "ns_per_launch X" (launch_loop.cu on the
// GPU machine; --metric picks another printed figure, e.g. qwen3's tokens_per_s) is run untraced and traced,
// interleaved (the order alternates every round, so drift hits both sides alike), for several rounds. Prints
// each round, the medians, the spread (min-max) and the added cost, plus the BPF time per program run and the
// probe hits per launch. --level sched traces without the CUDA uprobes (scheduler and IRQ tracepoints only).
// Usage: tracer_overhead [--rounds R] [--level sched|launch] [--cuda-lib PATH] [--metric NAME] -- CMD ARGS...
#include <fmt/format.h>

#include <algorithm>
#include <cstring>

#include "run_child.h"
#include "tracer/tracer.h"

using namespace cudabench;

namespace {

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  size_t n = v.size();
  return n == 0 ? 0 : n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

std::string metric = "ns_per_launch";

void print_side(const char* name, const std::vector<double>& v) {
  auto [lo, hi] = std::minmax_element(v.begin(), v.end());
  fmt::print("{:<9} median {:10.2f} {}  spread {:.2f}-{:.2f}\n", name, median(v), metric, *lo, *hi);
}

}  // namespace

int main(int argc, char** argv) {
  int rounds = 3;
  tracer::Options options;
  tracer::Level level = tracer::Level::launch;
  std::vector<std::string> cmd;
  for (int i = 1; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--rounds") && i + 1 < argc)
      rounds = std::atoi(argv[++i]);
    else if (!std::strcmp(argv[i], "--cuda-lib") && i + 1 < argc)
      options.cuda_lib = argv[++i];
    else if (!std::strcmp(argv[i], "--level") && i + 1 < argc)
      level = !std::strcmp(argv[++i], "sched") ? tracer::Level::sched : tracer::Level::launch;
    else if (!std::strcmp(argv[i], "--metric") && i + 1 < argc)
      metric = argv[++i];
    else if (!std::strcmp(argv[i], "--")) {
      cmd.assign(argv + i + 1, argv + argc);
      break;
    }
  }
  if (cmd.empty()) {
    fmt::print(stderr,
               "usage: tracer_overhead [--rounds R] [--level sched|launch] [--cuda-lib PATH] [--metric NAME] "
               "-- CMD ARGS...\n");
    return 2;
  }
  try {
    auto t = tracer::Tracer::open(options);
    std::vector<double> plain, traced;
    for (int r = 0; r < rounds; ++r) {
      for (int side = 0; side < 2; ++side) {
        bool trace_it = (side + r) % 2 == 1;  // alternate which side goes first
        auto res = bench::run_child(cmd, trace_it ? t.get() : nullptr, level);
        double ns = bench::field(res.out, metric);
        (trace_it ? traced : plain).push_back(ns);
        if (!trace_it) continue;
        const auto& s = res.trace.stats;
        uint64_t dropped = 0;
        for (auto& [type, n] : s.drops) dropped += n;
        double launches = bench::field(res.out, metric == "ns_per_launch" ? "launches" : "launches_total");
        fmt::print(
            "round {} traced   {:10.2f}  probe hits {} ({:.2f} per launch), dropped {}, "
            "BPF {:.0f} ns per program run ({} runs), consumer CPU {:.1f} ms\n",
            r, ns, res.trace.launches.size(), launches > 0 ? res.trace.launches.size() / launches : 0.0,
            dropped, s.bpf_run_count ? double(s.bpf_run_ns) / s.bpf_run_count : 0.0, s.bpf_run_count,
            s.consumer_cpu_ns / 1e6);
      }
      fmt::print("round {} untraced {:10.2f}\n", r, plain.back());
    }
    print_side("untraced", plain);
    print_side("traced", traced);
    fmt::print("change   {:+10.2f} {} (median traced - median untraced), {:+.1f}%\n",
               median(traced) - median(plain), metric, 100.0 * (median(traced) / median(plain) - 1));
  } catch (const std::exception& e) {
    fmt::print(stderr, "tracer_overhead: {}\n", e.what());
    return 1;
  }
}
