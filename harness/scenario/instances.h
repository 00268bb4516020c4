// The scenario keys of a workload that runs as several instances: [workload] instances and the
// per-instance CPUs of [placement] (instance_cpus, or cpus = "gpu-numa-node").
#pragma once

#include "harness/scenario/scenario.h"
#include "harness/scenario/scenario_reader.h"

namespace cudabench::harness {

// The policy value of [placement] cpus: each instance on the CPUs of its GPU's NUMA node.
inline constexpr std::string_view gpu_numa_policy = "gpu-numa-node";

// [workload] instances: 1..max_instances, 1 when absent.
int read_instances(const TomlReader& r);

// [placement] instance_cpus = ["0-1", "2-3"] (one CPU list per instance) or cpus = "gpu-numa-node";
// fills p.instance_cpus and p.cpus (their union) or p.cpus_from_gpu_numa. Returns false when the
// table uses neither, so read_placement reads `cpus` as a plain list.
bool read_instance_cpus(const TomlReader& r, int instances, Placement& p);

}  // namespace cudabench::harness
