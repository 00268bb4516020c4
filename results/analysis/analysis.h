// Per-run trace analysis: turns one run's TraceData into the figures STUDY.md ("Metrics, exactly")
// defines, as generic Metric rows the store keeps without knowing them.
//
// Definitions (where STUDY.md leaves a choice, the choice is stated here):
// - Window: from the first Phase::decode_start marker to the last Phase::end marker after it when
//   the workload exported both (the decode phase, METHODOLOGY.md "Design of a session"); the whole
//   traced window otherwise. Metric "window.decode_only" is 1 or 0 accordingly. Events are counted
//   when their (first) timestamp lies in the window; off-CPU time is clipped to it.
// - Launching threads: traced threads with at least one launch in the window. The original
//   tracked only the main thread, which is the launching thread; idle helper threads (CUDA's own)
//   sleep for the whole run and would make off-CPU figures meaningless.
// - switches: switch-outs of every traced thread; switches.launching: of launching threads only.
//   sched_per_1k = switches / launches x 1000 (STUDY.md Sched/1K).
// - offcpu_ms: off-CPU time of the launching threads (thread time); offcpu_pct divides it by
//   runtime x number of launching threads, so it stays within 0..100.
// - Launch pairs: the launches of all threads in time order; pair (i, i+1) is group B when an
//   off-CPU interval of the thread of launch i or of launch i+1 overlaps (t_i, t_i+1); group A
//   otherwise. pairs.b.offcpu_ms sums the overlapping off-CPU time (clipped to each interval).
//   Percentiles of intervals are exact, linearly interpolated (numpy's default, as the original
//   Python analysis used). penalty = percentile(B) - percentile(A), present only when both groups
//   are non-empty; sched_impact_pct = |B| x penalty.p50 / runtime x 100.
// - Tail attribution: pairs whose interval >= the P95 (P99) of all intervals; with_switch counts
//   the group-B ones among them.
// - Bursts: runs of >= burst_min_launches consecutive launches with gaps < burst_gap_ns; a burst
//   is interrupted when one of its pairs is in group B.
// - IRQ figures count rows of TraceData::irqs (IRQs that hit a traced thread); share_pct of a
//   softirq vector is its share of the soft-IRQ count (the original's TIMER 49% = 317/653).
// - Preempting tasks: the next task of preempted switch-outs (prev still runnable), grouped by
//   comm, top-N by count; time is the off-CPU time of those intervals.
// - runq.*: wakeup -> switch-in latency of traced threads (Wakeups rows whose switch-in lies in
//   the window); sync.*: calls entered in the window; cpu_irq.<cpu>.*: CpuIrqTotal as recorded
//   (whole trace, whoever ran); tokens.count and token.latency.*: Phase::token markers in the
//   window and the gaps between consecutive ones.
// - tracer.*: TracerStats (events, drops in total and per type, BPF run time, consumer CPU), only
//   when the tracer recorded them.
// - Units are one of: s, ms, us, %, count, per_1k, bool. Distributions hold nanoseconds:
//   launch_interval.a/.b, runq_latency, irq.soft.duration, irq.hard.duration, token_latency.
// - A metric whose input is absent (no launches, an empty group) is omitted, never written as 0.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "results/metrics/histogram.h"
#include "results/metrics/metric.h"
#include "tracer/model/trace_data.h"

namespace cudabench::results {

struct AnalysisOptions {
  bool decode_phase_only = true;    // use the marker window when markers exist
  uint64_t burst_gap_ns = 100'000;  // STUDY.md: gaps < 100 us
  uint32_t burst_min_launches = 3;  // STUDY.md: runs of >= 3 launches
  size_t top_preemptors = 5;
};

struct Preemptor {
  std::string comm;
  uint64_t count = 0;
  uint64_t time_ns = 0;
};

// A histogram with the name and unit the store files it under (store.h Distribution holds
// name, unit and histogram.encode()).
struct RunDistribution {
  std::string name;
  std::string unit;
  Histogram histogram;
};

struct RunAnalysis {
  std::vector<Metric> metrics;
  std::vector<Preemptor> top_preemptors;  // most frequent first
  std::vector<RunDistribution> distributions;
  uint64_t window_start_ns = 0, window_end_ns = 0;
  bool decode_window = false;

  const Metric* metric(const std::string& name) const;
};

RunAnalysis analyze_run(const trace::TraceData& trace, const AnalysisOptions& options = {});

// How the store flattens top_preemptors into metrics: "preemptor.<comm>.count" and
// "preemptor.<comm>.time_ms", with '.' and whitespace in comm replaced by '_' so names stay dotted
// paths of three parts.
std::vector<Metric> preemptor_metrics(const std::vector<Preemptor>& preemptors);

// Linearly interpolated percentile (numpy default) of sorted values; p in [0, 100].
double interpolated_percentile(const std::vector<uint64_t>& sorted, double p);

}  // namespace cudabench::results
