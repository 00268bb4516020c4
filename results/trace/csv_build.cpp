#include "results/trace/csv_build.h"

#include <algorithm>
#include <numeric>

#include "common/log.h"
#include "results/trace/csv.h"

namespace cudabench::results {
namespace {

// Reorders every column by `order` (the rows' new sequence).
template <typename... Columns>
void permute(const std::vector<uint32_t>& order, Columns&... columns) {
  auto apply = [&](auto& col) {
    std::remove_reference_t<decltype(col)> sorted(col.size());
    for (size_t i = 0; i < order.size(); ++i) sorted[i] = col[order[i]];
    col.swap(sorted);
  };
  (apply(columns), ...);
}

template <typename Key>
std::vector<uint32_t> order_by(const std::vector<Key>& key) {
  std::vector<uint32_t> order(key.size());
  std::iota(order.begin(), order.end(), 0u);
  std::stable_sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) { return key[a] < key[b]; });
  return order;
}

uint64_t effective_in(uint64_t in) {
  return in ? in : UINT64_MAX;
}

}  // namespace

void CsvBuilder::note_time(uint64_t ts) {
  auto rel = static_cast<int64_t>(ts);  // the original's relative times wrap below its first event
  min_rel_ = std::min(min_rel_, rel);
  max_rel_ = std::max(max_rel_, rel);
}

void CsvBuilder::seen(uint64_t ts, uint32_t pid, uint32_t tid, std::string_view comm, bool is_launch) {
  note_time(ts);
  if (!have_pid_) {
    first_pid_ = pid;
    have_pid_ = true;
  }
  if (is_launch && !have_tgid_) {
    t_.tgid = pid;
    have_tgid_ = true;
  }
  if (tid != last_tid_) {
    comms_.try_emplace(tid, comm);
    last_tid_ = tid;
  }
}

void CsvBuilder::launch(uint64_t ts, uint32_t tid, uint8_t api, const uint32_t dims[7], uint64_t stream) {
  auto& l = t_.launches;
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

void CsvBuilder::sync(uint64_t ts, uint32_t tid, bool enter) {
  syncs_.push_back({ts, tid, 0, enter});
}

void CsvBuilder::sched_switch(uint64_t ts, uint32_t tid, uint32_t cpu, bool out, uint64_t absolute_ns) {
  if (!have_base_) {
    base_ = absolute_ns - ts;  // absolute = base + relative
    have_base_ = true;
  }
  switches_.push_back({ts, tid, cpu, out});
}

void CsvBuilder::irq(uint64_t exit_ts, uint32_t tid, uint32_t cpu, uint8_t kind, uint32_t number,
                     std::string_view name, uint64_t duration_ns) {
  uint64_t entry = exit_ts - duration_ns;
  note_time(entry);
  auto [it, added] = names_.try_emplace(std::string(name), 0);
  if (added) it->second = t_.intern(it->first);
  auto& q = t_.irqs;
  q.entry_ns.push_back(entry);
  q.duration_ns.push_back(duration_ns);
  q.tid.push_back(tid);
  q.cpu.push_back(cpu);
  q.kind.push_back(kind);
  q.number.push_back(number);
  q.name.push_back(it->second);
}

void CsvBuilder::build_offcpu() {
  std::stable_sort(switches_.begin(), switches_.end(),
                   [](const Edge& a, const Edge& b) { return a.ts < b.ts; });
  struct Open {
    uint64_t out;
    uint32_t cpu;
  };
  std::unordered_map<uint32_t, Open> open;
  std::vector<std::pair<uint64_t, uint64_t>> spans;
  std::vector<std::pair<uint32_t, uint32_t>> who;  // tid, cpu
  size_t unpaired = 0;
  for (const Edge& e : switches_) {
    if (e.start) {
      if (!open.insert_or_assign(e.tid, Open{e.ts, e.cpu}).second) ++unpaired;  // lost its switch-in
    } else if (auto it = open.find(e.tid); it != open.end()) {
      spans.emplace_back(it->second.out, e.ts);
      who.emplace_back(e.tid, it->second.cpu);
      open.erase(it);
    }
  }
  for (const auto& [tid, o] : open) {  // never came back inside the trace
    spans.emplace_back(o.out, 0);
    who.emplace_back(tid, o.cpu);
  }
  if (unpaired) log::warn("{} switch-outs had no matching switch-in and were dropped", unpaired);
  std::vector<uint64_t> outs(spans.size());
  for (size_t i = 0; i < spans.size(); ++i) outs[i] = spans[i].first;
  std::vector<uint32_t> order = order_by(outs);
  auto& o = t_.offcpu;
  uint32_t unknown_task = t_.intern("");
  for (uint32_t i : order) {
    o.out_ns.push_back(spans[i].first);
    o.in_ns.push_back(spans[i].second);
    o.tid.push_back(who[i].first);
    o.cpu.push_back(who[i].second);
    o.preempted.push_back(offcpu_state_unknown);  // the CSV does not carry prev_state
    o.next_pid.push_back(0);
    o.next_name.push_back(unknown_task);
  }
}

void CsvBuilder::build_syncs() {
  std::stable_sort(syncs_.begin(), syncs_.end(), [](const Edge& a, const Edge& b) { return a.ts < b.ts; });
  std::unordered_map<uint32_t, std::vector<uint32_t>> offcpu_rows;
  for (size_t r = 0; r < t_.offcpu.size(); ++r)
    offcpu_rows[t_.offcpu.tid[r]].push_back(static_cast<uint32_t>(r));
  std::unordered_map<uint32_t, uint64_t> open;
  auto& s = t_.syncs;
  const auto& off = t_.offcpu;
  for (const Edge& e : syncs_) {
    if (e.start) {
      open[e.tid] = e.ts;
      continue;
    }
    auto it = open.find(e.tid);
    if (it == open.end()) continue;  // the call began before the trace
    uint64_t enter = it->second, exit = e.ts, inside = 0;
    open.erase(it);
    const auto& rows = offcpu_rows[e.tid];
    auto first = std::partition_point(rows.begin(), rows.end(),
                                      [&](uint32_t r) { return effective_in(off.in_ns[r]) <= enter; });
    for (auto r = first; r != rows.end() && off.out_ns[*r] < exit; ++r)
      inside += std::min(effective_in(off.in_ns[*r]), exit) - std::max(off.out_ns[*r], enter);
    s.enter_ns.push_back(enter);
    s.exit_ns.push_back(exit);
    s.tid.push_back(e.tid);
    s.api.push_back(static_cast<uint8_t>(trace::SyncApi::cudaDeviceSynchronize));  // all the original probed
    s.offcpu_ns.push_back(inside);
  }
  permute(order_by(s.enter_ns), s.enter_ns, s.exit_ns, s.tid, s.api, s.offcpu_ns);
}

trace::TraceData CsvBuilder::finish() {
  // Without a schedSwitch row the absolute origin is unknown: start at 0, or above 0 when some
  // relative times wrapped below the first event.
  if (!have_base_) base_ = min_rel_ < 0 ? static_cast<uint64_t>(-min_rel_) : 0;
  for (auto& ts : t_.launches.ts_ns) ts += base_;
  for (auto& ts : t_.irqs.entry_ns) ts += base_;
  for (auto& e : switches_) e.ts += base_;
  for (auto& e : syncs_) e.ts += base_;
  t_.start_ns = base_ + static_cast<uint64_t>(min_rel_);
  t_.end_ns = base_ + static_cast<uint64_t>(max_rel_);
  if (!have_tgid_) t_.tgid = first_pid_;

  auto& l = t_.launches;
  if (!std::is_sorted(l.ts_ns.begin(), l.ts_ns.end()))
    permute(order_by(l.ts_ns), l.ts_ns, l.tid, l.api, l.grid_x, l.grid_y, l.grid_z, l.block_x, l.block_y,
            l.block_z, l.shared_mem, l.stream);
  auto& q = t_.irqs;
  if (!std::is_sorted(q.entry_ns.begin(), q.entry_ns.end()))
    permute(order_by(q.entry_ns), q.entry_ns, q.duration_ns, q.tid, q.cpu, q.kind, q.number, q.name);
  build_offcpu();
  build_syncs();
  for (auto& [tid, comm] : comms_) t_.threads.push_back({tid, comm});
  std::sort(t_.threads.begin(), t_.threads.end(),
            [](const trace::ThreadInfo& a, const trace::ThreadInfo& b) { return a.tid < b.tid; });
  return std::move(t_);
}

}  // namespace cudabench::results
