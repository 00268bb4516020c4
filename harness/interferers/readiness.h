// Signs, read from /proc, that an interferer's load has begun: the run's workload must not start
// before the contention it is meant to meet (the tools take 50-300 ms to get going; a fixed sleep
// either wastes time or starts too early).
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <vector>

namespace cudabench::harness {

// The direct children of `parent` (stress-ng's workers, fio's job processes), from /proc/*/stat.
std::vector<pid_t> child_pids(pid_t parent);

// How many of `parent`'s children have had CPU time (utime + stime >= 1 tick): workers at work.
int busy_children(pid_t parent);

// Bytes a process moved through read/write calls and the block layer (/proc/PID/io: rchar + wchar
// + read_bytes + write_bytes; fio's libaio direct writes show only in write_bytes). 0 if gone.
uint64_t io_bytes(pid_t pid);

// The same, summed over `parent`'s children.
uint64_t children_io_bytes(pid_t parent);

// Enough moved to say the load is flowing rather than the tool setting up.
inline constexpr uint64_t flowing_bytes = 1 << 20;

}  // namespace cudabench::harness
