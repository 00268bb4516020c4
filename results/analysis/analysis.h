// Per-run trace analysis: turns one run's TraceData into the figures STUDY.md ("Metrics, exactly")
// defines, as generic Metric rows the store keeps without knowing them.
//
// Definitions (where STUDY.md leaves a choice, the choice is stated here):
// - Window: from the first Phase::decode_start marker to the last Phase::end marker after it when
//   the workload exported both (the decode phase, METHODOLOGY.md "Design of a session"); the whole
//   traced window otherwise. Metric "window.decode_only" is 1 or 0 accordingly. Events are counted
//   when their (first) timestamp lies in the window; times are clipped to it.
// - Thread states come from the one state machine (tracer/model/thread_states.h): running,
//   preempted, waiting (woken, not yet on a CPU), blocked, sync (blocked in a CUDA sync call), off
//   (reason not recorded, imports) and unknown. They partition the window for every thread, so no
//   accounted time ever exceeds the time that passed.
// - Critical thread: the thread with the most launches in the window; without launches (a
//   sched-level trace) the one that emitted the decode markers; else the traced process's thread
//   with the most running time. "Where the time went" (time.*) is its window split by state:
//   time.oncpu_ms (running minus IRQ handlers that interrupted it), time.irq_ms, time.preempted_ms,
//   time.waiting_ms, time.blocked_ms, time.sync_ms, time.off_ms, time.unknown_ms; they add up to
//   time.window_ms. time.oncpu_per_launch_us divides on-CPU time by the window's launches (the
//   trace's, else AnalysisOptions::launches). cpu.<n>.residency_pct: its running time per CPU.
// - check.*: the state machine against the kernel's own accounting of the critical thread
//   (sum_exec_runtime, run_delay, pcount between the snapshots at the trace's start and end), as
//   shares of the time the snapshots span; RunAnalysis::disagreement says why a run fails it
//   (more than max_check_pct apart, or more than max_check_pct of that time unknown).
// - Launching threads: traced threads with at least one launch in the window.
// - switches: switch-outs of every traced thread; switches.launching: of launching threads only.
//   sched_per_1k = switches / launches x 1000 (STUDY.md Sched/1K, counting switch-outs).
//   sched_per_1k_orig counts as the original tool did: switch events in both directions (outs and
//   ins) of the main thread (tid == tgid), so it is about twice ours; use it beside the original's
//   anchors (22.8, 11,932.8, 6,044.6), never ours.
// - offcpu_ms: off-CPU time (every state but running and unknown) of the launching threads;
//   offcpu_pct: that of the critical thread as % of the window (per thread, not averaged).
// - Launch pairs, per process (a trace with two GPU processes pairs each one's launches, then pools
//   the groups): its launches in time order; pair (i, i+1) is group B when a switch-out of the
//   thread of launch i or of launch i+1 lies in or overlaps (t_i, t_i+1); group A otherwise.
//   pairs.b.offcpu_ms sums the overlapping off-CPU time (clipped to each interval). Percentiles
//   are exact (common/percentile.h). penalty = percentile(B) - percentile(A), present only when
//   both groups are non-empty; sched_impact_pct = |B| x penalty.p50 / runtime x 100, printed beside
//   pairs.b.offcpu_pct (the off-CPU time inside B's intervals as % of runtime), which bounds what
//   preemption inside those pairs can have cost.
// - Tail attribution: pairs whose interval >= the P95 (P99) of all intervals; with_switch counts
//   the group-B ones among them.
// - Bursts: runs of >= burst_min_launches consecutive launches with gaps < burst_gap_ns; a burst
//   is interrupted when one of its pairs is in group B.
// - IRQ figures count rows of TraceData::irqs (IRQs that hit a traced thread); share_pct of a
//   softirq vector is its share of the soft-IRQ count (the original's TIMER 49% = 317/653).
// - Preempting tasks: who took the CPU from the critical thread when it was preempted, grouped by
//   comm, top-N by count; time is the preempted time that followed. The tracer's own consumer
//   thread is reported apart (tracer.preemptions, tracer.preempted_ms).
// - runq.*: wakeup -> switch-in latency of traced threads (complete waiting states in the window);
//   sync.*: calls entered in the window; cpu_irq.<cpu>.*: CpuIrqTotal as recorded (whole trace,
//   whoever ran); tokens.count and token.latency.*: Phase::token markers in the window and the gaps
//   between consecutive ones.
// - tracer.*: TracerStats (events, drops in total and per type, BPF run time, consumer CPU), only
//   when the tracer recorded them; tracer.switch_ins_recovered / _unknown: off-CPU rows whose end
//   came from the kernel's accounting / is not known (tracer/model/builder.h).
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
  uint64_t launches = 0;     // the workload's own launch count, for a trace without launch records
  double max_check_pct = 2;  // check.*: largest disagreement with the kernel, % of the time spanned
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
  uint32_t critical_tid = 0;  // 0 when the trace has no thread to follow
  std::string disagreement;   // why the trace disagrees with the kernel's accounting; empty if not

  const Metric* metric(const std::string& name) const;
};

RunAnalysis analyze_run(const trace::TraceData& trace, const AnalysisOptions& options = {});

// How the store flattens top_preemptors into metrics: "preemptor.<comm>.count" and
// "preemptor.<comm>.time_ms", with '.' and whitespace in comm replaced by '_' so names stay dotted
// paths of three parts.
std::vector<Metric> preemptor_metrics(const std::vector<Preemptor>& preemptors);

}  // namespace cudabench::results
