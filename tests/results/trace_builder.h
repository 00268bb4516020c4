// Builds small TraceData by hand for the golden tests, in microseconds after a base time so the
// expected numbers can be worked out on paper.
#pragma once

#include <cstdint>
#include <string>

#include "tracer/model/trace_data.h"

namespace cudabench::test {

inline constexpr uint64_t base_ns = 1'000'000;
inline uint64_t at_us(double us) {
  return static_cast<uint64_t>(static_cast<int64_t>(base_ns) + static_cast<int64_t>(us * 1000));
}

struct TraceBuilder {
  trace::TraceData t;

  void launch(uint32_t tid, double us, trace::LaunchApi api = trace::LaunchApi::cuLaunchKernel) {
    auto& l = t.launches;
    l.ts_ns.push_back(at_us(us));
    l.tid.push_back(tid);
    l.api.push_back(static_cast<uint8_t>(api));
    for (auto* col : {&l.grid_x, &l.grid_y, &l.grid_z, &l.block_x, &l.block_y, &l.block_z})
      col->push_back(static_cast<uint32_t>(col->size() % 7 + 1));
    l.shared_mem.push_back(1024);
    l.stream.push_back(0x7f00deadbeef);
  }
  // in_us < 0: never came back.
  void offcpu(uint32_t tid, double out_us, double in_us, bool preempted, const std::string& next) {
    auto& o = t.offcpu;
    o.out_ns.push_back(at_us(out_us));
    o.in_ns.push_back(in_us < 0 ? 0 : at_us(in_us));
    o.tid.push_back(tid);
    o.cpu.push_back(1);
    o.preempted.push_back(preempted ? 1 : 0);
    o.next_pid.push_back(preempted ? 4242 : 0);
    o.next_name.push_back(t.intern(next));
  }
  void irq(uint32_t tid, double entry_us, double dur_us, trace::IrqKind kind, uint32_t number,
           const std::string& name) {
    auto& q = t.irqs;
    q.entry_ns.push_back(at_us(entry_us));
    q.duration_ns.push_back(static_cast<uint64_t>(dur_us * 1000));
    q.tid.push_back(tid);
    q.cpu.push_back(1);
    q.kind.push_back(static_cast<uint8_t>(kind));
    q.number.push_back(number);
    q.name.push_back(t.intern(name));
  }
  void wakeup(uint32_t tid, double wake_us, double run_us) {
    t.wakeups.wakeup_ns.push_back(at_us(wake_us));
    t.wakeups.run_ns.push_back(at_us(run_us));
    t.wakeups.tid.push_back(tid);
  }
  void sync(uint32_t tid, double enter_us, double exit_us, uint64_t offcpu_ns) {
    t.syncs.enter_ns.push_back(at_us(enter_us));
    t.syncs.exit_ns.push_back(at_us(exit_us));
    t.syncs.tid.push_back(tid);
    t.syncs.api.push_back(static_cast<uint8_t>(trace::SyncApi::cudaDeviceSynchronize));
    t.syncs.offcpu_ns.push_back(offcpu_ns);
  }
  void marker(uint32_t tid, double us, trace::Phase phase, uint32_t token = 0) {
    t.markers.ts_ns.push_back(at_us(us));
    t.markers.tid.push_back(tid);
    t.markers.phase.push_back(static_cast<uint32_t>(phase));
    t.markers.token.push_back(token);
  }
};

// The golden trace of test_analysis.cpp (the hand computation is written there).
inline trace::TraceData golden_trace() {
  using trace::IrqKind;
  TraceBuilder b;
  b.t.tgid = 100;
  b.t.start_ns = at_us(0);
  b.t.end_ns = at_us(10'000);
  b.t.threads = {{100, "runcu"}, {101, "cuda-EvtHandlr"}};
  for (double us : {0.0, 2.0, 4.0, 54.0, 56.0, 3000.0, 3002.0, 3004.0, 5000.0, 5010.0})
    b.launch(100, us, us == 56.0 ? trace::LaunchApi::cudaLaunchKernel : trace::LaunchApi::cuLaunchKernel);
  b.offcpu(100, 10, 40, true, "stress-ng");
  b.offcpu(101, 100, -1, false, "swapper/1");
  b.offcpu(100, 3500, 4500, false, "swapper/1");
  b.offcpu(100, 6000, 6100, true, "kworker/0:1");
  b.irq(100, -5, 3, IrqKind::soft, 1, "TIMER");  // before the window: not counted
  b.irq(100, 1, 2, IrqKind::soft, 1, "TIMER");
  b.irq(100, 60, 4, IrqKind::soft, 1, "TIMER");
  b.irq(100, 200, 10, IrqKind::hard, 30, "nvme0q1");
  b.irq(100, 3100, 6, IrqKind::soft, 1, "TIMER");
  b.irq(100, 4600, 8, IrqKind::soft, 9, "RCU");
  b.wakeup(100, 4490, 4495);
  b.wakeup(100, 6085, 6100);
  b.wakeup(101, 7000, 7025);
  b.sync(100, 5020, 5520, 0);
  b.t.cpu_irq.push_back({0, 2, 20'000, 5, 30'000});
  return b.t;
}

}  // namespace cudabench::test
