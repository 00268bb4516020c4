// One process's part of a trace that followed several (the instances of a multi-instance run), so
// the one analysis (results/analysis) can be run on each instance alone.
#pragma once

#include <cstdint>

#include "tracer/model/trace_data.h"

namespace cudabench::trace {

// The rows of `all` whose thread belongs to process `tgid` (ThreadInfo::tgid), with its threads;
// the window, strings, per-CPU IRQ totals and tracer stats are the whole trace's.
TraceData process_trace(const TraceData& all, uint32_t tgid);

}  // namespace cudabench::trace
