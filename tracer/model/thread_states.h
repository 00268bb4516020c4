// The per-thread state machine: where each traced thread's time went, reconstructed from its
// switch records. One definition for every consumer: `run`'s analysis, `trace`, `import-csv`,
// `export` (Perfetto thread-state tracks) and the report.
//
// A thread is running (on a CPU), runnable (preempted: it lost the CPU while it could run; or
// waiting: woken, not yet on a CPU), blocked (asleep; sync when asleep inside a CUDA
// synchronisation call the tracer sees), off (off-CPU, why not recorded: imported traces) or
// unknown. Rules:
// - A thread that existed when the trace began is unknown until its first event; one created
//   during the trace starts at its first event (the wakeup of its creation).
// - A switch-out whose end is not known (InSource::evidence) is unknown from the switch-out until
//   the thread is next seen running; one that never ended (InSource::none) stays in its off state
//   to the end of the window only because the kernel's accounting at the end confirms it; otherwise
//   (InSource::unseen) it is unknown. Nothing is ever counted as off-CPU "until infinity".
// - A thread's timeline ends at its exit.
// So for every thread the states partition the part of the window in which it existed: they add
// up to it exactly, never more.
#pragma once

#include <cstdint>
#include <map>
#include <vector>

#include "tracer/model/trace_data.h"

namespace cudabench::trace {

enum class ThreadState : uint8_t { running, preempted, waiting, blocked, sync, off, unknown };
inline constexpr int thread_state_count = 7;
const char* thread_state_name(ThreadState state);  // "running", "preempted", ...

struct StateSlice {
  uint64_t start_ns = 0, end_ns = 0;
  ThreadState state = ThreadState::unknown;
  uint32_t cpu = no_cpu;  // running: the CPU it ran on; preempted/blocked: the CPU it left
  uint32_t row = no_row;  // the off-CPU row behind an off-CPU slice
  static constexpr uint32_t no_row = UINT32_MAX;
};

// Thread `tid`'s states over [from, to), ordered and contiguous.
std::vector<StateSlice> thread_timeline(const TraceData& trace, uint32_t tid, uint64_t from, uint64_t to);

struct StateTotals {
  uint64_t ns[thread_state_count] = {};
  uint64_t irq_ns = 0;   // IRQ handlers that ran while it had the CPU (part of running)
  uint64_t span_ns = 0;  // the time its slices cover
  std::map<uint32_t, uint64_t> running_by_cpu;
  std::map<uint32_t, uint64_t> preempted_by;  // next task's name (a strings index) -> preempted ns
  std::map<uint32_t, uint64_t> preempted_by_count;
  uint64_t tracer_preempted_ns = 0, tracer_preemptions = 0;  // taken by the tracer's own consumer
  uint64_t switch_outs = 0;        // switch-outs inside the span (its final one at exit not counted)
  uint64_t arrivals = 0;           // off-CPU rows that ended inside the span
  std::vector<uint64_t> waits_ns;  // complete wakeup -> switch-in latencies inside the span

  uint64_t at(ThreadState s) const { return ns[static_cast<int>(s)]; }
  uint64_t runnable_ns() const { return at(ThreadState::preempted) + at(ThreadState::waiting); }
};

StateTotals state_totals(const TraceData& trace, uint32_t tid, const std::vector<StateSlice>& slices);

// The reconstruction against the kernel's own accounting of the thread (ThreadInfo first/last),
// over the interval the two snapshots bound.
struct KernelCheck {
  bool possible = false;  // both snapshots exist (a traced run, not an import)
  uint64_t from_ns = 0, to_ns = 0;
  uint64_t kernel_running_ns = 0, trace_running_ns = 0;
  uint64_t kernel_runnable_ns = 0, trace_runnable_ns = 0;
  uint64_t kernel_arrivals = 0, trace_arrivals = 0;
  uint64_t unknown_ns = 0;  // time the reconstruction could not place
};
KernelCheck check_against_kernel(const TraceData& trace, uint32_t tid);

}  // namespace cudabench::trace
