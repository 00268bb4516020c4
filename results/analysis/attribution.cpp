// Where the critical thread's time went (analysis.h "Critical thread", "check.*"): its window split
// by state, where it ran, who preempted it, and the split checked against the kernel's accounting.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "results/analysis/analysis_detail.h"

namespace cudabench::results::detail {
namespace {

using trace::ThreadState;

double ms(uint64_t ns) {
  return static_cast<double>(ns) / 1e6;
}

void add_decomposition(Context& c) {
  const trace::StateTotals& s = c.critical_states;
  auto& m = c.out.metrics;
  uint64_t running = s.at(ThreadState::running);
  put(m, "time.window_ms", ms(s.span_ns), "ms");
  put(m, "time.oncpu_ms", ms(running - std::min(running, s.irq_ns)), "ms");
  put(m, "time.irq_ms", ms(s.irq_ns), "ms");
  put(m, "time.preempted_ms", ms(s.at(ThreadState::preempted)), "ms");
  put(m, "time.waiting_ms", ms(s.at(ThreadState::waiting)), "ms");
  put(m, "time.runnable_ms", ms(s.runnable_ns()), "ms");
  put(m, "time.blocked_ms", ms(s.at(ThreadState::blocked)), "ms");
  put(m, "time.sync_ms", ms(s.at(ThreadState::sync)), "ms");
  put(m, "time.off_ms", ms(s.at(ThreadState::off)), "ms");
  put(m, "time.unknown_ms", ms(s.at(ThreadState::unknown)), "ms");
  if (c.launches > 0)
    put(m, "time.oncpu_per_launch_us",
        static_cast<double>(running - std::min(running, s.irq_ns)) / 1e3 / static_cast<double>(c.launches),
        "us");
  if (s.span_ns > 0) {
    uint64_t off = s.span_ns - running - s.at(ThreadState::unknown);
    put(m, "offcpu_pct", static_cast<double>(off) / static_cast<double>(s.span_ns) * 100, "%");
  }
  if (running > 0)
    for (auto [cpu, ns] : s.running_by_cpu)
      if (cpu != trace::no_cpu)
        put(m, fmt::format("cpu.{}.residency_pct", cpu),
            static_cast<double>(ns) / static_cast<double>(running) * 100, "%");
  if (c.trace.stats.consumer_tid) {
    put(m, "tracer.preemptions", static_cast<double>(s.tracer_preemptions), "count");
    put(m, "tracer.preempted_ms", ms(s.tracer_preempted_ns), "ms");
  }
}

// Who took the CPU from the critical thread, most often first; the tracer's consumer is apart.
void rank_preemptors(Context& c) {
  const trace::StateTotals& s = c.critical_states;
  std::vector<Preemptor> all;
  for (auto [name, count] : s.preempted_by_count) {
    Preemptor p;
    p.comm = name < c.trace.strings.size() ? c.trace.strings[name] : "";
    p.count = count;
    auto it = s.preempted_by.find(name);
    p.time_ns = it == s.preempted_by.end() ? 0 : it->second;
    all.push_back(p);
  }
  std::sort(all.begin(), all.end(), [](const Preemptor& x, const Preemptor& y) {
    if (x.count != y.count) return x.count > y.count;
    if (x.time_ns != y.time_ns) return x.time_ns > y.time_ns;
    return x.comm < y.comm;
  });
  if (all.size() > c.options.top_preemptors) all.resize(c.options.top_preemptors);
  c.out.top_preemptors = std::move(all);
}

double share_pct(uint64_t a, uint64_t b, uint64_t span) {
  return (static_cast<double>(a) - static_cast<double>(b)) / static_cast<double>(span) * 100;
}

// The state machine against the kernel, over the whole trace (the kernel's snapshots bound it,
// not the decode window).
void add_kernel_check(Context& c) {
  trace::KernelCheck k = trace::check_against_kernel(c.trace, c.critical);
  if (!k.possible) return;
  auto& m = c.out.metrics;
  uint64_t span = k.to_ns - k.from_ns;
  double running = share_pct(k.trace_running_ns, k.kernel_running_ns, span);
  double runnable = share_pct(k.trace_runnable_ns, k.kernel_runnable_ns, span);
  double unknown = static_cast<double>(k.unknown_ns) / static_cast<double>(span) * 100;
  put(m, "check.span_ms", ms(span), "ms");
  put(m, "check.kernel_running_ms", ms(k.kernel_running_ns), "ms");
  put(m, "check.trace_running_ms", ms(k.trace_running_ns), "ms");
  put(m, "check.running_diff_pct", running, "%");
  put(m, "check.kernel_runnable_ms", ms(k.kernel_runnable_ns), "ms");
  put(m, "check.trace_runnable_ms", ms(k.trace_runnable_ns), "ms");
  put(m, "check.runnable_diff_pct", runnable, "%");
  put(m, "check.unknown_pct", unknown, "%");
  put(m, "check.kernel_arrivals", static_cast<double>(k.kernel_arrivals), "count");
  put(m, "check.trace_arrivals", static_cast<double>(k.trace_arrivals), "count");
  const double limit = c.options.max_check_pct;
  if (unknown > limit)
    c.out.disagreement = fmt::format(
        "the trace could not place {:.1f}% of thread {}'s time (switch-ins missing)", unknown, c.critical);
  else if (std::fabs(running) > limit || std::fabs(runnable) > limit)
    c.out.disagreement = fmt::format(
        "thread {}'s reconstructed states disagree with the kernel's accounting by more than {}% of {:.1f} "
        "ms: "
        "on-CPU {:.3f} vs {:.3f} ms, runnable {:.3f} vs {:.3f} ms",
        c.critical, limit, ms(span), ms(k.trace_running_ns), ms(k.kernel_running_ns), ms(k.trace_runnable_ns),
        ms(k.kernel_runnable_ns));
}

}  // namespace

void add_attribution_metrics(Context& c) {
  if (!c.critical || c.critical_states.span_ns == 0) return;
  add_decomposition(c);
  rank_preemptors(c);
  add_kernel_check(c);
}

}  // namespace cudabench::results::detail
