// The interferers of one run: started before the workload, checked to be running, checked again
// when the workload ends, stopped, and asked what load they achieved.
//
// Every tool writes its final report when stopped with SIGINT (checked on Debian 12 with
// stress-ng 0.15.06, iperf3 3.12, fio 3.33, signal sent to the whole process group):
// - stress-ng prints its metrics and writes the --yaml file, exit 0;
// - iperf3 writes its -J report; the interrupted client has no server figures (sum_received = 0)
//   and the -1 server writes its own report, with what it received, when the client goes away;
// - fio writes its JSON report, preceded by "fio: terminating on signal 2", into --output.
// So stopping is SIGINT, a grace period for the report, then SIGKILL.
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "harness/process/process.h"
#include "harness/scenario/scenario.h"
#include "results/store/store.h"

namespace cudabench::harness {

class Janitor;

class InterfererSet {
 public:
  // Starts the interferers in order (argv, never a shell), each writing its reports under
  // `run_dir` (created when missing), then waits for the longest settle_s and checks every one
  // still runs. Throws UserError for a bad interferer (missing tool, fio option that could write
  // outside its scratch directory) and RunError for one that does not start or dies while
  // settling; those already started are stopped first. `janitor` may be null (tests): then a
  // SIGKILLed cudabench leaves fio scratch directories behind.
  InterfererSet(const std::vector<Interferer>& interferers, const std::string& run_dir, Janitor* janitor);
  InterfererSet(const InterfererSet&) = delete;
  InterfererSet& operator=(const InterfererSet&) = delete;
  ~InterfererSet();  // stops whatever still runs and removes scratch directories

  // Empty when every interferer still runs; otherwise why the run is invalid: the interferer,
  // its exit code and the tail of its stderr.
  std::string check_alive();

  // SIGINT, up to `grace` for the final report, then SIGKILL; then reads the achieved intensity
  // from each tool's own report. An unreadable report gives no intensity and a warning (warnings())
  // naming the file. Call once; the destructor does the rest.
  std::vector<results::Intensity> stop(std::chrono::milliseconds grace = std::chrono::seconds(5));

  // Facts worth storing with the run ("interferer 0: stress-ng --cpu 0 = 2 workers").
  const std::vector<std::string>& notes() const { return notes_; }
  const std::vector<std::string>& warnings() const { return warnings_; }
  // Process ids (each a process group leader) of everything started, in start order.
  std::vector<pid_t> pids() const;

  struct Running;  // one started interferer (interferers.cpp)

 private:
  void start_one(int index, const Interferer& spec);
  void start_stress_ng(Running& r, const Interferer& spec, const std::string& base);
  void start_iperf3(Running& r, const Interferer& spec, const std::string& base);
  void start_fio(Running& r, const Interferer& spec, const std::string& base);
  void stop_all(std::chrono::milliseconds grace);
  void remove_scratch();
  std::string cgroup_procs() const;

  std::string run_dir_;
  Janitor* janitor_;
  std::vector<std::unique_ptr<Running>> running_;
  std::vector<std::string> notes_, warnings_;
  bool stopped_ = false;
};

// fio job options as `--key=value`, refusing (UserError) anything that could make fio write or run
// outside its scratch directory: filename/directory options, log files, exec hooks, external
// engines, triggers, absolute paths, "..", /dev/. `time_based` and `runtime` are refused too: the
// interferer runs until stopped.
std::vector<std::string> fio_job_arguments(const std::map<std::string, std::string>& options);

// A TCP port on 127.0.0.1 that was free a moment ago (bound to port 0 and released).
int free_loopback_port();

// Whether something listens on 127.0.0.1:port (or 0.0.0.0:port), from /proc/net/tcp. Looking
// instead of connecting: iperf3 -s -1 would take a probe connection as its one test and exit.
bool loopback_port_listening(int port);

}  // namespace cudabench::harness
