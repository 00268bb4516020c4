// Cheap figures for every run, traced or not (issue "where the time went", item 3): what the
// workload itself used (its rusage, from the kernel's accounting of reaped children) and what the
// CPUs it could run on lost to the hypervisor and to interrupts (/proc/stat over the run).
#pragma once

#include <sys/resource.h>

#include <cstdint>
#include <vector>

#include "results/metrics/metric.h"

namespace cudabench::harness {

// RUSAGE_CHILDREN before and after the workload is reaped: the difference is the workload's own
// usage (its threads and the children it waited for). cudabench reaps nothing else meanwhile:
// interferers are reaped after the workload's figures are taken.
class ChildUsage {
 public:
  ChildUsage();
  // Metrics rusage.user_ms, rusage.sys_ms, rusage.cpu_pct (of `wall_s`), rusage.nvcsw, rusage.nivcsw.
  std::vector<results::Metric> finish(double wall_s) const;

 private:
  rusage before_{};
};

// Per-CPU time from /proc/stat, in USER_HZ ticks (10 ms: coarse, so read over whole runs).
struct CpuTimes {
  struct Cpu {
    int cpu = 0;
    uint64_t irq = 0, softirq = 0, steal = 0;
  };
  std::vector<Cpu> cpus;
  static CpuTimes read();
};

// steal.ms / irq_time.ms / softirq_time.ms summed over `cpus` (all when empty), and steal.<n>_ms
// for each CPU that lost any.
std::vector<results::Metric> cpu_time_metrics(const CpuTimes& before, const CpuTimes& after,
                                              const std::vector<int>& cpus);

}  // namespace cudabench::harness
