#include "harness/placement/placement.h"

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <stdexcept>

#include "common/cpu_list.h"
#include "common/error.h"
#include "harness/placement/cgroup.h"
#include "harness/placement/irq_affinity.h"
#include "harness/placement/realtime.h"
#include "harness/placement/run_cgroup.h"
#include "harness/process/janitor.h"

namespace cudabench::harness {
namespace {

std::vector<int> complement(const std::vector<int>& online, const std::vector<int>& used) {
  std::vector<int> rest;
  for (int cpu : online)
    if (std::find(used.begin(), used.end(), cpu) == used.end()) rest.push_back(cpu);
  return rest;
}

// What needs root, named for the message; "" when nothing does.
std::string needs_root(const Placement& p) {
  if (p.nice && *p.nice < 0) return "nice < 0";
  if (p.policy != SchedPolicy::other) return "a real-time policy (fifo/rr)";
  if (!p.irqs.empty() || p.irq_move_all) return "IRQ affinity";
  if (p.cpuset_cgroup) return "a cpuset cgroup";
  return {};
}

// "file:line:col: " of `key` in the scenario (its table's when the key is not written there).
std::string at(const Placement& p, const std::string& key) {
  auto it = p.where.find(key);
  if (it == p.where.end()) it = p.where.find("");
  return it == p.where.end() ? std::string() : it->second + ": ";
}

}  // namespace

std::optional<PlacementProblem> check_placement(const Placement& p, const std::string& field,
                                                const std::vector<int>& online, bool is_root) {
  const std::string online_text = " (online: " + format_cpu_list(online) + ")";
  for (int cpu : p.cpus) {
    if (std::find(online.begin(), online.end(), cpu) == online.end()) {
      return PlacementProblem{
          at(p, "cpus") + field + ".cpus: CPU " + std::to_string(cpu) + " is not online" + online_text,
          "choose CPUs from /sys/devices/system/cpu/online"};
    }
  }
  const bool realtime = p.policy != SchedPolicy::other;
  if (realtime && (p.priority < 1 || p.priority > 99)) {
    return PlacementProblem{at(p, "priority") + field + ".priority: " + std::to_string(p.priority) +
                                " is outside 1..99, the range of SCHED_FIFO and SCHED_RR",
                            {}};
  }
  if (!realtime && p.priority != 0) {
    return PlacementProblem{at(p, "priority") + field + ".priority: set, but the policy is not fifo or rr",
                            "set policy = \"fifo\" or \"rr\", or remove priority"};
  }
  if (p.nice && (*p.nice < -20 || *p.nice > 19)) {
    return PlacementProblem{
        at(p, "nice") + field + ".nice: " + std::to_string(*p.nice) + " is outside -20..19", {}};
  }
  if ((!p.irqs.empty() || p.irq_move_all) && complement(online, p.cpus.empty() ? online : p.cpus).empty()) {
    return PlacementProblem{at(p, "irq_affinity") + field +
                                ".irq_affinity: moving IRQs off the workload's CPUs needs a CPU it "
                                "does not use" +
                                online_text,
                            "set " + field + ".cpus to a subset of the online CPUs"};
  }
  for (int irq : p.irqs) {
    if (!std::filesystem::exists("/proc/irq/" + std::to_string(irq))) {
      return PlacementProblem{at(p, "irq_affinity") + field + ".irq_affinity: IRQ " + std::to_string(irq) +
                                  " does not exist here",
                              "see /proc/interrupts"};
    }
  }
  if (const std::string what = needs_root(p); !what.empty() && !is_root) {
    return PlacementProblem{at(p, "") + field + ": " + what + " needs root", "run cudabench with sudo"};
  }
  return std::nullopt;
}

void validate_placement(const Placement& placement, const std::string& field) {
  if (auto problem = check_placement(placement, field, online_cpus(), geteuid() == 0)) {
    throw UserError(problem->message, problem->hint);
  }
}

PlacementGuard::PlacementGuard(const Placement& placement, Janitor* janitor) {
  if (placement.cpuset_cgroup) make_cpuset(placement, janitor);
  if (!cpuset_) run_cgroup_ = std::make_unique<RunCgroup>(janitor);
  procs_ = cpuset_ ? cpuset_->procs_path() : run_cgroup_->procs();
  if (procs_.empty() && janitor) procs_ = janitor->cgroup_procs();
  if (std::string why = realtime_blocked_by_cgroup(placement, procs_); !why.empty()) {
    move_to_root_cgroup(placement, why);
  }
  if (cpuset_) notes_.insert(notes_.begin(), "cpuset: " + cpuset_note_);
  if (!placement.irqs.empty() || placement.irq_move_all) apply_irqs(placement, janitor);
}

void PlacementGuard::make_cpuset(const Placement& placement, Janitor* janitor) {
  const std::vector<int> cpus = placement.cpus.empty() ? online_cpus() : placement.cpus;
  auto cpuset = std::make_unique<CpusetCgroup>(cpus, janitor);
  if (cpuset->applied()) {
    cpuset_note_ = format_cpu_list(cpus) + " (" + cpuset->dir() + ")";
    cpuset_ = std::move(cpuset);
    return;
  }
  notes_.push_back("cpuset: not applied (" + cpuset->reason() + ")");
  warnings_.push_back("cgroup v2 cpuset not applied: " + cpuset->reason() +
                      "; the workload is confined by its affinity only");
}

// The real-time policy wins over the cpuset: a scenario asking for both wants the workload never
// preempted, and affinity still keeps it on its CPUs. The workload leaves the session cgroup, which
// is safe for the no-leak guarantee because it is cudabench's direct child with PDEATHSIG.
void PlacementGuard::move_to_root_cgroup(const Placement& placement, const std::string& why) {
  const std::string policy = placement.policy == SchedPolicy::fifo ? "fifo" : "rr";
  if (cpuset_) {
    cpuset_.reset();
    notes_.push_back("cpuset: not applied (" + policy + " needs the root cgroup: " + why + ")");
    warnings_.push_back("cgroup v2 cpuset dropped so that " + policy + " can apply: " + why +
                        "; the workload is confined by its affinity only");
  }
  procs_ = root_cgroup_procs();
  run_cgroup_.reset();
  notes_.push_back("policy: " + policy + " " + std::to_string(placement.priority) + " in the root cgroup (" +
                   why + ")");
}

PlacementGuard::~PlacementGuard() = default;  // irqs_ and cpuset_ undo themselves

void PlacementGuard::apply_irqs(const Placement& placement, Janitor* janitor) {
  const std::vector<int> online = online_cpus();
  const std::vector<int> target = complement(online, placement.cpus.empty() ? online : placement.cpus);
  if (target.empty()) {
    throw UserError(
        "cannot move IRQs off CPUs " + format_cpu_list(placement.cpus) + ": no other CPU is online",
        "give the workload fewer CPUs (placement.cpus)");
  }
  const std::vector<int> wanted = placement.irq_move_all ? list_irqs() : placement.irqs;
  irqs_ = std::make_unique<IrqMover>(wanted, target, janitor);
  std::vector<int> moved;
  for (const auto& [irq, original] : irqs_->moved()) moved.push_back(irq);
  notes_.push_back("irq: moved " + std::to_string(moved.size()) + " to CPUs " + format_cpu_list(target) +
                   (moved.empty() ? "" : ": " + format_cpu_list(moved)));
  if (irqs_->refused().empty()) return;
  // Group by reason: with irq_move_all the per-CPU and managed IRQs all fail the same way.
  std::map<std::string, std::vector<int>> by_reason;
  for (const auto& [irq, why] : irqs_->refused()) by_reason[why].push_back(irq);
  std::string detail;
  for (const auto& [why, list] : by_reason) {
    detail += (detail.empty() ? "" : "; ") + format_cpu_list(list) + ": " + why;
  }
  notes_.push_back("irq: not movable: " + std::to_string(irqs_->refused().size()) + " (" + detail + ")");
  if (!placement.irq_move_all) {
    warnings_.push_back("some IRQs named in the scenario could not be moved: " + detail);
  }
}

}  // namespace cudabench::harness
