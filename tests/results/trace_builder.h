// Small traces for the golden tests, in microseconds after a base time so the expected numbers can
// be worked out on paper. Events may be added in any order: build() replays them in time order
// through the one trace builder (tracer/model/builder.h), as the tracer and import-csv do.
#pragma once

#include <algorithm>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "tracer/model/builder.h"

namespace cudabench::test {

inline constexpr uint64_t base_ns = 1'000'000;
inline uint64_t at_us(double us) {
  return static_cast<uint64_t>(static_cast<int64_t>(base_ns) + static_cast<int64_t>(us * 1000));
}

class TraceBuilder {
 public:
  uint32_t tgid = 100;
  double start_us = 0, end_us = 0;

  void thread(uint32_t tid, const std::string& comm, uint32_t process = 0) {
    threads_.push_back({tid, process ? process : tgid, comm});
  }
  void launch(uint32_t tid, double us, trace::LaunchApi api = trace::LaunchApi::cuLaunchKernel) {
    uint32_t n = launches_++;
    add(us, [=](trace::TraceBuilder& b) {
      uint32_t dims[7];
      for (uint32_t k = 0; k < 6; ++k) dims[k] = n % 7 + 1;
      dims[6] = 1024;
      b.launch(at_us(us), tid, static_cast<uint8_t>(api), dims, 0x7f00deadbeef);
    });
  }
  // A switch-out at out_us; back at in_us (< 0: no switch-in), woken at wakeup_us (< 0: not seen).
  void offcpu(uint32_t tid, double out_us, double in_us, trace::OutState state, const std::string& next,
              double wakeup_us = -1, uint32_t cpu = 1) {
    add(out_us, [=](trace::TraceBuilder& b) {
      trace::SwitchOut s;
      s.ts_ns = at_us(out_us);
      s.tid = tid;
      s.cpu = cpu;
      s.state = state;
      s.next_pid = state == trace::OutState::preempted ? 4242 : 0;
      s.next_comm = next;
      b.switch_out(s);
    });
    if (in_us >= 0)
      add(in_us, [=](trace::TraceBuilder& b) {
        b.switch_in(at_us(in_us), tid, cpu, wakeup_us >= 0 ? at_us(wakeup_us) : 0);
      });
  }
  void switch_out(double us, const trace::SwitchOut& s) {
    add(us, [=](trace::TraceBuilder& b) {
      trace::SwitchOut x = s;
      x.ts_ns = at_us(us);
      b.switch_out(x);
    });
  }
  void switch_in(uint32_t tid, double us, double wakeup_us = -1, uint32_t cpu = 1) {
    add(us, [=](trace::TraceBuilder& b) {
      b.switch_in(at_us(us), tid, cpu, wakeup_us >= 0 ? at_us(wakeup_us) : 0);
    });
  }
  void irq(uint32_t tid, double entry_us, double dur_us, trace::IrqKind kind, uint32_t number,
           const std::string& name, uint32_t cpu = 1) {
    add(entry_us, [=](trace::TraceBuilder& b) {
      b.irq(at_us(entry_us), static_cast<uint64_t>(dur_us * 1000), tid, cpu, kind, number, name);
    });
  }
  void sync(uint32_t tid, double enter_us, double exit_us) {
    add(enter_us, [=](trace::TraceBuilder& b) {
      b.sync_enter(at_us(enter_us), tid, static_cast<uint8_t>(trace::SyncApi::cudaDeviceSynchronize));
    });
    add(exit_us, [=](trace::TraceBuilder& b) { b.sync_exit(at_us(exit_us), tid); });
  }
  void marker(uint32_t tid, double us, trace::Phase phase, uint32_t token = 0) {
    add(us, [=](trace::TraceBuilder& b) { b.marker(at_us(us), tid, static_cast<uint32_t>(phase), token); });
  }
  // The kernel's accounting of a thread at the start (or its creation: first = false means zeros at
  // its first event) and at `at_us`.
  void accounting_first(uint32_t tid, double at, trace::KernelAccounting k) {
    k.at_ns = at_us(at);
    firsts_.push_back({tid, k});
  }
  void accounting_last(uint32_t tid, double at, trace::KernelAccounting k) {
    k.at_ns = at_us(at);
    lasts_.push_back({tid, k});
  }
  void cpu_irq(const trace::CpuIrqTotal& c) { cpu_irq_.push_back(c); }
  void stats(const trace::TracerStats& s) { stats_ = s; }

  trace::TraceData build() const {
    trace::TraceBuilder b(tgid, at_us(start_us));
    for (const auto& t : threads_) b.thread(t.tid, t.process, t.comm);
    for (const auto& [tid, k] : firsts_) b.thread_first(tid, k);
    std::vector<const Event*> order;
    for (const auto& e : events_) order.push_back(&e);
    std::stable_sort(order.begin(), order.end(),
                     [](const Event* x, const Event* y) { return x->us < y->us; });
    for (const Event* e : order) e->apply(b);
    for (const auto& [tid, k] : lasts_) b.thread_last(tid, k);
    b.stats() = stats_;
    b.cpu_irq() = cpu_irq_;
    return b.finish(at_us(end_us));
  }

 private:
  struct Event {
    double us;
    std::function<void(trace::TraceBuilder&)> apply;
  };
  struct Thread {
    uint32_t tid, process;
    std::string comm;
  };
  void add(double us, std::function<void(trace::TraceBuilder&)> f) { events_.push_back({us, std::move(f)}); }

  std::vector<Event> events_;
  std::vector<Thread> threads_;
  std::vector<std::pair<uint32_t, trace::KernelAccounting>> firsts_, lasts_;
  std::vector<trace::CpuIrqTotal> cpu_irq_;
  trace::TracerStats stats_;
  uint32_t launches_ = 0;
};

// The golden trace of analysis_test.cpp (the hand computation is written there): window 0..10 ms,
// thread 100 launches, thread 101 is a helper.
inline TraceBuilder golden_events() {
  using trace::IrqKind;
  using trace::OutState;
  TraceBuilder b;
  b.start_us = 0;
  b.end_us = 10'000;
  b.thread(100, "runcu");
  b.thread(101, "cuda-EvtHandlr");
  for (double us : {0.0, 2.0, 4.0, 54.0, 56.0, 3000.0, 3002.0, 3004.0, 5000.0, 5010.0})
    b.launch(100, us, us == 56.0 ? trace::LaunchApi::cudaLaunchKernel : trace::LaunchApi::cuLaunchKernel);
  b.offcpu(100, 10, 40, OutState::preempted, "stress-ng");
  b.offcpu(101, 100, 7025, OutState::blocked, "swapper/1", 7000);
  b.offcpu(100, 3500, 4495, OutState::blocked, "swapper/1", 4490);
  b.offcpu(100, 6000, 6100, OutState::preempted, "kworker/0:1");
  b.offcpu(101, 7100, 8015, OutState::blocked, "swapper/1", 8000);
  b.irq(100, -5, 3, IrqKind::soft, 1, "TIMER");  // before the window: not counted
  b.irq(100, 1, 2, IrqKind::soft, 1, "TIMER");
  b.irq(100, 60, 4, IrqKind::soft, 1, "TIMER");
  b.irq(100, 200, 10, IrqKind::hard, 30, "nvme0q1");
  b.irq(100, 3100, 6, IrqKind::soft, 1, "TIMER");
  b.irq(100, 4600, 8, IrqKind::soft, 9, "RCU");
  b.sync(100, 5020, 5520);
  b.cpu_irq({0, 2, 20'000, 5, 30'000});
  return b;
}

inline trace::TraceData golden_trace() {
  return golden_events().build();
}

}  // namespace cudabench::test
