// The workload's placement beyond what Child applies between fork and exec (affinity, nice,
// policy): a cgroup v2 cpuset and IRQ affinity, set up for one run and undone after it.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "harness/scenario/scenario.h"

namespace cudabench::harness {

class Janitor;
class CpusetCgroup;
class IrqMover;
class RunCgroup;

struct PlacementProblem {
  std::string message;  // names the field: "placement.cpus: CPU 7 is not online (online: 0-1)"
  std::string hint;
};

// Checks a placement against this machine: CPUs online, priority 1..99 exactly for fifo/rr,
// root for nice < 0, fifo/rr, IRQ affinity and a cpuset; the IRQs named exist; IRQ moves leave a CPU
// for the interrupts. `field` prefixes the messages ("placement", "interferer[1].placement").
std::optional<PlacementProblem> check_placement(const Placement& placement, const std::string& field,
                                                const std::vector<int>& online, bool is_root);
// The same, on this machine (online_cpus(), geteuid() == 0), throwing UserError.
void validate_placement(const Placement& placement, const std::string& field);

class PlacementGuard {
 public:
  // Applies the cpuset and IRQ parts of the workload's placement for one run. What cannot be
  // applied (no cgroup v2 cpuset here, IRQs the kernel refuses) is said in notes() and warnings(),
  // never faked. Throws UserError when IRQs should move but the workload uses every online CPU.
  // `janitor` may be null (tests).
  PlacementGuard(const Placement& placement, Janitor* janitor);
  PlacementGuard(const PlacementGuard&) = delete;
  PlacementGuard& operator=(const PlacementGuard&) = delete;
  ~PlacementGuard();  // restores IRQ affinities, removes the cpuset

  // cgroup.procs for the workload's SpawnOptions::cgroup_procs: the cpuset when applied, else a
  // cgroup of this run under the session cgroup (`janitor`'s; RunCgroup), or the root cgroup when
  // only there the real-time policy applies (see harness/realtime.h). The first two are killed
  // when the run ends, so nothing the workload started outlives it. "" without a janitor or
  // cgroup v2.
  const std::string& cgroup_procs() const { return procs_; }
  // Store with the run: "cpuset: 1 (/sys/fs/cgroup/cudabench-run-...)" or
  // "cpuset: not applied (<why>)", "irq: moved 18 to 0: 24-43", "irq: not movable: 2 (0,9: ...)".
  const std::vector<std::string>& notes() const { return notes_; }
  const std::vector<std::string>& warnings() const { return warnings_; }

 private:
  void make_cpuset(const Placement& placement, Janitor* janitor);
  void move_to_root_cgroup(const Placement& placement, const std::string& why);
  void apply_irqs(const Placement& placement, Janitor* janitor);

  std::unique_ptr<CpusetCgroup> cpuset_;
  std::unique_ptr<RunCgroup> run_cgroup_;
  std::unique_ptr<IrqMover> irqs_;
  std::string procs_, cpuset_note_;
  std::vector<std::string> notes_, warnings_;
};

}  // namespace cudabench::harness
