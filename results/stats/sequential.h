// Sessions that run until they are precise enough (`cudabench run --target-ci PCT`): the stopping
// rule, the estimate of the blocks still needed, and a simulation of the rule's coverage.
//
// The rule is the purely sequential fixed-width procedure of Anscombe (1953) and Chow & Robbins
// (1965) with a minimum sample: after at least `min_blocks` paired blocks, stop at the first block
// where every compared change's 95% t-interval (the interval `report` prints, from the per-block
// log-ratios of untraced tok/s) has a half-width at or below the target. Stopping when the
// sample's spread happens to be small makes the interval at the stop slightly optimistic: its
// coverage is below nominal by up to about 1.5 points for 10 <= n* <= 40 blocks (n* the blocks a
// known variance would need) and approaches nominal as n* grows (Woodroofe 1977 gives the
// second-order term). The minimum sample keeps the deficit there; simulate_coverage measures it,
// docs/precision.md tabulates it and tests/results/stats/sequential_test.cpp holds it in CI.
#pragma once

#include <cstdint>
#include <vector>

#include "results/stats/stats.h"

namespace cudabench::results::stats {

struct StoppingRule {
  double target_pct = 2;  // wanted CI half-width of every change, in %
  int min_blocks = 10;    // paired blocks every comparison needs before the rule may stop
  double level = 0.95;
};
inline constexpr int min_min_blocks = 5;  // below this the t-interval at the stop undercovers badly

// Half-width, in %, of a change whose log-ratio interval is `log_interval`: what `report` prints,
// ((e^hi - 1) - (e^lo - 1)) / 2 x 100. NaN for an invalid interval.
double change_half_width_pct(const Interval& log_interval);

// One comparison (a scenario's change against its reference) after some blocks.
struct Precision {
  int blocks = 0;             // paired blocks, i.e. log-ratios
  double half_width_pct = 0;  // NaN with fewer than 2 blocks
  bool reached = false;       // at least min_blocks and half-width <= target
  // More blocks the target needs at the present spread (the half-width shrinks as 1/sqrt(n));
  // 0 when reached, -1 when it cannot be estimated (fewer than 2 blocks, or zero spread).
  int blocks_to_go = -1;
};
Precision assess_precision(const std::vector<double>& log_ratios, const StoppingRule& rule);

// Whether the session may stop: at least one comparison, and every one reached.
bool all_reached(const std::vector<Precision>& comparisons);

// ---- coverage by simulation ----

// Per-run noise of log tok/s, each scaled to the run standard deviation asked for.
enum class NoiseShape {
  normal,
  student_t3,    // Student's t with 3 degrees of freedom: heavy tails, infinite fourth moment
  contaminated,  // normal, and 1 run in 10 hit by an exponential slowdown: skewed, heavy left tail
};
const char* noise_shape_name(NoiseShape shape);

struct CoverageSetup {
  NoiseShape shape = NoiseShape::normal;
  double run_sd = 0.05;        // standard deviation of one run's log tok/s
  double true_change = 0;      // log-ratio every scenario has against the baseline (0: A/A)
  bool skew_one_side = false;  // contaminated noise on the scenarios only (the baseline normal)
  int comparisons = 1;         // scenarios compared with the one shared baseline
  StoppingRule rule;
  int max_blocks = 2000;  // a run of the procedure that gets here counts as capped
  int replications = 4000;
  uint64_t seed = 1;
};

struct CoverageResult {
  int replications = 0, intervals = 0, covered = 0;  // intervals = replications x comparisons
  double coverage = 0;                               // covered / intervals
  double standard_error = 0;                         // binomial, of `coverage`
  double mean_blocks = 0;
  int max_blocks_seen = 0, capped = 0;
  double fixed_n_blocks = 0;  // n*: the blocks the target needs when the variance is known
};

// Runs the sequential procedure `replications` times on simulated sessions: per block, one run of
// the baseline and one of each scenario, the scenario's log-ratio its change plus the difference
// of the two runs' noise (a block effect would cancel in the ratio, so none is drawn). Counts how
// often the final interval of each comparison covers the true change. Deterministic for a seed:
// its random numbers are drawn from mt19937_64 by fully specified transforms.
CoverageResult simulate_coverage(const CoverageSetup& setup);

}  // namespace cudabench::results::stats
