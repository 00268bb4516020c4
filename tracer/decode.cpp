#include "tracer/decode.h"

#include <cstddef>
#include <cstring>
#include <string>

namespace cudabench::tracer {

// The record layout is an ABI with the BPF side: pin it.
static_assert(sizeof(cb_event) == 64);
static_assert(offsetof(cb_event, ts_ns) == 0 && offsetof(cb_event, tgid) == 8);
static_assert(offsetof(cb_event, tid) == 12 && offsetof(cb_event, cpu) == 16);
static_assert(offsetof(cb_event, type) == 20 && offsetof(cb_event, sub) == 21);
static_assert(offsetof(cb_event, launch) == 24 && sizeof(cb_launch) == 40);
static_assert(offsetof(cb_launch, shared_mem) == 24 && offsetof(cb_launch, stream) == 32);
static_assert(offsetof(cb_irq, name) == 16 && sizeof(cb_switch_out) == 40);
static_assert(offsetof(cb_switch_out, sum_exec_ns) == 24 && sizeof(cb_thread_stats) == 32);
static_assert(static_cast<int>(trace::LaunchApi::extra) == CB_extra);
static_assert(static_cast<int>(trace::LaunchApi::cudaLaunchKernel) == CB_cudaLaunchKernel);
static_assert(static_cast<int>(trace::LaunchApi::cuGraphLaunch_ptsz) == CB_cuGraphLaunch_ptsz);

namespace {

std::string_view fixed_string(const char* text, size_t max) {
  return {text, strnlen(text, max)};
}

trace::OutState out_state(uint8_t sub) {
  return sub == CB_OUT_PREEMPTED ? trace::OutState::preempted : trace::OutState::blocked;
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
    case CB_EV_THREAD_STATS: return "thread_stats";
    default: return "unknown";
  }
}

Decoder::Decoder(const std::vector<uint32_t>& tgids, uint64_t start_ns)
    : builder_(tgids.at(0), start_ns), start_ns_(start_ns), tgids_(tgids.begin(), tgids.end()) {}

void Decoder::add(const cb_event& e) {
  ++records_;
  if (e.ts_ns < start_ns_) return;  // left over from before this window
  if (tids_.insert(e.tid).second) builder_.thread(e.tid, e.tgid);
  switch (e.type) {
    case CB_EV_LAUNCH: {
      const uint32_t dims[7] = {e.launch.grid[0],  e.launch.grid[1],  e.launch.grid[2],   e.launch.block[0],
                                e.launch.block[1], e.launch.block[2], e.launch.shared_mem};
      builder_.launch(e.ts_ns, e.tid, e.sub, dims, e.launch.stream);
      break;
    }
    case CB_EV_SYNC_ENTER: builder_.sync_enter(e.ts_ns, e.tid, e.sub); break;
    case CB_EV_SYNC_EXIT: builder_.sync_exit(e.ts_ns, e.tid); break;
    case CB_EV_SWITCH_OUT: add_switch_out(e); break;
    case CB_EV_SWITCH_IN: builder_.switch_in(e.ts_ns, e.tid, e.cpu, e.switch_in.wakeup_ns); break;
    case CB_EV_HARDIRQ:
    case CB_EV_SOFTIRQ: add_irq(e); break;
    case CB_EV_MARKER: builder_.marker(e.ts_ns, e.tid, e.marker.phase, e.marker.token); break;
    case CB_EV_FORK: tgids_.insert(e.task.child_tgid); break;
    case CB_EV_EXIT: builder_.thread(e.tid, e.tgid, fixed_string(e.task.comm, sizeof(e.task.comm))); break;
    case CB_EV_THREAD_STATS: {
      const auto& k = e.thread_stats;
      builder_.thread_last(e.tid, {e.ts_ns, k.sum_exec_ns, k.run_delay_ns, k.pcount, k.nvcsw, k.nivcsw});
      break;
    }
    default: break;
  }
}

void Decoder::add_switch_out(const cb_event& e) {
  trace::SwitchOut s;
  s.ts_ns = e.ts_ns;
  s.tgid = e.tgid;
  s.tid = e.tid;
  s.cpu = e.cpu;
  s.state = out_state(e.sub);
  s.dead = e.sub == CB_OUT_DEAD;
  s.next_pid = e.switch_out.next_pid;
  s.next_comm = fixed_string(e.switch_out.next_comm, CB_COMM_LEN);
  s.pcount = e.switch_out.pcount;
  s.sum_exec_ns = e.switch_out.sum_exec_ns;
  s.has_accounting = true;
  builder_.switch_out(s);
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
  builder_.irq(e.ts_ns, e.irq.duration_ns, e.tid, e.cpu, hard ? trace::IrqKind::hard : trace::IrqKind::soft,
               e.irq.number, name);
}

}  // namespace cudabench::tracer
