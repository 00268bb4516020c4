// What a traced window cost and lost, read from the kernel: BPF run time per program (with
// BPF_ENABLE_STATS held for the window only, because the accounting itself costs ~20 ns per run),
// ring-buffer reservation failures per event type, programs the kernel skipped (recursion misses)
// and per-CPU IRQ totals. Internal to tracer/.
#pragma once

#include <cstdint>
#include <vector>

#include "tracer/model/builder.h"

struct tracer_bpf;

namespace cudabench::tracer {

class BpfStats {
 public:
  void open(tracer_bpf* skel);
  void begin();  // snapshots the counters and turns run-time accounting on
  // Fills the builder's stats (drops, BPF run time) and per-CPU IRQ totals (irq_cpus, or all).
  void end(const std::vector<uint32_t>& irq_cpus, trace::TraceBuilder& builder);
  void close();

 private:
  struct ProgTotals {
    uint64_t run_ns = 0, run_count = 0, misses = 0;
  };
  ProgTotals prog_totals() const;
  std::vector<uint64_t> drop_counts() const;  // per event type, summed over CPUs
  std::vector<uint64_t> irq_totals() const;   // 4 per CPU: hard count, hard ns, soft count, soft ns

  tracer_bpf* skel_ = nullptr;
  int stats_fd_ = -1;
  int ncpus_ = 0;
  ProgTotals prog_before_;
  std::vector<uint64_t> drops_before_, irq_before_;
};

}  // namespace cudabench::tracer
