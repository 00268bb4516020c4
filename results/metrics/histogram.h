// A compact log-linear histogram of non-negative integer values (nanoseconds in practice), in the
// style of HdrHistogram: values below 32 each get their own bucket; above, every power of two
// [2^e, 2^(e+1)) is split into 32 equal sub-buckets. A bucket's representative value is its
// midpoint, so any value read back (percentile, cdf point) is within 1/64 (1.6%) of a value that
// was added: bucket width 2^(e-5) <= v/32, half of it <= v/64. count/sum/min/max are exact.
//
// Percentiles use the nearest-rank definition (the smallest recorded value whose rank >= p% of the
// count), answered with its bucket's midpoint clamped to [min, max]; the first and last ranks
// answer the exact min and max.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace cudabench::results {

struct CdfPoint {
  double value = 0;     // upper end of a bucket, clamped to max
  double fraction = 0;  // share of the values <= value, in (0, 1]
};

class Histogram {
 public:
  static constexpr int sub_bucket_bits = 5;
  static constexpr double relative_error = 1.0 / 64;

  void add(uint64_t value, uint64_t times = 1);
  void merge(const Histogram& other);

  uint64_t count() const { return count_; }
  uint64_t sum() const { return sum_; }
  uint64_t min() const { return count_ ? min_ : 0; }
  uint64_t max() const { return max_; }
  double mean() const { return count_ ? static_cast<double>(sum_) / count_ : 0; }
  double percentile(double p) const;  // p in [0, 100]; 0 when empty

  // One point per non-empty bucket, ascending; what the report's CDF charts draw.
  std::vector<CdfPoint> cdf_points() const;

  // Versioned little-endian binary (varints, sparse buckets): a few hundred bytes for a typical
  // launch-interval distribution. decode throws UserError on bytes it cannot read.
  std::string encode() const;
  static Histogram decode(std::string_view bytes);

  bool operator==(const Histogram& other) const;

 private:
  static size_t bucket_of(uint64_t value);
  static uint64_t bucket_low(size_t index);
  static uint64_t bucket_width(size_t index);
  double bucket_value(size_t index) const;

  std::vector<uint64_t> buckets_;  // grows to the highest bucket used
  uint64_t count_ = 0, sum_ = 0;
  uint64_t min_ = UINT64_MAX, max_ = 0;
};

}  // namespace cudabench::results
