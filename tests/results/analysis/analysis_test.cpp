// Golden tests of analyze_run on the hand-built trace of trace_builder.h (times in µs after the
// base; window 0..10,000 µs = 10 ms). The expected numbers are worked out in the comments.
#include <doctest/doctest.h>

#include <algorithm>
#include <random>

#include "results/analysis/analysis.h"
#include "tests/results/trace_builder.h"

using namespace cudabench;
using cudabench::results::analyze_run;
using cudabench::results::RunAnalysis;

namespace {

double value(const RunAnalysis& r, const std::string& name) {
  const results::Metric* m = r.metric(name);
  INFO("metric " << name);
  REQUIRE(m != nullptr);
  return m->value;
}

const results::RunDistribution* distribution(const RunAnalysis& r, const std::string& name) {
  for (const auto& d : r.distributions)
    if (d.name == name) return &d;
  return nullptr;
}

}  // namespace

TEST_SUITE_BEGIN("unit");

TEST_CASE("golden trace: counts / switches and off-CPU time") {
  RunAnalysis r = analyze_run(test::golden_trace());
  CHECK(value(r, "window.decode_only") == 0);  // no markers: whole window
  CHECK(value(r, "runtime_s") == doctest::Approx(0.010));
  CHECK(value(r, "launches") == 10);
  CHECK(value(r, "launches.cuLaunchKernel") == 9);
  CHECK(value(r, "launches.cudaLaunchKernel") == 1);
  CHECK(r.metric("launches.cuGraphLaunch") == nullptr);  // absent API: no row
  // Switch-outs: tid 100 at 10, 3500, 6000 µs; helper tid 101 at 100 and 7100 µs.
  CHECK(value(r, "switches") == 5);
  CHECK(value(r, "switches.launching") == 3);
  CHECK(value(r, "switches.preempted") == 2);  // stress-ng, kworker/0:1
  CHECK(value(r, "switches.blocked") == 3);
  CHECK(value(r, "sched_per_1k") == doctest::Approx(500));  // 5 / 10 x 1000
  // The original's convention: outs and ins of the main thread (tid == tgid 100): 3 + 3.
  CHECK(value(r, "sched_per_1k_orig") == doctest::Approx(600));
  // Launching thread off-CPU: preempted 30 + 100 µs, blocked 990 µs, woken-waiting 5 µs = 1.125 ms
  // of the 10 ms window = 11.25%. The helper, off most of the time, does not count.
  CHECK(value(r, "offcpu_ms") == doctest::Approx(1.125));
  CHECK(value(r, "offcpu_pct") == doctest::Approx(11.25));
  // Preemptors: kworker 1 x 100 µs ranks above stress-ng 1 x 30 µs (same count, more time).
  REQUIRE(r.top_preemptors.size() == 2);
  CHECK(r.top_preemptors[0].comm == "kworker/0:1");
  CHECK(r.top_preemptors[0].time_ns == 100'000);
  CHECK(r.top_preemptors[1].comm == "stress-ng");
  CHECK(r.top_preemptors[1].count == 1);
  auto flat = results::preemptor_metrics(r.top_preemptors);
  REQUIRE(flat.size() == 4);
  CHECK(flat[0].name == "preemptor.kworker/0:1.count");
  CHECK(flat[3].name == "preemptor.stress-ng.time_ms");
  CHECK(flat[3].value == doctest::Approx(0.03));
}

TEST_CASE("golden trace: where the critical thread's time went") {
  RunAnalysis r = analyze_run(test::golden_trace());
  CHECK(r.critical_tid == 100);  // all ten launches
  // Thread 100 over 0..10,000 µs: running 0-10, 40-3500, 4495-6000, 6100-10000 = 8875 µs, of which
  // IRQ handlers 2 + 4 + 10 + 6 + 8 = 30 µs; preempted 30 + 100; blocked 3500-4490 = 990; woken
  // and waiting 4490-4495 = 5. The parts add up to the window.
  CHECK(value(r, "time.window_ms") == doctest::Approx(10));
  CHECK(value(r, "time.oncpu_ms") == doctest::Approx(8.845));
  CHECK(value(r, "time.irq_ms") == doctest::Approx(0.030));
  CHECK(value(r, "time.preempted_ms") == doctest::Approx(0.130));
  CHECK(value(r, "time.waiting_ms") == doctest::Approx(0.005));
  CHECK(value(r, "time.runnable_ms") == doctest::Approx(0.135));
  CHECK(value(r, "time.blocked_ms") == doctest::Approx(0.990));
  CHECK(value(r, "time.sync_ms") == 0);  // the sync call 5020-5520 ran on the CPU
  CHECK(value(r, "time.unknown_ms") == 0);
  CHECK(value(r, "time.oncpu_per_launch_us") == doctest::Approx(884.5));
  CHECK(value(r, "cpu.1.residency_pct") == doctest::Approx(100));
  CHECK(r.metric("check.span_ms") == nullptr);  // no kernel accounting in the trace: no check
  CHECK(r.disagreement.empty());
}

TEST_CASE("golden trace: launch pairs / penalty / tails and bursts") {
  RunAnalysis r = analyze_run(test::golden_trace());
  // Launches at 0 2 4 54 56 3000 3002 3004 5000 5010: gaps 2 2 50 2 2944 2 2 1996 10.
  // B: (4,54) holds off-CPU 10..40 and (3004,5000) holds 3500..4500. A: 2 2 2 2 2 10 2944.
  CHECK(value(r, "pairs.total") == 9);
  CHECK(value(r, "pairs.a.count") == 7);
  CHECK(value(r, "pairs.b.count") == 2);
  CHECK(value(r, "pairs.a.share_pct") == doctest::Approx(700.0 / 9));
  CHECK(value(r, "pairs.b.share_pct") == doctest::Approx(200.0 / 9));
  // A sorted 2 2 2 2 2 10 2944, n = 7: P50 h=3 -> 2; P90 h=5.4 -> 10 + 0.4 x 2934 = 1183.6;
  // P95 h=5.7 -> 2063.8; P99 h=5.94 -> 2767.96; mean 2964/7.
  CHECK(value(r, "pairs.a.p50_us") == doctest::Approx(2));
  CHECK(value(r, "pairs.a.p90_us") == doctest::Approx(1183.6));
  CHECK(value(r, "pairs.a.p95_us") == doctest::Approx(2063.8));
  CHECK(value(r, "pairs.a.p99_us") == doctest::Approx(2767.96));
  CHECK(value(r, "pairs.a.max_us") == doctest::Approx(2944));
  CHECK(value(r, "pairs.a.mean_us") == doctest::Approx(2964.0 / 7));
  // B sorted 50 1996: P50 = 1023, P90 = 50 + 0.9 x 1946 = 1801.4.
  CHECK(value(r, "pairs.b.p50_us") == doctest::Approx(1023));
  CHECK(value(r, "pairs.b.p90_us") == doctest::Approx(1801.4));
  CHECK(value(r, "pairs.b.max_us") == doctest::Approx(1996));
  CHECK(value(r, "pairs.b.offcpu_ms") == doctest::Approx(1.025));  // 30 + 995 µs
  CHECK(value(r, "pairs.b.offcpu_pct") == doctest::Approx(10.25));
  CHECK(value(r, "penalty.p50_us") == doctest::Approx(1021));     // 1023 - 2
  CHECK(value(r, "penalty.p90_us") == doctest::Approx(617.8));    // 1801.4 - 1183.6
  CHECK(value(r, "sched_impact_pct") == doctest::Approx(20.42));  // 2 x 1021 µs / 10 ms
  // All 9 sorted: 2 2 2 2 2 10 50 1996 2944; P95 h=7.6 -> 1996 + 0.6 x 948 = 2564.8: only the
  // 2944 µs token gap is at or above it, and it holds no switch.
  CHECK(value(r, "tail.p95.count") == 1);
  CHECK(value(r, "tail.p95.with_switch") == 0);
  CHECK(value(r, "tail.p95.switch_share_pct") == 0);
  CHECK(value(r, "tail.p99.count") == 1);
  // Runs of gaps < 100 µs: launches 0..4 (5, holds the B pair), 3000..3004 (3), 5000..5010 (2:
  // too short).
  CHECK(value(r, "bursts.count") == 2);
  CHECK(value(r, "bursts.interrupted") == 1);
  const auto* a = distribution(r, "launch_interval.a");
  REQUIRE(a != nullptr);
  CHECK(a->histogram.count() == 7);
  CHECK(a->histogram.max() == 2'944'000);
  REQUIRE(distribution(r, "launch_interval.b") != nullptr);
}

TEST_CASE("golden trace: IRQs / run queue / syncs / per-CPU totals") {
  RunAnalysis r = analyze_run(test::golden_trace());
  // Soft in window: TIMER 2, 4, 6 µs; RCU 8 µs (the TIMER at -5 µs is outside). Hard: 10 µs.
  CHECK(value(r, "irq.soft.count") == 4);
  CHECK(value(r, "irq.soft.total_ms") == doctest::Approx(0.020));
  CHECK(value(r, "irq.soft.mean_us") == doctest::Approx(5));
  CHECK(value(r, "irq.soft.max_us") == doctest::Approx(8));
  CHECK(value(r, "irq.hard.count") == 1);
  CHECK(value(r, "irq.hard.max_us") == doctest::Approx(10));
  CHECK(value(r, "softirq_per_1k") == doctest::Approx(400));
  CHECK(value(r, "hardirq_per_1k") == doctest::Approx(100));
  CHECK(value(r, "irq_time_pct") == doctest::Approx(0.3));  // 30 µs of 10 ms
  CHECK(value(r, "softirq.TIMER.count") == 3);
  CHECK(value(r, "softirq.TIMER.total_us") == doctest::Approx(12));
  CHECK(value(r, "softirq.TIMER.mean_us") == doctest::Approx(4));
  CHECK(value(r, "softirq.TIMER.max_us") == doctest::Approx(6));
  CHECK(value(r, "softirq.TIMER.share_pct") == doctest::Approx(75));
  CHECK(value(r, "softirq.RCU.share_pct") == doctest::Approx(25));
  // Run-queue latencies 5, 15, 25 µs: P50 15, P90 h=1.8 -> 23, P99 24.8.
  CHECK(value(r, "runq.count") == 3);
  CHECK(value(r, "runq.p50_us") == doctest::Approx(15));
  CHECK(value(r, "runq.p90_us") == doctest::Approx(23));
  CHECK(value(r, "runq.p99_us") == doctest::Approx(24.8));
  CHECK(value(r, "runq.max_us") == doctest::Approx(25));
  CHECK(value(r, "sync.count") == 1);
  CHECK(value(r, "sync.total_ms") == doctest::Approx(0.5));
  CHECK(value(r, "cpu_irq.0.hard_ms") == doctest::Approx(0.02));
  CHECK(value(r, "cpu_irq.0.soft_count") == 5);
  CHECK(distribution(r, "irq.soft.duration")->histogram.count() == 4);
  CHECK(distribution(r, "runq_latency")->histogram.count() == 3);
}

TEST_CASE("decode-phase window from markers") {
  auto b = test::golden_events();
  b.marker(100, 3000, trace::Phase::decode_start);
  b.marker(100, 3000, trace::Phase::token, 1);
  b.marker(100, 3500, trace::Phase::token, 2);
  b.marker(100, 5010, trace::Phase::token, 3);
  b.marker(100, 5010, trace::Phase::end);
  auto t = b.build();
  RunAnalysis r = analyze_run(t);
  CHECK(r.decode_window);
  CHECK(value(r, "window.decode_only") == 1);
  CHECK(value(r, "runtime_s") == doctest::Approx(0.00201));  // 3000..5010 µs
  // Launches 3000 3002 3004 5000 5010: pairs 2 2 1996(B) 10.
  CHECK(value(r, "launches") == 5);
  CHECK(value(r, "pairs.a.count") == 3);
  CHECK(value(r, "pairs.b.count") == 1);
  CHECK(value(r, "switches") == 1);  // only the 3500 µs switch-out lies inside
  CHECK(value(r, "sched_per_1k") == doctest::Approx(200));
  // Blocked 3500-4490 and waiting 4490-4495 of 2010 µs; running 500 + 515.
  CHECK(value(r, "offcpu_pct") == doctest::Approx(995.0 / 2010 * 100));
  CHECK(value(r, "time.window_ms") == doctest::Approx(2.010));
  CHECK(value(r, "time.blocked_ms") + value(r, "time.waiting_ms") + value(r, "time.oncpu_ms") +
            value(r, "time.irq_ms") ==
        doctest::Approx(2.010));
  CHECK(value(r, "tokens.count") == 3);
  CHECK(value(r, "token.latency.p50_us") == doctest::Approx(1005));  // gaps 500, 1510
  REQUIRE(distribution(r, "token_latency") != nullptr);

  results::AnalysisOptions whole;
  whole.decode_phase_only = false;
  CHECK(value(analyze_run(t, whole), "launches") == 10);
}

TEST_CASE("absent inputs are omitted / never reported as zero") {
  trace::TraceData empty;
  RunAnalysis r = analyze_run(empty);
  CHECK(r.metric("sched_per_1k") == nullptr);
  CHECK(r.metric("pairs.total") == nullptr);
  CHECK(r.metric("penalty.p50_us") == nullptr);
  CHECK(r.metric("offcpu_pct") == nullptr);
  CHECK(r.metric("launches") == nullptr);  // no launch records: a sched-level trace claims none
  CHECK(r.metric("time.window_ms") == nullptr);

  // Every pair in group A: no penalty, no impact estimate.
  test::TraceBuilder b;
  b.end_us = 2;
  for (double us : {0.0, 1.0, 2.0}) b.launch(7, us);
  RunAnalysis only_a = analyze_run(b.build());
  CHECK(value(only_a, "pairs.a.count") == 2);
  CHECK(value(only_a, "pairs.b.count") == 0);
  CHECK(only_a.metric("pairs.b.p50_us") == nullptr);
  CHECK(only_a.metric("penalty.p50_us") == nullptr);
  CHECK(only_a.metric("sched_impact_pct") == nullptr);
}

TEST_CASE("pairs across two launching threads") {
  // Thread 1 launches at 0 and 20 µs, thread 2 at 10 and 30 µs. Thread 2 is off 12..18 µs,
  // inside pair (10, 20) whose first launch is its own; thread 1 is off 2..5 (pair (0, 10)) and
  // 22..25 (pair (20, 30)).
  test::TraceBuilder b;
  b.end_us = 30;
  b.launch(1, 0);
  b.launch(2, 10);
  b.launch(1, 20);
  b.launch(2, 30);
  b.offcpu(2, 12, 18, trace::OutState::preempted, "x");
  b.offcpu(1, 22, 25, trace::OutState::preempted, "y");
  b.offcpu(1, 2, 5, trace::OutState::preempted, "y");
  RunAnalysis r = analyze_run(b.build());
  CHECK(value(r, "pairs.b.count") == 3);
  CHECK(value(r, "pairs.a.count") == 0);
  CHECK(value(r, "pairs.b.offcpu_ms") == doctest::Approx(0.012));  // 3 + 6 + 3 µs
}

TEST_CASE("tracer statistics become metrics when recorded") {
  CHECK(analyze_run(test::golden_trace()).metric("tracer.drops") == nullptr);  // nothing recorded
  auto b = test::golden_events();
  trace::TracerStats stats;
  stats.events = 5000;
  stats.drops = {{"sched", 3}, {"launch", 2}};
  stats.bpf_run_ns = 2'500'000;
  stats.bpf_run_count = 5000;
  b.stats(stats);
  RunAnalysis r = analyze_run(b.build());
  CHECK(value(r, "tracer.events") == 5000);
  CHECK(value(r, "tracer.drops") == 5);
  CHECK(value(r, "tracer.drops.sched") == 3);
  CHECK(value(r, "tracer.bpf_run_ms") == doctest::Approx(2.5));
  CHECK(r.metric("tracer.consumer_cpu_ms") == nullptr);
}

TEST_CASE("the streaming pair merge agrees with a brute-force check on random traces") {
  for (unsigned seed = 1; seed <= 20; ++seed) {
    std::mt19937 rng(seed);
    auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
    test::TraceBuilder b;
    struct Launch {
      uint32_t tid;
      double us;
    };
    struct Off {
      uint32_t tid;
      double out, in;  // in < 0: no switch-in
    };
    std::vector<Launch> launches;
    std::vector<Off> offs;
    double now = 0;
    for (int i = 0; i < 400; ++i) {
      launches.push_back({static_cast<uint32_t>(pick(1, 3)), now += pick(0, 1) ? pick(1, 5) : pick(50, 400)});
      b.launch(launches.back().tid, launches.back().us);
    }
    b.end_us = now;
    for (uint32_t tid = 1; tid <= 4; ++tid) {  // disjoint intervals per thread; tid 4 never launches
      double t = pick(0, 50);
      while (t < now) {
        double out = t + pick(1, 300), in = out + pick(1, 600);
        offs.push_back({tid, out, in > now && pick(0, 1) ? -1 : in});
        b.offcpu(tid, out, offs.back().in, pick(0, 1) ? trace::OutState::preempted : trace::OutState::blocked,
                 "p");
        if (offs.back().in < 0) break;
        t = in;
      }
    }
    // Brute force, by the builder's rules: a switch-out without a switch-in ends at the thread's
    // next launch (evidence it ran), else at the end of the trace.
    auto end_of = [&](const Off& o) {
      if (o.in >= 0) return test::at_us(o.in);
      for (const auto& l : launches)
        if (l.tid == o.tid && l.us > o.out) return test::at_us(l.us);
      return test::at_us(now);
    };
    uint64_t b_count = 0, b_off = 0, bursts = 0, interrupted = 0, run = 1;
    bool run_hit = false;
    for (size_t i = 0; i + 1 < launches.size(); ++i) {
      uint64_t a = test::at_us(launches[i].us), e = test::at_us(launches[i + 1].us);
      bool hit = false;
      for (const auto& o : offs) {
        if (o.tid != launches[i].tid && o.tid != launches[i + 1].tid) continue;
        uint64_t out = test::at_us(o.out), in = end_of(o);
        if (out < e && in > a) {
          hit = true;
          b_off += std::min(in, e) - std::max(out, a);
        }
      }
      b_count += hit;
      if (e - a < 100'000) {
        ++run, run_hit = run_hit || hit;
      } else {
        bursts += run >= 3, interrupted += run >= 3 && run_hit;
        run = 1, run_hit = false;
      }
    }
    bursts += run >= 3, interrupted += run >= 3 && run_hit;

    results::AnalysisOptions whole;
    whole.decode_phase_only = false;
    RunAnalysis r = analyze_run(b.build(), whole);
    INFO("seed " << seed);
    REQUIRE(b_count > 0);  // both groups and some bursts exist, so the comparison means something
    REQUIRE(b_count + 1 < launches.size() - 1);
    REQUIRE(interrupted < bursts);
    CHECK(value(r, "pairs.b.count") == static_cast<double>(b_count));
    CHECK(value(r, "pairs.b.offcpu_ms") == doctest::Approx(static_cast<double>(b_off) / 1e6));
    CHECK(value(r, "bursts.count") == static_cast<double>(bursts));
    CHECK(value(r, "bursts.interrupted") == static_cast<double>(interrupted));
  }
}

TEST_CASE("two GPU processes in one trace are paired each on its own") {
  // Process 100 (thread 100) launches at 0, 10, 20 µs; process 200 (thread 200) at 5, 15 µs and is
  // off 6..14. Pooled as one sequence every pair would contain 200's switch-out; per process only
  // 200's own pair (5, 15) does.
  test::TraceBuilder b;
  b.end_us = 20;
  b.thread(100, "a", 100);
  b.thread(200, "b", 200);
  for (double us : {0.0, 10.0, 20.0}) b.launch(100, us);
  for (double us : {5.0, 15.0}) b.launch(200, us);
  b.offcpu(200, 6, 14, trace::OutState::preempted, "x");
  RunAnalysis r = analyze_run(b.build());
  CHECK(value(r, "pairs.total") == 3);  // (0,10) (10,20) of 100; (5,15) of 200
  CHECK(value(r, "pairs.b.count") == 1);
  CHECK(value(r, "pairs.b.offcpu_ms") == doctest::Approx(0.008));
}

TEST_SUITE_END();
