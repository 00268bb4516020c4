// Decision guidance derived from the measured numbers of a session (docs/study.md "Outputs a user
// expects"), replacing the original's fixed table (dedicated server / shared light / shared heavy /
// Kubernetes). Every statement cites the figure and interval it rests on, and none outruns it:
//   - an effect whose 95% CI includes zero is never called a cause, and "no action needed" is said
//     only when every CI lies inside the band of no practical difference;
//   - a CI too wide to decide is "not resolved", with the blocks that would resolve it;
//   - a remedy names only flags and keys the parser accepts.
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
  double band_pct = 2.0;              // changes inside +-band are of no practical size (the gate's tau)
  double irq_time_pct = 0.5;          // IRQ time on the workload's CPUs worth moving away, % of runtime
  double residual_sched_ratio = 2.0;  // Sched/1K of a mitigated scenario vs baseline, lower CI bound
  double offcpu_margin_pct = 1.0;     // off-CPU share above the baseline's that counts as more preemption
  double launches_per_token = 100;    // above: launch-bound candidate for CUDA Graphs
  double tail_app_share_pct = 80;     // P99+ pairs attributed to the application, lower bound
  int practical_blocks = 50;          // more blocks than this is not a remedy but a noise problem
};

std::vector<Advice> derive_advice(const SessionSummary& summary, const AdviceThresholds& t = {});

// For a change whose CI is wider than wanted: how many more blocks would narrow it, as a phrase
// ("7 more blocks would reach +-5%"): the narrowest of the target, 2%, 5% and 10% (never below the
// target) that at most `practical_blocks` blocks in all reach, or why none does.
std::string more_blocks(const Change& change, double target_pct, int practical_blocks);

}  // namespace cudabench::results
