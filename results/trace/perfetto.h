// A run's trace as a Chrome JSON trace ({"traceEvents": [...]}), which ui.perfetto.dev and
// chrome://tracing open: `cudabench export --perfetto`.
//
// One track per traced thread (pid = tgid, tid = tid, named by thread_name metadata). On it,
// complete ("X") slices: launch bursts (consecutive launches of the thread with gaps < 100 µs,
// the launch count in args; "launch" when a single launch), the thread's states other than running
// from the one state machine (tracer/model/thread_states.h: "preempted by <comm>", "runnable
// (woken, waiting for a CPU)", "blocked", "blocked in a sync call", "off-CPU" when the source did
// not record why, "unknown (no switch-in traced)"), sync calls (their API name), IRQs ("hardirq
// <handler>", "softirq <VEC>"); phase markers are thread-scoped instant events. Timestamps are microseconds
// from the trace start, with nanosecond decimals. Non-ASCII bytes in names become '?', keeping the JSON valid
// UTF-8.
#pragma once

#include <cstdint>
#include <iosfwd>

#include "tracer/model/trace_data.h"

namespace cudabench::results {

void write_perfetto(const trace::TraceData& trace, std::ostream& out, uint64_t burst_gap_ns = 100'000);

}  // namespace cudabench::results
