// The text summary `cudabench trace` and `cudabench export` print for one trace: launches by entry
// point and sync calls (whole trace), then, over the analysis window, where the critical thread's
// time went (checked against the kernel's accounting), switches, run-queue latency, IRQs and what
// the tracer cost. Every figure comes from analyze_run, so `trace` and `report` never disagree.
#pragma once

#include <cstdint>
#include <optional>
#include <ostream>

#include "results/analysis/analysis.h"
#include "tracer/model/trace_data.h"

namespace cudabench::results {

void print_summary(const trace::TraceData& data, const RunAnalysis& analysis, std::ostream& out);
// The same run as JSON (trace_summary_json.cpp); `exit_status` of a traced command, if any.
void print_summary_json(const trace::TraceData& data, const RunAnalysis& analysis, std::optional<int> exit_status,
                        std::ostream& out);

}  // namespace cudabench::results
