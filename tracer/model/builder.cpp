#include "tracer/model/builder.h"

#include <algorithm>
#include <numeric>

namespace cudabench::trace {
namespace {

// Reorders every column of a table by the order of `key`, stably.
template <typename... Columns>
void sort_by(const std::vector<uint64_t>& key, Columns&... columns) {
  if (std::is_sorted(key.begin(), key.end())) return;
  std::vector<size_t> order(key.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return key[a] < key[b]; });
  auto apply = [&](auto& column) {
    std::remove_reference_t<decltype(column)> sorted(column.size());
    for (size_t i = 0; i < order.size(); ++i) sorted[i] = column[order[i]];
    column.swap(sorted);
  };
  (apply(columns), ...);
}

}  // namespace

TraceBuilder::TraceBuilder(uint32_t tgid, uint64_t start_ns) {
  data_.tgid = tgid;
  data_.start_ns = start_ns;
}

TraceBuilder::Thread& TraceBuilder::at(uint32_t tid) {
  return threads_[tid];
}

TraceBuilder::Thread& TraceBuilder::seen(uint64_t ts, uint32_t tid) {
  Thread& t = threads_[tid];
  if (ts && (t.first_ns == 0 || ts < t.first_ns)) t.first_ns = ts;
  return t;
}

void TraceBuilder::thread(uint32_t tid, uint32_t tgid, std::string_view comm) {
  Thread& t = at(tid);
  if (tgid) t.tgid = tgid;
  if (!comm.empty()) t.comm = comm;
}

void TraceBuilder::thread_first(uint32_t tid, const KernelAccounting& k) {
  Thread& t = at(tid);
  t.first = k;
  t.has_first = true;
}

void TraceBuilder::thread_last(uint32_t tid, const KernelAccounting& k) {
  Thread& t = at(tid);
  t.last = k;
  t.has_last = true;
}

void TraceBuilder::ran(uint64_t ts, uint32_t tid) {
  Thread& t = seen(ts, tid);
  if (t.open_row >= 0 && t.evidence_ns == 0 && ts > data_.offcpu.out_ns[size_t(t.open_row)])
    t.evidence_ns = ts;
}

void TraceBuilder::close(Thread& t, uint64_t in_ns, uint32_t in_cpu, InSource source) {
  auto row = size_t(t.open_row);
  data_.offcpu.in_ns[row] = in_ns;
  data_.offcpu.in_cpu[row] = in_cpu;
  data_.offcpu.in_source[row] = uint8_t(source);
  t.open_row = -1;
  t.open_accounting = false;
  t.evidence_ns = 0;
}

// Its first switch record: since when it has been on this CPU. The arrival the record gives; else,
// from the snapshot at the start, the arrival the CPU time used since implies (exactly one arrival
// since), or the snapshot itself when it has not arrived since (it was running then); else unknown.
uint64_t TraceBuilder::running_since(const Thread& t, const SwitchOut& s) const {
  if (s.arrived_ns && s.arrived_ns >= data_.start_ns && s.arrived_ns <= s.ts_ns) return s.arrived_ns;
  if (!t.has_first || !s.has_accounting || s.sum_exec_ns < t.first.sum_exec_ns) return 0;
  uint64_t ran = s.sum_exec_ns - t.first.sum_exec_ns;
  if (s.pcount == t.first.pcount) return t.first.at_ns;
  if (s.pcount == t.first.pcount + 1 && ran <= s.ts_ns - t.first.at_ns) return s.ts_ns - ran;
  return 0;
}

// When the thread came back between its open switch-out and this one (see builder.h).
uint64_t TraceBuilder::arrival_since_open(const Thread& t, const SwitchOut& s) const {
  uint64_t out = data_.offcpu.out_ns[size_t(t.open_row)];
  if (s.arrived_ns > out && s.arrived_ns <= s.ts_ns) return s.arrived_ns;
  if (!t.open_accounting || !s.has_accounting || s.pcount != t.open_pcount + 1 ||
      s.sum_exec_ns < t.open_sum_exec)
    return 0;
  uint64_t ran = s.sum_exec_ns - t.open_sum_exec;
  if (ran > s.ts_ns - out) return out;  // clock granularity: it cannot have run longer than that
  return s.ts_ns - ran;
}

void TraceBuilder::launch(uint64_t ts, uint32_t tid, uint8_t api, const uint32_t dims[7], uint64_t stream) {
  ran(ts, tid);
  auto& l = data_.launches;
  l.ts_ns.push_back(ts);
  l.tid.push_back(tid);
  l.api.push_back(api);
  l.grid_x.push_back(dims[0]);
  l.grid_y.push_back(dims[1]);
  l.grid_z.push_back(dims[2]);
  l.block_x.push_back(dims[3]);
  l.block_y.push_back(dims[4]);
  l.block_z.push_back(dims[5]);
  l.shared_mem.push_back(dims[6]);
  l.stream.push_back(stream);
}

// Sync calls nest (cudaDeviceSynchronize calls cuCtxSynchronize): a per-thread stack pairs them.
void TraceBuilder::sync_enter(uint64_t ts, uint32_t tid, uint8_t api) {
  ran(ts, tid);
  at(tid).syncs.emplace_back(ts, api);
}

void TraceBuilder::sync_exit(uint64_t ts, uint32_t tid) {
  ran(ts, tid);
  auto& stack = at(tid).syncs;
  if (stack.empty()) return;  // entered before the trace
  auto [enter_ns, api] = stack.back();
  stack.pop_back();
  auto& s = data_.syncs;
  s.enter_ns.push_back(enter_ns);
  s.exit_ns.push_back(ts);
  s.tid.push_back(tid);
  s.api.push_back(api);
  s.offcpu_ns.push_back(0);
}

void TraceBuilder::marker(uint64_t ts, uint32_t tid, uint32_t phase, uint32_t token) {
  ran(ts, tid);
  auto& m = data_.markers;
  m.ts_ns.push_back(ts);
  m.tid.push_back(tid);
  m.phase.push_back(phase);
  m.token.push_back(token);
}

void TraceBuilder::irq(uint64_t entry_ns, uint64_t duration_ns, uint32_t tid, uint32_t cpu, IrqKind kind,
                       uint32_t number, std::string_view name) {
  ran(entry_ns, tid);  // it interrupted this thread, so the thread had the CPU
  auto [it, added] = names_.try_emplace(std::string(name), 0);
  if (added) it->second = data_.intern(it->first);
  auto& q = data_.irqs;
  q.entry_ns.push_back(entry_ns);
  q.duration_ns.push_back(duration_ns);
  q.tid.push_back(tid);
  q.cpu.push_back(cpu);
  q.kind.push_back(uint8_t(kind));
  q.number.push_back(number);
  q.name.push_back(it->second);
}

void TraceBuilder::switch_out(const SwitchOut& s) {
  Thread& t = seen(s.ts_ns, s.tid);
  if (s.tgid) t.tgid = s.tgid;
  if (!t.switched) t.running_since_ns = running_since(t, s);
  t.switched = true;
  if (t.open_row >= 0) {  // it ran again since its last switch-out, but no switch-in said so
    if (uint64_t arrived = arrival_since_open(t, s))
      close(t, arrived, s.cpu, InSource::recovered);
    else
      close(t, t.evidence_ns ? t.evidence_ns : s.ts_ns, no_cpu, InSource::evidence);
  }
  if (s.dead) {  // not off-CPU time: the end of the thread
    t.exit_ns = s.ts_ns;
    return;
  }
  auto [it, added] = names_.try_emplace(std::string(s.next_comm), 0);
  if (added) it->second = data_.intern(it->first);
  auto& o = data_.offcpu;
  t.open_row = int64_t(o.size());
  t.open_accounting = s.has_accounting;
  t.open_pcount = s.pcount;
  t.open_sum_exec = s.sum_exec_ns;
  t.evidence_ns = 0;
  o.out_ns.push_back(s.ts_ns);
  o.in_ns.push_back(0);
  o.wakeup_ns.push_back(0);
  o.tid.push_back(s.tid);
  o.cpu.push_back(s.cpu);
  o.in_cpu.push_back(no_cpu);
  o.state.push_back(uint8_t(s.state));
  o.in_source.push_back(uint8_t(InSource::none));
  o.next_pid.push_back(s.next_pid);
  o.next_name.push_back(it->second);
}

void TraceBuilder::switch_in(uint64_t ts, uint32_t tid, uint32_t cpu, uint64_t wakeup_ns) {
  auto& o = data_.offcpu;
  bool woke = wakeup_ns >= data_.start_ns && wakeup_ns <= ts;
  Thread& t = seen(woke ? wakeup_ns : ts, tid);
  t.switched = true;
  if (t.open_row >= 0) {
    auto row = size_t(t.open_row);
    if (woke && wakeup_ns >= o.out_ns[row] && o.state[row] == uint8_t(OutState::blocked))
      o.wakeup_ns[row] = wakeup_ns;
    close(t, ts, cpu, InSource::traced);
    return;
  }
  // Its first event: off since before the trace. A wakeup inside the trace says it was asleep and
  // then runnable; without one, nothing is known before this switch-in.
  if (!woke) return;
  o.out_ns.push_back(0);
  o.in_ns.push_back(ts);
  o.wakeup_ns.push_back(wakeup_ns);
  o.tid.push_back(tid);
  o.cpu.push_back(no_cpu);
  o.in_cpu.push_back(cpu);
  o.state.push_back(uint8_t(OutState::blocked));
  o.in_source.push_back(uint8_t(InSource::traced));
  o.next_pid.push_back(0);
  o.next_name.push_back(data_.intern(""));
}

void TraceBuilder::close_at_end(uint64_t end_ns) {
  for (auto& [tid, t] : threads_) {
    if (t.open_row < 0) continue;
    if (t.evidence_ns) {
      close(t, t.evidence_ns, no_cpu, InSource::evidence);
    } else if (t.has_last && t.open_accounting && t.last.pcount > t.open_pcount) {
      close(t, end_ns, no_cpu, InSource::evidence);  // it arrived again; when is not known
    } else if (t.has_last && t.open_accounting && t.last.pcount == t.open_pcount) {
      close(t, 0, no_cpu, InSource::none);  // the kernel says it stayed off
    } else {
      close(t, 0, no_cpu, InSource::unseen);
    }
  }
}

void TraceBuilder::attribute_sync_offcpu() {
  std::unordered_map<uint32_t, std::vector<size_t>> offcpu_by_tid;  // rows in out_ns order
  const auto& o = data_.offcpu;
  for (size_t i = 0; i < o.size(); ++i) offcpu_by_tid[o.tid[i]].push_back(i);
  auto& s = data_.syncs;
  for (size_t i = 0; i < s.size(); ++i) {
    const auto& rows = offcpu_by_tid[s.tid[i]];
    auto it = std::lower_bound(rows.begin(), rows.end(), s.enter_ns[i],
                               [&](size_t row, uint64_t t) { return o.out_ns[row] < t; });
    uint64_t total = 0;
    for (; it != rows.end() && o.out_ns[*it] < s.exit_ns[i]; ++it) {
      uint64_t in = o.in_ns[*it] ? std::min(o.in_ns[*it], s.exit_ns[i]) : s.exit_ns[i];
      total += in - o.out_ns[*it];
    }
    s.offcpu_ns[i] = total;
  }
}

TraceData TraceBuilder::finish(uint64_t end_ns) {
  data_.end_ns = end_ns;
  close_at_end(end_ns);
  auto& l = data_.launches;
  sort_by(l.ts_ns, l.ts_ns, l.tid, l.api, l.grid_x, l.grid_y, l.grid_z, l.block_x, l.block_y, l.block_z,
          l.shared_mem, l.stream);
  auto& o = data_.offcpu;
  sort_by(o.out_ns, o.out_ns, o.in_ns, o.wakeup_ns, o.tid, o.cpu, o.in_cpu, o.state, o.in_source, o.next_pid,
          o.next_name);
  auto& q = data_.irqs;
  sort_by(q.entry_ns, q.entry_ns, q.duration_ns, q.tid, q.cpu, q.kind, q.number, q.name);
  auto& s = data_.syncs;
  sort_by(s.enter_ns, s.enter_ns, s.exit_ns, s.tid, s.api, s.offcpu_ns);
  auto& m = data_.markers;
  sort_by(m.ts_ns, m.ts_ns, m.tid, m.phase, m.token);
  attribute_sync_offcpu();
  for (auto& [tid, t] : threads_) {
    ThreadInfo info;
    info.tid = tid;
    info.tgid = t.tgid;
    info.comm = t.comm;
    info.exit_ns = t.exit_ns;
    info.first_ns = t.first_ns;
    info.running_since_ns = t.running_since_ns;
    info.has_first = t.has_first;
    info.has_last = t.has_last;
    info.first = t.first;
    info.last = t.last;
    data_.threads.push_back(std::move(info));
  }
  std::sort(data_.threads.begin(), data_.threads.end(),
            [](const ThreadInfo& a, const ThreadInfo& b) { return a.tid < b.tid; });
  return std::move(data_);
}

}  // namespace cudabench::trace
