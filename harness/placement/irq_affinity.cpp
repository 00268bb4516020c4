#include "harness/placement/irq_affinity.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <filesystem>
#include <fstream>
#include <stdexcept>

#include "common/cpu_list.h"
#include "common/error.h"
#include "common/log.h"
#include "harness/process/janitor.h"

namespace cudabench::harness {
namespace {

std::string affinity_path(int irq) {
  return "/proc/irq/" + std::to_string(irq) + "/smp_affinity_list";
}

// 0 on success, else errno: the kernel refuses an affinity at write() (EIO, EINVAL, EPERM).
int write_affinity(int irq, const std::string& list) {
  const int fd = open(affinity_path(irq).c_str(), O_WRONLY | O_CLOEXEC);
  if (fd < 0) return errno;
  const std::string text = list + "\n";
  const ssize_t n = write(fd, text.data(), text.size());
  const int err = n == static_cast<ssize_t>(text.size()) ? 0 : (n < 0 ? errno : EIO);
  close(fd);
  return err;
}

}  // namespace

std::vector<int> list_irqs() {
  std::vector<int> irqs;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator("/proc/irq", ec)) {
    const std::string name = entry.path().filename().string();
    if (!name.empty() && std::all_of(name.begin(), name.end(), ::isdigit)) irqs.push_back(std::stoi(name));
  }
  std::sort(irqs.begin(), irqs.end());
  return irqs;
}

std::string read_irq_affinity(int irq) {
  std::ifstream in(affinity_path(irq));
  std::string line;
  std::getline(in, line);
  return line;
}

IrqMover::IrqMover(const std::vector<int>& irqs, const std::vector<int>& target, Janitor* janitor)
    : janitor_(janitor) {
  if (target.empty()) {
    throw std::invalid_argument("no CPU left for interrupts: the workload uses every online CPU");
  }
  const std::string list = format_cpu_list(target);
  for (int irq : irqs) {
    const std::string original = read_irq_affinity(irq);
    if (original.empty()) {
      refused_[irq] = "cannot read " + affinity_path(irq);
      continue;
    }
    if (janitor_) janitor_->record_irq(irq, original);  // before the change: crash-safe
    if (const int err = write_affinity(irq, list); err != 0) {
      refused_[irq] = errno_text(err);
      if (janitor_) janitor_->forget_irq(irq);
      continue;
    }
    original_[irq] = original;
    log::debug("IRQ {}: affinity {} -> {}", irq, original, list);
  }
}

IrqMover::~IrqMover() {
  for (const auto& [irq, original] : original_) {
    if (const int err = write_affinity(irq, original); err != 0) {
      // The janitor keeps the record, so the watcher or the next session tries again.
      log::warn("cannot restore IRQ {} affinity to {}: {}", irq, original, errno_text(err));
      continue;
    }
    if (janitor_) janitor_->forget_irq(irq);
  }
}

}  // namespace cudabench::harness
