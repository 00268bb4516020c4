// The embedded eBPF tracer: CUDA launches and syncs, scheduling and IRQs of one process tree.
//
// open() loads the BPF object and attaches the scheduler and IRQ tracepoints once per session;
// every traced run is then begin(tgid, executable) ... end(). begin() attaches the CUDA uprobes for
// that executable (static cudart, phase markers) and its libcuda (each path is attached once and
// cached), and adds the tgid to the in-kernel filter; the process need not have launched anything
// yet, and its threads and forked children are followed. No libbpf types here.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "tracer/model/trace_data.h"

namespace cudabench::tracer {

struct Options {
  std::string cuda_lib;                   // explicit libcuda path; empty: resolved from the executable
  std::vector<std::string> extra_probes;  // "lib:symbol", counted as LaunchApi::extra
  std::vector<uint32_t> irq_cpus;         // CPUs whose whole-window IRQ totals are kept; empty: all
  size_t ringbuf_bytes = 64u << 20;       // rounded up to a power of two
  // Probe cudaLaunchKernel even when libcuda's launch functions are probed (each runtime launch then
  // traps twice). Off: runtime launch probes only when no libcuda was found.
  bool runtime_launch_probes = false;
};

class Tracer {
 public:
  // Throws RunError naming what is missing (privileges, BTF, a tracepoint) and what to do.
  static std::unique_ptr<Tracer> open(const Options& options);
  virtual ~Tracer() = default;

  // Starts a traced window for process `tgid`, whose program is `executable` (used to find the
  // static cudart, the phase marker and, unless Options::cuda_lib is set, the libcuda it loads).
  virtual void begin(pid_t tgid, const std::string& executable) = 0;
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
