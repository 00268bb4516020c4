// A cgroup v2 cpuset for one run's workload: affinity alone can be undone by the workload itself
// (sched_setaffinity), a cpuset cannot.
#pragma once

#include <string>
#include <vector>

namespace cudabench::harness {

class Janitor;

// The cgroup2 mount point from /proc/self/mounts; "" when there is none.
std::string cgroup2_mount_point();

// Why a cgroup v2 cpuset cannot be made here ("" when it can): no cgroup2 mount, or "cpuset" not
// in the mount's cgroup.controllers (on a hybrid hierarchy it is bound to cgroup v1).
std::string cpuset_unavailable_reason();

class CpusetCgroup {
 public:
  // Creates <cgroup2 mount>/cudabench-run-<pid>-<n> with cpuset.cpus = `cpus`, enabling cpuset in
  // the root's cgroup.subtree_control when needed. The root is the parent because only it may both
  // hold processes and delegate controllers (cgroup v2 "no internal processes" rule), and the
  // session cgroup holds the interferers. When it cannot be applied, applied() is false and
  // reason() says why; nothing is faked. `janitor` may be null (tests).
  CpusetCgroup(const std::vector<int>& cpus, Janitor* janitor);
  CpusetCgroup(const CpusetCgroup&) = delete;
  CpusetCgroup& operator=(const CpusetCgroup&) = delete;
  ~CpusetCgroup();  // kills what is left inside, removes the directory

  bool applied() const { return !dir_.empty(); }
  const std::string& reason() const { return reason_; }
  const std::string& dir() const { return dir_; }
  std::string procs_path() const { return applied() ? dir_ + "/cgroup.procs" : std::string(); }

 private:
  std::string dir_, reason_;
  Janitor* janitor_;
};

}  // namespace cudabench::harness
