// Undoing what a session changed, even when cudabench itself is SIGKILLed.
//
// Janitor::start() takes the machine-wide session lock (two sessions would disturb each other's
// measurements), cleans up after any earlier session that died, creates a per-session cgroup v2 for
// every child, and forks a watcher process. The watcher holds the read end of a pipe whose write end
// only cudabench holds; when cudabench dies, however it dies, the read returns EOF and the watcher
// undoes everything recorded in the session's state file (the watcher is named cb-watcher, so
// `killall cudabench` spares it; if it is killed too, the next session undoes the state file and
// says what it restored): it kills the session cgroup
// (cgroup.kill), restores IRQ affinities, removes cgroups and scratch directories. On a normal exit
// cudabench undoes its changes itself and the watcher finds nothing left to do.
#pragma once

#include <memory>
#include <string>

namespace cudabench::harness {

// Kills every process in the cgroup `dir` (not its children cgroups): cgroup.kill where the kernel
// has it (5.14), else SIGKILL to each pid of cgroup.procs until it is empty (bounded, 2 s).
void kill_cgroup(const std::string& dir);

class Janitor {
 public:
  // Throws RunError when another session holds the lock (naming its pid).
  static std::unique_ptr<Janitor> start();
  ~Janitor();  // normal exit: kills what is left in the session cgroup, removes it, stops watcher

  // Changes to undo if cudabench dies. Record before making the change, forget after undoing it.
  void record_irq(int irq, const std::string& original_affinity_list);
  void forget_irq(int irq);
  void record_path(const std::string& path);  // a cgroup directory or a scratch directory
  void forget_path(const std::string& path);

  // cgroup.procs of the session cgroup that every child joins; empty when cgroup v2 is not there.
  const std::string& cgroup_procs() const { return cgroup_procs_; }
  const std::string& cgroup_dir() const { return cgroup_dir_; }
  // Where cudabench keeps its state: /run/cudabench (root), else $XDG_RUNTIME_DIR/cudabench, else
  // /tmp/cudabench-UID. start() uses it only when it is a directory (not a link) owned by us and
  // not writable by group or others (RunError otherwise), opens the lock with O_NOFOLLOW, and
  // replays only state files that are regular files of ours.
  static std::string state_dir();

 private:
  Janitor() = default;
  static void make_state_dir(const std::string& dir);
  void append(const std::string& line);
  std::string state_file_, cgroup_dir_, cgroup_procs_;
  int lock_fd_ = -1, pipe_fd_ = -1;
  pid_t watcher_ = -1;
};

}  // namespace cudabench::harness
