// The stopping rule of sequential.h.
#include "results/stats/sequential.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace cudabench::results::stats {

double change_half_width_pct(const Interval& log_interval) {
  if (!log_interval.valid()) return std::numeric_limits<double>::quiet_NaN();
  return (std::exp(log_interval.hi) - std::exp(log_interval.lo)) / 2 * 100;
}

Precision assess_precision(const std::vector<double>& log_ratios, const StoppingRule& rule) {
  Precision p;
  p.blocks = static_cast<int>(log_ratios.size());
  p.half_width_pct = change_half_width_pct(t_interval(log_ratios, rule.level));
  if (!std::isfinite(p.half_width_pct)) return p;
  p.reached = p.blocks >= rule.min_blocks && p.half_width_pct <= rule.target_pct;
  if (p.reached) {
    p.blocks_to_go = 0;
  } else if (p.half_width_pct <= rule.target_pct) {
    p.blocks_to_go = rule.min_blocks - p.blocks;
  } else {
    // The half-width shrinks as 1/sqrt(n) at a steady spread; the t quantile's fall with n is
    // left out, so the estimate errs on the high side for small n.
    const double ratio = p.half_width_pct / rule.target_pct;
    const double total = std::ceil(p.blocks * ratio * ratio - 1e-9);
    p.blocks_to_go =
        std::max({static_cast<int>(std::min(total, 1e9)) - p.blocks, rule.min_blocks - p.blocks, 1});
  }
  return p;
}

bool all_reached(const std::vector<Precision>& comparisons) {
  if (comparisons.empty()) return false;
  for (const auto& p : comparisons)
    if (!p.reached) return false;
  return true;
}

}  // namespace cudabench::results::stats
