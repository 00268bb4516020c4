#include "tracer/decode.h"

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <fstream>
#include <numeric>
#include <string>

namespace cudabench::tracer {

// The record layout is an ABI with the BPF side: pin it.
static_assert(sizeof(cb_event) == 64);
static_assert(offsetof(cb_event, ts_ns) == 0 && offsetof(cb_event, tgid) == 8);
static_assert(offsetof(cb_event, tid) == 12 && offsetof(cb_event, cpu) == 16);
static_assert(offsetof(cb_event, type) == 20 && offsetof(cb_event, sub) == 21);
static_assert(offsetof(cb_event, launch) == 24 && sizeof(cb_launch) == 40);
static_assert(offsetof(cb_launch, shared_mem) == 24 && offsetof(cb_launch, stream) == 32);
static_assert(offsetof(cb_irq, name) == 16 && sizeof(cb_switch_out) == 24);
static_assert(static_cast<int>(trace::LaunchApi::extra) == CB_extra);
static_assert(static_cast<int>(trace::LaunchApi::cudaLaunchKernel) == CB_cudaLaunchKernel);
static_assert(static_cast<int>(trace::LaunchApi::cuGraphLaunch_ptsz) == CB_cuGraphLaunch_ptsz);

namespace {

std::string fixed_string(const char* text, size_t max) {
  return std::string(text, strnlen(text, max));
}

// Reorders every column of a table by `order`.
template <typename T>
void permute(std::vector<T>& column, const std::vector<size_t>& order) {
  std::vector<T> sorted(column.size());
  for (size_t i = 0; i < order.size(); ++i) sorted[i] = column[order[i]];
  column.swap(sorted);
}

template <typename... Columns>
void sort_by(const std::vector<uint64_t>& key, Columns&... columns) {
  if (std::is_sorted(key.begin(), key.end())) return;
  std::vector<size_t> order(key.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return key[a] < key[b]; });
  (permute(columns, order), ...);
}

}  // namespace

const char* event_type_name(uint32_t type) {
  switch (type) {
    case CB_EV_LAUNCH: return "launch";
    case CB_EV_SYNC_ENTER: return "sync_enter";
    case CB_EV_SYNC_EXIT: return "sync_exit";
    case CB_EV_SWITCH_OUT: return "switch_out";
    case CB_EV_SWITCH_IN: return "switch_in";
    case CB_EV_HARDIRQ: return "hardirq";
    case CB_EV_SOFTIRQ: return "softirq";
    case CB_EV_MARKER: return "marker";
    case CB_EV_FORK: return "fork";
    case CB_EV_EXIT: return "exit";
    default: return "unknown";
  }
}

Decoder::Decoder(uint32_t tgid, uint64_t start_ns) {
  data_.tgid = tgid;
  data_.start_ns = start_ns;
  tgids_.insert(tgid);
}

void Decoder::add(const cb_event& e) {
  ++records_;
  if (e.ts_ns < data_.start_ns) return;  // left over from before this window
  comms_.try_emplace(e.tid);
  switch (e.type) {
    case CB_EV_LAUNCH: {
      auto& l = data_.launches;
      l.ts_ns.push_back(e.ts_ns);
      l.tid.push_back(e.tid);
      l.api.push_back(e.sub);
      l.grid_x.push_back(e.launch.grid[0]);
      l.grid_y.push_back(e.launch.grid[1]);
      l.grid_z.push_back(e.launch.grid[2]);
      l.block_x.push_back(e.launch.block[0]);
      l.block_y.push_back(e.launch.block[1]);
      l.block_z.push_back(e.launch.block[2]);
      l.shared_mem.push_back(e.launch.shared_mem);
      l.stream.push_back(e.launch.stream);
      break;
    }
    case CB_EV_SYNC_ENTER:
    case CB_EV_SYNC_EXIT: add_sync(e); break;
    case CB_EV_SWITCH_OUT: add_switch_out(e); break;
    case CB_EV_SWITCH_IN: add_switch_in(e); break;
    case CB_EV_HARDIRQ:
    case CB_EV_SOFTIRQ: add_irq(e); break;
    case CB_EV_MARKER:
      data_.markers.ts_ns.push_back(e.ts_ns);
      data_.markers.tid.push_back(e.tid);
      data_.markers.phase.push_back(e.marker.phase);
      data_.markers.token.push_back(e.marker.token);
      break;
    case CB_EV_FORK: tgids_.insert(e.task.child_tgid); break;
    case CB_EV_EXIT: comms_[e.tid] = fixed_string(e.task.comm, sizeof(e.task.comm)); break;
    default: break;
  }
}

void Decoder::add_switch_out(const cb_event& e) {
  // A thread's last switch-out comes after sched_process_exit: it is death, not off-CPU time.
  if (comms_.count(e.tid) && !comms_[e.tid].empty()) return;
  auto& o = data_.offcpu;
  open_offcpu_[e.tid] = o.size();
  o.out_ns.push_back(e.ts_ns);
  o.in_ns.push_back(0);
  o.tid.push_back(e.tid);
  o.cpu.push_back(e.cpu);
  o.preempted.push_back(e.sub);
  o.next_pid.push_back(e.switch_out.next_pid);
  o.next_name.push_back(data_.intern(fixed_string(e.switch_out.next_comm, CB_COMM_LEN)));
}

void Decoder::add_switch_in(const cb_event& e) {
  if (auto it = open_offcpu_.find(e.tid); it != open_offcpu_.end()) {
    data_.offcpu.in_ns[it->second] = e.ts_ns;
    open_offcpu_.erase(it);
  }
  // A wakeup from before the window would make the latency include time we did not watch.
  if (e.switch_in.wakeup_ns >= data_.start_ns && e.switch_in.wakeup_ns <= e.ts_ns) {
    data_.wakeups.wakeup_ns.push_back(e.switch_in.wakeup_ns);
    data_.wakeups.run_ns.push_back(e.ts_ns);
    data_.wakeups.tid.push_back(e.tid);
  }
}

void Decoder::add_irq(const cb_event& e) {
  bool hard = e.type == CB_EV_HARDIRQ;
  std::string name;
  if (hard)
    name = fixed_string(e.irq.name, CB_NAME_LEN);
  else if (e.irq.number < std::size(trace::softirq_names))
    name = trace::softirq_names[e.irq.number];
  else
    name = "softirq" + std::to_string(e.irq.number);
  auto& q = data_.irqs;
  q.entry_ns.push_back(e.ts_ns);
  q.duration_ns.push_back(e.irq.duration_ns);
  q.tid.push_back(e.tid);
  q.cpu.push_back(e.cpu);
  q.kind.push_back(static_cast<uint8_t>(hard ? trace::IrqKind::hard : trace::IrqKind::soft));
  q.number.push_back(e.irq.number);
  q.name.push_back(data_.intern(name));
}

// Sync calls nest (cudaDeviceSynchronize calls cuCtxSynchronize): a per-thread stack pairs them.
void Decoder::add_sync(const cb_event& e) {
  auto& stack = open_syncs_[e.tid];
  if (e.type == CB_EV_SYNC_ENTER) {
    stack.emplace_back(e.ts_ns, e.sub);
    return;
  }
  if (stack.empty()) return;  // entered before the window
  auto [enter_ns, api] = stack.back();
  stack.pop_back();
  data_.syncs.enter_ns.push_back(enter_ns);
  data_.syncs.exit_ns.push_back(e.ts_ns);
  data_.syncs.tid.push_back(e.tid);
  data_.syncs.api.push_back(api);
  data_.syncs.offcpu_ns.push_back(0);
}

void Decoder::attribute_sync_offcpu() {
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

void Decoder::name_threads() {
  for (auto& [tid, comm] : comms_) {
    if (comm.empty()) {  // still alive (trace -p): ask /proc
      std::ifstream in("/proc/" + std::to_string(tid) + "/comm");
      std::getline(in, comm);
    }
    data_.threads.push_back({tid, comm});
  }
  std::sort(data_.threads.begin(), data_.threads.end(),
            [](const auto& a, const auto& b) { return a.tid < b.tid; });
}

trace::TraceData Decoder::finish(uint64_t end_ns) {
  data_.end_ns = end_ns;
  auto& l = data_.launches;
  sort_by(l.ts_ns, l.ts_ns, l.tid, l.api, l.grid_x, l.grid_y, l.grid_z, l.block_x, l.block_y, l.block_z,
          l.shared_mem, l.stream);
  auto& o = data_.offcpu;
  sort_by(o.out_ns, o.out_ns, o.in_ns, o.tid, o.cpu, o.preempted, o.next_pid, o.next_name);
  auto& w = data_.wakeups;
  sort_by(w.wakeup_ns, w.wakeup_ns, w.run_ns, w.tid);
  auto& q = data_.irqs;
  sort_by(q.entry_ns, q.entry_ns, q.duration_ns, q.tid, q.cpu, q.kind, q.number, q.name);
  auto& s = data_.syncs;
  sort_by(s.enter_ns, s.enter_ns, s.exit_ns, s.tid, s.api, s.offcpu_ns);
  auto& m = data_.markers;
  sort_by(m.ts_ns, m.ts_ns, m.tid, m.phase, m.token);
  attribute_sync_offcpu();
  name_threads();
  data_.stats.events = records_;
  return std::move(data_);
}

}  // namespace cudabench::tracer
