// Whether a real-time policy can be applied in a given cgroup. A kernel built with
// CONFIG_RT_GROUP_SCHED gives every cgroup except the root zero RT runtime, and cgroup v2 has no
// file to grant it (cpu.rt_runtime_us exists only in v1), so sched_setscheduler(SCHED_FIFO) fails
// with EPERM in any child cgroup whose cpu controller is enabled. The GPU machine is such a kernel.
#pragma once

#include <string>

#include "harness/scenario/scenario.h"

namespace cudabench::harness {

// errno of sched_setscheduler(policy, priority) in a forked child that first joined the cgroup
// whose cgroup.procs is `cgroup_procs` ("" = stay in ours); 0 when it succeeded. The child exits
// at once, so nothing stays real-time.
int probe_realtime(const std::string& cgroup_procs, int policy, int priority);

// When `placement` asks for fifo/rr, which fails in `cgroup_procs` but works in the root cgroup:
// why (RT group scheduling), for a note or an error. "" when there is no such cgroup problem:
// no real-time policy, it works, or it fails everywhere (then the spawn names the failure).
std::string realtime_blocked_by_cgroup(const Placement& placement, const std::string& cgroup_procs);

// <cgroup2 mount>/cgroup.procs; "" without cgroup v2.
std::string root_cgroup_procs();

}  // namespace cudabench::harness
