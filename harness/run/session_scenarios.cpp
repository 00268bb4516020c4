#include "harness/run/session_scenarios.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "common/cpu_list.h"
#include "common/error.h"
#include "common/hash.h"

namespace cudabench::harness {
namespace {

// The fastest CPU none of `s`'s interferers is pinned to; -1 when there is none.
int fastest_free_cpu(const Scenario& s, const std::map<int, double>& speed) {
  std::set<int> taken;
  for (const auto& i : s.interferers) taken.insert(i.placement.cpus.begin(), i.placement.cpus.end());
  int best = -1;
  for (const auto& [cpu, v] : speed)
    if (!taken.count(cpu) && (best < 0 || v > speed.at(best))) best = cpu;
  return best;
}

std::string pin_one(Scenario& s, int cpu, const std::vector<int>& others) {
  s.placement.cpus = {cpu};
  for (auto& i : s.interferers)
    if (i.placement.cpus.empty()) i.placement.cpus = others;
  const std::string what = fmt::format("workload on CPU {}, interferers without CPUs of their own on {}", cpu,
                                       format_cpu_list(others));
  s.text += "\n# cudabench run --pin auto: " + what + "\n";
  s.hash = hex_digest(s.text);
  s.config_hash = hex_digest(s.config_hash + "\npin " + std::to_string(cpu));
  return s.name + ": " + what;
}

}  // namespace

void add_aa_twin(std::vector<Scenario>& scenarios, const std::string& baseline) {
  auto it =
      std::find_if(scenarios.begin(), scenarios.end(), [&](const Scenario& s) { return s.name == baseline; });
  if (it == scenarios.end())
    throw UserError("--aa: no scenario named \"" + baseline + "\" in this session",
                    "give its scenario file, or name another with --baseline");
  Scenario twin = *it;
  twin.name = baseline + "@aa";
  twin.text += "\n# cudabench run --aa: an A/A twin of " + baseline + " (the same configuration)\n";
  twin.hash = hex_digest(twin.text);  // config_hash stays: the pair is identical but for its name
  scenarios.push_back(std::move(twin));
}

std::vector<std::string> pin_workloads(std::vector<Scenario>& scenarios, const std::map<int, double>& speed) {
  std::vector<std::string> said;
  for (auto& s : scenarios) {
    if (!s.placement.cpus.empty()) {
      said.push_back(s.name + ": keeps its own placement (CPUs " + format_cpu_list(s.placement.cpus) + ")");
      continue;
    }
    const int cpu = fastest_free_cpu(s, speed);
    std::vector<int> others;
    for (const auto& [c, v] : speed)
      if (c != cpu) others.push_back(c);
    const bool floating = std::any_of(s.interferers.begin(), s.interferers.end(),
                                      [](const Interferer& i) { return i.placement.cpus.empty(); });
    if (cpu < 0 || (floating && others.empty()))
      throw RunError(fmt::format("--pin auto: scenario \"{}\" has no CPU for its workload apart from its "
                                 "interferers ({} calibrated CPUs)",
                                 s.name, speed.size()),
                     "pin the workload in the scenario's [placement] instead");
    said.push_back(pin_one(s, cpu, others));
  }
  return said;
}

}  // namespace cudabench::harness
