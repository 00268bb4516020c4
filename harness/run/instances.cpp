#include "harness/run/instances.h"

#include <fmt/format.h>
#include <signal.h>

#include <algorithm>
#include <chrono>
#include <optional>
#include <thread>

#include "harness/process/output_tail.h"
#include "harness/process/process.h"
#include "harness/process/signals.h"
#include "results/analysis/analysis.h"
#include "results/stats/attribution.h"
#include "tracer/model/process_trace.h"

namespace cudabench::harness {
namespace {

using clock_type = std::chrono::steady_clock;

std::string substituted(std::string text, const std::string& index) {
  for (size_t at = text.find(instance_placeholder); at != std::string::npos;
       at = text.find(instance_placeholder, at + index.size()))
    text.replace(at, instance_placeholder.size(), index);
  return text;
}

// qwen3's device: the value after the last --device in args, or a new --device at the end.
void set_device(std::vector<std::string>& argv, const std::string& index) {
  for (size_t i = argv.size(); i-- > 1;)
    if (argv[i - 1] == "--device") {
      argv[i] = index;
      return;
    }
  argv.push_back("--device");
  argv.push_back(index);
}

std::string tail(const std::string& text, size_t bytes) {
  return text.size() <= bytes ? text : text.substr(text.size() - bytes);
}

}  // namespace

Workload instance_workload(const Workload& w, int index) {
  Workload out = w;
  const std::string i = std::to_string(index);
  for (auto& a : out.argv) a = substituted(a, i);
  for (auto& [k, v] : out.env) v = substituted(v, i);
  if (w.instances > 1 && w.kind == "qwen3") {
    set_device(out.argv, i);
    out.env.emplace("CUDA_DEVICE_ORDER", "PCI_BUS_ID");  // emplace: the scenario's own value wins
  }
  return out;
}

Placement instance_placement(const Placement& p, int index) {
  Placement out = p;
  if (static_cast<size_t>(index) < p.instance_cpus.size()) out.cpus = p.instance_cpus[index];
  return out;
}

WorkloadResult combine_instances(const Workload& w, const std::vector<InstanceOutcome>& each) {
  if (each.size() == 1) return each[0].result;
  WorkloadResult out;
  double sum = 0, launches = 0;
  std::optional<double> slowest;
  bool all_launches = true;
  for (size_t i = 0; i < each.size(); ++i) {
    const WorkloadResult& r = each[i].result;
    for (const auto& [k, v] : r.labels) out.labels.emplace_back(fmt::format("instance.{}.{}", i, k), v);
    if (r.launches)
      launches += *r.launches;
    else
      all_launches = false;
    if (!r.figure) {
      if (out.error.empty()) out.error = fmt::format("instance {}: {}", i, r.error);
      continue;
    }
    out.metrics.push_back({fmt::format("instance.{}.{}", i, w.metric_name), *r.figure, w.metric_unit});
    sum += *r.figure;
    slowest = std::min(slowest.value_or(*r.figure), *r.figure);
  }
  if (all_launches) {
    out.launches = launches;
    out.metrics.push_back({"launches_total", launches, "count"});
  }
  if (!out.error.empty()) return out;
  out.figure = sum;
  out.metrics.insert(out.metrics.begin(), {w.metric_name, sum, w.metric_unit});
  out.metrics.push_back({"instances.slowest", *slowest, w.metric_unit});
  return out;
}

struct WorkloadInstances::Instance {
  Instance(const std::string& prefix, size_t tail_bytes)
      : out(prefix + ".stdout", std::string(result_marker), tail_bytes),
        err(prefix + ".stderr", {}, tail_bytes) {}
  OutputTail out, err;
  std::optional<Child> child;
};

WorkloadInstances::WorkloadInstances(const Scenario& s, const std::string& dir_prefix,
                                     const std::string& cgroup_procs, bool hold) {
  const int n = s.workload.instances;
  // Every instance's output together stays within one workload's bound (output_tail.h).
  const size_t tail_bytes = std::max<size_t>(OutputTail::default_tail_bytes / n, 64 << 10);
  for (int i = 0; i < n; ++i) {
    auto& in =
        *instances_.emplace_back(std::make_unique<Instance>(fmt::format("{}.{}", dir_prefix, i), tail_bytes));
    const Workload w = instance_workload(s.workload, i);
    SpawnOptions spawn;
    spawn.argv = w.argv;
    for (const auto& [k, v] : w.env) spawn.env.emplace_back(k, v);
    spawn.stdout_path = in.out.path();
    spawn.stderr_path = in.err.path();
    spawn.placement = instance_placement(s.placement, i);
    spawn.cgroup_procs = cgroup_procs;
    spawn.hold_before_exec = hold;
    in.child.emplace(spawn);
  }
}

WorkloadInstances::~WorkloadInstances() = default;  // each Child kills its group if still running

std::vector<pid_t> WorkloadInstances::pids() const {
  std::vector<pid_t> out;
  for (const auto& in : instances_) out.push_back(in->child->pid());
  return out;
}

void WorkloadInstances::release() {
  for (auto& in : instances_) in->child->release();
}

int WorkloadInstances::wait(double timeout_s) {
  const auto deadline = clock_type::now() + std::chrono::duration_cast<clock_type::duration>(
                                                std::chrono::duration<double>(timeout_s));
  for (;;) {
    bool running = false;
    for (auto& in : instances_) running = in->child->running() || running;
    if (!running) return 0;
    if (int sig = interrupted()) return sig;
    if (clock_type::now() >= deadline) return -1;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

void WorkloadInstances::stop() {
  for (auto& in : instances_)
    if (in->child->running()) kill(-in->child->pid(), SIGTERM);
  for (auto& in : instances_) in->child->stop(SIGTERM, std::chrono::seconds(2));
}

int WorkloadInstances::exit_code() const {
  for (const auto& in : instances_) {
    const int code = in->child->exit_code().value_or(-1);
    if (code != 0) return code;
  }
  return 0;
}

WorkloadInstances::Output WorkloadInstances::finish(const Workload& w) {
  Output o;
  const bool one = instances_.size() == 1;
  const size_t share = 4096 / instances_.size();
  for (size_t i = 0; i < instances_.size(); ++i) {
    auto& in = *instances_[i];
    const std::string out_text = in.out.finish(), err_text = in.err.finish();
    InstanceOutcome outcome{in.child->exit_code().value_or(-1), parse_workload_output(w, out_text, err_text)};
    if (!one && outcome.exit_code != 0)
      o.notes.push_back(fmt::format("instance {}: exited with code {}", i, outcome.exit_code));
    o.stderr_text += one ? err_text : fmt::format("[instance {}]\n{}\n", i, tail(err_text, share));
    o.each.push_back(std::move(outcome));
  }
  o.result = combine_instances(w, o.each);
  return o;
}

std::vector<results::Metric> instance_trace_metrics(const trace::TraceData& data,
                                                    const std::vector<pid_t>& pids,
                                                    const std::vector<InstanceOutcome>& each) {
  std::vector<results::Metric> out;
  if (pids.size() < 2) return out;
  std::vector<std::string> kept = {"launches", "switches", "sched_per_1k", "time.window_ms"};
  for (const auto& part : results::attribution_parts()) kept.emplace_back(part.metric);
  for (size_t i = 0; i < pids.size(); ++i) {
    results::AnalysisOptions options;
    if (i < each.size() && each[i].result.launches)
      options.launches = static_cast<uint64_t>(*each[i].result.launches);
    const auto analysis =
        results::analyze_run(trace::process_trace(data, static_cast<uint32_t>(pids[i])), options);
    for (const auto& name : kept)
      if (const results::Metric* m = analysis.metric(name))
        out.push_back({fmt::format("instance.{}.{}", i, name), m->value, m->unit});
  }
  return out;
}

}  // namespace cudabench::harness
