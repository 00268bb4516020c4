// A constructed session of runs shaped like the study's (docs/study.md headline numbers), for the report
// tests and bench/report. Noise is multiplicative and drawn from a seeded generator with its own
// Box-Muller transform, so a seed always gives the same runs.
#pragma once

#include <cmath>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "results/metrics/histogram.h"
#include "results/store/store.h"

namespace cudabench::testing {

struct SyntheticScenario {
  std::string name;
  double throughput_factor = 1;  // tok/s relative to baseline
  double sched_per_1k = 22.8, softirq_per_1k = 5.8, hardirq_per_1k = 0;
  double launches_factor = 1;  // a CUDA Graph variant launches ~1/1000 as often
};

inline std::vector<SyntheticScenario> study_scenarios() {
  return {{"baseline", 1.0, 22.8, 5.8, 0.0},       {"noisy_cpu", 0.912, 11932.8, 6.4, 0.0},
          {"noisy_network", 0.972, 6.0, 2.7, 0.0}, {"noisy_disk", 1.003, 29.3, 3.9, 0.1},
          {"heavy", 0.795, 6044.6, 2.4, 0.0},      {"optimized", 0.981, 445.2, 2.8, 0.0}};
}

struct SyntheticOptions {
  int blocks = 5;
  double cov = 0.01;  // run-to-run noise of tok/s
  double base_tokens_per_s = 54.77;
  double tracer_factor = 0.97;  // traced runs are 3% slower
  bool traced = true, untraced = true, distributions = true;
  uint64_t seed = 7;
  int64_t session_id = 1;
};

class Noise {
 public:
  explicit Noise(uint64_t seed) : rng_(seed) {}
  double uniform() { return (static_cast<double>(rng_() >> 11) + 0.5) / 9007199254740992.0; }
  double normal() { return std::sqrt(-2 * std::log(uniform())) * std::cos(2 * M_PI * uniform()); }
  double factor(double cov) { return std::exp(cov * normal()); }

 private:
  std::mt19937_64 rng_;
};

inline results::Distribution interval_distribution(const std::string& name, double median_ns, Noise& noise,
                                                   int samples) {
  results::Histogram h;
  for (int i = 0; i < samples; ++i) h.add(static_cast<uint64_t>(median_ns * noise.factor(0.5)));
  return {name, "ns", h.encode()};
}

inline void add_traced_metrics(results::RunRecord& r, const SyntheticScenario& s, Noise& n,
                               bool distributions) {
  auto put = [&](const std::string& name, double v, const std::string& unit) {
    r.metrics.push_back({name, v, unit});
  };
  const double launches = 56882 * s.launches_factor * n.factor(0.02);
  const double sched = s.sched_per_1k * n.factor(0.1);
  const double b_share = std::min(50.0, sched / 1000 * 100 * 0.5);
  put("launches", launches, "count");
  put("sched_per_1k", sched, "per_1k");
  put("softirq_per_1k", s.softirq_per_1k * n.factor(0.1), "per_1k");
  put("hardirq_per_1k", s.hardirq_per_1k * n.factor(0.1), "per_1k");
  put("irq_time_pct", 0.03 * n.factor(0.2), "%");
  put("irq.soft.total_ms", 0.62 * n.factor(0.2), "ms");
  put("irq.hard.total_ms", s.hardirq_per_1k > 0 ? 0.01 * n.factor(0.2) : 0.0, "ms");
  put("offcpu_pct", sched / 1000 * 0.5 * n.factor(0.1), "%");
  put("pairs.a.count", launches * (1 - b_share / 100), "count");
  put("pairs.b.count", launches * b_share / 100, "count");
  put("pairs.a.share_pct", 100 - b_share, "%");
  put("pairs.b.share_pct", b_share, "%");
  for (const auto& [p, a, b] :
       {std::tuple{"p50", 2.0, 15300.0}, {"p90", 4.0, 15500.0}, {"p99", 4.0, 5.0e6}}) {
    put(std::string("pairs.a.") + p + "_us", a * n.factor(0.05), "us");
    put(std::string("pairs.b.") + p + "_us", b * n.factor(0.1), "us");
  }
  put("penalty.p50_us", 15298 * n.factor(0.1), "us");
  put("penalty.p90_us", 15496 * n.factor(0.1), "us");
  put("sched_impact_pct", 1.2 * sched / 22.8 * n.factor(0.1), "%");
  put("tail.p95.count", 2580 * n.factor(0.05), "count");
  put("tail.p95.switch_share_pct", std::min(100.0, 2.4 * sched / 22.8 * n.factor(0.1)), "%");
  put("tail.p99.count", 515 * n.factor(0.05), "count");
  put("tail.p99.switch_share_pct", std::min(100.0, 12.0 * sched / 22.8 * n.factor(0.1)), "%");
  for (const auto& [vec, count, mean_us] :
       {std::tuple{"TIMER", 317.0, 2.4}, {"RCU", 291.0, 1.4}, {"NET_RX", 30.0, 4.5}, {"SCHED", 15.0, 4.9}}) {
    const double c = count * n.factor(0.1);
    put(std::string("softirq.") + vec + ".count", c, "count");
    put(std::string("softirq.") + vec + ".total_us", c * mean_us, "us");
    put(std::string("softirq.") + vec + ".mean_us", mean_us * n.factor(0.05), "us");
    put(std::string("softirq.") + vec + ".max_us", mean_us * 10 * n.factor(0.2), "us");
    put(std::string("softirq.") + vec + ".share_pct", count / 6.53 * n.factor(0.05), "%");
  }
  put("runq.p50_us", 5 * sched / 22.8 * n.factor(0.1), "us");
  put("runq.p99_us", 50 * sched / 22.8 * n.factor(0.1), "us");
  put("bursts.count", 1500 * n.factor(0.02), "count");
  put("bursts.interrupted", sched / 22.8 * n.factor(0.1), "count");
  if (s.sched_per_1k > 100) {
    put("preemptor.stress-ng-cpu.count", sched * 50 * n.factor(0.1), "count");
    put("preemptor.stress-ng-cpu.time_ms", sched * 0.005 * n.factor(0.1), "ms");
  }
  put("preemptor.kworker/0:1.count", 12 * n.factor(0.1), "count");
  put("preemptor.kworker/0:1.time_ms", 0.3 * n.factor(0.1), "ms");
  if (!distributions) return;
  r.distributions.push_back(interval_distribution("launch_interval.a", 2000, n, 400));
  r.distributions.push_back(interval_distribution("launch_interval.b", 15.3e6, n, 40));
  r.distributions.push_back(interval_distribution("runq_latency", 5000 * s.sched_per_1k / 22.8, n, 200));
}

// The critical thread's decode window split by state, as contention makes it: what the window gained
// over an undisturbed run is time preempted or waiting for a CPU in proportion to the switch rate, the
// rest more on-CPU time (a slower CPU, shared caches).
inline void add_thread_states(results::RunRecord& r, double window_ms, double quiet_window_ms,
                              const SyntheticScenario& s, Noise& n) {
  const double irq = 0.0004 * window_ms * n.factor(0.2);
  const double blocked = 0.02 * window_ms * n.factor(0.1);
  const double unknown = 0.001 * window_ms * n.factor(0.3);
  const double quiet_oncpu = 0.975 * quiet_window_ms * n.factor(0.005);
  const double gained = std::max(0.0, window_ms - irq - blocked - unknown - quiet_oncpu);
  const double runnable = gained * std::min(1.0, s.sched_per_1k / 500) + 0.004 * window_ms;
  const double oncpu = window_ms - irq - blocked - unknown - runnable;
  for (const auto& [name, v] : {std::pair{"time.window_ms", window_ms}, {"time.oncpu_ms", oncpu},
                                {"time.irq_ms", irq}, {"time.preempted_ms", runnable * 0.9},
                                {"time.waiting_ms", runnable * 0.1}, {"time.blocked_ms", blocked},
                                {"time.unknown_ms", unknown}})
    r.metrics.push_back({name, v, "ms"});
  r.metrics.push_back({"time.oncpu_per_launch_us", oncpu * 1000 / (56882 * s.launches_factor), "us"});
}

inline std::vector<results::RunRecord> synthetic_session(const std::vector<SyntheticScenario>& scenarios,
                                                         const SyntheticOptions& o) {
  Noise n(o.seed);
  std::vector<results::RunRecord> runs;
  int64_t id = o.session_id * 100000;
  for (int block = 0; block < o.blocks; ++block) {
    // One traced and one untraced run of every scenario, in a shuffled order (randomised blocks).
    std::vector<std::pair<size_t, bool>> order;
    for (size_t i = 0; i < scenarios.size(); ++i) {
      if (o.untraced) order.emplace_back(i, false);
      if (o.traced) order.emplace_back(i, true);
    }
    for (size_t i = order.size(); i > 1; --i)
      std::swap(order[i - 1], order[static_cast<size_t>(n.uniform() * i)]);
    int position = 0;
    for (const auto& [index, traced] : order) {
      const auto& s = scenarios[index];
      results::RunRecord r;
      r.id = ++id;
      r.session_id = o.session_id;
      r.scenario = s.name;
      r.scenario_hash = "hash-" + s.name;
      r.block = block;
      r.position = position++;
      r.traced = traced;
      r.status = results::RunStatus::ok;
      r.env.kernel = "6.1.0-synthetic";
      r.env.cpu_model = "Synthetic CPU";
      r.env.cpu_count = 24;
      r.env.gpu_name = "Synthetic GPU";
      const double tps =
          o.base_tokens_per_s * s.throughput_factor * n.factor(o.cov) * (traced ? o.tracer_factor : 1);
      r.metrics.push_back({"tokens_per_s", tps, "tok/s"});
      r.metrics.push_back({"tokens", 40, "count"});
      r.metrics.push_back({"decode_ms", 40 / tps * 1000, "ms"});
      r.wall_s = 40 / tps + 2;
      if (s.name != "baseline")
        r.intensity.push_back({0, "stress-ng", "bogo_ops_per_s", 12000 * n.factor(0.05), "bogo-ops/s"});
      if (traced) {
        add_traced_metrics(r, s, n, o.distributions);
        add_thread_states(r, 40 / tps * 1000, 40 / (o.base_tokens_per_s * o.tracer_factor) * 1000, s, n);
      }
      runs.push_back(std::move(r));
    }
  }
  return runs;
}

}  // namespace cudabench::testing
