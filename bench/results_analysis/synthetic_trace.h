// A synthetic trace shaped like the study's decode phase under CPU contention: bursts of ~34
// launches 2-4 µs apart (one transformer layer), 150 µs of host work between layers, 28 layers per
// token and 15 ms between tokens, with switch-outs, IRQs and wakeups sprinkled between launches at
// the rates of a noisy run. Deterministic (seeded), so figures are comparable between builds. Built
// through the one trace builder, as the tracer and import-csv build theirs.
#pragma once

#include <cstdint>

#include "tracer/model/builder.h"

namespace cudabench::bench {

struct SyntheticShape {
  uint64_t events = 10'000'000;  // launches + switches + IRQs + wakeups, approximately
  double switch_per_launch = 0.05;
  double irq_per_launch = 0.04;
  uint64_t seed = 42;
};

inline uint64_t splitmix(uint64_t& state) {
  uint64_t z = (state += 0x9e3779b97f4a7c15ull);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

inline trace::TraceData synthetic_trace(const SyntheticShape& shape) {
  const char* preemptors[4] = {"stress-ng-cpu", "kworker/1:2", "ksoftirqd/1", "iperf3"};
  uint64_t rng = shape.seed, now = 1'000'000'000, events = 0, launch_no = 0;
  auto uniform = [&](uint64_t lo, uint64_t hi) { return lo + splitmix(rng) % (hi - lo + 1); };
  auto chance = [&](double p) { return static_cast<double>(splitmix(rng) >> 11) * 0x1.0p-53 < p; };
  trace::TraceBuilder b(1000, now);
  b.thread(1000, 1000, "runcu");
  b.thread(1001, 1000, "cuda-EvtHandlr");
  while (events < shape.events) {
    uint64_t in_layer = launch_no % 34, layer = launch_no / 34 % 28;
    now += in_layer ? uniform(2'000, 4'000) : layer ? 150'000 : 15'000'000;
    if (chance(shape.switch_per_launch)) {  // off the CPU in the gap before this launch
      bool preempted = chance(0.7);
      uint64_t out = now, in = out + uniform(5'000, 500'000);
      trace::SwitchOut s;
      s.ts_ns = out, s.tgid = 1000, s.tid = 1000, s.cpu = 1;
      s.state = preempted ? trace::OutState::preempted : trace::OutState::blocked;
      s.next_pid = preempted ? 2000 : 0;
      s.next_comm = preempted ? preemptors[splitmix(rng) % 4] : "swapper/1";
      b.switch_out(s);
      b.switch_in(in, 1000, 1, preempted ? 0 : in - uniform(1'000, 50'000));
      now = in + 1'000;
      events += 2;
    }
    if (chance(shape.irq_per_launch)) {
      bool soft = chance(0.9);
      uint64_t d = uniform(1'000, 20'000);
      uint32_t vec = soft ? static_cast<uint32_t>(splitmix(rng) % 10) : 30;
      b.irq(now, d, 1000, 1, soft ? trace::IrqKind::soft : trace::IrqKind::hard, vec,
            soft ? trace::softirq_names[vec] : "nvme0q1");
      now += d + 500;
      ++events;
    }
    uint32_t dims[7] = {static_cast<uint32_t>(uniform(1, 4096)), 1, 1, 256, 1, 1, 0};
    b.launch(now, 1000, 0, dims, 0);
    ++launch_no;
    ++events;
  }
  return b.finish(now + 1'000);
}

inline uint64_t event_count(const trace::TraceData& t) {
  return t.launches.size() + t.offcpu.size() + t.irqs.size() + t.syncs.size() + t.markers.size();
}

}  // namespace cudabench::bench
