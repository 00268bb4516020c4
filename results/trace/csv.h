// The original study's per-event CSV (STUDY.md "CSV export format of the original"), written by
// `cudabench export --csv` and read back by `cudabench import-csv`.
//
// Header: timestamp_ns,event_type,pid,tid,comm,cpu,grid_x,grid_y,grid_z,block_x,block_y,block_z,
// shared_mem,stream,last_offcpu_ns,last_oncpu_ns,irq_num,irq_name,duration_ns
//
// Writing: one row per event, merged in time order; timestamp_ns is relative to the first event.
// - Launches: event_type is the entry point's name (cuLaunchKernel, cudaLaunchKernel, and for the
//   launch APIs the original did not probe, their own names: cuLaunchKernelEx, cuGraphLaunch, ...);
//   stream in hex (0x...) as the original printed it; cpu is empty (TraceData does not keep it).
// - schedSwitch: a switch-out row has last_offcpu_ns = its absolute CLOCK_MONOTONIC time and
//   last_oncpu_ns = 0; a switch-in row the reverse, with the CPU it came back on. Absolute, as the
//   original wrote them, so a non-zero value is never ambiguous with the first event's relative
//   time 0. Only switch-ins that happened at a known time are written (trace::InSource traced or
//   recovered).
// - syncEnter/syncExit for every SyncApi; hardirq/softirq Entry and Exit rows, duration_ns on
//   Exit rows (0 on Entry rows).
// - Every row has all 19 fields; comm and irq_name are quoted when they hold , " or a newline.
//
// Reading (tolerant of the original tool's output): rows of 16 fields (its launch, switch and sync
// rows) or 19, a header line or none, lines not starting with a digit (its stderr messages when
// captured with 2>&1; skipped with a warning), rows out of time order (its ring buffer is not sorted),
// relative times that wrapped below the first event, quoted fields, empty fields (read as 0),
// decimal or 0x stream values, a truncated last line (skipped with a warning). What the format
// does not carry comes back empty or as documented: wakeups, markers, per-CPU IRQ totals and
// tracer statistics are empty; sync calls come back as cudaDeviceSynchronize with their off-CPU
// time recomputed from the switches; off-CPU rows have state OutState::unknown and no next task.
// Rows are replayed in time order through the one trace builder (tracer/model/builder.h), which
// pairs each tid's switch-out with its next switch-in by the same rules as a live trace. IRQ
// durations are rebuilt from each Entry/Exit pair (per CPU and kind, so nesting is right; the
// original's duration_ns is corrupt when a hard IRQ nests in a softirq), falling back on
// duration_ns for an Exit without its Entry. Absolute times are recovered from the first
// schedSwitch row's last_*cpu_ns; without one they start at 0.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <string>

#include "tracer/model/trace_data.h"

namespace cudabench::results {

void write_trace_csv(const trace::TraceData& trace, std::ostream& out);

// Throws UserError naming `source` and the line for a row it cannot read.
trace::TraceData read_trace_csv(std::istream& in, const std::string& source = "<stdin>");

}  // namespace cudabench::results
