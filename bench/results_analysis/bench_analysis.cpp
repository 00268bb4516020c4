// Figures for the lead: analyze_run throughput on a 10 M-event synthetic trace (target >= 10 M
// events/s on one core), and the export/import paths on the same trace. Prints; asserts nothing.
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <fstream>
#include <sstream>

#include "results/analysis/analysis.h"
#include "results/trace/file.h"
#include "results/trace/perfetto.h"
#include "synthetic_trace.h"

using namespace cudabench;

namespace {

template <typename F>
double seconds(F&& f) {
  auto start = std::chrono::steady_clock::now();
  f();
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

double thread_cpu_s() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

}  // namespace

int main(int argc, char** argv) {
  bench::SyntheticShape shape;
  if (argc > 1) shape.events = std::stoull(argv[1]);
  trace::TraceData t = bench::synthetic_trace(shape);
  uint64_t events = bench::event_count(t);
  fmt::print("synthetic trace: {} events ({} launches, {} switches, {} IRQs), {:.1f} s of decode\n", events,
             t.launches.size(), t.offcpu.size(), t.irqs.size(), static_cast<double>(t.duration_ns()) / 1e9);

  // Wall time suffers when the machine is shared; the thread's CPU time is what one core spends.
  std::vector<double> wall, cpu;
  results::RunAnalysis r;
  for (int i = 0; i < 5; ++i) {
    double cpu_start = thread_cpu_s();
    wall.push_back(seconds([&] { r = results::analyze_run(t); }));
    cpu.push_back(thread_cpu_s() - cpu_start);
  }
  std::sort(wall.begin(), wall.end());
  std::sort(cpu.begin(), cpu.end());
  fmt::print(
      "analyze_run (median of 5): wall {:.3f} s -> {:.1f} M events/s; CPU {:.3f} s -> {:.1f} M events/s; "
      "{} metrics\n",
      wall[2], static_cast<double>(events) / wall[2] / 1e6, cpu[2],
      static_cast<double>(events) / cpu[2] / 1e6, r.metrics.size());
  for (const char* name :
       {"sched_per_1k", "pairs.b.count", "penalty.p50_us", "sched_impact_pct", "bursts.count"})
    if (const auto* m = r.metric(name)) fmt::print("  {} = {:.3f}\n", name, m->value);

  std::string path = "/tmp/cudabench_bench.trace";
  double w = seconds([&] { results::write_trace_file(t, path); });
  trace::TraceData back;
  double rd = seconds([&] { back = results::read_trace_file(path); });
  std::ifstream size_probe(path, std::ios::binary | std::ios::ate);
  fmt::print("trace file: write {:.3f} s, read {:.3f} s, {:.1f} MB\n", w, rd,
             static_cast<double>(size_probe.tellg()) / 1e6);
  std::remove(path.c_str());

  std::ostringstream json;
  double p = seconds([&] { results::write_perfetto(t, json); });
  fmt::print("perfetto JSON: {:.3f} s, {:.1f} MB\n", p, static_cast<double>(json.str().size()) / 1e6);
  return 0;
}
