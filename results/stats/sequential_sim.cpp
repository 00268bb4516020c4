// simulate_coverage (sequential.h): the stopping rule run on simulated sessions whose truth is known.
#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <random>

#include "results/stats/sequential.h"

namespace cudabench::results::stats {
namespace {

// Fully specified transforms of mt19937_64 (std::normal_distribution differs between standard
// libraries), so a seed gives the same figures everywhere.
class Noise {
 public:
  explicit Noise(uint64_t seed) : rng_(seed) {}
  double uniform() { return static_cast<double>(rng_() >> 11) * 0x1.0p-53; }  // [0, 1)
  double normal() {  // Box-Muller, one value per pair of uniforms
    const double r = std::sqrt(-2 * std::log(1 - uniform()));
    return r * std::cos(2 * std::numbers::pi * uniform());
  }
  // Unit variance (and zero mean) for every shape.
  double draw(NoiseShape shape) {
    switch (shape) {
      case NoiseShape::normal: return normal();
      case NoiseShape::student_t3: {
        const double z = normal(), a = normal(), b = normal(), c = normal();
        return z / std::sqrt((a * a + b * b + c * c) / 3) / std::sqrt(3.0);  // t3 has variance 3
      }
      case NoiseShape::contaminated: {
        // 0.6 N(0,1), minus 2.4 Exp(1) in 1 run of 10: mean -0.24, variance 0.36 + 1.152 - 0.0576.
        double x = 0.6 * normal();
        if (uniform() < 0.1) x -= 2.4 * -std::log(1 - uniform());
        return (x + 0.24) / std::sqrt(1.4544);
      }
    }
    return 0;
  }

 private:
  std::mt19937_64 rng_;
};

// Welford's running mean and variance of one comparison's log-ratios.
struct Running {
  int n = 0;
  double mean = 0, m2 = 0;
  void add(double x) {
    ++n;
    const double d = x - mean;
    mean += d / n;
    m2 += d * (x - mean);
  }
  Interval interval(double t) const {
    const double h = t * std::sqrt(m2 / (n - 1) / n);
    return {mean, mean - h, mean + h, n};
  }
};

// t quantiles by degrees of freedom, computed once each.
class TQuantiles {
 public:
  explicit TQuantiles(double level) : p_(1 - (1 - level) / 2) {}
  double operator()(int df) {
    while (static_cast<int>(cache_.size()) <= df)
      cache_.push_back(student_t_quantile(p_, static_cast<double>(cache_.size())));
    return cache_[static_cast<size_t>(df)];
  }

 private:
  double p_;
  std::vector<double> cache_{std::numeric_limits<double>::quiet_NaN()};  // df 0
};

// One simulated session: blocks until the rule stops (or max_blocks); adds to `out`.
void one_session(const CoverageSetup& s, Noise& noise, TQuantiles& t, CoverageResult& out) {
  const NoiseShape base_shape = s.skew_one_side ? NoiseShape::normal : s.shape;
  std::vector<Running> cmp(static_cast<size_t>(s.comparisons));
  int blocks = 0;
  for (;;) {
    ++blocks;
    const double base = s.run_sd * noise.draw(base_shape);
    for (auto& c : cmp) c.add(s.true_change + s.run_sd * noise.draw(s.shape) - base);
    if (blocks < 2) continue;
    bool all = true;
    for (const auto& c : cmp)
      all = all && c.n >= s.rule.min_blocks &&
            change_half_width_pct(c.interval(t(c.n - 1))) <= s.rule.target_pct;
    if (all || blocks >= s.max_blocks) {
      out.capped += !all;
      break;
    }
  }
  for (const auto& c : cmp) {
    const Interval ci = c.interval(t(c.n - 1));
    out.covered += ci.lo <= s.true_change && s.true_change <= ci.hi;
  }
  out.mean_blocks += blocks;
  out.max_blocks_seen = std::max(out.max_blocks_seen, blocks);
}

}  // namespace

const char* noise_shape_name(NoiseShape shape) {
  switch (shape) {
    case NoiseShape::normal: return "normal";
    case NoiseShape::student_t3: return "Student t3";
    case NoiseShape::contaminated: return "contaminated";
  }
  return "normal";
}

CoverageResult simulate_coverage(const CoverageSetup& setup) {
  CoverageResult out;
  Noise noise(setup.seed);
  TQuantiles t(setup.rule.level);
  for (int r = 0; r < setup.replications; ++r) one_session(setup, noise, t, out);
  out.replications = setup.replications;
  out.intervals = setup.replications * setup.comparisons;
  out.coverage = out.intervals > 0 ? static_cast<double>(out.covered) / out.intervals : 0;
  out.standard_error = out.intervals > 0 ? std::sqrt(out.coverage * (1 - out.coverage) / out.intervals) : 0;
  out.mean_blocks = out.replications > 0 ? out.mean_blocks / out.replications : 0;
  // n* = (z sd_d / h)^2 with sd_d the log-ratio's spread (two runs) and h the log half-width the
  // target is at the true change.
  const double h = std::asinh(setup.rule.target_pct / 100 / std::exp(setup.true_change));
  const double z = normal_quantile(1 - (1 - setup.rule.level) / 2);
  out.fixed_n_blocks = std::pow(z * setup.run_sd * std::sqrt(2.0) / h, 2);
  return out;
}

}  // namespace cudabench::results::stats
