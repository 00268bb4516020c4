// Number formatting shared by the report formats and the advice text. One rule everywhere: a value
// that could not be estimated prints as "n/a", never as 0.
#pragma once

#include <string>

#include "results/stats/aggregate.h"

namespace cudabench::results::report {

// Magnitude-aware: 11,933 / 522.7 / 54.77 / 0.0276; n/a for NaN.
std::string number(double v);
std::string number(double v, int decimals);
// "54.77 [54.12, 55.42]"; the bracket is dropped when the interval is invalid.
std::string with_ci(const stats::Interval& ci);
std::string with_ci(double estimate, const stats::Interval& ci);
// "-8.8% [-9.4, -8.2]" for a percent interval.
std::string pct_ci(const stats::Interval& pct);
// "524x [480, 571]" for a ratio interval.
std::string ratio_ci(const stats::Interval& ratio);
std::string p_value(double p);  // "0.003", "<0.001", "n/a"

// What a tok/s change in % with its CI says, against a band of no practical difference (+-band %):
// slower or faster only when the CI excludes zero (docs/methodology.md "Wording"); the same when the
// whole CI lies inside the band; otherwise not resolved: the data allow both.
enum class Verdict { slower, faster, same, unresolved };
Verdict classify(const stats::Interval& pct, double band_pct);
// "8.8% slower", "2.1% faster", "no difference beyond +-2%", "not resolved".
std::string throughput_verdict(const stats::Interval& pct, double band_pct);
// Degradation as the study prints it: (baseline - scenario) / baseline in %, i.e. -change.
stats::Interval degradation(const stats::Interval& change_pct);

}  // namespace cudabench::results::report
