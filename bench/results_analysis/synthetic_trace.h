// A synthetic trace shaped like the study's decode phase under CPU contention: bursts of ~34
// launches 2-4 µs apart (one transformer layer), 150 µs of host work between layers, 28 layers per
// token and 15 ms between tokens, with switch-outs, IRQs and wakeups sprinkled between launches at
// the rates of a noisy run. Deterministic (seeded), so figures are comparable between builds.
#pragma once

#include <cstdint>

#include "tracer/model/trace_data.h"

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
  trace::TraceData t;
  t.tgid = 1000;
  t.threads = {{1000, "runcu"}, {1001, "cuda-EvtHandlr"}};
  const uint32_t preemptors[4] = {t.intern("stress-ng-cpu"), t.intern("kworker/1:2"), t.intern("ksoftirqd/1"),
                                  t.intern("iperf3")};
  const uint32_t idle = t.intern("swapper/1");
  uint64_t rng = shape.seed, now = 1'000'000'000, events = 0, launch_no = 0;
  auto uniform = [&](uint64_t lo, uint64_t hi) { return lo + splitmix(rng) % (hi - lo + 1); };
  auto chance = [&](double p) { return static_cast<double>(splitmix(rng) >> 11) * 0x1.0p-53 < p; };
  t.start_ns = now;
  while (events < shape.events) {
    uint64_t in_layer = launch_no % 34, layer = launch_no / 34 % 28;
    now += in_layer ? uniform(2'000, 4'000) : layer ? 150'000 : 15'000'000;
    if (chance(shape.switch_per_launch)) {  // off the CPU in the gap before this launch
      bool preempted = chance(0.7);
      uint64_t out = now, in = out + uniform(5'000, 500'000);
      auto& o = t.offcpu;
      o.out_ns.push_back(out), o.in_ns.push_back(in), o.tid.push_back(1000), o.cpu.push_back(1);
      o.preempted.push_back(preempted), o.next_pid.push_back(preempted ? 2000 : 0);
      o.next_name.push_back(preempted ? preemptors[splitmix(rng) % 4] : idle);
      t.wakeups.wakeup_ns.push_back(in - uniform(1'000, 50'000)), t.wakeups.run_ns.push_back(in);
      t.wakeups.tid.push_back(1000);
      now = in + 1'000;
      events += 2;
    }
    if (chance(shape.irq_per_launch)) {
      bool soft = chance(0.9);
      uint64_t d = uniform(1'000, 20'000);
      auto& q = t.irqs;
      uint32_t vec = soft ? static_cast<uint32_t>(splitmix(rng) % 10) : 30;
      q.entry_ns.push_back(now), q.duration_ns.push_back(d), q.tid.push_back(1000), q.cpu.push_back(1);
      q.kind.push_back(static_cast<uint8_t>(soft ? trace::IrqKind::soft : trace::IrqKind::hard));
      q.number.push_back(vec), q.name.push_back(t.intern(soft ? trace::softirq_names[vec] : "nvme0q1"));
      now += d + 500;
      ++events;
    }
    auto& l = t.launches;
    l.ts_ns.push_back(now), l.tid.push_back(1000), l.api.push_back(0);
    l.grid_x.push_back(static_cast<uint32_t>(uniform(1, 4096))), l.grid_y.push_back(1), l.grid_z.push_back(1);
    l.block_x.push_back(256), l.block_y.push_back(1), l.block_z.push_back(1);
    l.shared_mem.push_back(0), l.stream.push_back(0);
    ++launch_no;
    ++events;
  }
  t.end_ns = now + 1'000;
  return t;
}

inline uint64_t event_count(const trace::TraceData& t) {
  return t.launches.size() + t.offcpu.size() + t.irqs.size() + t.wakeups.size() + t.syncs.size() +
         t.markers.size();
}

}  // namespace cudabench::bench
