// The kernel's per-thread accounting as /proc shows it, for the threads of a traced process that
// live at the trace's start and end (those that exit during it report theirs from BPF, at their
// final switch-out).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "tracer/model/trace_data.h"

namespace cudabench::tracer {

// The thread ids of process `tgid` (/proc/TGID/task); empty when it is gone.
std::vector<uint32_t> process_threads(uint32_t tgid);

// /proc/TID/schedstat (CPU time, run delay, arrivals) and the switch counts of /proc/TID/status,
// stamped with CLOCK_MONOTONIC now; nullopt when the thread is gone or schedstat is unavailable.
std::optional<trace::KernelAccounting> read_thread_accounting(uint32_t tid);

// /proc/TID/comm; empty when the thread is gone.
std::string thread_comm(uint32_t tid);

}  // namespace cudabench::tracer
