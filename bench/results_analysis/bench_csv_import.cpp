// Figures for the lead: read_trace_csv on a ~10 M-row CSV in the original's format (target
// < 10 s). Writes the CSV to /tmp, times the import, removes the file. Prints; asserts nothing.
#include <fmt/format.h>

#include <chrono>
#include <cstdio>
#include <ctime>
#include <fstream>

#include "results/trace/csv.h"
#include "synthetic_trace.h"

using namespace cudabench;

int main(int argc, char** argv) {
  bench::SyntheticShape shape;
  shape.events = argc > 1 ? std::stoull(argv[1]) : 9'700'000;  // about 10 M CSV rows
  std::string path = argc > 2 ? argv[2] : "/tmp/cudabench_bench_trace.csv";
  trace::TraceData t = bench::synthetic_trace(shape);
  uint64_t rows = t.launches.size() + 2 * (t.offcpu.size() + t.irqs.size() + t.syncs.size());

  auto start = std::chrono::steady_clock::now();
  {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    results::write_trace_csv(t, out);
  }
  double write_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::ifstream size_probe(path, std::ios::binary | std::ios::ate);
  double mb = static_cast<double>(size_probe.tellg()) / 1e6;
  fmt::print("write_trace_csv: {} rows, {:.0f} MB in {:.2f} s\n", rows, mb, write_s);

  // Wall time suffers when the machine is shared; the thread's CPU time is what one core spends.
  timespec cpu0{}, cpu1{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &cpu0);
  start = std::chrono::steady_clock::now();
  std::ifstream in(path, std::ios::binary);
  trace::TraceData back = results::read_trace_csv(in, path);
  double read_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &cpu1);
  double cpu_s =
      static_cast<double>(cpu1.tv_sec - cpu0.tv_sec) + static_cast<double>(cpu1.tv_nsec - cpu0.tv_nsec) / 1e9;
  fmt::print(
      "read_trace_csv: {} rows in {:.2f} s wall, {:.2f} s CPU ({:.1f} M rows/s, {:.0f} MB/s of CPU); "
      "{} launches, {} switches, {} IRQs back\n",
      rows, read_s, cpu_s, static_cast<double>(rows) / cpu_s / 1e6, mb / cpu_s, back.launches.size(),
      back.offcpu.size(), back.irqs.size());
  std::remove(path.c_str());
  return back.launches.size() == t.launches.size() ? 0 : 1;
}
