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
class SessionScratch;
struct Started;

class InterfererSet {
 public:
  // Starts the interferers in order (argv, never a shell), each through its kind
  // (registry.h) and writing its reports under `run_dir` (created when missing), then waits until
  // every one shows its load (InterfererKind::ready: stress-ng workers on a CPU, iperf3 bytes
  // flowing, fio issuing I/O) and the longest settle_s has passed. Throws RunError for one that does
  // not start, dies while starting, or shows no load within ready_timeout; those already started
  // are stopped first. `janitor` may be null (tests): then a SIGKILLed cudabench leaves fio scratch
  // directories behind. `session_scratch` (may be null: a scratch directory per run) keeps fio's
  // files from one run to the next.
  InterfererSet(const std::vector<Interferer>& interferers, const std::string& run_dir, Janitor* janitor,
                SessionScratch* session_scratch = nullptr);
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

  // Facts worth storing with the run ("interferer 0: 2 fft workers").
  const std::vector<std::string>& notes() const { return notes_; }
  const std::vector<std::string>& warnings() const { return warnings_; }
  // Process ids (each a process group leader) of everything started, in start order.
  std::vector<pid_t> pids() const;

  // Generous: the tools show their load within 50-300 ms once their files exist.
  static constexpr std::chrono::seconds ready_timeout{30};

 private:
  void start_one(int index, const Interferer& spec);
  void wait_ready(std::chrono::steady_clock::time_point settled);
  void stop_all(std::chrono::milliseconds grace);
  void remove_scratch();

  std::string run_dir_;
  Janitor* janitor_;
  SessionScratch* session_scratch_;
  std::vector<std::unique_ptr<Started>> running_;
  std::vector<std::string> notes_, warnings_;
  bool stopped_ = false;
};

}  // namespace cudabench::harness
