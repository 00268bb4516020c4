// The embedded eBPF tracer: CUDA launches and syncs, scheduling and IRQs of one process tree.
//
// open() loads the BPF object and attaches the scheduler and IRQ tracepoints once per session;
// every traced run is then begin(tgid, executable, level) ... end(). begin() attaches the uprobes
// the level needs for that executable (phase markers; at the launch level also static cudart and
// its libcuda, each path attached once and cached), reads the kernel's accounting of the process's
// threads, and adds the tgid to the in-kernel filter; the process need not have launched anything
// yet, and its threads and forked children are followed. The consumer thread sleeps until the ring
// buffer is a quarter full or 250 ms pass, on Options::consumer_cpus, so it rarely competes with
// the workload it measures. No libbpf types here.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "tracer/model/trace_data.h"

namespace cudabench::tracer {

// What a traced window records. sched: the scheduler and IRQ tracepoints (and our workloads' phase
// markers), cheap enough to leave tok/s alone; launch: also the CUDA launch and sync uprobes, which
// trap on every call (about 1 us per launch on the H200 machine).
enum class Level { sched, launch };
const char* level_name(Level level);

struct Options {
  std::string cuda_lib;                   // explicit libcuda path; empty: resolved from the executable
  std::vector<std::string> extra_probes;  // "lib:symbol", counted as LaunchApi::extra
  std::vector<uint32_t> irq_cpus;         // CPUs whose whole-window IRQ totals are kept; empty: all
  size_t ringbuf_bytes = 64u << 20;       // rounded up to a power of two
  // Probe cudaLaunchKernel even when libcuda's launch functions are probed (each runtime launch then
  // traps twice). Off: runtime launch probes only when no libcuda was found.
  bool runtime_launch_probes = false;
  // CPUs the consumer thread may run on, so that it does not take the workload's CPUs; empty: any.
  std::vector<int> consumer_cpus;
};

class Tracer {
 public:
  // Throws RunError naming what is missing (privileges, BTF, a tracepoint) and what to do.
  static std::unique_ptr<Tracer> open(const Options& options);
  virtual ~Tracer() = default;

  // Starts a traced window for process `tgid`, whose program is `executable` (used to find the
  // static cudart, the phase marker and, unless Options::cuda_lib is set, the libcuda it loads).
  virtual void begin(pid_t tgid, const std::string& executable, Level level) = 0;
  // The same for several processes of one program at once (the instances of a multi-instance
  // run): all are followed in one window; the first is TraceData::tgid.
  virtual void begin(const std::vector<pid_t>& tgids, const std::string& executable, Level level) = 0;
  // Ends the window (call it once the process has exited, or whenever for a running process):
  // drains the ring buffer and returns the decoded trace.
  virtual trace::TraceData end() = 0;
  // What is not traced and why, e.g. "libcuda not found: CUDA launches are not traced".
  virtual std::vector<std::string> warnings() const = 0;

  // Pushes `count` synthetic cuLaunchKernel records of the calling thread through the real ring
  // buffer path (BPF_PROG_TEST_RUN), inside a window begun for the caller's own pid. For the
  // throughput benchmark and the forced-drop test.
  virtual void inject_synthetic_launches(uint32_t count) = 0;
};

// The libcuda `executable` would load: DT_NEEDED (RUNPATH/RPATH, LD_LIBRARY_PATH), then libcuda.so.1
// in the usual driver directories. Empty when none is found.
std::string resolve_cuda_lib(const std::string& executable);

}  // namespace cudabench::tracer
