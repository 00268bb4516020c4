#include "child.h"

#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <stdexcept>

namespace cudabench::testing {
namespace {

void pin(int cpu) {
  if (cpu < 0) return;
  cpu_set_t set;
  CPU_ZERO(&set);
  CPU_SET(cpu, &set);
  sched_setaffinity(0, sizeof(set), &set);
}

}  // namespace

HeldChild::HeldChild(const std::vector<std::string>& argv, int cpu) {
  int fds[2];
  if (pipe2(fds, O_CLOEXEC)) throw std::runtime_error("pipe");
  pid_ = fork();
  if (pid_ == 0) {
    char go;
    close(fds[1]);
    if (read(fds[0], &go, 1) != 1) _exit(126);
    pin(cpu);
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    execv(args[0], args.data());
    _exit(127);
  }
  close(fds[0]);
  gate_ = fds[1];
}

HeldChild::~HeldChild() {
  if (gate_ >= 0) close(gate_);
  if (pid_ > 0) {
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
  }
}

void HeldChild::release() {
  char go = 1;
  if (write(gate_, &go, 1) != 1) throw std::runtime_error("release");
  close(gate_);
  gate_ = -1;
}

int HeldChild::wait() {
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

CpuHog::CpuHog(int cpu) {
  pid_ = fork();
  if (pid_ == 0) {
    prctl(PR_SET_NAME, "cb-hog");
    pin(cpu);
    for (;;) __asm__ volatile("" ::: "memory");
  }
}

CpuHog::~CpuHog() {
  kill(pid_, SIGKILL);
  waitpid(pid_, nullptr, 0);
}

bool can_trace(std::string& why) {
  if (geteuid() != 0) {
    why = "not root: the tracer needs CAP_BPF/CAP_PERFMON (run the tests as root)";
    return false;
  }
  if (access("/sys/kernel/btf/vmlinux", R_OK) != 0) {
    why = "no /sys/kernel/btf/vmlinux: the kernel has no BTF";
    return false;
  }
  return true;
}

}  // namespace cudabench::testing
