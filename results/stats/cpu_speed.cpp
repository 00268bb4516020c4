#include "results/stats/cpu_speed.h"

#include <cmath>
#include <optional>
#include <string>

namespace cudabench::results {

std::map<int, double> relative_cpu_speed(const std::vector<CpuCalibration>& rows) {
  std::map<std::string, double> fastest;  // part -> smallest ns per op
  for (const auto& r : rows)
    if (r.ns_per_op > 0 && (!fastest.count(r.part) || r.ns_per_op < fastest[r.part]))
      fastest[r.part] = r.ns_per_op;
  std::map<int, double> log_sum;
  std::map<int, int> parts;
  for (const auto& r : rows) {
    if (r.ns_per_op <= 0) continue;
    log_sum[r.cpu] += std::log(fastest[r.part] / r.ns_per_op);
    ++parts[r.cpu];
  }
  std::map<int, double> speed;
  for (const auto& [cpu, sum] : log_sum) speed[cpu] = std::exp(sum / parts[cpu]);
  return speed;
}

std::optional<double> residency_speed(const RunRecord& run, const std::map<int, double>& speed) {
  double weighted = 0, share = 0;
  for (const auto& m : run.metrics) {
    // cpu.<n>.residency_pct
    if (m.name.rfind("cpu.", 0) != 0 || m.name.size() < 18 ||
        m.name.compare(m.name.size() - 14, 14, ".residency_pct") != 0)
      continue;
    int cpu = std::stoi(m.name.substr(4, m.name.size() - 18));
    auto it = speed.find(cpu);
    if (it == speed.end()) continue;
    weighted += it->second * m.value;
    share += m.value;
  }
  if (share < 50) return std::nullopt;  // most of its time on CPUs the calibration does not know
  return weighted / share;
}

}  // namespace cudabench::results
