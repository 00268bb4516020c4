// The project's one definition of a sample percentile: linear interpolation between the two
// closest ranks (Hyndman & Fan 1996 type 7, numpy's and R's default, the original study's Python
// analysis): with the sample sorted x[0..n-1] and h = (n - 1) p / 100, the value is
// x[floor h] + (h - floor h) (x[floor h + 1] - x[floor h]). Every report, `trace` summary and the
// qwen3 workload use it. (results/metrics/histogram.h estimates percentiles from binned data: that
// is an approximation of this one, not another definition.)
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <vector>

namespace cudabench {

// p in [0, 100] (clamped); `sorted` ascending. NaN when empty.
template <typename T>
double percentile_sorted(const std::vector<T>& sorted, double p) {
  if (sorted.empty()) return NAN;
  const double h = static_cast<double>(sorted.size() - 1) * std::clamp(p, 0.0, 100.0) / 100;
  const auto k = static_cast<size_t>(std::floor(h));
  const double low = static_cast<double>(sorted[k]);
  const double high = k + 1 < sorted.size() ? static_cast<double>(sorted[k + 1]) : low;
  return low + (h - static_cast<double>(k)) * (high - low);
}

// Several percentiles of an unsorted sample at once, by selection rather than a full sort (launch
// interval samples hold millions of values): O(n) for ascending `ps`. Reorders `values`; NaN each
// when empty.
template <typename T>
std::vector<double> percentiles(std::vector<T>& values, const std::vector<double>& ps) {
  std::vector<double> out(ps.size(), NAN);
  const size_t n = values.size();
  if (n == 0) return out;
  size_t lower = 0;
  for (size_t i = 0; i < ps.size(); ++i) {
    const double h = static_cast<double>(n - 1) * std::clamp(ps[i], 0.0, 100.0) / 100;
    const auto k = static_cast<size_t>(std::floor(h));
    if (k < lower) lower = 0;  // not ascending: search the whole sample again
    std::nth_element(values.begin() + static_cast<std::ptrdiff_t>(lower),
                     values.begin() + static_cast<std::ptrdiff_t>(k), values.end());
    lower = k;
    const double low = static_cast<double>(values[k]);
    const double high = k + 1 < n ? static_cast<double>(*std::min_element(
                                        values.begin() + static_cast<std::ptrdiff_t>(k) + 1, values.end()))
                                  : low;
    out[i] = low + (h - static_cast<double>(k)) * (high - low);
  }
  return out;
}

// One percentile of an unsorted sample (copied).
template <typename T>
double percentile(std::vector<T> values, double p) {
  return percentiles(values, {p}).front();
}

}  // namespace cudabench
