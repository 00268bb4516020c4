// Child processes: the only interface to Boost.Process (v1 in Boost 1.74) in the project.
//
// Every child:
// - gets PR_SET_PDEATHSIG(SIGKILL), so it dies with cudabench even on SIGKILL;
// - leads its own process group, so stopping it stops its workers too;
// - joins the session cgroup when one exists (cgroup.kill reaps anything left, see janitor.h);
// - has its placement (affinity, nice, policy) applied between fork and exec, so not one
//   instruction of it runs unplaced;
// - writes stdout/stderr to files (no pipes to fill up and block it).
#pragma once

#include <sys/types.h>

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "harness/scenario/scenario.h"

namespace cudabench::harness {

struct SpawnOptions {
  std::vector<std::string> argv;                         // argv[0]: absolute path
  std::vector<std::pair<std::string, std::string>> env;  // added to the inherited environment
  std::string stdout_path, stderr_path;                  // empty = /dev/null
  Placement placement;
  std::string cgroup_procs;       // cgroup.procs file to join; empty = none
  bool hold_before_exec = false;  // child waits for release() before exec (tracer attach)
};

class Child {
 public:
  explicit Child(const SpawnOptions& options);  // throws RunError when it cannot start
  Child(const Child&) = delete;
  Child& operator=(const Child&) = delete;
  ~Child();  // kills the process group if still running

  pid_t pid() const;
  void release();  // lets a held child exec
  bool running();
  // Waits until exit or the deadline; true when it exited.
  bool wait_until(std::chrono::steady_clock::time_point deadline);
  // SIGTERM (or `signal`) to the group, SIGKILL after `grace`; waits for it.
  void stop(int signal, std::chrono::milliseconds grace);
  std::optional<int> exit_code() const;  // set once exited; 128+N when killed by signal N
  const std::string& name() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Runs argv (no shell, no placement) to its end, killing it after `timeout`, and returns what it
// printed on stdout then stderr; "" when it cannot start. For asking a tool what it supports.
std::string run_for_output(const std::vector<std::string>& argv, std::chrono::milliseconds timeout);

}  // namespace cudabench::harness
