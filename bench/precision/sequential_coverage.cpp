// Coverage of the --target-ci stopping rule (results/stats/sequential.h) on simulated sessions:
// per noise shape and n* (the blocks a known variance would need), how often the 95% interval at
// the stop covers the true change, and how many blocks the rule took. docs/precision.md holds its
// output.
//
// sequential_coverage [--replications N] [--min-blocks N] [--target PCT]
#include <fmt/format.h>

#include <cmath>
#include <cstdlib>
#include <cstring>

#include "results/stats/sequential.h"

namespace st = cudabench::results::stats;

int main(int argc, char** argv) {
  st::CoverageSetup base;
  base.replications = 20000;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--replications"))
      base.replications = std::atoi(argv[i + 1]);
    else if (!std::strcmp(argv[i], "--min-blocks"))
      base.rule.min_blocks = std::atoi(argv[i + 1]);
    else if (!std::strcmp(argv[i], "--target"))
      base.rule.target_pct = std::atof(argv[i + 1]);
    else
      return fmt::print(stderr,
                        "usage: sequential_coverage [--replications N] [--min-blocks N] [--target PCT]\n"),
             2;
  }
  fmt::print(
      "target +-{}%, min blocks {}, {} replications each; coverage of the 95% interval at the stop\n\n",
      base.rule.target_pct, base.rule.min_blocks, base.replications);
  fmt::print("{:<14} {:>5} {:>7} {:>6} {:>9} {:>7} {:>10} {:>10}\n", "noise", "cmp", "run sd", "n*",
             "coverage", "+-SE", "mean N", "max N");
  const double h = std::asinh(base.rule.target_pct / 100);
  struct Case {
    st::NoiseShape shape;
    int comparisons;
    bool skew;
  };
  const Case cases[] = {{st::NoiseShape::normal, 1, false},
                        {st::NoiseShape::student_t3, 1, false},
                        {st::NoiseShape::contaminated, 1, false},
                        {st::NoiseShape::contaminated, 1, true},
                        {st::NoiseShape::normal, 3, false}};
  for (const auto& c : cases) {
    for (double n_star : {5.0, 10.0, 20.0, 40.0, 100.0, 200.0}) {
      st::CoverageSetup s = base;
      s.shape = c.shape;
      s.comparisons = c.comparisons;
      s.skew_one_side = c.skew;
      s.run_sd = h * std::sqrt(n_star) / 1.959964 / std::sqrt(2.0);
      const auto r = st::simulate_coverage(s);
      fmt::print("{:<14} {:>5} {:>6.2f}% {:>6.0f} {:>9.4f} {:>7.4f} {:>10.1f} {:>10}{}\n",
                 std::string(st::noise_shape_name(c.shape)) + (c.skew ? " A/B" : ""), c.comparisons,
                 s.run_sd * 100, r.fixed_n_blocks, r.coverage, r.standard_error, r.mean_blocks,
                 r.max_blocks_seen, r.capped ? fmt::format("  ({} capped)", r.capped) : "");
    }
  }
  return 0;
}
