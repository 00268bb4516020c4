// Internal pieces of analyze_run shared by its source files; not a public API.
#pragma once

#include <cstdint>
#include <unordered_map>
#include <vector>

#include "results/analysis/analysis.h"
#include "tracer/model/thread_states.h"

namespace cudabench::results::detail {

struct Window {
  uint64_t start_ns = 0, end_ns = 0;
  bool decode = false;
  size_t launch_begin = 0, launch_end = 0;  // launches [begin, end) lie in the window
  uint64_t length_ns() const { return end_ns > start_ns ? end_ns - start_ns : 0; }
};

// The end of an off-CPU row for overlap tests: its switch-in, or the trace's end when it has none.
inline uint64_t row_end(const trace::TraceData& t, size_t row) {
  return t.offcpu.in_ns[row] ? t.offcpu.in_ns[row] : std::max(t.end_ns, t.offcpu.out_ns[row]);
}

// The threads that launched inside the window, each with its off-CPU rows in out_ns order.
struct LaunchingThreads {
  std::unordered_map<uint32_t, uint32_t> index;    // tid -> position in offcpu_rows
  std::vector<std::vector<uint32_t>> offcpu_rows;  // rows of TraceData::offcpu
  std::vector<uint32_t> tids;                      // position -> tid

  // Position of tid, or -1 when it launched nothing in the window.
  int64_t find(uint32_t tid) const {
    auto it = index.find(tid);
    return it == index.end() ? -1 : static_cast<int64_t>(it->second);
  }
};

// LaunchingThreads::find remembering the last answer: consecutive rows mostly share a thread.
class ThreadLookup {
 public:
  explicit ThreadLookup(const LaunchingThreads& threads) : threads_(threads) {}
  int64_t operator()(uint32_t tid) {
    if (!valid_ || tid != tid_) {
      tid_ = tid;
      pos_ = threads_.find(tid);
      valid_ = true;
    }
    return pos_;
  }

 private:
  const LaunchingThreads& threads_;
  uint32_t tid_ = 0;
  int64_t pos_ = -1;
  bool valid_ = false;
};

struct PairSummary {
  std::vector<uint64_t> a, b;  // group A / group B intervals, in no particular order
  uint64_t b_offcpu_ns = 0;
  uint64_t tail_count[2] = {0, 0};  // pairs at or above P95, P99
  uint64_t tail_with_switch[2] = {0, 0};
  uint64_t bursts = 0, bursts_interrupted = 0;
};

PairSummary analyze_pairs(const trace::TraceData& trace, const Window& window,
                          const LaunchingThreads& threads, const AnalysisOptions& options);

// Exact order statistics of a non-empty sample (common/percentile.h). Reorders `values`.
struct Quantiles {
  double p50 = 0, p90 = 0, p95 = 0, p99 = 0, mean = 0;
  uint64_t max = 0;
};
Quantiles quantiles(std::vector<uint64_t>& values);

// Everything one analysis step reads, and the result it appends to.
struct Context {
  const trace::TraceData& trace;
  const AnalysisOptions& options;
  Window window;
  LaunchingThreads threads;
  RunAnalysis& out;
  uint64_t launches = 0;               // in the window (the trace's, else AnalysisOptions::launches)
  uint32_t critical = 0;               // critical thread, 0 when none
  trace::StateTotals critical_states;  // its states over the window
};

void add_sched_metrics(Context& c);        // analysis_sched.cpp: switches, off-CPU, run queue, syncs
void add_attribution_metrics(Context& c);  // attribution.cpp: where the critical thread's time went
void add_irq_metrics(Context& c);          // analysis_irq.cpp: IRQs that hit traced threads, per-CPU totals

void put(std::vector<Metric>& out, std::string name, double value, const char* unit);
// "<prefix>.p50_us" ... ".max_us", ".mean_us" from nanosecond quantiles.
void put_quantiles_us(std::vector<Metric>& out, const std::string& prefix, const Quantiles& q);
void add_distribution(RunAnalysis& out, std::string name, const std::vector<uint64_t>& values_ns);
uint64_t clipped_ns(uint64_t from, uint64_t to, const Window& window);

}  // namespace cudabench::results::detail
