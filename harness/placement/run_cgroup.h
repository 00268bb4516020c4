// A cgroup for one run's workload, under the session cgroup. The workload's process group is not
// enough: a daemon it double-forks with setsid leaves the group and would load every later run.
// When the run ends, cgroup.kill reaps everything inside, however it detached.
#pragma once

#include <string>

namespace cudabench::harness {

class Janitor;

class RunCgroup {
 public:
  // <session cgroup>/run-N, recorded with the janitor (a killed cudabench's watcher kills it).
  // When there is no session cgroup (no cgroup v2, no janitor) procs() is "" and nothing is made.
  explicit RunCgroup(Janitor* janitor);
  RunCgroup(const RunCgroup&) = delete;
  RunCgroup& operator=(const RunCgroup&) = delete;
  ~RunCgroup();  // kills what is left inside and removes it

  // cgroup.procs to join; "" when none was made.
  std::string procs() const { return dir_.empty() ? std::string() : dir_ + "/cgroup.procs"; }

 private:
  Janitor* janitor_;
  std::string dir_;
};

}  // namespace cudabench::harness
