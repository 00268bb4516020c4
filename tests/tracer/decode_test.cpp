// The decoder on hand-made records: no BPF needed.
#include <doctest/doctest.h>

#include <cstring>

#include "results/report/trace_summary.h"
#include "tracer/decode.h"

using namespace cudabench;

namespace {

cb_event record(uint8_t type, uint64_t ts, uint32_t tid, uint8_t sub = 0) {
  cb_event e;
  std::memset(&e, 0, sizeof(e));
  e.type = type;
  e.ts_ns = ts;
  e.tgid = 100;
  e.tid = tid;
  e.cpu = 1;
  e.sub = sub;
  return e;
}

}  // namespace

TEST_SUITE("unit") {
  TEST_CASE("decoder pairs switches - wakeups and syncs and sorts launches") {
    tracer::Decoder d(100, 1000);
    auto launch_late = record(CB_EV_LAUNCH, 5000, 101, CB_cuLaunchKernelEx);
    launch_late.launch.grid[0] = 7;
    launch_late.launch.stream = 0x5678;
    d.add(launch_late);
    d.add(record(CB_EV_LAUNCH, 4000, 100, CB_cuLaunchKernel));
    d.add(record(CB_EV_LAUNCH, 500, 100, CB_cuLaunchKernel));  // before the window: ignored
    d.add(record(CB_EV_SYNC_ENTER, 2000, 100, 1));
    auto out = record(CB_EV_SWITCH_OUT, 2100, 100, 0);
    out.switch_out.next_pid = 7;
    std::strcpy(out.switch_out.next_comm, "stress-ng");
    d.add(out);
    auto in = record(CB_EV_SWITCH_IN, 2600, 100);
    in.switch_in.wakeup_ns = 2500;
    d.add(in);
    auto stale = record(CB_EV_SWITCH_IN, 2700, 101);
    stale.switch_in.wakeup_ns = 10;  // woken before the window: no latency row
    d.add(stale);
    d.add(record(CB_EV_SYNC_EXIT, 3000, 100, 1));
    d.add(record(CB_EV_SWITCH_OUT, 6000, 101, 1));  // never back: in_ns stays 0
    auto soft = record(CB_EV_SOFTIRQ, 3500, 100);
    soft.irq.number = 3;
    soft.irq.duration_ns = 40;
    d.add(soft);
    auto exit = record(CB_EV_EXIT, 7000, 101);
    std::strcpy(exit.task.comm, "cb-worker");
    d.add(exit);
    d.add(record(CB_EV_SWITCH_OUT, 7100, 101, 0));  // its final switch-out: not off-CPU time

    trace::TraceData t = d.finish(8000);
    CHECK(t.stats.events == 12);
    REQUIRE(t.launches.size() == 2);
    CHECK(t.launches.ts_ns[0] == 4000);
    CHECK(t.launches.ts_ns[1] == 5000);
    CHECK(t.launches.grid_x[1] == 7);
    CHECK(t.launches.stream[1] == 0x5678);
    CHECK(t.launches.api[1] == uint8_t(trace::LaunchApi::cuLaunchKernelEx));
    REQUIRE(t.offcpu.size() == 2);
    CHECK(t.offcpu.in_ns[0] == 2600);
    CHECK(t.offcpu.in_ns[1] == 0);
    CHECK(t.offcpu.preempted[1] == 1);
    CHECK(t.strings[t.offcpu.next_name[0]] == "stress-ng");
    REQUIRE(t.wakeups.size() == 1);
    CHECK(t.wakeups.run_ns[0] - t.wakeups.wakeup_ns[0] == 100);
    REQUIRE(t.syncs.size() == 1);
    CHECK(t.syncs.offcpu_ns[0] == 500);
    CHECK(t.syncs.api[0] == uint8_t(trace::SyncApi::cuCtxSynchronize));
    REQUIRE(t.irqs.size() == 1);
    CHECK(t.strings[t.irqs.name[0]] == "NET_RX");
    bool named = false;
    for (const auto& th : t.threads) named |= th.tid == 101 && th.comm == "cb-worker";
    CHECK(named);
  }

  TEST_CASE("nested syncs pair innermost first") {
    tracer::Decoder d(1, 0);
    d.add(record(CB_EV_SYNC_ENTER, 10, 1, 0));
    d.add(record(CB_EV_SYNC_ENTER, 20, 1, 1));
    d.add(record(CB_EV_SYNC_EXIT, 30, 1, 1));
    d.add(record(CB_EV_SYNC_EXIT, 40, 1, 0));
    auto t = d.finish(50);
    REQUIRE(t.syncs.size() == 2);
    CHECK(t.syncs.enter_ns[0] == 10);
    CHECK(t.syncs.exit_ns[0] == 40);
    CHECK(t.syncs.api[0] == 0);
    CHECK(t.syncs.exit_ns[1] == 30);
  }

  TEST_CASE("kernel launches do not double count cudaLaunchKernel reaching cuLaunchKernel") {
    trace::TraceData t;
    for (int i = 0; i < 3; ++i) t.launches.api.push_back(uint8_t(trace::LaunchApi::cudaLaunchKernel));
    for (int i = 0; i < 4; ++i) t.launches.api.push_back(uint8_t(trace::LaunchApi::cuLaunchKernel));
    t.launches.ts_ns.resize(7);
    CHECK(trace::kernel_launches(t) == 4);
    t.launches.api.resize(3);
    CHECK(trace::kernel_launches(t) == 3);
  }
}
