// Scheduler figures of analyze_run: switches, off-CPU time, the run queue and synchronisation
// calls (STUDY.md "Metrics, exactly"; definitions in analysis.h), from the one state machine.
#include "results/analysis/analysis_detail.h"

namespace cudabench::results::detail {
namespace {

struct SwitchCounts {
  uint64_t all = 0, launching = 0, preempted = 0, blocked = 0, unknown_state = 0;
  uint64_t main_thread_events = 0;  // outs and ins of tid == tgid: the original's count
};

SwitchCounts count_switches(const Context& c) {
  const auto& off = c.trace.offcpu;
  const Window& w = c.window;
  SwitchCounts n;
  ThreadLookup position(c.threads);
  for (size_t r = 0; r < off.size(); ++r) {
    bool main_thread = off.tid[r] == c.trace.tgid;
    uint64_t in = off.in_ns[r];
    if (main_thread && in >= w.start_ns && in <= w.end_ns) ++n.main_thread_events;
    if (off.out_ns[r] < w.start_ns || off.out_ns[r] > w.end_ns) continue;
    if (main_thread) ++n.main_thread_events;
    ++n.all;
    if (position(off.tid[r]) >= 0) ++n.launching;
    switch (static_cast<trace::OutState>(off.state[r])) {
      case trace::OutState::preempted: ++n.preempted; break;
      case trace::OutState::blocked: ++n.blocked; break;
      case trace::OutState::unknown: ++n.unknown_state; break;
    }
  }
  return n;
}

// Off-CPU time of the launching threads: every state but running and unknown.
uint64_t launching_offcpu_ns(const Context& c) {
  uint64_t total = 0;
  for (uint32_t tid : c.threads.tids) {
    auto s = trace::state_totals(c.trace, tid,
                                 trace::thread_timeline(c.trace, tid, c.window.start_ns, c.window.end_ns));
    total += s.span_ns - s.at(trace::ThreadState::running) - s.at(trace::ThreadState::unknown);
  }
  return total;
}

void add_runq(Context& c) {
  std::vector<uint64_t> waits;
  for (const auto& th : c.trace.threads) {
    auto s = trace::state_totals(c.trace, th.tid,
                                 trace::thread_timeline(c.trace, th.tid, c.window.start_ns, c.window.end_ns));
    waits.insert(waits.end(), s.waits_ns.begin(), s.waits_ns.end());
  }
  auto& m = c.out.metrics;
  put(m, "runq.count", static_cast<double>(waits.size()), "count");
  if (waits.empty()) return;
  add_distribution(c.out, "runq_latency", waits);
  Quantiles q = quantiles(waits);
  put(m, "runq.p50_us", q.p50 / 1e3, "us");
  put(m, "runq.p90_us", q.p90 / 1e3, "us");
  put(m, "runq.p99_us", q.p99 / 1e3, "us");
  put(m, "runq.max_us", static_cast<double>(q.max) / 1e3, "us");
}

void add_syncs(Context& c) {
  const auto& s = c.trace.syncs;
  const Window& w = c.window;
  uint64_t count = 0, total_ns = 0, offcpu_ns = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s.enter_ns[i] < w.start_ns || s.enter_ns[i] > w.end_ns) continue;
    ++count;
    total_ns += s.exit_ns[i] > s.enter_ns[i] ? s.exit_ns[i] - s.enter_ns[i] : 0;
    offcpu_ns += s.offcpu_ns[i];
  }
  auto& m = c.out.metrics;
  put(m, "sync.count", static_cast<double>(count), "count");
  if (count) {
    put(m, "sync.total_ms", static_cast<double>(total_ns) / 1e6, "ms");
    put(m, "sync.offcpu_ms", static_cast<double>(offcpu_ns) / 1e6, "ms");
  }
}

}  // namespace

void add_sched_metrics(Context& c) {
  SwitchCounts n = count_switches(c);
  auto& m = c.out.metrics;
  put(m, "switches", static_cast<double>(n.all), "count");
  put(m, "switches.launching", static_cast<double>(n.launching), "count");
  if (n.unknown_state == 0) {
    put(m, "switches.preempted", static_cast<double>(n.preempted), "count");
    put(m, "switches.blocked", static_cast<double>(n.blocked), "count");
  } else {
    put(m, "switches.state_unknown", static_cast<double>(n.unknown_state), "count");
  }
  if (c.launches > 0) {  // STUDY.md: Sched/1K = switches / launches x 1000
    double per_1k = 1000.0 / static_cast<double>(c.launches);
    put(m, "sched_per_1k", static_cast<double>(n.all) * per_1k, "per_1k");
    put(m, "sched_per_1k_orig", static_cast<double>(n.main_thread_events) * per_1k, "per_1k");
  }
  if (!c.threads.tids.empty()) put(m, "offcpu_ms", static_cast<double>(launching_offcpu_ns(c)) / 1e6, "ms");
  add_runq(c);
  add_syncs(c);
}

}  // namespace cudabench::results::detail
