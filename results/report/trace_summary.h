// The text summary `cudabench trace` prints: launches by entry point, syncs, switches, run-queue
// latency percentiles, IRQs by type, per-CPU IRQ time, drops and what the tracer cost.
#pragma once

#include <cstdint>
#include <ostream>

#include "tracer/model/trace_data.h"

namespace cudabench::results {

void print_summary(const trace::TraceData& data, std::ostream& out);

}  // namespace cudabench::results
