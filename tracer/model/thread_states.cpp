#include "tracer/model/thread_states.h"

#include <algorithm>

namespace cudabench::trace {
namespace {

// Appends slices in time order, clipped to [begin, end), filling any gap with `unknown`.
class Slices {
 public:
  Slices(uint64_t begin, uint64_t end) : pos_(begin), end_(end) {}

  void add(uint64_t a, uint64_t b, ThreadState state, uint32_t cpu = no_cpu,
           uint32_t row = StateSlice::no_row) {
    a = std::max(a, pos_);
    b = std::min(b, end_);
    if (b <= a) return;
    if (a > pos_) push(pos_, a, ThreadState::unknown, no_cpu, StateSlice::no_row);
    push(a, b, state, cpu, row);
  }
  std::vector<StateSlice> take() {
    if (pos_ < end_) push(pos_, end_, ThreadState::unknown, no_cpu, StateSlice::no_row);
    return std::move(out_);
  }

 private:
  void push(uint64_t a, uint64_t b, ThreadState state, uint32_t cpu, uint32_t row) {
    if (!out_.empty() && out_.back().end_ns == a && out_.back().state == state && out_.back().cpu == cpu &&
        out_.back().row == row) {
      out_.back().end_ns = b;
    } else {
      out_.push_back({a, b, state, cpu, row});
    }
    pos_ = b;
  }
  uint64_t pos_, end_;
  std::vector<StateSlice> out_;
};

ThreadState off_state(uint8_t state) {
  switch (static_cast<OutState>(state)) {
    case OutState::preempted: return ThreadState::preempted;
    case OutState::blocked: return ThreadState::blocked;
    case OutState::unknown: return ThreadState::off;
  }
  return ThreadState::off;
}

// One off-CPU row: [out, wakeup) blocked then [wakeup, in) waiting, or one state throughout.
void add_offcpu(const TraceData& t, uint32_t r, uint64_t end, Slices& s) {
  const auto& o = t.offcpu;
  auto source = static_cast<InSource>(o.in_source[r]);
  uint64_t out = o.out_ns[r], wake = o.wakeup_ns[r];
  bool ends = source == InSource::traced || source == InSource::recovered || source == InSource::evidence;
  uint64_t until = ends ? o.in_ns[r] : end;
  if (source == InSource::evidence || source == InSource::unseen) {
    s.add(out, until, ThreadState::unknown, no_cpu, r);
    return;
  }
  ThreadState state = off_state(o.state[r]);
  if (state == ThreadState::blocked && wake >= out && wake > 0) {
    if (out > 0) s.add(out, wake, ThreadState::blocked, o.cpu[r], r);
    s.add(wake, until, ThreadState::waiting, o.cpu[r], r);
  } else if (out > 0) {
    s.add(out, until, state, o.cpu[r], r);
  }
}

// Blocked time inside a CUDA synchronisation call of the thread is `sync`.
std::vector<StateSlice> mark_syncs(const TraceData& t, uint32_t tid, std::vector<StateSlice> in) {
  const auto& sy = t.syncs;
  std::vector<std::pair<uint64_t, uint64_t>> calls;
  for (size_t i = 0; i < sy.size(); ++i)
    if (sy.tid[i] == tid) calls.emplace_back(sy.enter_ns[i], sy.exit_ns[i]);
  if (calls.empty()) return in;
  std::vector<StateSlice> out;
  for (const StateSlice& s : in) {
    if (s.state != ThreadState::blocked) {
      out.push_back(s);
      continue;
    }
    uint64_t pos = s.start_ns;
    for (auto [enter, exit] : calls) {
      uint64_t a = std::max(enter, pos), b = std::min(exit, s.end_ns);
      if (b <= a) continue;
      if (a > pos) out.push_back({pos, a, ThreadState::blocked, s.cpu, s.row});
      out.push_back({a, b, ThreadState::sync, s.cpu, s.row});
      pos = b;
    }
    if (pos < s.end_ns) out.push_back({pos, s.end_ns, ThreadState::blocked, s.cpu, s.row});
  }
  return out;
}

// A thread created during a traced run (no snapshot at the start, one at the end) did not exist
// before its first event: its timeline starts there instead of being unknown.
bool born_inside(const ThreadInfo* info) {
  return info && !info->has_first && info->has_last;
}

// Total length of the union of the thread's IRQ intervals that falls inside its running slices
// (a hard IRQ nested in a softirq is counted once).
uint64_t irq_inside_running(const TraceData& t, uint32_t tid, const std::vector<StateSlice>& slices) {
  std::vector<std::pair<uint64_t, uint64_t>> irqs;
  const auto& q = t.irqs;
  for (size_t i = 0; i < q.size(); ++i)
    if (q.tid[i] == tid) irqs.emplace_back(q.entry_ns[i], q.entry_ns[i] + q.duration_ns[i]);
  if (irqs.empty()) return 0;
  std::sort(irqs.begin(), irqs.end());
  std::vector<std::pair<uint64_t, uint64_t>> merged;
  for (auto iv : irqs) {
    if (!merged.empty() && iv.first <= merged.back().second)
      merged.back().second = std::max(merged.back().second, iv.second);
    else
      merged.push_back(iv);
  }
  uint64_t total = 0;
  size_t k = 0;
  for (const StateSlice& s : slices) {
    if (s.state != ThreadState::running) continue;
    while (k < merged.size() && merged[k].second <= s.start_ns) ++k;
    for (size_t j = k; j < merged.size() && merged[j].first < s.end_ns; ++j) {
      uint64_t a = std::max(merged[j].first, s.start_ns), b = std::min(merged[j].second, s.end_ns);
      if (b > a) total += b - a;
    }
  }
  return total;
}

}  // namespace

const char* thread_state_name(ThreadState state) {
  static constexpr const char* names[thread_state_count] = {"running", "preempted", "waiting", "blocked",
                                                            "sync",    "off",       "unknown"};
  auto i = static_cast<size_t>(state);
  return i < thread_state_count ? names[i] : "unknown";
}

std::vector<StateSlice> thread_timeline(const TraceData& t, uint32_t tid, uint64_t from, uint64_t to) {
  const ThreadInfo* info = t.thread(tid);
  uint64_t begin = from, end = to;
  if (info && info->exit_ns && info->exit_ns < end) end = info->exit_ns;
  if (born_inside(info) && info->first_ns > begin) begin = info->first_ns;
  if (end <= begin) return {};
  std::vector<uint32_t> rows;
  const auto& o = t.offcpu;
  for (size_t r = 0; r < o.size(); ++r)
    if (o.tid[r] == tid) rows.push_back(static_cast<uint32_t>(r));
  Slices s(begin, end);
  // Before its first switch-out it was on a CPU since its last arrival, or at least since its
  // first event.
  if (info && info->first_ns && (rows.empty() || o.out_ns[rows.front()] > 0)) {
    uint64_t since =
        info->running_since_ns ? std::min(info->running_since_ns, info->first_ns) : info->first_ns;
    uint64_t until = rows.empty() ? end : o.out_ns[rows.front()];
    s.add(since, until, ThreadState::running, rows.empty() ? no_cpu : o.cpu[rows.front()]);
  }
  for (size_t k = 0; k < rows.size(); ++k) {
    uint32_t r = rows[k];
    add_offcpu(t, r, end, s);
    auto source = static_cast<InSource>(o.in_source[r]);
    if (source == InSource::none || source == InSource::unseen) break;  // off to the end
    bool last = k + 1 == rows.size();
    uint64_t until = last ? end : o.out_ns[rows[k + 1]];
    s.add(o.in_ns[r], until, ThreadState::running, last ? o.in_cpu[r] : o.cpu[rows[k + 1]]);
  }
  return mark_syncs(t, tid, s.take());
}

StateTotals state_totals(const TraceData& t, uint32_t tid, const std::vector<StateSlice>& slices) {
  StateTotals x;
  if (slices.empty()) return x;
  const uint64_t from = slices.front().start_ns, to = slices.back().end_ns;
  const auto& o = t.offcpu;
  for (const StateSlice& s : slices) {
    uint64_t len = s.end_ns - s.start_ns;
    x.ns[static_cast<int>(s.state)] += len;
    x.span_ns += len;
    if (s.state == ThreadState::running) x.running_by_cpu[s.cpu] += len;
    if (s.state == ThreadState::preempted && s.row != StateSlice::no_row) {
      x.preempted_by[o.next_name[s.row]] += len;
      if (t.stats.consumer_tid && o.next_pid[s.row] == t.stats.consumer_tid) x.tracer_preempted_ns += len;
    }
    if (s.state == ThreadState::waiting && s.row != StateSlice::no_row && s.start_ns == o.wakeup_ns[s.row] &&
        s.end_ns == o.in_ns[s.row] && o.in_source[s.row] == uint8_t(InSource::traced))
      x.waits_ns.push_back(s.end_ns - s.start_ns);
  }
  for (size_t r = 0; r < o.size(); ++r) {
    if (o.tid[r] != tid) continue;
    if (o.out_ns[r] >= from && o.out_ns[r] < to) {
      ++x.switch_outs;
      if (o.state[r] == uint8_t(OutState::preempted)) {
        ++x.preempted_by_count[o.next_name[r]];
        if (t.stats.consumer_tid && o.next_pid[r] == t.stats.consumer_tid) ++x.tracer_preemptions;
      }
    }
    if (o.in_ns[r] > from && o.in_ns[r] <= to) ++x.arrivals;
  }
  x.irq_ns = irq_inside_running(t, tid, slices);
  return x;
}

KernelCheck check_against_kernel(const TraceData& t, uint32_t tid) {
  KernelCheck c;
  const ThreadInfo* info = t.thread(tid);
  if (!info || !info->has_last || !(info->has_first || born_inside(info))) return c;
  KernelAccounting first = info->has_first ? info->first : KernelAccounting{};
  c.from_ns = info->has_first ? first.at_ns : info->first_ns;
  c.to_ns = info->last.at_ns;
  if (c.to_ns <= c.from_ns) return c;
  c.possible = true;
  c.kernel_running_ns = info->last.sum_exec_ns - first.sum_exec_ns;
  c.kernel_runnable_ns = info->last.run_delay_ns - first.run_delay_ns;
  c.kernel_arrivals = info->last.pcount - first.pcount;
  auto totals = state_totals(t, tid, thread_timeline(t, tid, c.from_ns, c.to_ns));
  c.trace_running_ns = totals.at(ThreadState::running);
  c.trace_runnable_ns = totals.runnable_ns();
  c.trace_arrivals = totals.arrivals;
  c.unknown_ns = totals.at(ThreadState::unknown);
  return c;
}

}  // namespace cudabench::trace
