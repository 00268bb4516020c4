#include "harness/run/cpu_speed.h"

#include <sched.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <numeric>
#include <random>
#include <thread>

#include "common/cpu_list.h"

namespace cudabench::harness {
namespace {

using clock_type = std::chrono::steady_clock;

volatile double sink_fp;
volatile uint32_t sink_int;
volatile pid_t sink_pid;

// ns per operation of `op(n)` run for about `budget`, best of `reps`; the first call sizes n.
template <typename Op>
double best_ns_per_op(Op op, std::chrono::milliseconds budget, int reps) {
  uint64_t n = 1024;
  for (;;) {  // grow n until one call lasts a tenth of the budget
    auto t0 = clock_type::now();
    op(n);
    if (clock_type::now() - t0 >= budget / 10) break;
    n *= 2;
  }
  n *= 10;
  double best = 1e300;
  for (int r = 0; r < reps; ++r) {
    auto t0 = clock_type::now();
    op(n);
    double ns = std::chrono::duration<double, std::nano>(clock_type::now() - t0).count();
    best = std::min(best, ns / static_cast<double>(n));
  }
  return best;
}

void fp_chain(uint64_t n) {
  double x = 1.0;
  for (uint64_t i = 0; i < n; ++i) x = x * 1.0000001 + 1e-9;
  sink_fp = x;
}

// A random single cycle through 1 MiB of 32-bit indices (Sattolo's algorithm): every load depends
// on the last, and the pattern defeats the prefetchers.
const std::vector<uint32_t>& chase_ring() {
  static const std::vector<uint32_t> ring = [] {
    std::vector<uint32_t> next(1u << 18);
    std::iota(next.begin(), next.end(), 0u);
    std::mt19937 rng(12345);
    for (size_t i = next.size() - 1; i > 0; --i) std::swap(next[i], next[rng() % i]);
    return next;
  }();
  return ring;
}

void pointer_chase(uint64_t n) {
  const auto& ring = chase_ring();
  uint32_t at = 0;
  for (uint64_t i = 0; i < n; ++i) at = ring[at];
  sink_int = at;
}

void syscalls(uint64_t n) {
  for (uint64_t i = 0; i < n; ++i) sink_pid = getppid();
}

// The probe on one CPU, from a thread pinned there (the caller's affinity is left alone).
std::vector<results::CpuCalibration> probe(int cpu, std::chrono::milliseconds per_part, int reps) {
  std::vector<results::CpuCalibration> rows;
  std::thread worker([&] {
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    if (sched_setaffinity(0, sizeof set, &set) != 0) return;  // not ours to use: no row
    rows.push_back({cpu, "compute", best_ns_per_op(fp_chain, per_part, reps)});
    rows.push_back({cpu, "memory", best_ns_per_op(pointer_chase, per_part, reps)});
    rows.push_back({cpu, "syscall", best_ns_per_op(syscalls, per_part, reps)});
  });
  worker.join();
  return rows;
}

}  // namespace

std::vector<results::CpuCalibration> calibrate_cpus(std::chrono::milliseconds per_part, int repetitions) {
  chase_ring();  // built once, outside any measurement
  std::vector<results::CpuCalibration> all;
  for (int cpu : online_cpus()) {
    auto rows = probe(cpu, per_part, repetitions);
    all.insert(all.end(), rows.begin(), rows.end());
  }
  return all;
}

}  // namespace cudabench::harness
