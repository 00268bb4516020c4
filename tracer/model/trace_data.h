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

struct OffCpu {  // one row per switch-out of a traced thread
  std::vector<uint64_t> out_ns;
  std::vector<uint64_t> in_ns;  // switch-in; 0 when the thread never came back inside the window
  std::vector<uint32_t> tid;
  std::vector<uint32_t> cpu;        // CPU it left
  std::vector<uint8_t> preempted;   // 1: still runnable (prev_state == TASK_RUNNING), 0: blocked
  std::vector<uint32_t> next_pid;   // who took the CPU
  std::vector<uint32_t> next_name;  // index into strings: the next task's comm
  size_t size() const { return out_ns.size(); }
};

struct Wakeups {  // one row per wakeup of a traced thread that was followed by its switch-in
  std::vector<uint64_t> wakeup_ns;
  std::vector<uint64_t> run_ns;  // switch-in; run-queue latency = run_ns - wakeup_ns
  std::vector<uint32_t> tid;
  size_t size() const { return wakeup_ns.size(); }
};

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

struct ThreadInfo {
  uint32_t tid = 0;
  std::string comm;
};

// What the tracer cost and lost.
struct TracerStats {
  std::map<std::string, uint64_t> drops;  // per event type; empty when nothing was lost
  uint64_t events = 0;                    // records consumed from the ring buffer
  uint64_t bpf_run_ns = 0;  // sum of BPF program run time (kernel.bpf_stats_enabled), 0 if unknown
  uint64_t bpf_run_count = 0;
  uint64_t consumer_cpu_ns = 0;  // CPU time of the userspace consumer thread
  uint64_t ringbuf_bytes = 0;
};

struct TraceData {
  uint32_t tgid = 0;  // the traced process (its children are followed too)
  uint64_t start_ns = 0, end_ns = 0;
  std::vector<std::string> strings;
  std::vector<ThreadInfo> threads;
  Launches launches;
  OffCpu offcpu;
  Wakeups wakeups;
  Irqs irqs;
  Syncs syncs;
  Markers markers;
  std::vector<CpuIrqTotal> cpu_irq;
  TracerStats stats;

  uint32_t intern(const std::string& s);  // index of s in strings, appended when new
  uint64_t duration_ns() const { return end_ns > start_ns ? end_ns - start_ns : 0; }
};

// Kernel launches the process made. cudaLaunchKernel reaches the driver through the exported
// cuLaunchKernel, so when both layers are probed each kernel appears twice: count the layer that saw
// more (driver: cu* and extra probes; runtime: cudaLaunchKernel) instead of their sum.
uint64_t kernel_launches(const TraceData& data);

}  // namespace cudabench::trace
