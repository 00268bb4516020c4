// The decoded trace of one traced run, as columnar arrays: the contract between tracer/ (which fills
// it) and results/ (which analyses, stores and exports it). Plain data, no libbpf types, so results/
// and tests can build one by hand.
//
// Conventions:
// - Timestamps are CLOCK_MONOTONIC nanoseconds (bpf_ktime_get_ns), absolute; start_ns/end_ns bound
//   the traced window.
// - Every table is a struct of equal-length vectors ("columns"); row i of a table is index i of each
//   of its columns. Tables are sorted by their first timestamp column.
// - Strings (comms, IRQ handler names) are interned in `strings`; *_name columns index it.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace cudabench::trace {

// Entry points whose calls count as kernel launches.
enum class LaunchApi : uint8_t {
  cuLaunchKernel,
  cuLaunchKernel_ptsz,
  cuLaunchKernelEx,
  cuLaunchKernelEx_ptsz,
  cuLaunchCooperativeKernel,
  cuGraphLaunch,
  cuGraphLaunch_ptsz,
  cudaLaunchKernel,
  extra,  // a scenario's extra probe (lib:symbol), e.g. hipLaunchKernel
};
inline constexpr int launch_api_count = 9;
const char* launch_api_name(LaunchApi api);

enum class SyncApi : uint8_t {
  cudaDeviceSynchronize,
  cuCtxSynchronize,
  cuStreamSynchronize,
  cuEventSynchronize,
};
inline constexpr int sync_api_count = 4;
const char* sync_api_name(SyncApi api);

enum class IrqKind : uint8_t { hard, soft };

// Linux softirq vector names, indexed by vec_nr (include/linux/interrupt.h).
inline constexpr const char* softirq_names[] = {"HI",       "TIMER",   "NET_TX", "NET_RX",  "BLOCK",
                                                "IRQ_POLL", "TASKLET", "SCHED",  "HRTIMER", "RCU"};

struct Launches {  // one row per launch by any traced thread
  std::vector<uint64_t> ts_ns;
  std::vector<uint32_t> tid;
  std::vector<uint8_t> api;  // LaunchApi
  std::vector<uint32_t> grid_x, grid_y, grid_z;
  std::vector<uint32_t> block_x, block_y, block_z;
  std::vector<uint32_t> shared_mem;
  std::vector<uint64_t> stream;
  size_t size() const { return ts_ns.size(); }
};

// Why a thread left the CPU.
enum class OutState : uint8_t {
  blocked,    // it went to sleep (prev_state not TASK_RUNNING)
  preempted,  // still runnable: another task took the CPU
  unknown,    // the source did not record it (an imported CSV)
};

// How the end of an off-CPU interval (in_ns) is known.
enum class InSource : uint8_t {
  traced,     // a switch-in record
  recovered,  // no switch-in record: the kernel's own last-arrival time, carried by the thread's
              // next switch-out (tracer/model/builder.h says why records go missing)
  evidence,   // no switch-in and no arrival time: in_ns is the first event the thread ran
              // afterwards (a launch, an IRQ that hit it...), so it came back at or before in_ns
  none,       // it did not come back inside the trace, as the kernel's accounting at the end
              // confirms: in_ns is 0
  unseen,     // no switch-in was seen and nothing says whether it came back (an imported trace):
              // in_ns is 0
};

struct OffCpu {                     // one row per switch-out of a traced thread
  std::vector<uint64_t> out_ns;     // 0: off since before the trace began (a woken thread's first event)
  std::vector<uint64_t> in_ns;      // when it ran again; 0 when it did not (in_source none)
  std::vector<uint64_t> wakeup_ns;  // blocked rows: when it was woken; 0 when not seen
  std::vector<uint32_t> tid;
  std::vector<uint32_t> cpu;        // CPU it left
  std::vector<uint32_t> in_cpu;     // CPU it came back on; no_cpu when unknown
  std::vector<uint8_t> state;       // OutState
  std::vector<uint8_t> in_source;   // InSource
  std::vector<uint32_t> next_pid;   // who took the CPU (0 unknown)
  std::vector<uint32_t> next_name;  // index into strings: the next task's comm
  size_t size() const { return out_ns.size(); }
};
inline constexpr uint32_t no_cpu = UINT32_MAX;

struct Irqs {  // one row per hard or soft IRQ that ran while a traced thread was on the CPU
  std::vector<uint64_t> entry_ns;
  std::vector<uint64_t> duration_ns;
  std::vector<uint32_t> tid;  // the interrupted traced thread
  std::vector<uint32_t> cpu;
  std::vector<uint8_t> kind;     // IrqKind
  std::vector<uint32_t> number;  // IRQ number (hard) or vector (soft)
  std::vector<uint32_t> name;    // index into strings: handler name (hard) or vector name (soft)
  size_t size() const { return entry_ns.size(); }
};

struct Syncs {  // one row per completed synchronisation call
  std::vector<uint64_t> enter_ns;
  std::vector<uint64_t> exit_ns;
  std::vector<uint32_t> tid;
  std::vector<uint8_t> api;         // SyncApi
  std::vector<uint64_t> offcpu_ns;  // time the thread spent switched out inside the call
  size_t size() const { return enter_ns.size(); }
};

// Phase markers exported by the workload (workloads/qwen3: cudabench_phase_marker(phase, token)).
enum class Phase : uint32_t { load = 0, prefill = 1, decode_start = 2, token = 3, end = 4 };
struct Markers {
  std::vector<uint64_t> ts_ns;
  std::vector<uint32_t> tid;
  std::vector<uint32_t> phase;  // Phase
  std::vector<uint32_t> token;
  size_t size() const { return ts_ns.size(); }
};

// IRQ time on the workload's CPUs over the whole window, whoever was running.
struct CpuIrqTotal {
  uint32_t cpu = 0;
  uint64_t hard_count = 0, hard_ns = 0;
  uint64_t soft_count = 0, soft_ns = 0;
};

// The kernel's own accounting of a thread (sched_info and se in its task_struct): what the
// reconstructed thread states are checked against.
struct KernelAccounting {
  uint64_t at_ns = 0;              // when it was read; 0: at the thread's creation (all counters zero)
  uint64_t sum_exec_ns = 0;        // CPU time
  uint64_t run_delay_ns = 0;       // time runnable, waiting for a CPU
  uint64_t pcount = 0;             // arrivals on a CPU
  uint64_t nvcsw = 0, nivcsw = 0;  // voluntary / involuntary switches
};

struct ThreadInfo {
  uint32_t tid = 0;
  uint32_t tgid = 0;  // its process; 0 unknown
  std::string comm;
  uint64_t first_ns = 0;                     // its first event in the trace (0: none)
  uint64_t running_since_ns = 0;             // on a CPU since then, before its first switch-out (0: unknown)
  uint64_t exit_ns = 0;                      // its final switch-out; 0 when it outlived the trace
  bool has_first = false, has_last = false;  // the snapshots below were taken
  KernelAccounting first;                    // at the trace's start, or zeros for a thread created during it
  KernelAccounting last;                     // at its exit, or at the trace's end
};

// What the tracer cost and lost.
struct TracerStats {
  std::map<std::string, uint64_t> drops;  // per event type; empty when nothing was lost
  uint64_t events = 0;                    // records consumed from the ring buffer
  uint64_t bpf_run_ns = 0;  // sum of BPF program run time (kernel.bpf_stats_enabled), 0 if unknown
  uint64_t bpf_run_count = 0;
  uint64_t consumer_cpu_ns = 0;  // CPU time of the userspace consumer thread
  uint32_t consumer_tid = 0;     // that thread: when it preempts a traced thread, the tracer did
  uint64_t ringbuf_bytes = 0;
};

struct TraceData {
  uint32_t tgid = 0;  // the traced process (its children are followed too)
  uint64_t start_ns = 0, end_ns = 0;
  std::vector<std::string> strings;
  std::vector<ThreadInfo> threads;
  Launches launches;
  OffCpu offcpu;
  Irqs irqs;
  Syncs syncs;
  Markers markers;
  std::vector<CpuIrqTotal> cpu_irq;
  TracerStats stats;

  uint32_t intern(const std::string& s);         // index of s in strings, appended when new
  const ThreadInfo* thread(uint32_t tid) const;  // nullptr when unknown
  uint64_t duration_ns() const { return end_ns > start_ns ? end_ns - start_ns : 0; }
};

// Kernel launches the process made. cudaLaunchKernel reaches the driver through the exported
// cuLaunchKernel, so when both layers are probed each kernel appears twice: count the layer that saw
// more (driver: cu* and extra probes; runtime: cudaLaunchKernel) instead of their sum.
uint64_t kernel_launches(const TraceData& data);

}  // namespace cudabench::trace
