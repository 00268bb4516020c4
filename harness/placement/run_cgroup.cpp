#include "harness/placement/run_cgroup.h"

#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <thread>

#include "common/log.h"
#include "harness/process/janitor.h"

namespace cudabench::harness {

RunCgroup::RunCgroup(Janitor* janitor) : janitor_(janitor) {
  if (!janitor_ || janitor_->cgroup_dir().empty()) return;
  static std::atomic<int> counter{0};
  const std::string dir = janitor_->cgroup_dir() + "/run-" + std::to_string(counter++);
  janitor_->record_path(dir);  // before it exists: crash-safe
  if (mkdir(dir.c_str(), 0755) != 0 || access((dir + "/cgroup.procs").c_str(), W_OK) != 0) {
    log::debug("no run cgroup {}: {}", dir, std::strerror(errno));
    rmdir(dir.c_str());
    janitor_->forget_path(dir);
    return;
  }
  dir_ = dir;
}

RunCgroup::~RunCgroup() {
  if (dir_.empty()) return;
  // Every process inside, however it detached; rmdir fails while one remains.
  kill_cgroup(dir_);
  for (int i = 0; i < 200 && rmdir(dir_.c_str()) != 0 && errno == EBUSY; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  if (access(dir_.c_str(), F_OK) != 0)
    janitor_->forget_path(dir_);
  else
    log::warn("cannot remove the run cgroup {}: {}", dir_, std::strerror(errno));
}

}  // namespace cudabench::harness
