#include "harness/interferers/interferers.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <thread>

#include <fmt/ranges.h>

#include "common/cpu_list.h"
#include "common/error.h"
#include "common/log.h"
#include "common/path.h"
#include "harness/interferers/intensity.h"
#include "harness/placement/realtime.h"
#include "harness/process/janitor.h"

namespace cudabench::harness {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

struct InterfererSet::Running {
  int index = 0;
  std::string kind, name;
  std::unique_ptr<Child> server;      // iperf3 only: started first, stopped last
  std::unique_ptr<Child> main;        // the tool itself (iperf3: the client)
  std::string report, server_report;  // stress-ng yaml / iperf3 client json / fio json
  std::string stderr_path, server_stderr_path;
  std::string scratch;  // fio's private directory
};

namespace {

// Long enough never to end on its own: the interferer runs until stop().
constexpr const char* forever_s = "86400";

std::string tool_path(const std::string& tool) {
  std::string path = find_executable(tool);
  if (path.empty()) {
    throw UserError(tool + " not found in PATH", "install it: apt-get install " + tool);
  }
  return path;
}

std::string tail_of(const std::string& path, size_t bytes = 400) {
  auto text = read_text_file(path);
  if (!text) return {};
  std::string tail = text->size() > bytes ? text->substr(text->size() - bytes) : *text;
  while (!tail.empty() && (tail.back() == '\n' || tail.back() == ' ')) tail.pop_back();
  return tail;
}

// "interferer 1 (fio) exited with code 1: fio: ... " for a child that is not running.
std::string death_reason(const std::string& name, const Child& child, const std::string& err_path) {
  auto code = child.exit_code();
  std::string reason = name + (code ? " exited with code " + std::to_string(*code) : " is not running");
  std::string tail = tail_of(err_path);
  if (!tail.empty()) reason += ": " + tail;
  return reason;
}

// Every interferer joins the session cgroup (when there is one): a SIGKILLed cudabench's janitor
// kills the whole cgroup, reaching the processes fio and stress-ng fork into their own sessions.
std::unique_ptr<Child> spawn(std::vector<std::string> argv, const std::string& base,
                             const Placement& placement, std::string* stderr_path,
                             const std::string& cgroup_procs) {
  if (std::string why = realtime_blocked_by_cgroup(placement, cgroup_procs); !why.empty()) {
    throw RunError(argv[0] +
                   ": its real-time policy cannot be applied in cudabench's session "
                   "cgroup, which every interferer joins so that none outlives a killed cudabench: " +
                   why);
  }
  SpawnOptions options;
  options.cgroup_procs = cgroup_procs;
  options.argv = std::move(argv);
  options.stdout_path = base + ".stdout";
  options.stderr_path = base + ".stderr";
  options.placement = placement;
  *stderr_path = options.stderr_path;
  log::debug("starting {}", fmt::join(options.argv, " "));
  return std::make_unique<Child>(options);
}

bool wait_listening(int port, Child& server, Clock::time_point deadline) {
  while (Clock::now() < deadline) {
    if (!server.running()) return false;
    if (loopback_port_listening(port)) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return false;
}

void stop_child(Child* child, std::chrono::milliseconds grace) {
  if (child && child->running()) child->stop(SIGINT, grace);
}

}  // namespace

std::vector<std::string> fio_job_arguments(const std::map<std::string, std::string>& options) {
  static const std::set<std::string> refused = {"filename",        "directory",
                                                "filename_format", "opendir",
                                                "output",          "output-format",
                                                "exec_prerun",     "exec_postrun",
                                                "write_bw_log",    "write_lat_log",
                                                "write_iops_log",  "write_hist_log",
                                                "per_job_logs",    "trigger",
                                                "trigger-file",    "trigger-remote",
                                                "trigger-timeout", "client",
                                                "server",          "ioscheduler",
                                                "pre_read",        "cgroup",
                                                "time_based",      "runtime",
                                                "read_iolog",      "write_iolog",
                                                "replay_redirect", "merge_blktrace_file",
                                                "ioengine_lib",    "blockalign_overlap",
                                                "pmem_path",       "spdk_conf",
                                                "include"};
  std::vector<std::string> args;
  for (const auto& [key, value] : options) {
    std::string why;
    if (refused.count(key)) {
      why = "fio option '" + key + "' is set by cudabench or could act outside the scratch directory";
    } else if (!value.empty() && value.front() == '/') {
      why = "fio option " + key + "=" + value + " names an absolute path";
    } else if (value.find("/dev/") != std::string::npos || value.find("..") != std::string::npos) {
      why = "fio option " + key + "=" + value + " names a path outside the scratch directory";
    } else if (key == "ioengine" && value.rfind("external", 0) == 0) {
      why = "fio ioengine=" + value + " loads code from a path";
    } else if (key.empty() || key.front() == '-' || key.find('=') != std::string::npos) {
      why = "fio option '" + key + "' is not an option name";
    }
    if (!why.empty()) {
      throw UserError(why,
                      "fio runs in a private scratch directory under scratch_parent; "
                      "give job options only (rw, bs, size, iodepth, ioengine, direct, ...)");
    }
    args.push_back(value.empty() ? "--" + key : "--" + key + "=" + value);
  }
  return args;
}

int free_loopback_port() {
  const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) throw_errno("socket");
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    const int err = errno;
    close(fd);
    throw RunError("cannot find a free port on 127.0.0.1: " + errno_text(err));
  }
  close(fd);
  return ntohs(addr.sin_port);
}

bool loopback_port_listening(int port) {
  std::ifstream in("/proc/net/tcp");
  std::string line;
  std::getline(in, line);  // header
  char want_lo[32], want_any[32];
  snprintf(want_lo, sizeof want_lo, "0100007F:%04X", port);  // 127.0.0.1, host byte order
  snprintf(want_any, sizeof want_any, "00000000:%04X", port);
  while (std::getline(in, line)) {
    char local[64] = {}, remote[64] = {}, state[8] = {};
    // "  0: 0100007F:1F90 00000000:0000 0A ..." ; state 0A is TCP_LISTEN.
    if (sscanf(line.c_str(), "%*d: %63s %63s %7s", local, remote, state) != 3) continue;
    if (std::string(state) == "0A" && (want_lo == std::string(local) || want_any == std::string(local)))
      return true;
  }
  return false;
}

InterfererSet::InterfererSet(const std::vector<Interferer>& interferers, const std::string& run_dir,
                             Janitor* janitor)
    : run_dir_(run_dir), janitor_(janitor) {
  std::error_code ec;
  fs::create_directories(run_dir_, ec);
  if (ec) throw RunError("cannot create " + run_dir_ + ": " + ec.message());
  try {
    double settle_s = 0;
    for (size_t i = 0; i < interferers.size(); ++i) {
      start_one(static_cast<int>(i), interferers[i]);
      settle_s = std::max(settle_s, interferers[i].settle_s);
    }
    // One wait for all: each had at least its own settle_s when it is checked.
    std::this_thread::sleep_for(std::chrono::duration<double>(settle_s));
    if (std::string dead = check_alive(); !dead.empty()) {
      throw RunError(dead, "run the interferer's command by hand to see why it stops");
    }
  } catch (...) {
    stop_all(std::chrono::seconds(2));
    remove_scratch();
    throw;
  }
}

InterfererSet::~InterfererSet() {
  try {
    stop_all(std::chrono::seconds(2));
    remove_scratch();
  } catch (const std::exception& e) {
    log::warn("stopping interferers: {}", e.what());
  }
}

void InterfererSet::start_one(int index, const Interferer& spec) {
  // Listed before anything starts, so a failure below still stops and cleans what it made.
  running_.push_back(std::make_unique<Running>());
  Running& r = *running_.back();
  r.index = index;
  r.kind = spec.kind;
  r.name = "interferer " + std::to_string(index) + " (" + spec.kind + ")";
  const std::string base = run_dir_ + "/interferer" + std::to_string(index) + "-" + spec.kind;
  if (spec.kind == "stress-ng") {
    start_stress_ng(r, spec, base);
  } else if (spec.kind == "iperf3") {
    start_iperf3(r, spec, base);
  } else if (spec.kind == "fio") {
    start_fio(r, spec, base);
  } else if (spec.kind == "command") {
    std::vector<std::string> argv = spec.argv;
    if (argv.empty()) throw UserError(r.name + ": empty argv");
    if (argv[0].find('/') == std::string::npos) argv[0] = tool_path(argv[0]);
    r.main = spawn(argv, base, spec.placement, &r.stderr_path, cgroup_procs());
  } else {
    throw UserError(r.name + ": unknown interferer kind '" + spec.kind + "'",
                    "kinds: stress-ng, iperf3, fio, command");
  }
}

void InterfererSet::start_stress_ng(Running& r, const Interferer& spec, const std::string& base) {
  r.report = base + ".yaml";
  // --cpu 0 is stress-ng's "one per online CPU"; the note keeps the real count.
  const int workers = spec.workers > 0 ? spec.workers : static_cast<int>(online_cpus().size());
  notes_.push_back(r.name + ": " + std::to_string(workers) + " " + spec.method + " workers" +
                   (spec.workers == 0 ? " (--cpu 0: one per online CPU)" : ""));
  r.main = spawn({tool_path("stress-ng"), "--cpu", std::to_string(spec.workers), "--cpu-method", spec.method,
                  "--metrics-brief", "--yaml", r.report, "--timeout", forever_s},
                 base, spec.placement, &r.stderr_path, cgroup_procs());
}

void InterfererSet::start_iperf3(Running& r, const Interferer& spec, const std::string& base) {
  const std::string iperf3 = tool_path("iperf3");
  r.server_report = base + "-server.json";
  r.report = base + "-client.json";
  // The port was free when probed; another process may take it before the server binds, so a
  // server that does not come up gets a fresh port, three times at most.
  int port = 0;
  for (int attempt = 0; attempt < 3 && !r.server; ++attempt) {
    port = free_loopback_port();
    r.server = spawn({iperf3, "-s", "-B", "127.0.0.1", "-p", std::to_string(port), "-1", "-J", "--logfile",
                      r.server_report},
                     base + "-server", spec.placement, &r.server_stderr_path, cgroup_procs());
    if (!wait_listening(port, *r.server, Clock::now() + std::chrono::seconds(5))) {
      log::debug("{}: server on port {} did not listen: {}", r.name, port,
                 death_reason("server", *r.server, r.server_stderr_path));
      stop_child(r.server.get(), std::chrono::milliseconds(500));
      r.server.reset();
    }
  }
  if (!r.server) throw RunError(r.name + ": the iperf3 server never listened on 127.0.0.1");
  notes_.push_back(r.name + ": " + std::to_string(spec.streams) +
                   " streams on 127.0.0.1:" + std::to_string(port));
  r.main = spawn({iperf3, "-c", "127.0.0.1", "-p", std::to_string(port), "-P", std::to_string(spec.streams),
                  "-t", forever_s, "-J", "--logfile", r.report},
                 base + "-client", spec.placement, &r.stderr_path, cgroup_procs());
}

void InterfererSet::start_fio(Running& r, const Interferer& spec, const std::string& base) {
  std::vector<std::string> argv = {tool_path("fio")};
  const std::vector<std::string> job = fio_job_arguments(spec.fio_options);  // may refuse
  if (!spec.fio_options.count("name")) argv.push_back("--name=interferer" + std::to_string(r.index));
  argv.insert(argv.end(), job.begin(), job.end());
  std::string pattern = spec.scratch_parent + "/cudabench-fio-XXXXXX";
  if (!mkdtemp(pattern.data())) throw_errno("mkdtemp " + pattern);
  r.scratch = pattern;
  if (janitor_) janitor_->record_path(r.scratch);
  r.report = base + ".json";
  argv.insert(argv.end(), {"--directory=" + r.scratch, "--time_based", std::string("--runtime=") + forever_s,
                           "--output-format=json", "--output=" + r.report});
  r.main = spawn(argv, base, spec.placement, &r.stderr_path, cgroup_procs());
}

std::string InterfererSet::check_alive() {
  for (auto& r : running_) {
    if (r->server && !r->server->running() && r->main && r->main->running()) {
      return death_reason(r->name + " server", *r->server, r->server_stderr_path);
    }
    if (!r->main || !r->main->running()) {
      return r->main ? death_reason(r->name, *r->main, r->stderr_path) : r->name + " did not start";
    }
  }
  return {};
}

void InterfererSet::stop_all(std::chrono::milliseconds grace) {
  if (stopped_) return;
  stopped_ = true;
  // One SIGINT each, all at once, and one shared deadline: a second SIGINT could cut a report
  // short, and stopping one by one would let the others run on during the first one's grace.
  const auto deadline = Clock::now() + grace;
  for (auto& r : running_) {
    if (r->main && r->main->running()) killpg(r->main->pid(), SIGINT);
  }
  for (auto it = running_.rbegin(); it != running_.rend(); ++it) {
    Running& r = **it;
    if (r.main) {
      if (!r.main->wait_until(deadline)) {
        warnings_.push_back(r.name + " ignored SIGINT for " + std::to_string(grace.count()) +
                            " ms and was killed");
      }
      r.main->stop(SIGKILL, std::chrono::milliseconds(0));  // also reaps workers left behind
    }
    if (r.server) {
      // The -1 server ends by itself once its client has gone, after writing what it received.
      r.server->wait_until(std::max(deadline, Clock::now() + std::chrono::seconds(1)));
      stop_child(r.server.get(), std::chrono::seconds(1));
      r.server->stop(SIGKILL, std::chrono::milliseconds(0));
    }
  }
}

std::vector<pid_t> InterfererSet::pids() const {
  std::vector<pid_t> out;
  for (const auto& r : running_) {
    if (r->server) out.push_back(r->server->pid());
    if (r->main) out.push_back(r->main->pid());
  }
  return out;
}

void InterfererSet::remove_scratch() {
  for (auto& r : running_) {
    if (r->scratch.empty()) continue;
    std::error_code ec;
    fs::remove_all(r->scratch, ec);
    if (ec) {
      warnings_.push_back("cannot remove fio scratch directory " + r->scratch + ": " + ec.message());
      continue;
    }
    if (janitor_) janitor_->forget_path(r->scratch);
    r->scratch.clear();
  }
}

std::vector<results::Intensity> InterfererSet::stop(std::chrono::milliseconds grace) {
  stop_all(grace);
  remove_scratch();
  std::vector<results::Intensity> out;
  for (auto& r : running_) {
    results::Intensity in;
    in.interferer = r->index;
    in.kind = r->kind;
    try {
      if (r->kind == "stress-ng") {
        in.metric = "bogo_ops_per_s", in.unit = "bogo-ops/s";
        in.value = stress_ng_bogo_ops_per_s(read_text_file(r->report).value_or(""));
      } else if (r->kind == "iperf3") {
        in.metric = "gbit_per_s", in.unit = "Gbit/s";
        in.value = iperf3_gbit_per_s(read_text_file(r->server_report).value_or(""),
                                     read_text_file(r->report).value_or(""));
      } else if (r->kind == "fio") {
        in.metric = "iops", in.unit = "IOPS";
        in.value = fio_iops(read_text_file(r->report).value_or(""));
      } else {
        continue;  // a command reports nothing we know how to read
      }
      out.push_back(in);
    } catch (const std::invalid_argument& e) {
      warnings_.push_back(r->name + ": no intensity, cannot read " + r->report + ": " + e.what());
    }
  }
  return out;
}

}  // namespace cudabench::harness

namespace cudabench::harness {

std::string InterfererSet::cgroup_procs() const {
  return janitor_ ? janitor_->cgroup_procs() : std::string();
}

}  // namespace cudabench::harness
