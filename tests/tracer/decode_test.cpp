// The decoder on hand-made records: no BPF needed.
#include <doctest/doctest.h>

#include <cstring>

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
    auto out = record(CB_EV_SWITCH_OUT, 2100, 100, CB_OUT_BLOCKED);
    out.switch_out.next_pid = 7;
    std::strcpy(out.switch_out.next_comm, "stress-ng");
    d.add(out);
    auto in = record(CB_EV_SWITCH_IN, 2600, 100);
    in.switch_in.wakeup_ns = 2500;
    d.add(in);
    auto stale = record(CB_EV_SWITCH_IN, 2700, 101);
    stale.switch_in.wakeup_ns = 10;  // woken before the window: no row
    d.add(stale);
    d.add(record(CB_EV_SYNC_EXIT, 3000, 100, 1));
    d.add(record(CB_EV_SWITCH_OUT, 6000, 101, CB_OUT_PREEMPTED));  // no switch-in follows
    auto soft = record(CB_EV_SOFTIRQ, 3500, 100);
    soft.irq.number = 3;
    soft.irq.duration_ns = 40;
    d.add(soft);
    auto exit = record(CB_EV_EXIT, 7000, 101);
    std::strcpy(exit.task.comm, "cb-worker");
    d.add(exit);
    d.add(record(CB_EV_SWITCH_OUT, 7100, 101, CB_OUT_DEAD));  // its final switch-out: not off-CPU time

    CHECK(d.records() == 12);
    trace::TraceData t = d.builder().finish(8000);
    REQUIRE(t.launches.size() == 2);
    CHECK(t.launches.ts_ns[0] == 4000);
    CHECK(t.launches.ts_ns[1] == 5000);
    CHECK(t.launches.grid_x[1] == 7);
    CHECK(t.launches.stream[1] == 0x5678);
    CHECK(t.launches.api[1] == uint8_t(trace::LaunchApi::cuLaunchKernelEx));
    REQUIRE(t.offcpu.size() == 2);
    CHECK(t.offcpu.in_ns[0] == 2600);
    CHECK(t.offcpu.wakeup_ns[0] == 2500);
    CHECK(t.offcpu.state[0] == uint8_t(trace::OutState::blocked));
    CHECK(t.offcpu.in_source[0] == uint8_t(trace::InSource::traced));
    CHECK(t.strings[t.offcpu.next_name[0]] == "stress-ng");
    // Thread 101 was preempted at 6000 and exited at 7100: it ran in between, when is not known.
    CHECK(t.offcpu.state[1] == uint8_t(trace::OutState::preempted));
    CHECK(t.offcpu.in_source[1] == uint8_t(trace::InSource::evidence));
    CHECK(t.offcpu.in_ns[1] == 7100);
    REQUIRE(t.syncs.size() == 1);
    CHECK(t.syncs.offcpu_ns[0] == 500);
    CHECK(t.syncs.api[0] == uint8_t(trace::SyncApi::cuCtxSynchronize));
    REQUIRE(t.irqs.size() == 1);
    CHECK(t.strings[t.irqs.name[0]] == "NET_RX");
    REQUIRE(t.thread(101) != nullptr);
    CHECK(t.thread(101)->comm == "cb-worker");
    CHECK(t.thread(101)->exit_ns == 7100);
    CHECK(t.thread(101)->tgid == 100);
  }

  TEST_CASE("a switch-in the tracepoint never reported is recovered from the kernel's accounting") {
    // Thread 5 (snapshot at the start: 4 arrivals, 960 ns of CPU) is preempted at 100 with 5
    // arrivals and 1000 ns: one arrival since, 40 ns of CPU, so on a CPU since 60. It is next seen
    // launching at 300; its next switch-out (at 400) shows 6 arrivals and 1150 ns: it came back once
    // and ran 150 ns, so the missing switch-in was at 250.
    tracer::Decoder d(5, 0);
    d.builder().thread_first(5, {0, 960, 0, 4, 0, 0});
    auto out1 = record(CB_EV_SWITCH_OUT, 100, 5, CB_OUT_PREEMPTED);
    out1.switch_out.pcount = 5;
    out1.switch_out.sum_exec_ns = 1000;
    d.add(out1);
    d.add(record(CB_EV_LAUNCH, 300, 5, CB_cuLaunchKernel));
    auto out2 = record(CB_EV_SWITCH_OUT, 400, 5, CB_OUT_BLOCKED);
    out2.switch_out.pcount = 6;
    out2.switch_out.sum_exec_ns = 1150;
    out2.cpu = 3;
    d.add(out2);
    auto dead = record(CB_EV_SWITCH_OUT, 900, 5, CB_OUT_DEAD);
    dead.switch_out.pcount = 8;  // two arrivals since 400: not recoverable, and no event since
    d.add(dead);
    auto stats = record(CB_EV_THREAD_STATS, 900, 5);
    stats.thread_stats.sum_exec_ns = 777;
    stats.thread_stats.pcount = 7;
    stats.thread_stats.nivcsw = 2;
    d.add(stats);
    auto t = d.builder().finish(1000);
    REQUIRE(t.offcpu.size() == 2);
    CHECK(t.offcpu.in_ns[0] == 250);
    CHECK(t.offcpu.in_source[0] == uint8_t(trace::InSource::recovered));
    CHECK(t.offcpu.in_cpu[0] == 3);  // it ran on the CPU it next left from
    CHECK(t.offcpu.in_ns[1] == 900);
    CHECK(t.offcpu.in_source[1] == uint8_t(trace::InSource::evidence));
    REQUIRE(t.thread(5) != nullptr);
    CHECK(t.thread(5)->running_since_ns == 60);  // its first switch-out's arrival
    CHECK(t.thread(5)->exit_ns == 900);
    CHECK(t.thread(5)->has_last);
    CHECK(t.thread(5)->last.sum_exec_ns == 777);
    CHECK(t.thread(5)->last.nivcsw == 2);
  }

  TEST_CASE("nested syncs pair innermost first") {
    tracer::Decoder d(1, 0);
    d.add(record(CB_EV_SYNC_ENTER, 10, 1, 0));
    d.add(record(CB_EV_SYNC_ENTER, 20, 1, 1));
    d.add(record(CB_EV_SYNC_EXIT, 30, 1, 1));
    d.add(record(CB_EV_SYNC_EXIT, 40, 1, 0));
    auto t = d.builder().finish(50);
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
