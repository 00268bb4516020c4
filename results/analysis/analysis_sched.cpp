// Scheduler figures of analyze_run: switches, off-CPU time, preempting tasks, run-queue latency and
// synchronisation calls (STUDY.md "Metrics, exactly"; definitions in analysis.h).
#include <algorithm>
#include <unordered_map>

#include "results/analysis/analysis_detail.h"

namespace cudabench::results::detail {
namespace {

struct SwitchCounts {
  uint64_t all = 0, launching = 0, preempted = 0, blocked = 0, unknown_state = 0;
  uint64_t offcpu_ns = 0;  // launching threads, clipped to the window
};

void rank_preemptors(Context& c, const std::unordered_map<uint32_t, Preemptor>& by_name) {
  std::vector<Preemptor> all;
  all.reserve(by_name.size());
  for (const auto& [name, p] : by_name) all.push_back(p);
  std::sort(all.begin(), all.end(), [](const Preemptor& x, const Preemptor& y) {
    if (x.count != y.count) return x.count > y.count;
    if (x.time_ns != y.time_ns) return x.time_ns > y.time_ns;
    return x.comm < y.comm;
  });
  if (all.size() > c.options.top_preemptors) all.resize(c.options.top_preemptors);
  c.out.top_preemptors = std::move(all);
}

}  // namespace

void add_sched_metrics(Context& c) {
  const auto& off = c.trace.offcpu;
  const Window& w = c.window;
  SwitchCounts n;
  std::unordered_map<uint32_t, Preemptor> by_name;  // next_name string index -> totals
  ThreadLookup position(c.threads);
  for (size_t r = 0; r < off.size(); ++r) {
    uint64_t out = off.out_ns[r], in = effective_in(off.in_ns[r]);
    bool launching = position(off.tid[r]) >= 0;
    if (launching) n.offcpu_ns += clipped_ns(out, in, w);
    if (out < w.start_ns || out > w.end_ns) continue;
    ++n.all;
    if (launching) ++n.launching;
    // preempted is 1 (still runnable), 0 (blocked), or another value when the source did not
    // record prev_state (an imported CSV: trace_csv.h offcpu_state_unknown).
    uint8_t state = off.preempted[r];
    if (state == 1) {
      ++n.preempted;
      auto& p = by_name[off.next_name[r]];
      if (p.count == 0 && off.next_name[r] < c.trace.strings.size())
        p.comm = c.trace.strings[off.next_name[r]];
      ++p.count;
      p.time_ns += clipped_ns(out, in, w);
    } else if (state == 0) {
      ++n.blocked;
    } else {
      ++n.unknown_state;
    }
  }

  auto& m = c.out.metrics;
  put(m, "switches", static_cast<double>(n.all), "count");
  put(m, "switches.launching", static_cast<double>(n.launching), "count");
  if (n.unknown_state == 0) {
    put(m, "switches.preempted", static_cast<double>(n.preempted), "count");
    put(m, "switches.blocked", static_cast<double>(n.blocked), "count");
  } else {
    put(m, "switches.state_unknown", static_cast<double>(n.unknown_state), "count");
  }
  if (c.launches > 0)  // STUDY.md: Sched/1K = switches / launches x 1000
    put(m, "sched_per_1k", static_cast<double>(n.all) / static_cast<double>(c.launches) * 1000, "per_1k");
  if (!c.threads.offcpu_rows.empty()) {
    put(m, "offcpu_ms", static_cast<double>(n.offcpu_ns) / 1e6, "ms");
    double thread_time =
        static_cast<double>(w.length_ns()) * static_cast<double>(c.threads.offcpu_rows.size());
    if (thread_time > 0) put(m, "offcpu_pct", static_cast<double>(n.offcpu_ns) / thread_time * 100, "%");
  }
  rank_preemptors(c, by_name);
}

void add_wait_metrics(Context& c) {
  const Window& w = c.window;
  const auto& wk = c.trace.wakeups;
  std::vector<uint64_t> runq;
  for (size_t i = 0; i < wk.size(); ++i)
    if (wk.run_ns[i] >= w.start_ns && wk.run_ns[i] <= w.end_ns && wk.run_ns[i] >= wk.wakeup_ns[i])
      runq.push_back(wk.run_ns[i] - wk.wakeup_ns[i]);
  auto& m = c.out.metrics;
  put(m, "runq.count", static_cast<double>(runq.size()), "count");
  if (!runq.empty()) {
    add_distribution(c.out, "runq_latency", runq);
    Quantiles q = quantiles(runq);
    put(m, "runq.p50_us", q.p50 / 1e3, "us");
    put(m, "runq.p90_us", q.p90 / 1e3, "us");
    put(m, "runq.p99_us", q.p99 / 1e3, "us");
    put(m, "runq.max_us", static_cast<double>(q.max) / 1e3, "us");
  }

  const auto& s = c.trace.syncs;
  uint64_t count = 0, total_ns = 0, offcpu_ns = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s.enter_ns[i] < w.start_ns || s.enter_ns[i] > w.end_ns) continue;
    ++count;
    total_ns += s.exit_ns[i] > s.enter_ns[i] ? s.exit_ns[i] - s.enter_ns[i] : 0;
    offcpu_ns += s.offcpu_ns[i];
  }
  put(m, "sync.count", static_cast<double>(count), "count");
  if (count) {
    put(m, "sync.total_ms", static_cast<double>(total_ns) / 1e6, "ms");
    put(m, "sync.offcpu_ms", static_cast<double>(offcpu_ns) / 1e6, "ms");
  }
}

}  // namespace cudabench::results::detail
