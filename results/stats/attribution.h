// Where the time went, per scenario against the baseline (METHODOLOGY.md "explaining a loss"):
// the loss is the change of the decode time (untraced runs, the headline's runs); the parts are the
// changes of the critical thread's decode-window states in traced runs (results/analysis
// "Critical thread": on-CPU, IRQ handlers, preempted, woken and waiting, blocked, blocked in a sync
// call, off-CPU for an unrecorded reason, unknown). Each change is paired by block (the two runs of
// a block ran minutes apart at most) with a Student-t interval across blocks, or unpaired (Welch)
// when fewer than two blocks hold both. What the parts do not explain (the loss minus their sum:
// tracer cost, noise, and the unknown state) is its own row, never hidden.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "results/stats/stats.h"
#include "results/store/store.h"

namespace cudabench::results {

struct TimePart {
  std::string metric;                       // time.oncpu_ms, ...
  std::string label;                        // "on-CPU", ...
  stats::Interval delta_ms;                 // scenario - baseline, ms per decode window
  double baseline_ms = 0, scenario_ms = 0;  // means
};

struct Decomposition {
  std::string scenario;
  TraceLevel level = TraceLevel::sched;           // the traced runs the parts come from
  int paired_blocks = 0;                          // blocks holding a traced run of both
  std::optional<stats::Interval> loss_ms;         // decode time change, untraced runs
  stats::Interval window_delta_ms;                // decode-window change, traced runs (the parts' sum)
  std::vector<TimePart> parts;                    // in the order of attribution_parts()
  std::optional<stats::Interval> unexplained_ms;  // loss - sum of the parts
  std::optional<stats::Interval> oncpu_per_launch_delta_us;
  std::optional<stats::Interval> steal_delta_ms;  // hypervisor steal on the CPUs it could use
  std::vector<std::pair<std::string, stats::Interval>> preemptors;  // preempted time by who, ms
  std::optional<double> cpu_speed_ratio;  // its CPUs' calibrated speed / the baseline's (traced runs)
  std::optional<stats::Interval> cpu_speed_delta_pct;  // the same as a paired difference, in % of 1
};

struct AttributionPart {
  const char* metric;
  const char* label;
};
// The parts of a decode window, in the order every report shows them.
const std::vector<AttributionPart>& attribution_parts();

// One Decomposition per scenario that has traced runs and whose baseline has too (the baseline
// itself is left out). `calibration` may be empty (no CPU speed ratio then).
std::vector<Decomposition> decompose_losses(const std::vector<RunRecord>& runs, const std::string& baseline,
                                            const std::vector<CpuCalibration>& calibration,
                                            double level = 0.95);

}  // namespace cudabench::results
