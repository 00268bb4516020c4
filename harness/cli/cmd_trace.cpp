// `cudabench trace`: trace one command (held before exec, so nothing is missed) or a running
// process, print a summary, optionally export the original CSV and a Perfetto trace.
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <thread>

#include "common/error.h"
#include "common/input.h"
#include "common/log.h"
#include "common/path.h"
#include "harness/cli/args.h"
#include "harness/cli/commands.h"
#include "harness/cli/trace_outputs.h"
#include "harness/process/signals.h"
#include "results/report/trace_summary.h"
#include "results/trace/csv.h"
#include "results/trace/perfetto.h"
#include "tracer/tracer.h"

namespace cudabench::harness {
namespace {

// `cmd` as execvp would find it.
std::string resolve_command(const std::string& cmd) {
  std::string exe = find_executable(cmd);
  if (exe.empty())
    throw UserError(fmt::format("{}: not found or not executable", cmd), "give a path or fix PATH");
  return exe;
}

// A child blocked on a pipe until release(), then exec'd: the tracer is attached before the program
// runs. exec failures come back through a close-on-exec pipe.
class HeldCommand {
 public:
  HeldCommand(const std::string& exe, const std::vector<std::string>& argv) {
    int gate[2], status[2];
    if (pipe2(gate, O_CLOEXEC) || pipe2(status, O_CLOEXEC)) throw_errno("pipe");
    pid_ = fork();
    if (pid_ < 0) throw_errno("fork");
    if (pid_ == 0) {
      signal(SIGINT, SIG_DFL), signal(SIGTERM, SIG_DFL);
      char go;
      if (read(gate[0], &go, 1) != 1) _exit(127);
      std::vector<char*> args;
      for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
      args.push_back(nullptr);
      execv(exe.c_str(), args.data());
      int err = errno;
      (void)!write(status[1], &err, sizeof(err));
      _exit(127);
    }
    close(gate[0]), close(status[1]);
    gate_ = gate[1], status_ = status[0];
  }
  ~HeldCommand() {
    if (pid_ > 0 && !exited_) kill(pid_, SIGKILL), waitpid(pid_, nullptr, 0);
    if (gate_ >= 0) close(gate_);
    if (status_ >= 0) close(status_);
  }
  pid_t pid() const { return pid_; }
  void release(const std::string& exe) {
    char go = 1;
    if (write(gate_, &go, 1) != 1) throw_errno("release the traced command");
    close(gate_), gate_ = -1;
    int err = 0;
    if (read(status_, &err, sizeof(err)) == sizeof(err))
      throw RunError(fmt::format("cannot run {}: {}", exe, strerror(err)));
  }
  // True once the child has exited; `code` is its exit status (128+signal when killed).
  bool poll(int& code) {
    int status = 0;
    if (exited_ || waitpid(pid_, &status, WNOHANG) != pid_) return exited_;
    exited_ = true;
    code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    return true;
  }
  void terminate() { kill(pid_, SIGTERM); }

 private:
  pid_t pid_ = -1;
  int gate_ = -1, status_ = -1;
  bool exited_ = false;
};

tracer::Options tracer_options(const Args& a) {
  tracer::Options o;
  o.cuda_lib = a.value("--cuda-lib").value_or("");
  if (std::string why = o.cuda_lib.empty() ? "" : regular_readable_problem(o.cuda_lib); !why.empty())
    throw UserError("--cuda-lib " + o.cuda_lib + ": " + why,
                    "give the path of libcuda.so.1 (a regular file)");
  if (auto probes = a.value("--probe")) {
    std::stringstream in(*probes);
    for (std::string p; std::getline(in, p, ',');) o.extra_probes.push_back(p);
  }
  if (auto mb = a.integer("--ringbuf-mb", 1, 4096)) o.ringbuf_bytes = size_t(*mb) << 20;
  return o;
}

// launch (default): CUDA launch and sync uprobes too; sched: scheduler and IRQ tracepoints only.
tracer::Level level(const Args& a) {
  auto text = a.value("--level").value_or("launch");
  if (text == "launch") return tracer::Level::launch;
  if (text == "sched") return tracer::Level::sched;
  throw UserError(fmt::format("--level expects sched or launch, got '{}'", text));
}

double duration_s(const Args& a) {
  auto text = a.value("--duration");
  if (!text) return 0;
  char* end = nullptr;
  double s = strtod(text->c_str(), &end);
  if (!end || *end || s <= 0) throw UserError(fmt::format("--duration {}: expected seconds > 0", *text));
  return s;
}

bool time_is_up(std::chrono::steady_clock::time_point start, double limit_s) {
  return limit_s > 0 &&
         std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() >= limit_s;
}

int trace_command(const Args& a, tracer::Tracer& t, double limit_s) {
  std::vector<std::string> argv = a.positionals();
  std::string exe = resolve_command(argv[0]);
  HeldCommand child(exe, argv);
  t.begin(child.pid(), exe, level(a));
  child.release(exe);
  auto start = std::chrono::steady_clock::now();
  int code = 0;
  bool timed_out = false;
  while (!child.poll(code)) {
    if (interrupted() || (timed_out = time_is_up(start, limit_s))) {
      child.terminate();
      while (!child.poll(code)) std::this_thread::sleep_for(std::chrono::milliseconds(10));
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  write_trace_outputs(t.end(), trace_outputs(a), code);
  if (int sig = interrupted()) return 128 + sig;
  // --duration ended it as asked: a success. Otherwise the traced command's own status, as strace
  // and time pass it on.
  if (timed_out) return 0;
  if (code != 0) log::info("{} exited with status {}", argv[0], code);
  return code;
}

int trace_pid(const Args& a, tracer::Tracer& t, double limit_s) {
  auto pid = a.integer("--pid", 1, 1 << 30);
  std::string exe = "/proc/" + std::to_string(*pid) + "/exe";
  if (kill(*pid, 0) != 0) throw UserError(fmt::format("-p {}: {}", *pid, strerror(errno)));
  t.begin(*pid, exe, level(a));
  log::info("tracing pid {} {}; Ctrl-C to stop", *pid, limit_s > 0 ? fmt::format("for {} s", limit_s) : "");
  auto start = std::chrono::steady_clock::now();
  while (!interrupted() && !time_is_up(start, limit_s) && kill(*pid, 0) == 0)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  write_trace_outputs(t.end(), trace_outputs(a));
  return 0;
}

}  // namespace

int cmd_trace(const CommandArgs& args) {
  const auto& spec = command_spec("trace");
  Args a(spec, args);
  if (a.flag("--help")) {
    std::cout << command_help(spec);
    return 0;
  }
  bool has_pid = a.value("--pid").has_value(), has_cmd = !a.positionals().empty();
  if (has_pid == has_cmd)
    throw UserError("trace needs either -p PID or -- CMD ARGS...", "see 'cudabench help trace'");
  trace_outputs(a);  // a bad --format is bad input before anything starts
  double limit_s = duration_s(a);
  install_signal_handlers();
  level(a);  // bad input before anything starts
  auto t = tracer::Tracer::open(tracer_options(a));
  return has_pid ? trace_pid(a, *t, limit_s) : trace_command(a, *t, limit_s);
}

}  // namespace cudabench::harness
