// results/stats against published values: t tables, the Wikipedia Welch example, scipy's
// mannwhitneyu documentation example, and hand-computed Holm / MAD / blocks-needed cases.
#include <doctest/doctest.h>

#include <cmath>

#include "common/percentile.h"
#include "results/stats/stats.h"

namespace st = cudabench::results::stats;
using doctest::Approx;

TEST_SUITE("unit") {
  TEST_CASE("Student-t quantiles match the printed table") {
    CHECK(st::student_t_quantile(0.975, 4) == Approx(2.7764).epsilon(1e-4));
    CHECK(st::student_t_quantile(0.975, 9) == Approx(2.2622).epsilon(1e-4));
    CHECK(st::student_t_quantile(0.975, 30) == Approx(2.0423).epsilon(1e-4));
    CHECK(st::student_t_quantile(0.995, 10) == Approx(3.1693).epsilon(1e-4));
    CHECK(st::student_t_quantile(0.95, 1) == Approx(6.3138).epsilon(1e-4));
    CHECK(st::student_t_quantile(0.025, 4) == Approx(-2.7764).epsilon(1e-4));
    CHECK(st::student_t_quantile(0.975, 1e6) == Approx(1.95996).epsilon(1e-4));
    CHECK(std::isnan(st::student_t_quantile(1.0, 4)));
  }

  TEST_CASE("t CDF and normal quantile - NaN outside the domain") {
    CHECK(st::student_t_cdf(2.2622, 9) == Approx(0.975).epsilon(1e-4));
    CHECK(st::student_t_cdf(0, 3) == Approx(0.5));
    // df = 1 is the Cauchy distribution: F(t) = 1/2 + atan(t)/pi.
    CHECK(st::student_t_cdf(1.7, 1) == Approx(0.5 + std::atan(1.7) / M_PI).epsilon(1e-12));
    CHECK(st::normal_quantile(0.975) == Approx(1.959964).epsilon(1e-6));
    CHECK(st::normal_quantile(0.5) == Approx(0.0));
    CHECK(st::normal_cdf(st::normal_quantile(1e-6)) == Approx(1e-6).epsilon(1e-6));
    CHECK(std::isnan(st::student_t_cdf(1.0, 0)));
    CHECK(std::isnan(st::student_t_quantile(0.5, -1)));
    CHECK(std::isnan(st::normal_quantile(0)));
    CHECK(st::student_t_cdf(INFINITY, 3) == 1.0);
  }

  TEST_CASE("descriptive statistics") {
    const std::vector<double> xs{2, 4, 4, 4, 5, 5, 7, 9};
    CHECK(st::mean(xs) == Approx(5.0));
    CHECK(st::median(xs) == Approx(4.5));
    CHECK(st::stddev(xs) == Approx(2.13809).epsilon(1e-5));
    CHECK(cudabench::percentile(xs, 90) == Approx(7.6));  // numpy: np.percentile(xs, 90) = 7.6
    CHECK(cudabench::percentile(xs, 0) == Approx(2));
    CHECK(st::coefficient_of_variation(xs) == Approx(2.13809 / 5).epsilon(1e-5));
    CHECK(std::isnan(st::mean({})));
  }

  TEST_CASE("t interval of a mean") {
    const std::vector<double> xs{10, 12, 11, 13, 9};  // mean 11, s = 1.5811
    const auto ci = st::t_interval(xs);
    CHECK(ci.estimate == Approx(11));
    CHECK(ci.half_width() == Approx(2.7764 * 1.58114 / std::sqrt(5.0)).epsilon(1e-4));
    CHECK_FALSE(st::t_interval({3.0}).valid());
  }

  TEST_CASE("Welch t-test: Wikipedia example 1") {
    const std::vector<double> a{27.5, 21.0, 19.0, 23.6, 17.0, 17.9, 16.9, 20.1,
                                21.9, 22.6, 23.1, 19.6, 19.0, 21.7, 21.4};
    const std::vector<double> b{27.1, 22.0, 20.8, 23.4, 23.4, 23.5, 25.8, 22.0,
                                24.8, 20.2, 21.9, 22.1, 22.9, 20.5, 24.4};
    const auto r = st::welch_t_test(a, b);
    CHECK(r.statistic == Approx(2.4554).epsilon(1e-4));
    CHECK(r.df == Approx(24.9885).epsilon(1e-4));
    CHECK(r.p == Approx(0.0213).epsilon(0.02));
  }

  TEST_CASE("paired t-test reproduces the table's 5% point") {
    // Differences with mean/se = 2.2622 at df 9 have p = 0.05 by construction of the table.
    std::vector<double> a(10, 0.0), b{1, -1, 1, -1, 1, -1, 1, -1, 1, -1};
    const double shift = 2.2622 * st::stddev(b) / std::sqrt(10.0);
    for (auto& v : b) v += shift;
    CHECK(st::paired_t_test(a, b).p == Approx(0.05).epsilon(1e-3));
  }

  TEST_CASE("Mann-Whitney U: scipy documentation example") {
    const std::vector<double> males{19, 22, 16, 29, 24}, females{20, 11, 17, 12};
    const auto exact = st::mann_whitney_u(males, females);
    CHECK(exact.statistic == Approx(17));
    CHECK(exact.p == Approx(0.1111111).epsilon(1e-6));
    const auto asymptotic = st::mann_whitney_u(males, females, false);
    CHECK(asymptotic.p == Approx(0.1113469).epsilon(1e-5));
    // Complete separation of 3 vs 3: P(U = 0) = 1 / C(6, 3), two-sided 0.1.
    CHECK(st::mann_whitney_u({1, 2, 3}, {4, 5, 6}).p == Approx(0.1));
  }

  TEST_CASE("Mann-Whitney U with ties uses the tie-corrected normal approximation") {
    // Hand computation: ranks of {1,2,2} vs {2,3,3}: 1, 3, 3 | 3, 5.5, 5.5; U1 = 7 - 6 = 1.
    // var = 9/12 * (7 - (27 - 3 + 8 - 2)/30) = 4.5; z = (|1 - 4.5| - 0.5)/sqrt(4.5) = 1.41421.
    const auto r = st::mann_whitney_u({1, 2, 2}, {2, 3, 3});
    CHECK(r.statistic == Approx(1));
    CHECK(r.p == Approx(2 * (1 - st::normal_cdf(1.41421356))).epsilon(1e-6));
  }

  TEST_CASE("Holm step-down adjustment") {
    const auto adj = st::holm_adjust({0.01, 0.04, 0.03, 0.005});
    CHECK(adj[0] == Approx(0.03));
    CHECK(adj[1] == Approx(0.06));
    CHECK(adj[2] == Approx(0.06));
    CHECK(adj[3] == Approx(0.02));
    CHECK(st::holm_adjust({0.5, 0.9})[1] == Approx(1.0));
  }

  TEST_CASE("MAD modified z-score flags only the deviating run") {
    const auto out = st::mad_outliers({10, 10.1, 9.9, 10.2, 9.8, 15});
    REQUIRE(out.size() == 1);
    CHECK(out[0] == 5);
    CHECK(st::mad_outliers({10, 10.1, 9.9, 10.2, 9.8, 10.05}).empty());
    // MAD = 0: the mean absolute deviation fallback still catches the lone value.
    CHECK(st::mad_outliers({5, 5, 5, 5, 5, 9}) == std::vector<size_t>{5});
  }

  TEST_CASE("bootstrap is deterministic and brackets the estimate") {
    std::vector<double> xs;
    for (int i = 0; i < 40; ++i) xs.push_back(100 + (i * 37 % 17) - 8);
    const auto a = st::bootstrap_mean(xs, 10000, 42);
    const auto b = st::bootstrap_mean(xs, 10000, 42);
    CHECK(a.lo == b.lo);
    CHECK(a.hi == b.hi);
    CHECK(a.lo < a.estimate);
    CHECK(a.hi > a.estimate);
    // For a symmetric sample of 40 the percentile bootstrap is close to the t interval.
    const auto t = st::t_interval(xs);
    CHECK(a.half_width() == Approx(t.half_width()).epsilon(0.15));
    const auto m = st::bootstrap_median(xs, 2000, 7);
    CHECK(m.estimate == Approx(st::median(xs)));
  }

  TEST_CASE("ratios") {
    const auto r = st::paired_log_ratio({100, 100, 100, 100}, {90, 91, 89, 90});
    CHECK(r.estimate == Approx(0.9).epsilon(1e-3));
    CHECK(r.hi < 1.0);
    const auto u = st::unpaired_log_ratio({100, 101, 99, 100}, {50, 51, 49, 50});
    CHECK(u.estimate == Approx(0.5).epsilon(1e-3));
    CHECK(u.lo < u.estimate);
    const auto m = st::ratio_of_means({20, 25, 22, 24}, {11000, 12500, 12000, 12100});
    CHECK(m.estimate == Approx(11900 / 22.75).epsilon(1e-9));
    CHECK(m.lo > 400);
    CHECK_FALSE(st::ratio_of_means({0, 0, 0}, {1, 2, 3}).valid());
  }

  TEST_CASE("blocks for a half-width: the smallest B with t(B-1) sd / sqrt(B) <= h") {
    // sd = sqrt(2) x 2% CoV, h = 1%: t(33) x 0.028284 / sqrt(34) = 0.00987 <= 0.01 < t(32) x 0.028284 /
    // sqrt(33).
    const double sd = std::sqrt(2.0) * 0.02;
    CHECK(st::blocks_for_half_width(sd, 0.01) == 34);
    CHECK(st::student_t_quantile(0.975, 32) * sd / std::sqrt(33.0) > 0.01);
    CHECK(st::blocks_for_half_width(0.001, 0.01) == 2);
    CHECK(st::blocks_for_half_width(0.02, 0.0) == -1);
    CHECK(st::blocks_for_half_width(1.0, 1e-4, 0.95, 1000) == 1001);
  }

}  // TEST_SUITE
