// Moving device interrupts off the workload's CPUs for one run, and putting them back.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace cudabench::harness {

class Janitor;

// Numeric entries of /proc/irq, sorted.
std::vector<int> list_irqs();

// /proc/irq/N/smp_affinity_list; "" when unreadable.
std::string read_irq_affinity(int irq);

class IrqMover {
 public:
  // Sets each IRQ's smp_affinity_list to `target` (the CPUs the workload does not use),
  // recording the original with the janitor first. IRQs the kernel refuses (EIO, EINVAL, EPERM:
  // per-CPU and managed interrupts; a virtio-blk queue answers EPERM) and missing ones are left
  // alone and listed in refused(). `janitor` may be null (tests). Throws std::invalid_argument when
  // `target` is empty.
  IrqMover(const std::vector<int>& irqs, const std::vector<int>& target, Janitor* janitor);
  IrqMover(const IrqMover&) = delete;
  IrqMover& operator=(const IrqMover&) = delete;
  ~IrqMover();  // restores every original affinity

  const std::map<int, std::string>& moved() const { return original_; }   // irq -> original list
  const std::map<int, std::string>& refused() const { return refused_; }  // irq -> why

 private:
  std::map<int, std::string> original_, refused_;
  Janitor* janitor_;
};

}  // namespace cudabench::harness
