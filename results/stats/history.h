// Step detection over a history of sessions (docs/methodology.md "Regression gate": every nightly result
// is stored; a step-detection pass over the history flags slow drifts). The gate compares two
// sessions; this looks at all of them, so a drift of 1% a week that never fails one night is seen.
//
// Each session gives one value per scenario: the geometric mean tok/s of its ok, untraced runs
// (traced ones only when a scenario never ran untraced: the tracer's overhead would look like a step).
// The series of logs is split into constant segments by optimal partitioning (least squares plus a
// penalty per change, the piecewise-constant fit asv's step detection also makes), with the noise
// estimated robustly from successive differences.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "results/store/store.h"

namespace cudabench::results {

struct HistoryOptions {
  double min_step_pct = 2.0;  // smaller fitted steps are not reported (METHODOLOGY's tau floor)
  int min_segment = 2;        // sessions per segment: one odd night is an outlier, not a step
  double penalty = 3.0;       // per change, in units of sigma^2 ln(n)
};

struct HistoryPoint {
  int64_t session = 0;
  std::string started_at;
  double tokens_per_s = 0;  // geometric mean over the session's runs
  int runs = 0;
};

struct HistoryStep {
  int64_t session = 0;  // the first session after the step
  std::string started_at;
  double before = 0, after = 0;  // segment levels, tok/s
  double change_pct = 0;         // after / before - 1, in %
};

struct ScenarioHistory {
  std::string scenario;
  bool traced_runs = false;          // values come from traced runs (no untraced run of it anywhere)
  std::vector<HistoryPoint> points;  // in session order
  std::vector<HistoryStep> steps;    // fitted steps of at least min_step_pct
  std::vector<double> levels;        // per point: the fitted level of its segment, tok/s (when fitted)
  double noise_pct = 0;              // session-to-session noise (robust sigma of the log values), in %
  double level_change_pct = 0;       // the fitted last level vs the first, in % (0 without steps)
  double latest_vs_first_pct = 0;    // the latest session's value vs the first session's, in %
  std::string note;                  // why nothing could be fitted (too few sessions)
};

// One entry per scenario, in order of first appearance. `runs` are any sessions' runs.
std::vector<ScenarioHistory> detect_history(const std::vector<RunRecord>& runs,
                                            const std::vector<SessionInfo>& sessions,
                                            const HistoryOptions& options = {});

// The fit itself, exposed for tests: segment start indices (always beginning with 0) of the
// penalised least-squares partition of `y` into segments of at least `min_segment` values.
std::vector<size_t> partition(const std::vector<double>& y, double penalty, int min_segment);

}  // namespace cudabench::results
