// Statistics across runs (docs/methodology.md "Estimates"). One value per run goes in; never pooled
// per-launch samples, which are autocorrelated (Kalibera & Jones, ISMM'13).
//
// Every interval here is two-sided at `level` (0.95 unless stated). Functions that cannot produce an
// estimate (too few values, zero variance where it matters) return NaN fields, never a made-up zero:
// the report says "n/a" for them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

namespace cudabench::results::stats {

// ---- distributions (distributions.cpp, Boost.Math); NaN outside their domain ----
double normal_cdf(double z);
double normal_quantile(double p);  // inverse of normal_cdf, p in (0,1)
double student_t_cdf(double t, double df);
double student_t_quantile(double p, double df);  // e.g. (0.975, 4) = 2.7764

// ---- descriptive ----
double mean(const std::vector<double>& xs);
double median(std::vector<double> xs);
double stddev(const std::vector<double>& xs);  // sample (n - 1)
// Percentiles: cudabench::percentile (common/percentile.h), the project's one definition.
double coefficient_of_variation(const std::vector<double>& xs);  // stddev / mean
double mad(const std::vector<double>& xs);                       // median absolute deviation, unscaled

struct Interval {
  double estimate = 0, lo = 0, hi = 0;
  int n = 0;
  bool valid() const;  // all three finite
  double half_width() const { return (hi - lo) / 2; }
  bool excludes(double value) const { return valid() && (lo > value || hi < value); }
};

// Mean with a Student-t interval: mean ± t(1 - alpha/2, n - 1) × s / sqrt(n).
Interval t_interval(const std::vector<double>& xs, double level = 0.95);

// Percentile bootstrap of any statistic, deterministic for a given seed (Efron & Tibshirani ch. 13).
// statistic receives a resample of the same size as xs.
template <typename F>
Interval bootstrap_interval(const std::vector<double>& xs, F statistic, int resamples = 10000,
                            uint64_t seed = 1, double level = 0.95);
Interval bootstrap_mean(const std::vector<double>& xs, int resamples = 10000, uint64_t seed = 1,
                        double level = 0.95);
Interval bootstrap_median(const std::vector<double>& xs, int resamples = 10000, uint64_t seed = 1,
                          double level = 0.95);

// ---- tests: two-sided p-values ----
struct TestResult {
  double statistic = 0, df = 0, p = 1;
};
TestResult welch_t_test(const std::vector<double>& a, const std::vector<double>& b);
TestResult paired_t_test(const std::vector<double>& a, const std::vector<double>& b);
TestResult one_sample_t_test(const std::vector<double>& xs, double mu = 0);
// Mann-Whitney U (statistic = U of a). Exact distribution when there are no ties and
// n_a + n_b <= 40, else the normal approximation with tie and continuity correction
// (as scipy.stats.mannwhitneyu, which google/benchmark's report.py calls).
TestResult mann_whitney_u(const std::vector<double>& a, const std::vector<double>& b,
                          bool allow_exact = true);
// Holm-Bonferroni step-down adjusted p-values, same order as the input.
std::vector<double> holm_adjust(const std::vector<double>& p);

// ---- outliers ----
// Modified z-scores 0.6745 (x - median) / MAD (Iglewicz & Hoaglin 1993; hyperfine
// src/outlier_detection.rs). When MAD is 0 the mean absolute deviation scaled by 1.253314 replaces
// it, as Iglewicz & Hoaglin suggest, so a lone deviating value in otherwise identical runs still
// counts.
std::vector<double> modified_z_scores(const std::vector<double>& xs);
inline constexpr double outlier_z = 3.5;
std::vector<size_t> mad_outliers(const std::vector<double>& xs, double threshold = outlier_z);

// ---- ratios and design ----
// exp of the mean of per-pair log ratios ln(b_i / a_i), with its t-interval exponentiated
// (docs/methodology.md "Degradation"). Pairs with a non-positive side are skipped.
Interval paired_log_ratio(const std::vector<double>& a, const std::vector<double>& b, double level = 0.95);
// Unpaired: geometric-mean ratio b/a from the Welch interval of mean(ln b) - mean(ln a).
Interval unpaired_log_ratio(const std::vector<double>& a, const std::vector<double>& b, double level = 0.95);
// Ratio of arithmetic means mean(b) / mean(a) for counts that may be 0 in some runs (Sched/1K),
// delta method on the log of the ratio with Welch-Satterthwaite degrees of freedom:
// var(ln R) ~ s_a^2 / (n_a m_a^2) + s_b^2 / (n_b m_b^2). Invalid when a side's mean is <= 0.
Interval ratio_of_means(const std::vector<double>& a, const std::vector<double>& b, double level = 0.95);
// Blocks a paired comparison needs for a CI half-width `target` (on the log scale), given the SD
// `sd` of its per-block log-ratios: the smallest B >= 2 with t(0.975, B-1) x sd / sqrt(B) <= target.
// It is docs/methodology.md's B = ceil((t x sqrt(2) x CoV / h)^2) with the measured SD in place of
// sqrt(2) x CoV and t at the planned B. -1 when it cannot be computed; limit + 1 when it is more.
int blocks_for_half_width(double sd, double target, double level = 0.95, int limit = 100000);

}  // namespace cudabench::results::stats

#include "results/stats/bootstrap.h"
