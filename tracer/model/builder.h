// The one way a TraceData is made from events, whatever their source: the tracer's ring-buffer
// records (tracer/decode.cpp) and the original study's CSV (results/trace/csv_read.cpp) both feed
// this builder, so switch pairing, sync calls and thread names follow one set of rules.
//
// Feed events in time order per thread (the ring buffer and a sorted CSV both do). Pairing rules
// for a thread's switch-out (an "open" off-CPU row) and what ends it:
// - its next switch-in record: InSource::traced;
// - else, when its next switch-out carries the kernel's accounting and that shows exactly one
//   arrival on a CPU since the open row's (sched_info.pcount + 1), the arrival time that the CPU
//   time it has used since implies: switch-out time - (sum_exec_runtime now - then),
//   InSource::recovered (or the record's own arrival time, SwitchOut::arrived_ns, when a source has
//   one). The switch-in records are incomplete on some kernels: on the Firecracker 6.18-fc guests
//   this project measures on, a switch away from the guest agent's threads never reaches the
//   sched_switch tracepoint, so the task that runs next is never named by one (seen with ftrace
//   and bpftrace as well as our tracer);
// - else the first event the thread itself produced after it (a launch, sync call, marker, or an
//   IRQ that interrupted it): InSource::evidence, the row ends there and how long the thread was
//   really off is not known;
// - at the end: when the kernel's accounting at the end shows no arrival since the switch-out, the
//   thread stayed off (InSource::none); when it shows one, evidence at the end; when there is no
//   accounting (an imported CSV), InSource::unseen (the state machine counts it as unknown).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "tracer/model/trace_data.h"

namespace cudabench::trace {

struct SwitchOut {
  uint64_t ts_ns = 0;
  uint32_t tgid = 0, tid = 0, cpu = 0;
  OutState state = OutState::unknown;
  bool dead = false;  // its final switch-out: the thread exited
  uint32_t next_pid = 0;
  std::string_view next_comm;
  // The kernel's accounting carried by the record (has_accounting), and an arrival time when the
  // source knows it directly (0 otherwise).
  bool has_accounting = false;
  uint64_t pcount = 0, sum_exec_ns = 0;
  uint64_t arrived_ns = 0;
};

class TraceBuilder {
 public:
  TraceBuilder(uint32_t tgid, uint64_t start_ns);

  void launch(uint64_t ts, uint32_t tid, uint8_t api, const uint32_t dims[7], uint64_t stream);
  void sync_enter(uint64_t ts, uint32_t tid, uint8_t api);
  void sync_exit(uint64_t ts, uint32_t tid);
  void marker(uint64_t ts, uint32_t tid, uint32_t phase, uint32_t token);
  void irq(uint64_t entry_ns, uint64_t duration_ns, uint32_t tid, uint32_t cpu, IrqKind kind, uint32_t number,
           std::string_view name);
  void switch_out(const SwitchOut& s);
  void switch_in(uint64_t ts, uint32_t tid, uint32_t cpu, uint64_t wakeup_ns);

  // Threads: their process, their last comm, the kernel's accounting at the start and at the end.
  void thread(uint32_t tid, uint32_t tgid, std::string_view comm = {});
  void thread_first(uint32_t tid, const KernelAccounting& k);
  void thread_last(uint32_t tid, const KernelAccounting& k);
  bool has_last(uint32_t tid) const {
    auto it = threads_.find(tid);
    return it != threads_.end() && it->second.has_last;
  }

  TracerStats& stats() { return data_.stats; }
  std::vector<CpuIrqTotal>& cpu_irq() { return data_.cpu_irq; }

  // Closes what is still open, sorts every table, attributes off-CPU time to sync calls.
  TraceData finish(uint64_t end_ns);

 private:
  struct Thread {
    uint32_t tgid = 0;
    std::string comm;
    bool has_first = false, has_last = false;
    KernelAccounting first, last;
    uint64_t exit_ns = 0;
    uint64_t first_ns = 0, running_since_ns = 0;
    bool switched = false;                            // a switch record was seen
    int64_t open_row = -1;                            // its off-CPU row without an end yet
    bool open_accounting = false;                     // that switch-out carried the kernel's accounting:
    uint64_t open_pcount = 0, open_sum_exec = 0;      // arrivals and CPU time at that switch-out
    uint64_t evidence_ns = 0;                         // first event it ran after that switch-out
    std::vector<std::pair<uint64_t, uint8_t>> syncs;  // open sync calls (they nest)
  };
  Thread& at(uint32_t tid);
  Thread& seen(uint64_t ts, uint32_t tid);  // at(), noting its first event
  void ran(uint64_t ts, uint32_t tid);      // the thread produced an event at ts: it was on a CPU
  void close(Thread& t, uint64_t in_ns, uint32_t in_cpu, InSource source);
  uint64_t arrival_since_open(const Thread& t, const SwitchOut& s) const;  // 0: not recoverable
  uint64_t running_since(const Thread& t, const SwitchOut& s) const;       // 0: unknown
  void close_at_end(uint64_t end_ns);
  void attribute_sync_offcpu();

  TraceData data_;
  std::unordered_map<uint32_t, Thread> threads_;
  std::unordered_map<std::string, uint32_t> names_;  // interned strings
};

}  // namespace cudabench::trace
