// The bootstrap template of stats.h. Resampling uses its own index draw (Lemire's multiply-shift on
// a mt19937_64 stream) rather than std::uniform_int_distribution, whose output differs between
// standard libraries: the same seed must give the same interval everywhere.
#pragma once

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>
#include <vector>

namespace cudabench::results::stats {

namespace detail {
inline size_t draw_index(std::mt19937_64& rng, size_t n) {
  return static_cast<size_t>((static_cast<unsigned __int128>(rng()) * n) >> 64);
}
}  // namespace detail

template <typename F>
Interval bootstrap_interval(const std::vector<double>& xs, F statistic, int resamples, uint64_t seed,
                            double level) {
  Interval out;
  out.n = static_cast<int>(xs.size());
  const double nan = std::numeric_limits<double>::quiet_NaN();
  if (xs.size() < 2 || resamples < 10) {
    out.estimate = xs.empty() ? nan : statistic(xs);
    out.lo = out.hi = nan;
    return out;
  }
  out.estimate = statistic(xs);
  std::mt19937_64 rng(seed);
  std::vector<double> sample(xs.size());
  std::vector<double> stats;
  stats.reserve(resamples);
  for (int r = 0; r < resamples; ++r) {
    for (auto& v : sample) v = xs[detail::draw_index(rng, xs.size())];
    stats.push_back(statistic(sample));
  }
  std::sort(stats.begin(), stats.end());
  const double alpha = 1 - level;
  auto at = [&](double q) {
    double pos = q * (stats.size() - 1);
    size_t i = static_cast<size_t>(std::floor(pos));
    size_t j = std::min(i + 1, stats.size() - 1);
    return stats[i] + (pos - i) * (stats[j] - stats[i]);
  };
  out.lo = at(alpha / 2);
  out.hi = at(1 - alpha / 2);
  return out;
}

}  // namespace cudabench::results::stats
