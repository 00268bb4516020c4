#include "harness/run/machine_plan.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <fstream>

#include "common/cpu_list.h"
#include "harness/interferers/registry.h"

namespace cudabench::harness {
namespace {

// `who` is "the workload " or "" (an interferer's own placement, said after it).
std::vector<std::string> placement_parts(const Placement& p, const std::string& who) {
  std::vector<std::string> out;
  if (!p.cpus.empty()) out.push_back(fmt::format("{}pinned to CPUs {}", who, format_cpu_list(p.cpus)));
  if (p.nice) out.push_back(fmt::format("{}at nice {}", who, *p.nice));
  if (p.policy != SchedPolicy::other)
    out.push_back(fmt::format("{}under real-time policy {} priority {}", who,
                              p.policy == SchedPolicy::fifo ? "SCHED_FIFO" : "SCHED_RR", p.priority));
  if (p.cpuset_cgroup)
    out.push_back(fmt::format("a cgroup v2 cpuset for {} on CPUs {} (created per run, removed after)",
                              who.empty() ? "it" : "the workload", format_cpu_list(p.cpus)));
  if (p.irq_move_all)
    out.push_back(fmt::format("every movable IRQ's affinity moved off CPUs {} (restored after each run)",
                              format_cpu_list(p.cpus)));
  else if (!p.irqs.empty())
    out.push_back(fmt::format("IRQs {} moved off CPUs {} (restored after each run)", fmt::join(p.irqs, ","),
                              format_cpu_list(p.cpus)));
  return out;
}

std::string interferer_text(const Interferer& i) {
  const InterfererKind* kind = find_interferer_kind(i.kind);
  std::string s = kind ? kind->describe(i) : i.kind;
  const auto parts = placement_parts(i.placement, "");
  return parts.empty() ? s : fmt::format("{}, {}", s, fmt::join(parts, ", "));
}

}  // namespace

std::vector<std::string> machine_changes(const std::vector<Scenario>& scenarios, bool traced) {
  std::vector<std::string> out;
  for (const auto& s : scenarios) {
    std::vector<std::string> parts = placement_parts(s.placement, "the workload ");
    for (const auto& i : s.interferers) parts.push_back("interferer " + interferer_text(i));
    out.push_back(fmt::format(
        "{}: {}", s.name,
        parts.empty() ? "nothing (no placement, no interferer)" : fmt::format("{}", fmt::join(parts, "; "))));
  }
  out.push_back(
      "every run's processes join a per-session cgroup; /run/cudabench holds the session lock and what to "
      "undo "
      "if cudabench dies");
  if (traced)
    out.push_back(
        "traced runs load eBPF programs (sched, IRQ tracepoints; uprobes on libcuda), detached at the end");
  return out;
}

std::string busy_machine_warning() {
  std::ifstream in("/proc/loadavg");
  double load = 0;
  if (!(in >> load)) return "";
  const size_t cpus = online_cpus().size();
  if (cpus == 0 || load <= 0.5 * static_cast<double>(cpus)) return "";
  return fmt::format(
      "this machine is busy before the session starts (load average {:.2f} on {} CPUs): other work shows up "
      "as "
      "noise in every figure; wider intervals, or a slowdown that is not the scenario's",
      load, cpus);
}

}  // namespace cudabench::harness
