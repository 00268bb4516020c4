// The state machine (tracer/model/thread_states.h) on crafted event streams, each with its exact
// expected times worked out in the comments (µs after the base of tests/results/trace_builder.h).
#include <doctest/doctest.h>

#include <random>

#include "tests/results/trace_builder.h"
#include "tracer/model/thread_states.h"

using namespace cudabench;
using trace::OutState;
using trace::ThreadState;

namespace {

trace::StateTotals totals(const trace::TraceData& t, uint32_t tid, double from_us, double to_us) {
  auto slices = trace::thread_timeline(t, tid, test::at_us(from_us), test::at_us(to_us));
  for (size_t i = 1; i < slices.size(); ++i) CHECK(slices[i].start_ns == slices[i - 1].end_ns);  // contiguous
  return trace::state_totals(t, tid, slices);
}

uint64_t us(double v) { return static_cast<uint64_t>(v * 1000); }

// A switch-out record; with `accounting` it carries the kernel's arrival count (pcount).
trace::SwitchOut out(uint32_t tid, OutState state, uint64_t pcount, double arrived_us, uint32_t cpu = 1,
                     bool accounting = true) {
  trace::SwitchOut s;
  s.has_accounting = accounting;
  s.tid = tid;
  s.tgid = tid;
  s.cpu = cpu;
  s.state = state;
  s.next_comm = "other";
  s.pcount = pcount;
  s.arrived_ns = arrived_us >= 0 ? test::at_us(arrived_us) : 0;
  return s;
}

}  // namespace

TEST_SUITE("unit") {

TEST_CASE("a thread that existed at the start is unknown until its first event") {
  // Thread 1 (snapshot at the start) is first seen leaving the CPU at 100 without an arrival time,
  // comes back at 200 and runs to the end (1000).
  test::TraceBuilder b;
  b.tgid = 1;
  b.end_us = 1000;
  b.accounting_first(1, 0, {});
  b.switch_out(100, out(1, OutState::preempted, 0, -1, 1, false));
  b.switch_in(1, 200);
  auto s = totals(b.build(), 1, 0, 1000);
  CHECK(s.at(ThreadState::unknown) == us(100));
  CHECK(s.at(ThreadState::preempted) == us(100));
  CHECK(s.at(ThreadState::running) == us(800));
  CHECK(s.span_ns == us(1000));

  // With the kernel's arrival time on that first switch-out, it is known to have run since 40.
  test::TraceBuilder c;
  c.tgid = 1;
  c.end_us = 1000;
  c.accounting_first(1, 0, {});
  c.switch_out(100, out(1, OutState::preempted, 0, 40, 1, false));
  c.switch_in(1, 200);
  auto k = totals(c.build(), 1, 0, 1000);
  CHECK(k.at(ThreadState::unknown) == us(40));
  CHECK(k.at(ThreadState::running) == us(60 + 800));
}

TEST_CASE("a switch-out that never ends: off to the end only when the kernel confirms it") {
  auto build = [](bool accounting, uint64_t last_pcount) {
    test::TraceBuilder b;
    b.tgid = 1;
    b.end_us = 1000;
    b.accounting_first(1, 0, {0, 0, 0, 10, 0, 0});
    b.launch(1, 10);
    b.switch_out(800, out(1, OutState::blocked, 11, 5));
    if (accounting) b.accounting_last(1, 1000, {0, 0, 0, last_pcount, 0, 0});
    return b.build();
  };
  // pcount unchanged since the switch-out: it stayed asleep from 800 to 1000.
  auto stayed = totals(build(true, 11), 1, 0, 1000);
  CHECK(stayed.at(ThreadState::blocked) == us(200));
  CHECK(stayed.at(ThreadState::unknown) == us(5));  // before its last arrival at 5
  CHECK(stayed.at(ThreadState::running) == us(795));
  // One more arrival than at the switch-out: it came back, when is not known.
  auto back = totals(build(true, 12), 1, 0, 1000);
  CHECK(back.at(ThreadState::blocked) == 0);
  CHECK(back.at(ThreadState::unknown) == us(5 + 200));
  // No accounting (an imported trace): nothing says it stayed off. Never "off until infinity".
  auto unseen = totals(build(false, 0), 1, 0, 1000);
  CHECK(unseen.at(ThreadState::unknown) == us(5 + 200));
  CHECK(unseen.span_ns == us(1000));
}

TEST_CASE("a missing switch-in is recovered from the next switch-out's arrival time, else bounded by evidence") {
  // Out at 100 (preempted); the switch-in at 300 never reached the trace; a launch at 350 proves it
  // ran; the next switch-out at 500 carries last_arrival 300.
  test::TraceBuilder b;
  b.tgid = 1;
  b.end_us = 1000;
  b.accounting_first(1, 0, {});
  b.switch_out(100, out(1, OutState::preempted, 3, 0));
  b.launch(1, 350);
  b.switch_out(500, out(1, OutState::preempted, 4, 300, 2));
  b.switch_in(1, 600, -1, 2);
  auto t = b.build();
  REQUIRE(t.offcpu.size() == 2);
  CHECK(t.offcpu.in_source[0] == uint8_t(trace::InSource::recovered));
  CHECK(t.offcpu.in_ns[0] == test::at_us(300));
  auto s = totals(t, 1, 0, 1000);
  CHECK(s.at(ThreadState::preempted) == us(200 + 100));
  CHECK(s.at(ThreadState::running) == us(100 + 200 + 400));
  CHECK(s.at(ThreadState::unknown) == 0);
  CHECK(s.arrivals == 2);

  // The same without the kernel's accounting (an imported trace): unknown before the first event,
  // and from the switch-out to the launch that proves it ran.
  test::TraceBuilder c;
  c.tgid = 1;
  c.end_us = 1000;
  c.accounting_first(1, 0, {});
  c.switch_out(100, out(1, OutState::preempted, 0, -1, 1, false));
  c.launch(1, 350);
  c.switch_out(500, out(1, OutState::preempted, 0, -1, 1, false));
  c.switch_in(1, 600);
  auto e = totals(c.build(), 1, 0, 1000);
  CHECK(e.at(ThreadState::unknown) == us(100 + 250));  // before 100, and 100..350
  CHECK(e.at(ThreadState::preempted) == us(100));
  CHECK(e.at(ThreadState::running) == us(150 + 400));
}

TEST_CASE("a hard IRQ nested in a softirq is counted once - inside running time") {
  test::TraceBuilder b;
  b.tgid = 1;
  b.end_us = 100;
  b.launch(1, 0);
  b.irq(1, 10, 20, trace::IrqKind::soft, 1, "TIMER");  // 10..30
  b.irq(1, 15, 5, trace::IrqKind::hard, 30, "nvme");   // 15..20, inside it
  b.irq(1, 50, 4, trace::IrqKind::soft, 9, "RCU");     // 50..54
  auto s = totals(b.build(), 1, 0, 100);
  CHECK(s.irq_ns == us(24));
  CHECK(s.at(ThreadState::running) == us(100));
}

TEST_CASE("migration between CPUs splits running time by CPU") {
  // On CPU 1 until 300, preempted, back on CPU 2 at 400 until the end (1000).
  test::TraceBuilder b;
  b.tgid = 1;
  b.end_us = 1000;
  b.launch(1, 0);
  b.switch_out(300, out(1, OutState::preempted, 0, 0, 1));
  b.switch_in(1, 400, -1, 2);
  auto s = totals(b.build(), 1, 0, 1000);
  CHECK(s.running_by_cpu[1] == us(300));
  CHECK(s.running_by_cpu[2] == us(600));
  CHECK(s.at(ThreadState::preempted) == us(100));
}

TEST_CASE("asleep inside a CUDA sync call is sync - asleep elsewhere is blocked") {
  // Running until 100, sync call 100..500 asleep 150..450 (woken at 440), asleep again 600..700.
  test::TraceBuilder b;
  b.tgid = 1;
  b.end_us = 1000;
  b.launch(1, 0);
  b.sync(1, 100, 500);
  b.offcpu(1, 150, 450, OutState::blocked, "swapper/0", 440);
  b.offcpu(1, 600, 700, OutState::blocked, "swapper/0", 690);
  auto s = totals(b.build(), 1, 0, 1000);
  CHECK(s.at(ThreadState::sync) == us(290));
  CHECK(s.at(ThreadState::blocked) == us(90));
  CHECK(s.at(ThreadState::waiting) == us(10 + 10));
  CHECK(s.at(ThreadState::running) == us(1000 - 400));
  REQUIRE(s.waits_ns.size() == 2);
  CHECK(s.waits_ns[0] == us(10));
}

TEST_CASE("a thread created during the trace starts at its creation, not as unknown") {
  // Thread 2 has no snapshot at the start but one at its exit: it was created during the trace.
  // Woken at 300 (creation), on a CPU at 320, exits at 900.
  test::TraceBuilder b;
  b.tgid = 1;
  b.end_us = 1000;
  b.switch_in(2, 320, 300);
  trace::SwitchOut dead = out(2, OutState::blocked, 1, 320);
  dead.dead = true;
  b.switch_out(900, dead);
  b.accounting_last(2, 900, {0, us(580), us(20), 1, 0, 0});
  auto t = b.build();
  auto s = totals(t, 2, 0, 1000);
  CHECK(s.span_ns == us(600));  // 300..900
  CHECK(s.at(ThreadState::waiting) == us(20));
  CHECK(s.at(ThreadState::running) == us(580));
  CHECK(s.at(ThreadState::unknown) == 0);
  auto k = trace::check_against_kernel(t, 2);
  REQUIRE(k.possible);
  CHECK(k.trace_running_ns == k.kernel_running_ns);
  CHECK(k.trace_runnable_ns == k.kernel_runnable_ns);
  CHECK(k.trace_arrivals == k.kernel_arrivals);
}

TEST_CASE("the kernel check compares the states with the thread's own accounting") {
  // Snapshots at 0 and 1000: the kernel says 700 µs on a CPU and 100 µs waiting to run.
  auto build = [](uint64_t kernel_running_us) {
    test::TraceBuilder b;
    b.tgid = 1;
    b.end_us = 1000;
    b.accounting_first(1, 0, {0, us(50), us(5), 4, 0, 0});
    b.switch_out(0.001, out(1, OutState::blocked, 4, -1));
    b.switch_in(1, 200, 150);
    b.switch_out(300, out(1, OutState::preempted, 5, 200));
    b.switch_in(1, 350);
    b.accounting_last(1, 1000, {0, us(50 + kernel_running_us), us(5 + 100), 6, 0, 0});
    return b.build();
  };
  // Running 200..300 and 350..1000 = 750; runnable: waiting 150..200 + preempted 300..350 = 100.
  auto agrees = trace::check_against_kernel(build(750), 1);
  REQUIRE(agrees.possible);
  CHECK(agrees.trace_running_ns == us(750));
  CHECK(agrees.kernel_running_ns == us(750));
  CHECK(agrees.trace_runnable_ns == us(100));
  CHECK(agrees.kernel_runnable_ns == us(100));
  CHECK(agrees.kernel_arrivals == 2);
  CHECK(agrees.trace_arrivals == 2);
  auto off = trace::check_against_kernel(build(600), 1);
  CHECK(off.trace_running_ns - off.kernel_running_ns == us(150));
  test::TraceBuilder imported;  // no snapshots: no check
  imported.launch(1, 0);
  CHECK_FALSE(trace::check_against_kernel(imported.build(), 1).possible);
}

TEST_CASE("many threads: the states of every thread add up to the window exactly") {
  std::mt19937 rng(7);
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  test::TraceBuilder b;
  b.tgid = 1;
  b.end_us = 100'000;
  struct Expect {
    uint64_t off_known = 0;
  };
  std::vector<Expect> expect(50);
  for (uint32_t tid = 1; tid <= 50; ++tid) {
    b.accounting_first(tid, 0, {});
    b.launch(tid, 0);  // running from the start
    double t = 0;
    while (true) {
      double o = t + pick(1, 3000), i = o + pick(1, 3000);
      if (i >= 100'000) break;
      OutState state = pick(0, 1) ? OutState::preempted : OutState::blocked;
      b.offcpu(tid, o, i, state, "x", state == OutState::blocked ? i - pick(0, static_cast<int>(i - o)) : -1,
               static_cast<uint32_t>(pick(0, 3)));
      expect[tid - 1].off_known += us(i - o);
      t = i;
    }
  }
  auto t = b.build();
  for (uint32_t tid = 1; tid <= 50; ++tid) {
    INFO("thread " << tid);
    auto s = totals(t, tid, 0, 100'000);
    CHECK(s.span_ns == us(100'000));
    CHECK(s.at(ThreadState::unknown) == 0);
    uint64_t off = s.at(ThreadState::preempted) + s.at(ThreadState::waiting) + s.at(ThreadState::blocked);
    CHECK(off == expect[tid - 1].off_known);
    CHECK(s.at(ThreadState::running) + off == us(100'000));
  }
}

}  // TEST_SUITE
