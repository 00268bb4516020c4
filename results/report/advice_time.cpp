// Advice from where each scenario's time went (results/stats/attribution.h): the part that carries
// the loss names the remedy. A part is named only when its CI excludes zero, and a remedy that pins
// the workload names the CPUs the calibration found fastest.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>

#include "common/cpu_list.h"
#include "results/report/advice_detail.h"
#include "results/report/format.h"

namespace cudabench::results::detail {
namespace {

// CPUs within 3% of the fastest (the calibration's probe repeats to about that), as a CPU list.
std::string fastest_cpus(const std::map<int, double>& speed) {
  std::vector<int> fast;
  for (const auto& [cpu, s] : speed)
    if (s >= 0.97) fast.push_back(cpu);
  return format_cpu_list(fast);
}

const TimePart* part(const Decomposition& d, std::string_view metric) {
  for (const auto& p : d.parts)
    if (p.metric == metric) return &p;
  return nullptr;
}

double delta(const Decomposition& d, std::string_view metric) {
  const TimePart* p = part(d, metric);
  return p && p->delta_ms.excludes(0) ? p->delta_ms.estimate : 0;
}

// A scenario the report compares as the mitigated form of another: its placement is the remedy tried.
bool is_mitigation(const std::string& scenario, const SessionSummary& sum) {
  return std::any_of(sum.mitigations.begin(), sum.mitigations.end(),
                     [&](const Mitigation& m) { return m.mitigated == scenario; });
}

std::string remedy(const Decomposition& d, const SessionSummary& sum) {
  const double runnable = delta(d, "time.preempted_ms") + delta(d, "time.waiting_ms");
  const double oncpu = delta(d, "time.oncpu_ms");
  const double irq = delta(d, "time.irq_ms");
  const double blocked = delta(d, "time.blocked_ms") + delta(d, "time.sync_ms");
  const double biggest = std::max({runnable, oncpu, irq, blocked});
  const std::string fast = sum.cpu_speed.size() > 1 ? fastest_cpus(sum.cpu_speed) : "";
  const std::string pin =
      fast.empty() ? "pin the workload ([placement] cpus) away from the interferers"
                   : fmt::format("pin the workload ([placement] cpus) to the fastest CPUs the calibration found "
                                 "({}) and keep the interferers off them",
                                 fast);
  if (biggest <= 0) return "";
  if (biggest == runnable && is_mitigation(d.scenario, sum))
    return "its placement still lets others preempt it: keep the interferers off its CPUs (isolcpus/nohz_full on "
           "the kernel command line or a cgroup v2 cpuset for the workload, not only taskset + nice)";
  if (biggest == runnable)
    return pin + "; a real-time policy or a cgroup cpuset ([placement] policy, cpuset) stops the preemption";
  if (biggest == irq) return "move IRQs off the workload's CPUs ([placement] irq_affinity = \"all\")";
  if (biggest == blocked) return "it waits on the GPU or I/O more, not on a CPU: look at the interferer's device load";
  if (!d.cpu_speed_delta_pct)
    return "more CPU time for the same work: a slower CPU or shared hardware (memory bandwidth, caches, the "
           "frequency budget); this session has no CPU calibration to tell them apart";
  if (d.cpu_speed_delta_pct->hi < 0) return "its CPUs are slower (calibration): " + pin;
  return "more CPU time per launch on CPUs of the same speed: shared hardware (memory bandwidth, last-level "
         "cache, the frequency budget); give the interferers fewer CPUs or another socket";
}

// The part with the largest change, resolved or not: advice names it, and says when its CI still
// allows none, rather than promoting a smaller resolved part to the cause.
const TimePart* largest_part(const Decomposition& d) {
  const TimePart* best = nullptr;
  for (const auto& p : d.parts)
    if (p.delta_ms.valid() && (!best || p.delta_ms.estimate > best->delta_ms.estimate)) best = &p;
  return best;
}

std::string part_text(const TimePart& p, double loss) {
  return fmt::format("{} {:+.1f} ms ({:.0f}%){}", p.label, p.delta_ms.estimate, p.delta_ms.estimate / loss * 100,
                     p.delta_ms.excludes(0) ? "" : " (CI includes 0)");
}

std::string format_interval_ms(const stats::Interval& i) {
  return fmt::format("{:+.1f} ms [{:+.1f}, {:+.1f}]", i.estimate, i.lo, i.hi);
}

}  // namespace

void time_advice(const SessionSummary& sum, std::vector<Advice>& out) {
  for (const auto& d : sum.attribution) {
    if (!d.loss_ms || !d.loss_ms->excludes(0) || d.loss_ms->estimate <= 0) continue;
    const double loss = d.loss_ms->estimate;
    std::vector<std::string> parts;
    for (const auto& p : d.parts)
      if (p.delta_ms.valid() && std::fabs(p.delta_ms.estimate) >= 0.05 * loss) parts.push_back(part_text(p, loss));
    if (d.unexplained_ms)
      parts.push_back(fmt::format("unexplained {:+.1f} ms ({:.0f}%)", d.unexplained_ms->estimate,
                                  d.unexplained_ms->estimate / loss * 100));
    if (parts.empty()) continue;
    std::string finding = fmt::format("{} lost {:+.1f} ms [{:+.1f}, {:+.1f}] per decode window against {}: {}",
                                      d.scenario, loss, d.loss_ms->lo, d.loss_ms->hi, sum.baseline,
                                      fmt::join(parts, ", "));
    if (d.cpu_speed_delta_pct && d.cpu_speed_delta_pct->excludes(0))
      finding += fmt::format("; its CPUs' calibrated speed {:+.1f} points", d.cpu_speed_delta_pct->estimate);
    const TimePart* top = largest_part(d);
    std::string action = remedy(d, sum);
    if (top && !top->delta_ms.excludes(0))
      action = fmt::format("the largest part, {} {}, is not resolved: more blocks (--target-ci) before acting on it{}",
                           top->label, format_interval_ms(top->delta_ms), action.empty() ? "" : "; meanwhile: " + action);
    out.push_back({"time", finding, action});
  }
}

}  // namespace cudabench::results::detail
