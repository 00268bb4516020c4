// Normal and Student-t distribution functions for stats.h.
//
// The t CDF goes through the regularized incomplete beta function: for t >= 0,
// P(T <= t) = 1 - I_x(df/2, 1/2) / 2 with x = df / (df + t^2) (Abramowitz & Stegun 26.7.1).
// I_x(a, b) is evaluated by its continued fraction (A&S 26.5.8) with the modified Lentz method,
// switching to the symmetric form 1 - I_{1-x}(b, a) when x > (a + 1) / (a + b + 2), where the
// fraction converges fast. Quantiles invert the CDFs by bracketing and bisection, which is slow
// compared with a rational approximation but exact to double precision and never diverges; a
// report needs a few hundred of them.
#include <cmath>
#include <limits>
#include <map>
#include <utility>

#include "results/stats/stats.h"

namespace cudabench::results::stats {
namespace {

constexpr double nan_v = std::numeric_limits<double>::quiet_NaN();

double beta_continued_fraction(double a, double b, double x) {
  constexpr double tiny = 1e-300;
  constexpr double eps = 1e-15;
  double c = 1.0;
  double d = 1.0 - (a + b) * x / (a + 1.0);
  if (std::fabs(d) < tiny) d = tiny;
  d = 1.0 / d;
  double h = d;
  for (int m = 1; m <= 10000; ++m) {
    // Even step: d_{2m} = m (b - m) x / ((a + 2m - 1)(a + 2m)).
    double num = m * (b - m) * x / ((a + 2.0 * m - 1.0) * (a + 2.0 * m));
    d = 1.0 + num * d;
    if (std::fabs(d) < tiny) d = tiny;
    c = 1.0 + num / c;
    if (std::fabs(c) < tiny) c = tiny;
    d = 1.0 / d;
    h *= d * c;
    // Odd step: d_{2m+1} = -(a + m)(a + b + m) x / ((a + 2m)(a + 2m + 1)).
    num = -(a + m) * (a + b + m) * x / ((a + 2.0 * m) * (a + 2.0 * m + 1.0));
    d = 1.0 + num * d;
    if (std::fabs(d) < tiny) d = tiny;
    c = 1.0 + num / c;
    if (std::fabs(c) < tiny) c = tiny;
    d = 1.0 / d;
    const double delta = d * c;
    h *= delta;
    if (std::fabs(delta - 1.0) < eps) break;
  }
  return h;
}

// Smallest x with f(x) >= p on [lo, hi] for a nondecreasing f.
template <typename F>
double bisect(F f, double p, double lo, double hi) {
  for (int i = 0; i < 200 && hi - lo > 1e-15 * std::fmax(1.0, std::fabs(lo)); ++i) {
    const double mid = lo + (hi - lo) / 2;
    if (f(mid) < p)
      lo = mid;
    else
      hi = mid;
  }
  return lo + (hi - lo) / 2;
}

}  // namespace

double normal_cdf(double z) {
  return 0.5 * std::erfc(-z / std::sqrt(2.0));
}

double normal_quantile(double p) {
  if (!(p > 0 && p < 1)) return nan_v;
  if (p < 0.5) return -normal_quantile(1 - p);
  // The upper tail through erfc keeps precision for p close to 1.
  const double q = 1 - p;
  auto upper = [](double z) { return -0.5 * std::erfc(z / std::sqrt(2.0)); };
  return bisect(upper, -q, 0.0, 40.0);
}

double incomplete_beta(double a, double b, double x) {
  if (!(a > 0 && b > 0) || x < 0 || x > 1) return nan_v;
  if (x == 0 || x == 1) return x;
  const double log_front =
      std::lgamma(a + b) - std::lgamma(a) - std::lgamma(b) + a * std::log(x) + b * std::log1p(-x);
  if (x < (a + 1) / (a + b + 2)) return std::exp(log_front) * beta_continued_fraction(a, b, x) / a;
  return 1.0 - std::exp(log_front) * beta_continued_fraction(b, a, 1.0 - x) / b;
}

double student_t_cdf(double t, double df) {
  if (!(df > 0) || std::isnan(t)) return nan_v;
  if (std::isinf(t)) return t > 0 ? 1.0 : 0.0;
  const double tail = 0.5 * incomplete_beta(df / 2, 0.5, df / (df + t * t));
  return t >= 0 ? 1.0 - tail : tail;
}

double student_t_quantile(double p, double df) {
  if (!(p > 0 && p < 1) || !(df > 0)) return nan_v;
  if (p < 0.5) return -student_t_quantile(1 - p, df);
  if (p == 0.5) return 0.0;
  // A report asks for the same few (p, df) pairs hundreds of times; bisection costs ~30 us each.
  thread_local std::map<std::pair<double, double>, double> cache;
  if (auto it = cache.find({p, df}); it != cache.end()) return it->second;
  if (cache.size() > 4096) cache.clear();
  // Work on the upper tail mass, 1 - cdf = I_x(df/2, 1/2) / 2, to keep precision near p = 1.
  const double q = 1 - p;
  auto neg_tail = [df](double t) { return -0.5 * incomplete_beta(df / 2, 0.5, df / (df + t * t)); };
  double hi = 1.0;
  while (neg_tail(hi) < -q && hi < 1e300) hi *= 2;
  const double t = bisect(neg_tail, -q, 0.0, hi);
  cache.emplace(std::make_pair(p, df), t);
  return t;
}

}  // namespace cudabench::results::stats
