// Descriptive statistics, intervals, tests and outlier flags of stats.h.
#include "results/stats/stats.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "common/percentile.h"

namespace cudabench::results::stats {
namespace {

constexpr double nan_v = std::numeric_limits<double>::quiet_NaN();

double two_sided_t_p(double t, double df) {
  if (std::isnan(t)) return nan_v;
  if (std::isinf(t)) return 0.0;
  return std::min(1.0, 2.0 * (1.0 - student_t_cdf(std::fabs(t), df)));
}

double variance(const std::vector<double>& xs) {
  if (xs.size() < 2) return nan_v;
  const double m = mean(xs);
  double ss = 0;
  for (double x : xs) ss += (x - m) * (x - m);
  return ss / static_cast<double>(xs.size() - 1);
}

// Mid-ranks (1-based) of the concatenation a ++ b, plus the tie term sum(t^3 - t).
struct Ranks {
  std::vector<double> rank;
  double tie_term = 0;
  bool ties = false;
};
Ranks mid_ranks(const std::vector<double>& all) {
  std::vector<size_t> order(all.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](size_t i, size_t j) { return all[i] < all[j]; });
  Ranks r;
  r.rank.resize(all.size());
  for (size_t i = 0; i < order.size();) {
    size_t j = i;
    while (j + 1 < order.size() && all[order[j + 1]] == all[order[i]]) ++j;
    const double mid = (static_cast<double>(i) + static_cast<double>(j)) / 2 + 1;
    for (size_t k = i; k <= j; ++k) r.rank[order[k]] = mid;
    const double t = static_cast<double>(j - i + 1);
    if (t > 1) {
      r.ties = true;
      r.tie_term += t * t * t - t;
    }
    i = j + 1;
  }
  return r;
}

// Number of arrangements giving each U for sample sizes m, n without ties, by the recurrence
// N(u; m, n) = N(u - n; m - 1, n) + N(u; m, n - 1) (Mann & Whitney 1947).
std::vector<double> u_counts(int m, int n) {
  // table[j] holds the distribution for (i, j) while i advances.
  std::vector<std::vector<double>> prev(n + 1), cur(n + 1);
  for (int j = 0; j <= n; ++j) prev[j] = {1.0};  // i = 0: U is always 0
  for (int i = 1; i <= m; ++i) {
    cur[0] = {1.0};
    for (int j = 1; j <= n; ++j) {
      std::vector<double> dist(static_cast<size_t>(i * j + 1), 0.0);
      for (size_t u = 0; u < prev[j].size(); ++u) dist[u + j] += prev[j][u];
      for (size_t u = 0; u < cur[j - 1].size(); ++u) dist[u] += cur[j - 1][u];
      cur[j] = std::move(dist);
    }
    std::swap(prev, cur);
  }
  return prev[n];
}

}  // namespace

bool Interval::valid() const {
  return std::isfinite(estimate) && std::isfinite(lo) && std::isfinite(hi);
}

double mean(const std::vector<double>& xs) {
  if (xs.empty()) return nan_v;
  return std::accumulate(xs.begin(), xs.end(), 0.0) / static_cast<double>(xs.size());
}

double median(std::vector<double> xs) {
  return cudabench::percentile(std::move(xs), 50);
}

double stddev(const std::vector<double>& xs) {
  return std::sqrt(variance(xs));
}

double coefficient_of_variation(const std::vector<double>& xs) {
  const double m = mean(xs);
  if (!(m != 0)) return nan_v;
  return stddev(xs) / std::fabs(m);
}

double mad(const std::vector<double>& xs) {
  if (xs.empty()) return nan_v;
  const double med = median(xs);
  std::vector<double> dev;
  dev.reserve(xs.size());
  for (double x : xs) dev.push_back(std::fabs(x - med));
  return median(std::move(dev));
}

Interval t_interval(const std::vector<double>& xs, double level) {
  Interval out{mean(xs), nan_v, nan_v, static_cast<int>(xs.size())};
  if (xs.size() < 2) return out;
  const double n = static_cast<double>(xs.size());
  const double half = student_t_quantile(1 - (1 - level) / 2, n - 1) * stddev(xs) / std::sqrt(n);
  out.lo = out.estimate - half;
  out.hi = out.estimate + half;
  return out;
}

Interval bootstrap_mean(const std::vector<double>& xs, int resamples, uint64_t seed, double level) {
  return bootstrap_interval(
      xs, [](const std::vector<double>& s) { return mean(s); }, resamples, seed, level);
}

Interval bootstrap_median(const std::vector<double>& xs, int resamples, uint64_t seed, double level) {
  // A resample of a sorted sample is fully described by how often it drew each index, so its
  // median is found by a cumulative scan over those counts: O(n) per resample instead of a copy
  // and a selection. A report computes about a hundred of these.
  Interval out{median(xs), nan_v, nan_v, static_cast<int>(xs.size())};
  if (xs.size() < 2 || resamples < 10) return out;
  std::vector<double> sorted = xs;
  std::sort(sorted.begin(), sorted.end());
  const size_t n = sorted.size();
  std::vector<uint32_t> counts(n);
  std::vector<double> medians;
  medians.reserve(resamples);
  std::mt19937_64 rng(seed);
  auto value_at_rank = [&](size_t rank) {
    size_t seen = 0;
    for (size_t i = 0; i < n; ++i) {
      seen += counts[i];
      if (seen > rank) return sorted[i];
    }
    return sorted.back();
  };
  for (int r = 0; r < resamples; ++r) {
    std::fill(counts.begin(), counts.end(), 0);
    for (size_t k = 0; k < n; ++k) ++counts[detail::draw_index(rng, n)];
    const double hi = value_at_rank(n / 2);
    medians.push_back(n % 2 ? hi : (value_at_rank(n / 2 - 1) + hi) / 2);
  }
  std::sort(medians.begin(), medians.end());
  out.lo = percentile_sorted(medians, (1 - level) / 2 * 100);
  out.hi = percentile_sorted(medians, (1 + level) / 2 * 100);
  return out;
}

TestResult welch_t_test(const std::vector<double>& a, const std::vector<double>& b) {
  TestResult r{nan_v, nan_v, nan_v};
  if (a.size() < 2 || b.size() < 2) return r;
  const double va = variance(a) / a.size(), vb = variance(b) / b.size();
  const double diff = mean(b) - mean(a);
  const double se = std::sqrt(va + vb);
  if (se == 0) {
    r.statistic = diff == 0 ? 0 : std::copysign(INFINITY, diff);
    r.df = static_cast<double>(a.size() + b.size() - 2);
    r.p = diff == 0 ? 1.0 : 0.0;
    return r;
  }
  r.statistic = diff / se;
  // Welch-Satterthwaite degrees of freedom.
  r.df = (va + vb) * (va + vb) /
         (va * va / static_cast<double>(a.size() - 1) + vb * vb / static_cast<double>(b.size() - 1));
  r.p = two_sided_t_p(r.statistic, r.df);
  return r;
}

TestResult one_sample_t_test(const std::vector<double>& xs, double mu) {
  TestResult r{nan_v, nan_v, nan_v};
  if (xs.size() < 2) return r;
  const double diff = mean(xs) - mu;
  const double se = stddev(xs) / std::sqrt(static_cast<double>(xs.size()));
  r.df = static_cast<double>(xs.size() - 1);
  if (se == 0) {
    r.statistic = diff == 0 ? 0 : std::copysign(INFINITY, diff);
    r.p = diff == 0 ? 1.0 : 0.0;
    return r;
  }
  r.statistic = diff / se;
  r.p = two_sided_t_p(r.statistic, r.df);
  return r;
}

TestResult paired_t_test(const std::vector<double>& a, const std::vector<double>& b) {
  std::vector<double> d;
  for (size_t i = 0; i < std::min(a.size(), b.size()); ++i) d.push_back(b[i] - a[i]);
  return one_sample_t_test(d, 0);
}

TestResult mann_whitney_u(const std::vector<double>& a, const std::vector<double>& b, bool allow_exact) {
  TestResult r{nan_v, nan_v, nan_v};
  if (a.empty() || b.empty()) return r;
  std::vector<double> all = a;
  all.insert(all.end(), b.begin(), b.end());
  const Ranks ranks = mid_ranks(all);
  const double n1 = static_cast<double>(a.size()), n2 = static_cast<double>(b.size());
  double r1 = 0;
  for (size_t i = 0; i < a.size(); ++i) r1 += ranks.rank[i];
  const double u1 = r1 - n1 * (n1 + 1) / 2;
  r.statistic = u1;
  if (allow_exact && !ranks.ties && a.size() + b.size() <= 40) {
    const std::vector<double> counts = u_counts(static_cast<int>(a.size()), static_cast<int>(b.size()));
    const double total = std::accumulate(counts.begin(), counts.end(), 0.0);
    const size_t u = static_cast<size_t>(std::llround(u1));
    const double cdf = std::accumulate(counts.begin(), counts.begin() + u + 1, 0.0) / total;
    const double sf = std::accumulate(counts.begin() + u, counts.end(), 0.0) / total;
    r.p = std::min(1.0, 2 * std::min(cdf, sf));
    return r;
  }
  const double n = n1 + n2;
  const double var = n1 * n2 / 12 * ((n + 1) - ranks.tie_term / (n * (n - 1)));
  if (var <= 0) {
    r.p = 1.0;
    return r;
  }
  const double z = (std::fabs(u1 - n1 * n2 / 2) - 0.5) / std::sqrt(var);
  r.p = std::min(1.0, 2 * (1 - normal_cdf(std::max(z, 0.0))));
  return r;
}

std::vector<double> holm_adjust(const std::vector<double>& p) {
  std::vector<size_t> order(p.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](size_t i, size_t j) { return p[i] < p[j]; });
  std::vector<double> adjusted(p.size(), nan_v);
  double running = 0;
  const double m = static_cast<double>(p.size());
  for (size_t k = 0; k < order.size(); ++k) {
    const double v = p[order[k]];
    if (std::isnan(v)) continue;
    // Step-down: the k-th smallest p is multiplied by (m - k); monotone by the running maximum.
    running = std::max(running, std::min(1.0, (m - static_cast<double>(k)) * v));
    adjusted[order[k]] = running;
  }
  return adjusted;
}

std::vector<double> modified_z_scores(const std::vector<double>& xs) {
  std::vector<double> z(xs.size(), 0.0);
  if (xs.size() < 3) return z;
  const double med = median(xs);
  const double m = mad(xs);
  double scale = m / 0.6745;
  if (m == 0) {
    double mean_ad = 0;
    for (double x : xs) mean_ad += std::fabs(x - med);
    scale = 1.253314 * mean_ad / static_cast<double>(xs.size());
  }
  if (scale == 0) return z;
  for (size_t i = 0; i < xs.size(); ++i) z[i] = (xs[i] - med) / scale;
  return z;
}

std::vector<size_t> mad_outliers(const std::vector<double>& xs, double threshold) {
  std::vector<size_t> out;
  const std::vector<double> z = modified_z_scores(xs);
  for (size_t i = 0; i < z.size(); ++i)
    if (std::fabs(z[i]) > threshold) out.push_back(i);
  return out;
}

Interval paired_log_ratio(const std::vector<double>& a, const std::vector<double>& b, double level) {
  std::vector<double> logs;
  for (size_t i = 0; i < std::min(a.size(), b.size()); ++i)
    if (a[i] > 0 && b[i] > 0) logs.push_back(std::log(b[i] / a[i]));
  const Interval li = t_interval(logs, level);
  return {std::exp(li.estimate), std::exp(li.lo), std::exp(li.hi), li.n};
}

Interval unpaired_log_ratio(const std::vector<double>& a, const std::vector<double>& b, double level) {
  std::vector<double> la, lb;
  for (double x : a)
    if (x > 0) la.push_back(std::log(x));
  for (double x : b)
    if (x > 0) lb.push_back(std::log(x));
  Interval out{nan_v, nan_v, nan_v, static_cast<int>(std::min(la.size(), lb.size()))};
  if (la.empty() || lb.empty()) return out;
  const double diff = mean(lb) - mean(la);
  out.estimate = std::exp(diff);
  const TestResult w = welch_t_test(la, lb);
  if (std::isnan(w.df)) return out;
  const double se = std::sqrt(variance(la) / la.size() + variance(lb) / lb.size());
  const double half = student_t_quantile(1 - (1 - level) / 2, w.df) * se;
  out.lo = std::exp(diff - half);
  out.hi = std::exp(diff + half);
  return out;
}

Interval ratio_of_means(const std::vector<double>& a, const std::vector<double>& b, double level) {
  Interval out{nan_v, nan_v, nan_v, static_cast<int>(std::min(a.size(), b.size()))};
  const double ma = mean(a), mb = mean(b);
  if (!(ma > 0) || !(mb > 0)) return out;
  out.estimate = mb / ma;
  if (a.size() < 2 || b.size() < 2) return out;
  const double va = variance(a) / (a.size() * ma * ma), vb = variance(b) / (b.size() * mb * mb);
  const double se = std::sqrt(va + vb);
  double df = static_cast<double>(a.size() + b.size() - 2);
  if (se > 0)
    df = (va + vb) * (va + vb) /
         (va * va / static_cast<double>(a.size() - 1) + vb * vb / static_cast<double>(b.size() - 1));
  const double half = student_t_quantile(1 - (1 - level) / 2, df) * se;
  out.lo = out.estimate * std::exp(-half);
  out.hi = out.estimate * std::exp(half);
  return out;
}

int blocks_for_half_width(double sd, double target, double level, int limit) {
  if (!(sd >= 0) || !(target > 0)) return -1;
  if (sd == 0) return 2;
  // t(B-1) > z, so the normal approximation is a lower bound; t falls towards z as B grows, so the
  // first B from there that reaches the target is the answer (a few steps).
  const double z = normal_quantile(1 - (1 - level) / 2);
  const double lower = std::ceil(z * z * sd * sd / (target * target));
  if (lower > limit) return limit + 1;
  for (int b = std::max(2, static_cast<int>(lower)); b <= limit; ++b)
    if (student_t_quantile(1 - (1 - level) / 2, b - 1) * sd / std::sqrt(static_cast<double>(b)) <= target)
      return b;
  return limit + 1;
}

}  // namespace cudabench::results::stats
