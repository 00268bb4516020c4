// The project's one percentile definition (common/percentile.h) against numpy's np.percentile.
#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>
#include <vector>

#include "common/percentile.h"

using cudabench::percentile;
using cudabench::percentile_sorted;
using cudabench::percentiles;
using doctest::Approx;

TEST_SUITE("unit") {
  TEST_CASE("percentiles interpolate between closest ranks as numpy does") {
    CHECK(std::isnan(percentile(std::vector<double>{}, 50)));
    CHECK(percentile(std::vector<double>{3}, 99) == 3);
    CHECK(percentile(std::vector<double>{4, 1, 3, 2}, 50) == Approx(2.5));
    CHECK(percentile(std::vector<double>{1, 2, 3, 4, 5}, 99) == Approx(4.96));  // np: 4.96
    CHECK(percentile(std::vector<uint64_t>{1, 2, 3, 4}, 90) == Approx(3.7));
    CHECK(percentile(std::vector<uint64_t>{1, 2, 3, 4}, 0) == 1);
    CHECK(percentile(std::vector<uint64_t>{1, 2, 3, 4}, 100) == 4);
    CHECK(percentile(std::vector<uint64_t>{1, 2, 3, 4}, 250) == 4);  // clamped
  }

  TEST_CASE("several percentiles by selection equal the sorted definition - in any order") {
    std::vector<uint64_t> sample;
    uint64_t x = 12345;
    for (int i = 0; i < 10001; ++i)
      sample.push_back((x = x * 6364136223846793005ull + 1442695040888963407ull) >> 40);
    std::vector<uint64_t> sorted = sample;
    std::sort(sorted.begin(), sorted.end());
    std::vector<double> ps = {50, 90, 95, 99, 10, 99.9};
    std::vector<uint64_t> work = sample;
    auto got = percentiles(work, ps);
    for (size_t i = 0; i < ps.size(); ++i) CHECK(got[i] == Approx(percentile_sorted(sorted, ps[i])));
  }

}  // TEST_SUITE
