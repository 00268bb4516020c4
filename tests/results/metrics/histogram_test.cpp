// Histogram: percentiles within the stated relative error of the exact nearest-rank values,
// merge, the binary encoding and its error handling.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <random>

#include "common/error.h"
#include "results/metrics/histogram.h"

using cudabench::results::Histogram;

namespace {

// Nearest rank: the smallest value whose rank >= p% of the count.
uint64_t nearest_rank(const std::vector<uint64_t>& sorted, double p) {
  auto rank = static_cast<size_t>(std::ceil(p / 100 * static_cast<double>(sorted.size())));
  return sorted[std::max<size_t>(rank, 1) - 1];
}

std::vector<uint64_t> lognormal_sample(size_t n, unsigned seed) {
  std::mt19937_64 rng(seed);
  std::lognormal_distribution<double> dist(std::log(3000.0), 2.0);  // ~3 µs, wide tail
  std::vector<uint64_t> v(n);
  for (auto& x : v) x = static_cast<uint64_t>(dist(rng));
  return v;
}

}  // namespace

TEST_SUITE_BEGIN("unit");

TEST_CASE("percentiles lie within the stated relative error") {
  auto values = lognormal_sample(100'000, 7);
  values.push_back(0);
  values.push_back(UINT64_MAX / 4);
  Histogram h;
  for (uint64_t v : values) h.add(v);
  std::sort(values.begin(), values.end());
  CHECK(h.count() == values.size());
  CHECK(h.min() == 0);
  CHECK(h.max() == UINT64_MAX / 4);
  for (double p : {0.1, 1.0, 10.0, 25.0, 50.0, 75.0, 90.0, 95.0, 99.0, 99.9, 100.0}) {
    double exact = static_cast<double>(nearest_rank(values, p));
    INFO("p" << p << " exact " << exact << " histogram " << h.percentile(p));
    CHECK(std::fabs(h.percentile(p) - exact) <= exact * Histogram::relative_error);
  }
}

TEST_CASE("small values are exact / sum and mean are exact") {
  Histogram h;
  for (uint64_t v = 0; v < 32; ++v) h.add(v);
  CHECK(h.percentile(50) == 15);
  CHECK(h.sum() == 31 * 32 / 2);
  CHECK(h.mean() == doctest::Approx(15.5));
  h.add(1000, 3);
  CHECK(h.count() == 35);
  CHECK(h.max() == 1000);
  CHECK(h.percentile(100) == 1000);  // clamped to the exact max
}

TEST_CASE("merge equals adding everything to one histogram") {
  auto x = lognormal_sample(5000, 1), y = lognormal_sample(7000, 2);
  Histogram hx, hy, all;
  for (auto v : x) hx.add(v), all.add(v);
  for (auto v : y) hy.add(v), all.add(v);
  hx.merge(hy);
  CHECK(hx == all);
  CHECK(hx.percentile(90) == all.percentile(90));
}

TEST_CASE("encode and decode round-trip compactly") {
  Histogram h;
  for (auto v : lognormal_sample(50'000, 3)) h.add(v);
  std::string bytes = h.encode();
  CHECK(bytes.size() < 4000);
  Histogram back = Histogram::decode(bytes);
  CHECK(back == h);
  CHECK(back.percentile(99) == h.percentile(99));
  CHECK(Histogram::decode(Histogram{}.encode()).count() == 0);
}

TEST_CASE("corrupt blobs are rejected with UserError") {
  Histogram h;
  h.add(12345, 10);
  std::string bytes = h.encode();
  CHECK_THROWS_AS(Histogram::decode(bytes.substr(0, bytes.size() - 1)), cudabench::UserError);
  CHECK_THROWS_AS(Histogram::decode("xyz"), cudabench::UserError);
  std::string newer = bytes;
  newer[1] = 99;
  CHECK_THROWS_WITH_AS(Histogram::decode(newer), doctest::Contains("version 99"), cudabench::UserError);
  CHECK_THROWS_AS(Histogram::decode(bytes + "x"), cudabench::UserError);
}

TEST_CASE("cdf points rise to 1 and stay within the range") {
  Histogram h;
  for (auto v : lognormal_sample(10'000, 4)) h.add(v);
  auto cdf = h.cdf_points();
  REQUIRE(!cdf.empty());
  CHECK(cdf.back().fraction == doctest::Approx(1.0));
  CHECK(cdf.back().value == static_cast<double>(h.max()));
  for (size_t i = 1; i < cdf.size(); ++i) {
    CHECK(cdf[i].value > cdf[i - 1].value);
    CHECK(cdf[i].fraction > cdf[i - 1].fraction);
  }
}

TEST_SUITE_END();
