#include "harness/placement/gpu_numa.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "common/cpu_list.h"
#include "common/error.h"
#include "common/path.h"
#include "harness/process/process.h"

namespace cudabench::harness {
namespace {

bool all_hex(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isxdigit(c); });
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::optional<std::string> read_line(const std::string& path) {
  std::ifstream in(path);
  std::string line;
  if (!in || !std::getline(in, line)) return std::nullopt;
  return line;
}

// The CPUs of NUMA node `node`; throws when sysfs has none for it.
std::vector<int> node_cpus(int node, const std::string& sysfs_root, const std::string& gpu) {
  const std::string path = fmt::format("{}/devices/system/node/node{}/cpulist", sysfs_root, node);
  const auto text = read_line(path);
  if (!text)
    throw std::runtime_error(fmt::format("{} is on NUMA node {}, but {} cannot be read", gpu, node, path));
  std::vector<int> cpus;
  try {
    cpus = parse_cpu_list(*text);
  } catch (const std::invalid_argument& e) {
    throw std::runtime_error(fmt::format("{}: not a CPU list ({})", path, e.what()));
  }
  if (cpus.empty())
    throw std::runtime_error(fmt::format("{} is on NUMA node {}, which has no CPUs", gpu, node));
  return cpus;
}

}  // namespace

std::string sysfs_bus_id(std::string_view id) {
  // domain:bus:device.function; nvidia-smi writes a 32-bit domain, sysfs a 16-bit one.
  const size_t c1 = id.find(':'), c2 = id.find(':', c1 == std::string_view::npos ? c1 : c1 + 1);
  const size_t dot = id.rfind('.');
  if (c1 == std::string_view::npos || c2 == std::string_view::npos || dot == std::string_view::npos ||
      dot < c2)
    return {};
  std::string_view domain = id.substr(0, c1), bus = id.substr(c1 + 1, c2 - c1 - 1);
  std::string_view device = id.substr(c2 + 1, dot - c2 - 1), function = id.substr(dot + 1);
  if (!all_hex(domain) || !all_hex(bus) || !all_hex(device) || !all_hex(function) || domain.size() > 8 ||
      bus.size() != 2 || device.size() != 2 || function.size() != 1)
    return {};
  if (domain.size() > 4) {
    if (domain.substr(0, domain.size() - 4).find_first_not_of('0') != std::string_view::npos) return {};
    domain = domain.substr(domain.size() - 4);
  }
  return lower(fmt::format("{:0>4}:{}:{}.{}", domain, bus, device, function));
}

std::vector<std::vector<int>> gpu_numa_cpus(const std::vector<std::string>& bus_ids, int count,
                                            const std::string& sysfs_root) {
  if (static_cast<int>(bus_ids.size()) < count)
    throw std::runtime_error(
        fmt::format("{} instances need {} GPUs, but {} were found", count, count, bus_ids.size()));
  std::vector<std::vector<int>> out;
  for (int i = 0; i < count; ++i) {
    const std::string gpu = fmt::format("GPU {} ({})", i, bus_ids[i]);
    const std::string id = sysfs_bus_id(bus_ids[i]);
    if (id.empty()) throw std::runtime_error(gpu + ": not a PCI bus id");
    const std::string path = sysfs_root + "/bus/pci/devices/" + id + "/numa_node";
    const auto text = read_line(path);
    if (!text) throw std::runtime_error(fmt::format("{}: {} cannot be read", gpu, path));
    int node = -1;
    try {
      node = std::stoi(*text);
    } catch (const std::exception&) {
      throw std::runtime_error(fmt::format("{}: {} holds \"{}\", not a node number", gpu, path, *text));
    }
    // -1: the firmware describes no NUMA affinity for the device (common on one-socket machines).
    if (node < 0)
      throw std::runtime_error(
          fmt::format("{}: the kernel reports no NUMA node ({} is {})", gpu, path, node));
    out.push_back(node_cpus(node, sysfs_root, gpu));
  }
  return out;
}

std::optional<std::vector<std::string>> nvidia_smi_bus_ids() {
  const std::string smi = find_executable("nvidia-smi");
  if (smi.empty()) return std::nullopt;
  const std::string text =
      run_for_output({smi, "--query-gpu=pci.bus_id", "--format=csv,noheader"}, std::chrono::seconds(20));
  std::vector<std::string> ids;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    line.erase(0, line.find_first_not_of(" \t"));
    line.erase(line.find_last_not_of(" \t\r") + 1);
    if (line.empty()) continue;
    if (sysfs_bus_id(line).empty()) throw std::runtime_error("nvidia-smi answered \"" + line + "\"");
    ids.push_back(line);
  }
  return ids;
}

void resolve_gpu_numa(Placement& p, int instances, const std::optional<std::vector<std::string>>& bus_ids,
                      const std::string& sysfs_root) {
  if (!p.cpus_from_gpu_numa) return;
  auto it = p.where.find("cpus");
  const std::string at = (it == p.where.end() ? std::string() : it->second + ": ") + "placement.cpus: ";
  const std::string hint = "give instance_cpus = [\"0-7\", \"8-15\", ...] instead, one CPU list per instance";
  if (!bus_ids)
    throw UserError(at + "\"gpu-numa-node\" needs the GPUs' PCI bus ids, and nvidia-smi was not found", hint);
  try {
    p.instance_cpus = gpu_numa_cpus(*bus_ids, instances, sysfs_root);
  } catch (const std::runtime_error& e) {
    throw UserError(at + "\"gpu-numa-node\" cannot be resolved: " + e.what(), hint);
  }
  p.cpus = cpu_union(p.instance_cpus);
}

void resolve_gpu_numa(Placement& p, int instances) {
  if (!p.cpus_from_gpu_numa) return;
  std::optional<std::vector<std::string>> ids;
  try {
    ids = nvidia_smi_bus_ids();
  } catch (const std::runtime_error& e) {
    throw UserError("placement.cpus: \"gpu-numa-node\": " + std::string(e.what()),
                    "check the driver with nvidia-smi, or give instance_cpus");
  }
  resolve_gpu_numa(p, instances, ids, "/sys");
}

}  // namespace cudabench::harness
