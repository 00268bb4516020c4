// cpus = "gpu-numa-node": each instance of the workload on the CPUs of the NUMA node its GPU hangs
// off, read from sysfs (/sys/bus/pci/devices/<bus id>/numa_node, then
// /sys/devices/system/node/node<N>/cpulist), the GPUs' bus ids from nvidia-smi in its order.
// Resolved when the scenario is validated, so a machine where it cannot be resolved refuses the
// scenario before anything starts.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "harness/scenario/scenario.h"

namespace cudabench::harness {

// nvidia-smi's "00000000:18:00.0" as sysfs names the device: "0000:18:00.0" (a 16-bit domain,
// lower case). Empty when `id` is not a PCI bus id.
std::string sysfs_bus_id(std::string_view id);

// The CPUs of the NUMA node of each of the first `count` GPUs of `bus_ids`, under `sysfs_root`
// ("/sys" on a real machine). Throws std::runtime_error saying which GPU and file stood in the way:
// too few GPUs, an unreadable numa_node, a node of -1 (the platform reports none), an empty cpulist.
std::vector<std::vector<int>> gpu_numa_cpus(const std::vector<std::string>& bus_ids, int count,
                                            const std::string& sysfs_root);

// The GPUs' PCI bus ids as nvidia-smi lists them; nullopt when nvidia-smi is not installed. Throws
// std::runtime_error with what it printed when it answers something else than bus ids.
std::optional<std::vector<std::string>> nvidia_smi_bus_ids();

// Fills placement.instance_cpus (and cpus, their union) when cpus_from_gpu_numa is set; does
// nothing otherwise. `bus_ids` nullopt means nvidia-smi is missing. Throws UserError at the
// scenario's placement.cpus (exit 2) when it cannot be resolved.
void resolve_gpu_numa(Placement& placement, int instances,
                      const std::optional<std::vector<std::string>>& bus_ids, const std::string& sysfs_root);
// The same on this machine: nvidia-smi and /sys.
void resolve_gpu_numa(Placement& placement, int instances);

}  // namespace cudabench::harness
