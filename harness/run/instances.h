// A workload that runs as several instances ([workload] instances = N, scenarios/README.md): N
// copies started together, each with its device index and its CPUs, each with its own output and
// figure. The run's figure is the sum of theirs (total tok/s of the host), `instances.slowest` the
// smallest, and the run is ok only if every instance is. One instance is the plain workload: the
// same argv, environment, figures and names as before instances existed.
#pragma once

#include <sys/types.h>

#include <memory>
#include <string>
#include <vector>

#include "harness/run/workload_result.h"
#include "harness/scenario/scenario.h"
#include "results/metrics/metric.h"
#include "tracer/model/trace_data.h"

namespace cudabench::harness {

// The placeholder of a command's argv elements and env values that becomes the instance's index.
inline constexpr std::string_view instance_placeholder = "{instance}";

// What instance `index` of `count` runs: {instance} replaced in argv and env values; for qwen3
// with several instances `--device <index>` (appended, or replacing the one in args), and
// CUDA_DEVICE_ORDER=PCI_BUS_ID unless the scenario sets it, so that device i is nvidia-smi's GPU i
// (the one cpus = "gpu-numa-node" placed it beside).
Workload instance_workload(const Workload& w, int index);
// Its placement: the scenario's, on its own CPUs when instance_cpus gives them.
Placement instance_placement(const Placement& p, int index);

// One instance's end: its exit code (-1 when it did not exit) and what its output said.
struct InstanceOutcome {
  int exit_code = -1;
  WorkloadResult result;
};
// The run's figures from its instances': the figure (metric_name) summed, instance.<i>.<metric_name>
// for each, instances.slowest, and the launch count summed (the trace of all instances is checked
// against it). No figure when any instance has none or failed: `error` names the first such
// instance. A single instance's result is returned as it is.
WorkloadResult combine_instances(const Workload& w, const std::vector<InstanceOutcome>& each);

// The instances of one run, each a Child with its own bounded output (OutputTail).
class WorkloadInstances {
 public:
  // Starts every instance, held before exec when `hold` (a traced run attaches first), in the
  // cgroup `cgroup_procs`. Their output goes to FIFOs named `dir_prefix`.<i>.stdout and .stderr.
  WorkloadInstances(const Scenario& s, const std::string& dir_prefix, const std::string& cgroup_procs,
                    bool hold);
  ~WorkloadInstances();
  WorkloadInstances(const WorkloadInstances&) = delete;
  WorkloadInstances& operator=(const WorkloadInstances&) = delete;

  std::vector<pid_t> pids() const;
  void release();  // lets every held instance exec, one right after the other
  // Waits for all, polling for Ctrl-C/SIGTERM: the signal that interrupted the wait, 0 when all
  // ended by themselves, -1 on timeout.
  int wait(double timeout_s);
  void stop();            // SIGTERM to every instance's group still running, SIGKILL 2 s later
  int exit_code() const;  // the first instance's non-zero code, 0 when all exited 0

  struct Output {
    WorkloadResult result;           // combine_instances
    std::string stderr_text;         // each instance's stderr tail under "[instance i]" (one: as it is)
    std::vector<std::string> notes;  // "instance 1: exited with code 3"
    std::vector<InstanceOutcome> each;
  };
  // Reads every instance's output (call once they have ended).
  Output finish(const Workload& w);

 private:
  struct Instance;
  std::vector<std::unique_ptr<Instance>> instances_;
};

// Traced runs of several instances: each instance's process analysed alone, kept as
// instance.<i>.<figure> for launches, switches and where its critical thread's decode window went
// (time.*). Threads of processes an instance forks count in the run's figures only. Nothing for a
// single instance.
// `each`: the instances' own launch counts stand in for a sched-level trace's.
std::vector<results::Metric> instance_trace_metrics(const trace::TraceData& data,
                                                    const std::vector<pid_t>& pids,
                                                    const std::vector<InstanceOutcome>& each);

}  // namespace cudabench::harness
