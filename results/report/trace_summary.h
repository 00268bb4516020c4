// The text summary `cudabench trace` prints: launches by entry point, syncs, switches, run-queue
// latency percentiles, IRQs by type, per-CPU IRQ time, drops and what the tracer cost.
#pragma once

#include <cstdint>
#include <optional>
#include <ostream>

#include "tracer/model/trace_data.h"

namespace cudabench::results {

void print_summary(const trace::TraceData& data, std::ostream& out);
// The same run as JSON (trace_summary_json.cpp); `exit_status` of a traced command, if any.
void print_summary_json(const trace::TraceData& data, std::optional<int> exit_status, std::ostream& out);

}  // namespace cudabench::results
