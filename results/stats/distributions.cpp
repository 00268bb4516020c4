// Normal and Student-t distribution functions for stats.h, from Boost.Math. Arguments outside a
// function's domain give NaN (the report prints "n/a"), never an exception: the policy below turns
// Boost's domain, pole and overflow errors into quiet results.
#include <cmath>
#include <limits>

#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/students_t.hpp>

#include "results/stats/stats.h"

namespace cudabench::results::stats {
namespace {

namespace bm = boost::math;
using quiet = bm::policies::policy<bm::policies::domain_error<bm::policies::ignore_error>,
                                   bm::policies::pole_error<bm::policies::ignore_error>,
                                   bm::policies::overflow_error<bm::policies::ignore_error>,
                                   bm::policies::evaluation_error<bm::policies::ignore_error>>;
using normal = bm::normal_distribution<double, quiet>;
using students_t = bm::students_t_distribution<double, quiet>;

constexpr double nan_v = std::numeric_limits<double>::quiet_NaN();

}  // namespace

double normal_cdf(double z) {
  if (std::isnan(z)) return nan_v;
  if (std::isinf(z)) return z > 0 ? 1.0 : 0.0;
  return bm::cdf(normal(), z);
}

double normal_quantile(double p) {
  if (!(p > 0 && p < 1)) return nan_v;
  return bm::quantile(normal(), p);
}

double student_t_cdf(double t, double df) {
  if (!(df > 0) || std::isnan(t)) return nan_v;
  if (std::isinf(t)) return t > 0 ? 1.0 : 0.0;
  return bm::cdf(students_t(df), t);
}

double student_t_quantile(double p, double df) {
  if (!(p > 0 && p < 1) || !(df > 0)) return nan_v;
  return bm::quantile(students_t(df), p);
}

}  // namespace cudabench::results::stats
