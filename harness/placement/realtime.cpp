#include "harness/placement/realtime.h"

#include <fcntl.h>
#include <sched.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>

#include "harness/placement/cgroup.h"

namespace cudabench::harness {

int probe_realtime(const std::string& cgroup_procs, int policy, int priority) {
  int fd = -1;
  if (!cgroup_procs.empty()) {
    fd = open(cgroup_procs.c_str(), O_WRONLY | O_CLOEXEC);
    if (fd < 0) return errno;
  }
  // Only async-signal-safe calls in the child: the tracer's consumer thread may be running.
  pid_t pid = fork();
  if (pid == 0) {
    if (fd >= 0 && write(fd, "0", 1) != 1) _exit(errno & 0xff);
    sched_param param{};
    param.sched_priority = priority;
    _exit(sched_setscheduler(0, policy, &param) == 0 ? 0 : (errno & 0xff));
  }
  const int fork_errno = errno;
  if (fd >= 0) close(fd);
  if (pid < 0) return fork_errno;
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : ECHILD;
}

std::string root_cgroup_procs() {
  const std::string mount = cgroup2_mount_point();
  return mount.empty() ? std::string() : mount + "/cgroup.procs";
}

std::string realtime_blocked_by_cgroup(const Placement& placement, const std::string& cgroup_procs) {
  if (placement.policy == SchedPolicy::other || cgroup_procs.empty()) return {};
  const int policy = placement.policy == SchedPolicy::fifo ? SCHED_FIFO : SCHED_RR;
  if (probe_realtime(cgroup_procs, policy, placement.priority) != EPERM) return {};
  const std::string root = root_cgroup_procs();
  if (root.empty() || root == cgroup_procs || probe_realtime(root, policy, placement.priority) != 0)
    return {};
  return "this kernel's RT group scheduling (CONFIG_RT_GROUP_SCHED) gives cgroups other than the "
         "root no real-time runtime, and cgroup v2 cannot grant it (boot with rt_group_sched=0 to "
         "lift this)";
}

}  // namespace cudabench::harness
