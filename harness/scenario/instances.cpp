#include "harness/scenario/instances.h"

#include <fmt/format.h>

#include <algorithm>

#include "common/cpu_list.h"
#include "harness/scenario/sections.h"

namespace cudabench::harness {
namespace {

// One element of instance_cpus: a CPU list of online CPUs, like `cpus`.
std::vector<int> read_one(const TomlReader& r, const toml::node& item, size_t index) {
  const std::string key = fmt::format("instance_cpus[{}]", index);
  if (!item.is_string()) r.fail_at(&item, key, "expected a CPU list string like \"0-3,8\"");
  std::vector<int> cpus;
  try {
    cpus = parse_cpu_list(item.as_string()->get());
  } catch (const std::invalid_argument& e) {
    r.fail_at(&item, key, fmt::format("expected a CPU list like \"0-3,8\": {}", e.what()));
  }
  if (cpus.empty()) r.fail_at(&item, key, "expected at least one CPU");
  const auto online = online_cpus();
  for (int cpu : cpus)
    if (std::find(online.begin(), online.end(), cpu) == online.end())
      r.fail_at(
          &item, key,
          fmt::format("CPU {} does not exist or is offline (online: {})", cpu, format_cpu_list(online)));
  return cpus;
}

}  // namespace

int read_instances(const TomlReader& r) {
  return static_cast<int>(r.integer("instances", 1, max_instances).value_or(1));
}

bool read_instance_cpus(const TomlReader& r, int instances, Placement& p) {
  const toml::node* list = r.node("instance_cpus");
  const toml::node* cpus = r.node("cpus");
  const bool policy = cpus && cpus->is_string() && cpus->as_string()->get() == gpu_numa_policy;
  if (list && cpus)
    r.fail("instance_cpus", "give either cpus (every instance) or instance_cpus (one list per instance)");
  if (policy) {
    p.cpus_from_gpu_numa = true;
    return true;
  }
  if (!list) return false;
  if (!list->is_array()) r.fail("instance_cpus", "expected an array of CPU lists, one per instance");
  const auto& items = *list->as_array();
  if (items.size() != static_cast<size_t>(instances))
    r.fail("instance_cpus", fmt::format("expected {} CPU lists (workload.instances = {}), found {}",
                                        instances, instances, items.size()));
  for (size_t i = 0; i < items.size(); ++i) p.instance_cpus.push_back(read_one(r, items[i], i));
  p.cpus = cpu_union(p.instance_cpus);
  return true;
}

}  // namespace cudabench::harness
