// The one file that includes Boost.Process (v1, Boost 1.74).
//
// Boost.Process v1's child constructor waits until exec has succeeded, so a child cannot be held
// *before* exec inside on_exec_setup. A held child therefore execs a tiny trampoline first
// (`cudabench __exec-held FD -- ARGV`, see exec_held() below): same pid, placement already applied,
// it blocks on a pipe until release() and then execs the real program. The tracer filters by pid,
// so it sees the workload from its first instruction.
#include "harness/process/process.h"

#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <boost/process.hpp>
#include <boost/process/extend.hpp>
#include <cstring>
#include <thread>

#include "common/error.h"

namespace bp = boost::process;

namespace cudabench::harness {
namespace {

int policy_value(SchedPolicy p) {
  switch (p) {
    case SchedPolicy::fifo: return SCHED_FIFO;
    case SchedPolicy::rr: return SCHED_RR;
    case SchedPolicy::other: return SCHED_OTHER;
  }
  return SCHED_OTHER;
}

struct SetupFailure {
  int error;
  char step[60];
};

// Everything the child does between fork and exec. Only async-signal-safe calls: cudabench may
// have other threads (the tracer's consumer) when it forks.
struct ChildSetup {
  pid_t parent = 0;
  int cgroup_fd = -1;
  int hold_read = -1, hold_write = -1;
  cpu_set_t cpus{};
  bool set_cpus = false;
  const Placement* placement = nullptr;

  int error_write = -1;  // SetupFailure goes here; close-on-exec, so exec leaves it empty

  // Boost's own child-to-parent error report writes code, length and text in three writes that the
  // parent reads racily (the text is lost under load), and a failed on_exec_setup step would still
  // exec the program. So a failed step reports here, in one atomic write, and the child exits.
  template <typename Executor>
  void operator()(Executor&) const {
    auto fail = [&](const char* what) {
      SetupFailure failure{errno, {}};
      for (size_t i = 0; what[i] && i + 1 < sizeof failure.step; ++i) failure.step[i] = what[i];
      (void)!write(error_write, &failure, sizeof failure);
      _exit(127);
    };
    setpgid(0, 0);
    if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0) return fail("prctl(PR_SET_PDEATHSIG)");
    if (getppid() != parent) _exit(1);  // cudabench died between fork and prctl
    if (cgroup_fd >= 0 && write(cgroup_fd, "0", 1) != 1) return fail("joining its cgroup");
    if (set_cpus && sched_setaffinity(0, sizeof cpus, &cpus) != 0) return fail("sched_setaffinity");
    if (placement->nice && setpriority(PRIO_PROCESS, 0, *placement->nice) != 0)
      return fail("setpriority (nice)");
    if (placement->policy != SchedPolicy::other) {
      sched_param param{};
      param.sched_priority = placement->priority;
      if (sched_setscheduler(0, policy_value(placement->policy), &param) != 0)
        return fail(placement->policy == SchedPolicy::fifo ? "sched_setscheduler(SCHED_FIFO)"
                                                           : "sched_setscheduler(SCHED_RR)");
    }
    if (hold_read >= 0) {
      close(hold_write);
      fcntl(hold_read, F_SETFD, 0);  // the trampoline inherits it
    }
  }
};

std::string self_exe() {
  char buf[4096];
  ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
  if (n <= 0) throw_errno("readlink /proc/self/exe");
  return std::string(buf, static_cast<size_t>(n));
}

}  // namespace

struct Child::Impl {
  bp::child child;
  std::string name;
  int hold_write = -1;
  std::optional<int> exit_code;
};

Child::Child(const SpawnOptions& o) : impl_(std::make_unique<Impl>()) {
  if (o.argv.empty()) throw RunError("internal: empty argv");
  impl_->name = o.argv[0].substr(o.argv[0].rfind('/') + 1);
  ChildSetup setup;
  setup.parent = getpid();
  setup.placement = &o.placement;
  for (int cpu : o.placement.cpus) {
    CPU_SET(cpu, &setup.cpus);
    setup.set_cpus = true;
  }
  if (!o.cgroup_procs.empty()) {
    setup.cgroup_fd = open(o.cgroup_procs.c_str(), O_WRONLY | O_CLOEXEC);
    if (setup.cgroup_fd < 0) throw_errno("open " + o.cgroup_procs);
  }
  std::vector<std::string> argv = o.argv;
  if (o.hold_before_exec) {
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0) throw_errno("pipe2");
    setup.hold_read = fds[0];
    setup.hold_write = impl_->hold_write = fds[1];
    argv.insert(argv.begin(), {self_exe(), "__exec-held", std::to_string(fds[0]), "--"});
  }
  bp::environment env = boost::this_process::environment();
  for (const auto& [k, v] : o.env) env[k] = v;
  std::string out = o.stdout_path.empty() ? "/dev/null" : o.stdout_path;
  std::string err = o.stderr_path.empty() ? "/dev/null" : o.stderr_path;
  std::vector<std::string> args(argv.begin() + 1, argv.end());
  int error_pipe[2];
  if (pipe2(error_pipe, O_CLOEXEC) != 0) throw_errno("pipe2");
  setup.error_write = error_pipe[1];
  std::string failure;
  try {
    impl_->child = bp::child(bp::exe = argv[0], bp::args = args, env, bp::std_in<bp::null, bp::std_out> out,
                             bp::std_err > err, bp::extend::on_exec_setup = setup);
  } catch (const bp::process_error& e) {
    failure = "exec: " + e.code().message();  // what() may have lost Boost's text, see ChildSetup
  }
  close(error_pipe[1]);
  if (setup.cgroup_fd >= 0) close(setup.cgroup_fd);
  if (setup.hold_read >= 0) close(setup.hold_read);
  // bp::child returns once the child has exec'd or exited, so this read does not wait.
  SetupFailure setup_failure{};
  if (read(error_pipe[0], &setup_failure, sizeof setup_failure) == sizeof setup_failure) {
    setup_failure.step[sizeof setup_failure.step - 1] = 0;
    failure = std::string(setup_failure.step) + ": " + std::strerror(setup_failure.error);
    std::error_code ignored;
    impl_->child.wait(ignored);  // reap it: it exited without exec
  }
  close(error_pipe[0]);
  if (!failure.empty()) {
    if (impl_->hold_write >= 0) close(impl_->hold_write);
    impl_->exit_code = 127;
    throw RunError("cannot start " + o.argv[0] + ": " + failure);
  }
}

Child::~Child() {
  if (!impl_) return;
  if (impl_->hold_write >= 0) close(impl_->hold_write);
  if (!impl_->exit_code) stop(SIGKILL, std::chrono::milliseconds(0));
}

pid_t Child::pid() const {
  return impl_->child.id();
}
const std::string& Child::name() const {
  return impl_->name;
}

void Child::release() {
  if (impl_->hold_write < 0) return;
  char go = 'g';
  if (write(impl_->hold_write, &go, 1) != 1) throw_errno("releasing " + impl_->name);
  close(impl_->hold_write);
  impl_->hold_write = -1;
}

bool Child::running() {
  if (impl_->exit_code) return false;
  std::error_code ec;
  if (impl_->child.running(ec)) return true;
  // bp's exit_code() is the raw status decoded: normal exit code, or the signal number for a
  // killed child; report signals shell-style as 128+N.
  int native = impl_->child.native_exit_code();
  impl_->exit_code = WIFSIGNALED(native) ? 128 + WTERMSIG(native) : WEXITSTATUS(native);
  return false;
}

bool Child::wait_until(std::chrono::steady_clock::time_point deadline) {
  // Polling (5 ms) rather than bp::child::wait_until, which in Boost 1.74 juggles SIGCHLD masks.
  while (running()) {
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return true;
}

void Child::stop(int signal, std::chrono::milliseconds grace) {
  pid_t group = pid();
  if (group <= 0) return;
  if (running()) {
    killpg(group, signal);
    if (!wait_until(std::chrono::steady_clock::now() + grace)) {
      killpg(group, SIGKILL);
      wait_until(std::chrono::steady_clock::now() + std::chrono::seconds(10));
    }
  }
  killpg(group, SIGKILL);  // workers the leader left behind
}

std::optional<int> Child::exit_code() const {
  return impl_->exit_code;
}

namespace {

// A private temporary file (mkstemp: O_EXCL, 0600), removed when this goes out of scope.
struct TempFile {
  std::string path = "/tmp/cudabench-out-XXXXXX";
  TempFile() {
    const int fd = mkstemp(path.data());
    if (fd < 0) path.clear();
    if (fd >= 0) close(fd);
  }
  ~TempFile() {
    if (!path.empty()) unlink(path.c_str());
  }
  std::string text() const {
    std::string out;
    const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
    char buf[4096];
    for (ssize_t n; fd >= 0 && (n = read(fd, buf, sizeof buf)) > 0;) out.append(buf, static_cast<size_t>(n));
    if (fd >= 0) close(fd);
    return out;
  }
};

}  // namespace

std::string run_for_output(const std::vector<std::string>& argv, std::chrono::milliseconds timeout) {
  TempFile out, err;
  if (out.path.empty() || err.path.empty()) return {};
  SpawnOptions o;
  o.argv = argv;
  o.stdout_path = out.path;
  o.stderr_path = err.path;
  try {
    Child child(o);
    if (!child.wait_until(std::chrono::steady_clock::now() + timeout)) child.stop(SIGKILL, timeout);
  } catch (const RunError&) {
    return {};
  }
  return out.text() + err.text();
}

}  // namespace cudabench::harness
