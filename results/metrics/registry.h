// The one list of the figures cudabench knows: name, unit, direction, kind and what it means. The
// tables, the advice, the statistics (which interval a metric gets), the JSON and CSV reports and
// docs/metrics.md all read it, so nothing guesses a unit or a direction from a name's suffix.
//
// Code names a metric through a constant below (`metrics::sched_per_1k`) or a family
// (`metrics::softirq_count.of("TIMER")`). Each constant is looked up in `definitions` at compile
// time: a name that is not defined there does not build, so a rename can never turn a table column
// into a silent "n/a".
//
// A workload may report figures of its own (`CUDABENCH_RESULT {"my_figure": 3}`); those are not
// here, keep the unit the run stored and have no direction (see `describe`).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace cudabench::results::metrics {

// none: the unit the run stored with the figure (the workload's metric_unit).
enum class Unit : uint8_t { count, per_1k, percent, seconds, ms, us, ns, tok_per_s, bytes, flag, none };
enum class Direction : uint8_t { higher_is_better, lower_is_better, neutral };
// What kind of number it is decides its statistics and wording:
//   figure       the figure of merit (tok/s): degradation, gate, "faster"/"slower"
//   latency      the workload's own time (decode_ms): lower is faster
//   count, rate  non-negative counts and counts per 1,000 launches: mean [t-interval cut at 0]
//   duration     time spent in a mechanism (IRQ ms, off-CPU ms): mean [t-interval cut at 0]
//   share        a percentage of a whole: mean [t-interval cut to 0..100]
//   tail         a percentile or maximum of one run: median [bootstrap interval]
//   difference   may be negative (a penalty between groups): mean [t-interval]
//   flag         0 or 1;  info  a fact about the run (memory, sizes), not compared
//   distribution a histogram of one run, merged over runs (charts only)
enum class Kind : uint8_t {
  figure,
  latency,
  count,
  rate,
  duration,
  share,
  tail,
  difference,
  flag,
  info,
  distribution
};

struct Definition {
  std::string_view pattern;  // an exact name, or a family with one '*' ("softirq.*.count")
  Unit unit;
  Direction direction;
  Kind kind;
  std::string_view description;
};

// clang-format off
inline constexpr Definition definitions[] = {
  // The workload's own figures (workloads/qwen3 and any CUDABENCH_RESULT line).
  {"tokens_per_s", Unit::tok_per_s, Direction::higher_is_better, Kind::figure, "decode throughput: generated tokens per second of the decode phase; the figure every degradation is computed from (untraced runs)"},
  {"tokens", Unit::count, Direction::neutral, Kind::info, "tokens the workload generated"},
  {"prompt_tokens", Unit::count, Direction::neutral, Kind::info, "tokens of the prompt"},
  {"decode_ms", Unit::ms, Direction::lower_is_better, Kind::latency, "wall time of the decode phase"},
  {"prefill_ms", Unit::ms, Direction::lower_is_better, Kind::latency, "wall time of the prompt's prefill"},
  {"token_ms_p50", Unit::ms, Direction::lower_is_better, Kind::tail, "median time per generated token, as the workload measured it"},
  {"token_ms_p99", Unit::ms, Direction::lower_is_better, Kind::tail, "99th percentile time per generated token, as the workload measured it"},
  {"launches_total", Unit::count, Direction::neutral, Kind::info, "kernel launches the workload issued in the decode phase (its own count; the tracer's is checked against it)"},
  {"launches_captured", Unit::count, Direction::neutral, Kind::info, "kernel launches captured into CUDA Graphs"},
  {"launches_per_token", Unit::count, Direction::neutral, Kind::info, "kernel launches per generated token"},
  {"workload.launches", Unit::count, Direction::neutral, Kind::info, "the workload's own launch count in a traced run (renamed so the tracer's keeps the name launches)"},
  {"gpu_mem_bytes", Unit::bytes, Direction::neutral, Kind::info, "GPU memory the workload allocated"},
  {"gpu_mem_used_bytes", Unit::bytes, Direction::neutral, Kind::info, "GPU memory in use on the device at the end of the run"},
  {"kv_cache_tokens", Unit::count, Direction::neutral, Kind::info, "capacity of the KV cache in tokens"},
  // A workload run as several instances ([workload] instances, harness/run/instances.h): the run's
  // figure (tokens_per_s) is their sum; each instance's own figures carry its index.
  {"instances.slowest", Unit::none, Direction::higher_is_better, Kind::figure, "the smallest figure of the run's instances (in the workload's unit): the instance the others' load or placement hurt most"},
  {"instance.*.tokens_per_s", Unit::tok_per_s, Direction::higher_is_better, Kind::figure, "decode throughput of one instance (<key> is its index); the run's tokens_per_s is their sum"},
  {"instance.*.launches", Unit::count, Direction::neutral, Kind::count, "kernel launches the tracer saw from one instance's process in the window"},
  {"instance.*.switches", Unit::count, Direction::lower_is_better, Kind::count, "switch-outs of one instance's threads in the window"},
  {"instance.*.sched_per_1k", Unit::per_1k, Direction::lower_is_better, Kind::rate, "Sched/1K of one instance: its switches per 1,000 of its launches"},
  {"instance.*.time.window_ms", Unit::ms, Direction::neutral, Kind::latency, "one instance's critical thread's decode window: the sum of its time.* parts"},
  {"instance.*.time.oncpu_ms", Unit::ms, Direction::neutral, Kind::duration, "one instance's critical thread on a CPU, IRQ handlers excluded"},
  {"instance.*.time.irq_ms", Unit::ms, Direction::lower_is_better, Kind::duration, "IRQ handlers that ran on one instance's critical thread's CPU while it had the CPU"},
  {"instance.*.time.preempted_ms", Unit::ms, Direction::lower_is_better, Kind::duration, "one instance's critical thread runnable but preempted"},
  {"instance.*.time.waiting_ms", Unit::ms, Direction::lower_is_better, Kind::duration, "one instance's critical thread woken but not yet on a CPU"},
  {"instance.*.time.blocked_ms", Unit::ms, Direction::neutral, Kind::duration, "one instance's critical thread asleep outside a CUDA sync call"},
  {"instance.*.time.sync_ms", Unit::ms, Direction::neutral, Kind::duration, "one instance's critical thread asleep inside a CUDA sync call"},
  {"instance.*.time.off_ms", Unit::ms, Direction::neutral, Kind::duration, "one instance's critical thread off the CPU for a reason the source did not record"},
  {"instance.*.time.unknown_ms", Unit::ms, Direction::lower_is_better, Kind::duration, "time of one instance's critical thread the trace could not place"},
  // Traced runs: launches and the scheduler (results/analysis).
  {"runtime_s", Unit::seconds, Direction::neutral, Kind::info, "length of the analysed window (the decode phase when the workload marks it)"},
  {"window.decode_only", Unit::flag, Direction::neutral, Kind::flag, "1 when the window is the decode phase the workload marked, 0 when it is the whole trace"},
  {"launches", Unit::count, Direction::neutral, Kind::count, "kernel launches the tracer saw in the window"},
  {"launches.*", Unit::count, Direction::neutral, Kind::count, "kernel launches through one entry point (cuLaunchKernel, cudaLaunchKernel, ...)"},
  {"tracer.launches_seen", Unit::count, Direction::neutral, Kind::count, "kernel launches in the whole trace, compared with the workload's own count"},
  {"switches", Unit::count, Direction::lower_is_better, Kind::count, "switch-outs of the workload's threads in the window"},
  {"switches.launching", Unit::count, Direction::lower_is_better, Kind::count, "switch-outs of the threads that launch kernels"},
  {"switches.preempted", Unit::count, Direction::lower_is_better, Kind::count, "switch-outs while still runnable (another task took the CPU)"},
  {"switches.blocked", Unit::count, Direction::neutral, Kind::count, "switch-outs to sleep or wait (the thread blocked itself)"},
  {"switches.state_unknown", Unit::count, Direction::neutral, Kind::count, "switch-outs whose task state the kernel did not report"},
  {"sched_per_1k", Unit::per_1k, Direction::lower_is_better, Kind::rate, "Sched/1K: switches per 1,000 kernel launches"},
  {"sched_per_1k_orig", Unit::per_1k, Direction::lower_is_better, Kind::rate, "Sched/1K as the original tool counted it: switch events in both directions (outs and ins) of the main thread per 1,000 launches, about twice ours; compare the original's anchors with this one"},
  {"offcpu_ms", Unit::ms, Direction::lower_is_better, Kind::duration, "time the launching threads spent off the CPU in the window"},
  {"offcpu_pct", Unit::percent, Direction::lower_is_better, Kind::share, "the critical thread's off-CPU time (every state but running and unknown) as % of the window"},
  // Where the critical thread's decode window went (results/analysis: the launching thread with the
  // most launches, else the one that emitted the decode markers): its states partition the window.
  {"time.window_ms", Unit::ms, Direction::neutral, Kind::latency, "the critical thread's decode window: the sum of the time.* parts below"},
  {"time.oncpu_ms", Unit::ms, Direction::neutral, Kind::duration, "the critical thread on a CPU, IRQ handlers that interrupted it excluded"},
  {"time.irq_ms", Unit::ms, Direction::lower_is_better, Kind::duration, "IRQ handlers that ran on the critical thread's CPU while it had the CPU"},
  {"time.preempted_ms", Unit::ms, Direction::lower_is_better, Kind::duration, "the critical thread runnable but preempted: another task had its CPU"},
  {"time.waiting_ms", Unit::ms, Direction::lower_is_better, Kind::duration, "the critical thread woken but not yet on a CPU (run-queue wait)"},
  {"time.runnable_ms", Unit::ms, Direction::lower_is_better, Kind::duration, "preempted + waiting: the critical thread could run but did not"},
  {"time.blocked_ms", Unit::ms, Direction::neutral, Kind::duration, "the critical thread asleep outside a CUDA sync call (waiting for I/O, a lock, the GPU through another call)"},
  {"time.sync_ms", Unit::ms, Direction::neutral, Kind::duration, "the critical thread asleep inside a CUDA sync call the tracer saw (launch-level traces)"},
  {"time.off_ms", Unit::ms, Direction::neutral, Kind::duration, "off the CPU for a reason the source did not record (imported traces)"},
  {"time.unknown_ms", Unit::ms, Direction::lower_is_better, Kind::duration, "time the trace could not place: before the thread's first event, or a switch-in neither traced nor recovered"},
  {"time.oncpu_per_launch_us", Unit::us, Direction::neutral, Kind::duration, "the critical thread's on-CPU time per kernel launch in the window: slower CPUs, cache effects and host work show here"},
  {"cpu.*.residency_pct", Unit::percent, Direction::neutral, Kind::share, "share of the critical thread's running time on one CPU"},
  // The state machine against the kernel's own accounting of the critical thread over the trace.
  {"check.span_ms", Unit::ms, Direction::neutral, Kind::info, "time between the kernel snapshots the check compares (the trace's start and the thread's exit or the trace's end)"},
  {"check.kernel_running_ms", Unit::ms, Direction::neutral, Kind::duration, "the kernel's CPU time of the critical thread (sum_exec_runtime) over the span"},
  {"check.trace_running_ms", Unit::ms, Direction::neutral, Kind::duration, "the reconstructed running time over the same span"},
  {"check.running_diff_pct", Unit::percent, Direction::neutral, Kind::difference, "reconstructed minus kernel running time, as % of the span (a run beyond 2% is invalid)"},
  {"check.kernel_runnable_ms", Unit::ms, Direction::neutral, Kind::duration, "the kernel's run delay of the critical thread (sched_info.run_delay) over the span"},
  {"check.trace_runnable_ms", Unit::ms, Direction::neutral, Kind::duration, "the reconstructed runnable time (preempted + waiting) over the same span"},
  {"check.runnable_diff_pct", Unit::percent, Direction::neutral, Kind::difference, "reconstructed minus kernel runnable time, as % of the span (a run beyond 2% is invalid)"},
  {"check.unknown_pct", Unit::percent, Direction::lower_is_better, Kind::share, "time of the span the reconstruction could not place"},
  {"check.kernel_arrivals", Unit::count, Direction::neutral, Kind::count, "the kernel's count of the critical thread's arrivals on a CPU (sched_info.pcount)"},
  {"check.trace_arrivals", Unit::count, Direction::neutral, Kind::count, "arrivals the trace saw or recovered"},
  {"runq.count", Unit::count, Direction::neutral, Kind::count, "wakeups of the workload's threads (each one waits in the run queue)"},
  {"runq.p50_us", Unit::us, Direction::lower_is_better, Kind::tail, "median run-queue latency: wakeup to running"},
  {"runq.p90_us", Unit::us, Direction::lower_is_better, Kind::tail, "90th percentile run-queue latency"},
  {"runq.p99_us", Unit::us, Direction::lower_is_better, Kind::tail, "99th percentile run-queue latency"},
  {"runq.max_us", Unit::us, Direction::lower_is_better, Kind::tail, "longest run-queue latency of the run"},
  {"sync.count", Unit::count, Direction::neutral, Kind::count, "device synchronisations (cudaDeviceSynchronize and friends)"},
  {"sync.total_ms", Unit::ms, Direction::neutral, Kind::duration, "time inside synchronisation calls"},
  {"sync.offcpu_ms", Unit::ms, Direction::neutral, Kind::duration, "off-CPU time inside synchronisation calls"},
  {"preemptor.*.count", Unit::count, Direction::lower_is_better, Kind::count, "times the named task took the CPU from the workload while it was runnable"},
  {"preemptor.*.time_ms", Unit::ms, Direction::lower_is_better, Kind::duration, "off-CPU time of the workload while the named task ran"},
  // Launch pairs, tail attribution, bursts.
  {"pairs.total", Unit::count, Direction::neutral, Kind::count, "consecutive launch pairs in the window"},
  {"pairs.a.count", Unit::count, Direction::neutral, Kind::count, "group A: launch pairs with no off-CPU switch inside their interval"},
  {"pairs.b.count", Unit::count, Direction::lower_is_better, Kind::count, "group B: launch pairs with at least one off-CPU switch inside"},
  {"pairs.a.share_pct", Unit::percent, Direction::neutral, Kind::share, "group A's share of all pairs"},
  {"pairs.b.share_pct", Unit::percent, Direction::lower_is_better, Kind::share, "group B's share of all pairs"},
  {"pairs.a.p50_us", Unit::us, Direction::lower_is_better, Kind::tail, "median launch interval of group A"},
  {"pairs.a.p90_us", Unit::us, Direction::lower_is_better, Kind::tail, "90th percentile launch interval of group A"},
  {"pairs.a.p95_us", Unit::us, Direction::lower_is_better, Kind::tail, "95th percentile launch interval of group A"},
  {"pairs.a.p99_us", Unit::us, Direction::lower_is_better, Kind::tail, "99th percentile launch interval of group A"},
  {"pairs.a.max_us", Unit::us, Direction::lower_is_better, Kind::tail, "longest launch interval of group A"},
  {"pairs.a.mean_us", Unit::us, Direction::lower_is_better, Kind::duration, "mean launch interval of group A"},
  {"pairs.b.p50_us", Unit::us, Direction::lower_is_better, Kind::tail, "median launch interval of group B"},
  {"pairs.b.p90_us", Unit::us, Direction::lower_is_better, Kind::tail, "90th percentile launch interval of group B"},
  {"pairs.b.p95_us", Unit::us, Direction::lower_is_better, Kind::tail, "95th percentile launch interval of group B"},
  {"pairs.b.p99_us", Unit::us, Direction::lower_is_better, Kind::tail, "99th percentile launch interval of group B"},
  {"pairs.b.max_us", Unit::us, Direction::lower_is_better, Kind::tail, "longest launch interval of group B"},
  {"pairs.b.mean_us", Unit::us, Direction::lower_is_better, Kind::duration, "mean launch interval of group B"},
  {"pairs.b.offcpu_ms", Unit::ms, Direction::lower_is_better, Kind::duration, "off-CPU time inside group B's intervals"},
  {"pairs.b.offcpu_pct", Unit::percent, Direction::lower_is_better, Kind::share, "off-CPU time inside group B's intervals as % of the window: what preemption inside those pairs can have cost at most (beside sched impact)"},
  {"penalty.p50_us", Unit::us, Direction::lower_is_better, Kind::difference, "preemption penalty: median interval of B minus median of A"},
  {"penalty.p90_us", Unit::us, Direction::lower_is_better, Kind::difference, "preemption penalty at the 90th percentile: P90(B) - P90(A)"},
  {"sched_impact_pct", Unit::percent, Direction::lower_is_better, Kind::difference, "scheduler impact estimate: |B| x median penalty / runtime, in % (the study's 1.2%)"},
  {"tail.p95.count", Unit::count, Direction::neutral, Kind::count, "pairs at or above the 95th percentile interval"},
  {"tail.p95.with_switch", Unit::count, Direction::lower_is_better, Kind::count, "of those, pairs with an off-CPU switch inside"},
  {"tail.p95.switch_share_pct", Unit::percent, Direction::lower_is_better, Kind::share, "share of the P95+ pairs that contain a switch; the rest is the application's own time"},
  {"tail.p99.count", Unit::count, Direction::neutral, Kind::count, "pairs at or above the 99th percentile interval"},
  {"tail.p99.with_switch", Unit::count, Direction::lower_is_better, Kind::count, "of those, pairs with an off-CPU switch inside"},
  {"tail.p99.switch_share_pct", Unit::percent, Direction::lower_is_better, Kind::share, "share of the P99+ pairs that contain a switch; the rest is the application's own time"},
  {"bursts.count", Unit::count, Direction::neutral, Kind::count, "bursts: runs of 3 or more launches less than 100 us apart"},
  {"bursts.interrupted", Unit::count, Direction::lower_is_better, Kind::count, "bursts with a switch inside one of their pairs"},
  {"tokens.count", Unit::count, Direction::neutral, Kind::count, "token markers the workload emitted in the window"},
  {"token.latency.p50_us", Unit::us, Direction::lower_is_better, Kind::tail, "median gap between token markers"},
  {"token.latency.p90_us", Unit::us, Direction::lower_is_better, Kind::tail, "90th percentile gap between token markers"},
  {"token.latency.p95_us", Unit::us, Direction::lower_is_better, Kind::tail, "95th percentile gap between token markers"},
  {"token.latency.p99_us", Unit::us, Direction::lower_is_better, Kind::tail, "99th percentile gap between token markers"},
  {"token.latency.max_us", Unit::us, Direction::lower_is_better, Kind::tail, "longest gap between token markers"},
  {"token.latency.mean_us", Unit::us, Direction::lower_is_better, Kind::duration, "mean gap between token markers"},
  // Interrupts that hit the workload's threads, and every IRQ on its CPUs.
  {"hardirq_per_1k", Unit::per_1k, Direction::lower_is_better, Kind::rate, "HardIRQ/1K: hard IRQs that hit the workload per 1,000 launches"},
  {"softirq_per_1k", Unit::per_1k, Direction::lower_is_better, Kind::rate, "SoftIRQ/1K: soft IRQs that hit the workload per 1,000 launches"},
  {"irq_time_pct", Unit::percent, Direction::lower_is_better, Kind::share, "hard + soft IRQ handler time as % of the window"},
  {"irq.hard.count", Unit::count, Direction::lower_is_better, Kind::count, "hard IRQs that hit the workload's threads"},
  {"irq.hard.total_ms", Unit::ms, Direction::lower_is_better, Kind::duration, "time in those hard IRQ handlers"},
  {"irq.hard.mean_us", Unit::us, Direction::lower_is_better, Kind::duration, "mean hard IRQ handler time"},
  {"irq.hard.max_us", Unit::us, Direction::lower_is_better, Kind::tail, "longest hard IRQ handler time"},
  {"irq.soft.count", Unit::count, Direction::lower_is_better, Kind::count, "soft IRQs that hit the workload's threads"},
  {"irq.soft.total_ms", Unit::ms, Direction::lower_is_better, Kind::duration, "time in those soft IRQ handlers"},
  {"irq.soft.mean_us", Unit::us, Direction::lower_is_better, Kind::duration, "mean soft IRQ handler time"},
  {"irq.soft.max_us", Unit::us, Direction::lower_is_better, Kind::tail, "longest soft IRQ handler time"},
  {"softirq.*.count", Unit::count, Direction::lower_is_better, Kind::count, "soft IRQs of one vector (TIMER, RCU, NET_RX, ...) that hit the workload"},
  {"softirq.*.total_us", Unit::us, Direction::lower_is_better, Kind::duration, "time in one vector's handlers"},
  {"softirq.*.mean_us", Unit::us, Direction::lower_is_better, Kind::duration, "mean handler time of one vector"},
  {"softirq.*.max_us", Unit::us, Direction::lower_is_better, Kind::tail, "longest handler time of one vector"},
  {"softirq.*.share_pct", Unit::percent, Direction::neutral, Kind::share, "one vector's share of the soft IRQ count"},
  {"cpu_irq.*.hard_count", Unit::count, Direction::lower_is_better, Kind::count, "hard IRQs on one of the workload's CPUs, whoever ran"},
  {"cpu_irq.*.hard_ms", Unit::ms, Direction::lower_is_better, Kind::duration, "hard IRQ time on one of the workload's CPUs"},
  {"cpu_irq.*.soft_count", Unit::count, Direction::lower_is_better, Kind::count, "soft IRQs on one of the workload's CPUs, whoever ran"},
  {"cpu_irq.*.soft_ms", Unit::ms, Direction::lower_is_better, Kind::duration, "soft IRQ time on one of the workload's CPUs"},
  // The tracer's own cost and losses.
  {"tracer.events", Unit::count, Direction::neutral, Kind::count, "records the tracer received"},
  {"tracer.drops", Unit::count, Direction::lower_is_better, Kind::count, "records lost (ring buffer full); any loss makes the run invalid"},
  {"tracer.drops.*", Unit::count, Direction::lower_is_better, Kind::count, "records of one type lost"},
  {"tracer.bpf_runs", Unit::count, Direction::neutral, Kind::count, "BPF program invocations"},
  {"tracer.bpf_run_ms", Unit::ms, Direction::lower_is_better, Kind::duration, "time spent in the BPF programs"},
  {"tracer.consumer_cpu_ms", Unit::ms, Direction::lower_is_better, Kind::duration, "CPU time of the tracer's ring-buffer consumer"},
  {"tracer.switch_ins_recovered", Unit::count, Direction::neutral, Kind::count, "switch-ins the tracepoint never reported, recovered from the thread's own accounting (some kernels skip sched_switch for some tasks)"},
  {"tracer.switch_ins_unknown", Unit::count, Direction::lower_is_better, Kind::count, "switch-ins neither traced nor recovered: the off-CPU interval ends, as unknown time, at the thread's next event"},
  {"tracer.preemptions", Unit::count, Direction::lower_is_better, Kind::count, "times the tracer's own consumer thread took the critical thread's CPU"},
  {"tracer.preempted_ms", Unit::ms, Direction::lower_is_better, Kind::duration, "the critical thread's preempted time while the tracer's consumer had its CPU"},
  // Cheap figures of every run, traced or not.
  {"rusage.user_ms", Unit::ms, Direction::neutral, Kind::duration, "the workload's user CPU time (wait4 rusage)"},
  {"rusage.sys_ms", Unit::ms, Direction::neutral, Kind::duration, "the workload's system CPU time (wait4 rusage)"},
  {"rusage.cpu_pct", Unit::percent, Direction::neutral, Kind::share, "the workload's CPU time as % of its wall time (above 100 with several busy threads)"},
  {"rusage.nvcsw", Unit::count, Direction::neutral, Kind::count, "the workload's voluntary context switches (it blocked)"},
  {"rusage.nivcsw", Unit::count, Direction::lower_is_better, Kind::count, "the workload's involuntary context switches (it was preempted)"},
  {"steal.ms", Unit::ms, Direction::lower_is_better, Kind::duration, "hypervisor steal time over the run, summed over the CPUs the workload could use (/proc/stat)"},
  {"steal.*_ms", Unit::ms, Direction::lower_is_better, Kind::duration, "hypervisor steal time over the run on one CPU"},
  {"irq_time.ms", Unit::ms, Direction::lower_is_better, Kind::duration, "hard IRQ time over the run on the workload's CPUs, from /proc/stat (0 without IRQ_TIME_ACCOUNTING)"},
  {"softirq_time.ms", Unit::ms, Direction::lower_is_better, Kind::duration, "soft IRQ time over the run on the workload's CPUs, from /proc/stat (0 without IRQ_TIME_ACCOUNTING)"},
  // The harness's own cost per run, by phase (harness/run/run_one.cpp; bench/overhead prints them).
  {"phase.setup_s", Unit::seconds, Direction::lower_is_better, Kind::duration, "harness time before the placement: the environment fingerprint and the run's directory"},
  {"phase.placement_s", Unit::seconds, Direction::lower_is_better, Kind::duration, "harness time applying the placement (affinity, cgroup, IRQ moves)"},
  {"phase.interferers_start_s", Unit::seconds, Direction::lower_is_better, Kind::duration, "harness time starting the interferers and waiting for their load to show (fio's file layout in a session's first run of the job)"},
  {"phase.spawn_s", Unit::seconds, Direction::lower_is_better, Kind::duration, "harness time starting the workload's process (and the trace window of a traced run)"},
  {"phase.interferers_stop_s", Unit::seconds, Direction::lower_is_better, Kind::duration, "harness time stopping the interferers and reading their intensity"},
  {"phase.results_s", Unit::seconds, Direction::lower_is_better, Kind::duration, "harness time reading the workload's output and the trace, and analysing it"},
  {"phase.teardown_s", Unit::seconds, Direction::lower_is_better, Kind::duration, "harness time undoing the run's cgroup, placement and directory"},
  {"phase.between_runs_s", Unit::seconds, Direction::lower_is_better, Kind::duration, "harness time between the previous run's end and this run's start: the previous run's commit, progress and planning"},
  // Distributions kept per traced run (nanoseconds), merged per scenario for the charts.
  {"launch_interval.a", Unit::ns, Direction::lower_is_better, Kind::distribution, "launch intervals of group A pairs"},
  {"launch_interval.b", Unit::ns, Direction::lower_is_better, Kind::distribution, "launch intervals of group B pairs"},
  {"runq_latency", Unit::ns, Direction::lower_is_better, Kind::distribution, "run-queue latencies of the workload's threads"},
  {"irq.soft.duration", Unit::ns, Direction::lower_is_better, Kind::distribution, "soft IRQ handler times"},
  {"irq.hard.duration", Unit::ns, Direction::lower_is_better, Kind::distribution, "hard IRQ handler times"},
  {"token_latency", Unit::ns, Direction::lower_is_better, Kind::distribution, "gaps between token markers"},
};
// clang-format on

// The metric a constant names. Converts to the name; built only by `registered` below.
struct Id {
  std::string_view name;
  operator std::string() const { return std::string(name); }
  friend bool operator==(const Id& a, std::string_view b) { return a.name == b; }
};

// A name to look a figure up by, made only from a constant or a family member, never from a string
// literal: lookups that take a Key cannot name a metric the registry does not define.
class Key {
 public:
  Key(Id id) : name_(id.name) {}  // NOLINT: implicit, so `metric(metrics::launches)` reads plainly
  const std::string& name() const { return name_; }

 private:
  friend struct Family;
  explicit Key(std::string name) : name_(std::move(name)) {}
  std::string name_;
};

// A family "prefix*suffix": `of(key)` names one member, `key_of(name)` reads the key back.
struct Family {
  std::string_view prefix, suffix;
  Key of(std::string_view key) const;
  std::optional<std::string_view> key_of(std::string_view name) const;
};

namespace detail {
consteval const Definition& lookup(std::string_view pattern) {
  for (const auto& d : definitions)
    if (d.pattern == pattern) return d;
  throw "metric not defined in results/metrics/registry.h";  // not a constant: the build fails here
}
}  // namespace detail

consteval Id registered(std::string_view name) {
  const Definition& d = detail::lookup(name);
  if (d.pattern.find('*') != std::string_view::npos) throw "a family needs registered_family";
  return Id{d.pattern};
}

consteval Family registered_family(std::string_view pattern) {
  const Definition& d = detail::lookup(pattern);
  const size_t star = d.pattern.find('*');
  if (star == std::string_view::npos) throw "not a family";
  return Family{d.pattern.substr(0, star), d.pattern.substr(star + 1)};
}

// What a name is: its definition, or for a figure nobody defined (a workload's own), the unit the
// run stored, no direction and Kind::info.
struct Description {
  std::string_view pattern, description;
  std::string unit;
  Direction direction = Direction::neutral;
  Kind kind = Kind::info;
  bool registered = false;
};
const Definition* find(std::string_view name);
Description describe(std::string_view name, std::string_view stored_unit = {});

std::string_view unit_symbol(Unit unit);  // "count", "per_1k", "%", "s", "ms", "us", "tok/s", ...
std::string_view kind_name(Kind kind);
std::string_view direction_name(Direction direction);

// The registry as the markdown table of docs/metrics.md.
std::string registry_markdown();

// ---- the constants code uses ----
inline constexpr Id tokens_per_s = registered("tokens_per_s");
inline constexpr Id tokens = registered("tokens");
inline constexpr Id launches = registered("launches");
inline constexpr Id runtime_s = registered("runtime_s");
inline constexpr Id sched_per_1k = registered("sched_per_1k");
inline constexpr Id sched_per_1k_orig = registered("sched_per_1k_orig");
inline constexpr Id softirq_per_1k = registered("softirq_per_1k");
inline constexpr Id hardirq_per_1k = registered("hardirq_per_1k");
inline constexpr Id irq_time_pct = registered("irq_time_pct");
inline constexpr Id irq_soft_total_ms = registered("irq.soft.total_ms");
inline constexpr Id irq_hard_total_ms = registered("irq.hard.total_ms");
inline constexpr Id offcpu_pct = registered("offcpu_pct");
inline constexpr Id tokens_count = registered("tokens.count");
inline constexpr Id pairs_a_count = registered("pairs.a.count");
inline constexpr Id pairs_b_count = registered("pairs.b.count");
inline constexpr Id pairs_a_share_pct = registered("pairs.a.share_pct");
inline constexpr Id pairs_b_share_pct = registered("pairs.b.share_pct");
inline constexpr Id pairs_a_p50_us = registered("pairs.a.p50_us");
inline constexpr Id pairs_a_p90_us = registered("pairs.a.p90_us");
inline constexpr Id pairs_a_p99_us = registered("pairs.a.p99_us");
inline constexpr Id pairs_b_p50_us = registered("pairs.b.p50_us");
inline constexpr Id pairs_b_p90_us = registered("pairs.b.p90_us");
inline constexpr Id pairs_b_p99_us = registered("pairs.b.p99_us");
inline constexpr Id penalty_p50_us = registered("penalty.p50_us");
inline constexpr Id penalty_p90_us = registered("penalty.p90_us");
inline constexpr Id sched_impact_pct = registered("sched_impact_pct");
inline constexpr Id tail_p95_count = registered("tail.p95.count");
inline constexpr Id tail_p95_with_switch = registered("tail.p95.with_switch");
inline constexpr Id tail_p95_switch_share_pct = registered("tail.p95.switch_share_pct");
inline constexpr Id tail_p99_count = registered("tail.p99.count");
inline constexpr Id tail_p99_with_switch = registered("tail.p99.with_switch");
inline constexpr Id tail_p99_switch_share_pct = registered("tail.p99.switch_share_pct");
inline constexpr Id runq_count = registered("runq.count");
inline constexpr Id runq_p50_us = registered("runq.p50_us");
inline constexpr Id runq_p90_us = registered("runq.p90_us");
inline constexpr Id runq_p99_us = registered("runq.p99_us");
inline constexpr Id runq_max_us = registered("runq.max_us");
inline constexpr Id launch_interval_a = registered("launch_interval.a");
inline constexpr Id launch_interval_b = registered("launch_interval.b");
inline constexpr Id runq_latency = registered("runq_latency");

inline constexpr Family softirq_count = registered_family("softirq.*.count");
inline constexpr Family softirq_total_us = registered_family("softirq.*.total_us");
inline constexpr Family softirq_mean_us = registered_family("softirq.*.mean_us");
inline constexpr Family softirq_max_us = registered_family("softirq.*.max_us");
inline constexpr Family softirq_share_pct = registered_family("softirq.*.share_pct");
inline constexpr Family preemptor_count = registered_family("preemptor.*.count");
inline constexpr Family preemptor_time_ms = registered_family("preemptor.*.time_ms");
inline constexpr Id instances_slowest = registered("instances.slowest");
inline constexpr Family instance_tokens_per_s = registered_family("instance.*.tokens_per_s");
inline constexpr Family instance_time_window_ms = registered_family("instance.*.time.window_ms");
inline constexpr Family instance_time_oncpu_ms = registered_family("instance.*.time.oncpu_ms");
inline constexpr Family instance_time_irq_ms = registered_family("instance.*.time.irq_ms");
inline constexpr Family instance_time_preempted_ms = registered_family("instance.*.time.preempted_ms");
inline constexpr Family instance_time_waiting_ms = registered_family("instance.*.time.waiting_ms");
inline constexpr Family instance_sched_per_1k = registered_family("instance.*.sched_per_1k");

}  // namespace cudabench::results::metrics
