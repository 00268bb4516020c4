// A run's trace as a Chrome JSON trace ({"traceEvents": [...]}), which ui.perfetto.dev and
// chrome://tracing open: `cudabench export --perfetto`.
//
// One track per traced thread (pid = tgid, tid = tid, named by thread_name metadata). On it,
// complete ("X") slices: launch bursts (consecutive launches of the thread with gaps < 100 µs,
// the launch count in args; "launch" when a single launch), each off-CPU interval
// ("off-CPU (preempted by <comm>)", "off-CPU (blocked)", or "off-CPU" when the source did not
// record why), sync calls (their API name), IRQs ("hardirq <handler>", "softirq <VEC>"); phase
// markers are thread-scoped instant events. The slices nest: a thread cannot launch while it is off
// the CPU, in an IRQ or in a sync call. Timestamps are microseconds from the trace start, with
// nanosecond decimals. Non-ASCII bytes in names become '?', keeping the JSON valid UTF-8.
#pragma once

#include <cstdint>
#include <iosfwd>

#include "tracer/model/trace_data.h"

namespace cudabench::results {

void write_perfetto(const trace::TraceData& trace, std::ostream& out, uint64_t burst_gap_ns = 100'000);

}  // namespace cudabench::results
