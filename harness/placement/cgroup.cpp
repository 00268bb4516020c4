#include "harness/placement/cgroup.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>

#include "common/cpu_list.h"
#include "common/error.h"
#include "harness/process/janitor.h"

namespace cudabench::harness {
namespace {

std::string read_first_line(const std::string& path) {
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);
  return line;
}

// "" on success, else strerror. Kernel files want one write(2) of the whole value.
std::string write_file(const std::string& path, const std::string& text) {
  const int fd = open(path.c_str(), O_WRONLY | O_CLOEXEC);
  if (fd < 0) return errno_text(errno);
  const ssize_t n = write(fd, text.data(), text.size());
  const int err = errno;
  close(fd);
  return n == static_cast<ssize_t>(text.size()) ? std::string() : errno_text(err);
}

bool has_word(const std::string& line, const std::string& word) {
  std::istringstream words(line);
  std::string w;
  while (words >> w)
    if (w == word) return true;
  return false;
}

bool cpuset_v1_mounted() {
  std::ifstream mounts("/proc/self/mounts");
  std::string dev, dir, type, options;
  while (mounts >> dev >> dir >> type >> options) {
    mounts.ignore(1 << 20, '\n');
    if (type == "cgroup" && options.find("cpuset") != std::string::npos) return true;
  }
  return false;
}

}  // namespace

std::string cgroup2_mount_point() {
  std::ifstream mounts("/proc/self/mounts");
  std::string dev, dir, type;
  while (mounts >> dev >> dir >> type) {
    mounts.ignore(1 << 20, '\n');
    if (type == "cgroup2") return dir;
  }
  return {};
}

std::string cpuset_unavailable_reason() {
  const std::string root = cgroup2_mount_point();
  if (root.empty()) return "no cgroup2 file system is mounted";
  const std::string controllers = read_first_line(root + "/cgroup.controllers");
  if (!has_word(controllers, "cpuset")) {
    return "the cpuset controller is not available in " + root + "/cgroup.controllers (\"" + controllers +
           "\")" + (cpuset_v1_mounted() ? "; it is bound to a cgroup v1 hierarchy (hybrid mode)" : "");
  }
  if (access((root + "/cgroup.subtree_control").c_str(), W_OK) != 0) {
    return "cannot write " + root + "/cgroup.subtree_control: " + errno_text(errno);
  }
  return {};
}

CpusetCgroup::CpusetCgroup(const std::vector<int>& cpus, Janitor* janitor) : janitor_(janitor) {
  reason_ = cpuset_unavailable_reason();
  if (!reason_.empty()) return;
  const std::string root = cgroup2_mount_point();
  if (!has_word(read_first_line(root + "/cgroup.subtree_control"), "cpuset")) {
    if (std::string err = write_file(root + "/cgroup.subtree_control", "+cpuset"); !err.empty()) {
      reason_ = "enabling cpuset in " + root + "/cgroup.subtree_control: " + err;
      return;
    }
  }
  static std::atomic<int> counter{0};
  const std::string dir =
      root + "/cudabench-run-" + std::to_string(getpid()) + "-" + std::to_string(counter++);
  if (janitor_) janitor_->record_path(dir);
  if (mkdir(dir.c_str(), 0755) != 0) {
    reason_ = "mkdir " + dir + ": " + errno_text(errno);
    if (janitor_) janitor_->forget_path(dir);
    return;
  }
  const std::string list = format_cpu_list(cpus);
  if (std::string err = write_file(dir + "/cpuset.cpus", list); !err.empty()) {
    reason_ = "writing " + list + " to " + dir + "/cpuset.cpus: " + err;
    rmdir(dir.c_str());
    if (janitor_) janitor_->forget_path(dir);
    return;
  }
  dir_ = dir;
}

CpusetCgroup::~CpusetCgroup() {
  if (dir_.empty()) return;
  // Empty it (cgroup.kill, or pid by pid before Linux 5.14); rmdir fails while a process is inside.
  kill_cgroup(dir_);
  for (int i = 0; i < 200 && rmdir(dir_.c_str()) != 0 && errno == EBUSY; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  if (janitor_ && access(dir_.c_str(), F_OK) != 0) janitor_->forget_path(dir_);
}

}  // namespace cudabench::harness
