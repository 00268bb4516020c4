// The text summary `cudabench trace` prints: launches by entry point, syncs, switches, run-queue
// latency percentiles, IRQs by type, per-CPU IRQ time, drops and what the tracer cost.
#pragma once

#include <cstdint>
#include <ostream>

#include "tracer/trace_data.h"

namespace cudabench::tracer {

// Kernel launches the process made. cudaLaunchKernel reaches the driver through the exported
// cuLaunchKernel, so when both layers are probed each kernel appears twice: count the layer that saw
// more (driver: cu* and extra probes; runtime: cudaLaunchKernel) instead of their sum.
uint64_t kernel_launches(const trace::TraceData& data);

void print_summary(const trace::TraceData& data, std::ostream& out);

}  // namespace cudabench::tracer
