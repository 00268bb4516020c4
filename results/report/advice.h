// Decision guidance derived from the measured numbers of a session (STUDY.md "Outputs a user
// expects"), replacing the original's fixed table (dedicated server / shared light / shared heavy /
// Kubernetes). Every statement cites the figure and interval it rests on; an effect whose 95% CI
// includes zero is never called a cause (METHODOLOGY.md "Wording").
#pragma once

#include <string>
#include <vector>

#include "results/stats/aggregate.h"

namespace cudabench::results {

struct Advice {
  std::string topic;    // interference, mitigation, irq, isolation, launch, tracer, precision, data
  std::string finding;  // what the numbers say, with intervals
  std::string action;   // what to do next; empty when nothing is needed
};

// Thresholds the rules use, stated so a report can print them.
struct AdviceThresholds {
  double irq_time_pct = 0.5;          // IRQ time on the workload's CPUs worth moving away, % of runtime
  double residual_sched_ratio = 2.0;  // Sched/1K of a mitigated scenario vs baseline, lower CI bound
  double launches_per_token = 100;    // above: launch-bound candidate for CUDA Graphs
  double tail_app_share_pct = 80;     // P99+ pairs attributed to the application, lower bound
};

std::vector<Advice> derive_advice(const SessionSummary& summary, const AdviceThresholds& t = {});

}  // namespace cudabench::results
