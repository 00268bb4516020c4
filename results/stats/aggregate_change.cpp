// The building blocks of aggregate.h: per-metric summaries and the relative change of two sets of
// runs (docs/methodology.md "Degradation": per-block log-ratios, t-interval, exponentiated; bootstrap
// over blocks as a cross-check; Welch and Mann-Whitney as tests).
#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

#include "results/stats/aggregate.h"

namespace cudabench::results {
namespace {

constexpr double nan_v = std::numeric_limits<double>::quiet_NaN();

stats::Interval ratio_to_pct(const stats::Interval& r) {
  return {(r.estimate - 1) * 100, (r.lo - 1) * 100, (r.hi - 1) * 100, r.n};
}

std::map<int, double> per_block_mean(const std::vector<BlockValue>& values) {
  std::map<int, std::pair<double, int>> acc;
  for (const auto& v : values) {
    acc[v.block].first += v.value;
    acc[v.block].second += 1;
  }
  std::map<int, double> out;
  for (const auto& [block, sum] : acc) out[block] = sum.first / sum.second;
  return out;
}

std::vector<double> positive_logs(const std::vector<BlockValue>& values) {
  std::vector<double> out;
  for (const auto& v : values)
    if (v.value > 0) out.push_back(std::log(v.value));
  return out;
}

std::vector<double> raw(const std::vector<BlockValue>& values) {
  std::vector<double> out;
  for (const auto& v : values) out.push_back(v.value);
  return out;
}

}  // namespace

bool is_tail_metric(const std::string& name) {
  return metrics::describe(name).kind == metrics::Kind::tail;
}

namespace {

// The mean of a non-negative quantity is non-negative and a share is at most 100 %, so a t-interval
// reaching past those bounds (few runs of a skewed count) is cut at them: the coverage is unchanged
// because the true mean can only lie inside. Differences (a penalty) and figures nobody defined (a
// workload's own, which may be negative) keep the whole interval.
void clamp_to_support(stats::Interval& ci, const std::string& name, const std::vector<double>& values) {
  const auto d = metrics::describe(name);
  if (!ci.valid() || !d.registered || d.kind == metrics::Kind::difference) return;
  for (double v : values)
    if (v < 0) return;
  ci.lo = std::max(ci.lo, 0.0);
  if (d.kind == metrics::Kind::share) ci.hi = std::min(ci.hi, 100.0);
}

}  // namespace

MetricSummary summarize(const std::string& name, const std::string& unit, const std::vector<double>& values,
                        const AggregateOptions& options, bool tail_metric) {
  MetricSummary s;
  s.name = name;
  s.unit = unit;
  s.n = static_cast<int>(values.size());
  s.mean = stats::mean(values);
  s.median = stats::median(values);
  s.stddev = values.size() > 1 ? stats::stddev(values) : nan_v;
  s.cov = values.size() > 1 ? stats::coefficient_of_variation(values) : nan_v;
  s.ci = stats::t_interval(values, options.level);
  clamp_to_support(s.ci, name, values);
  s.median_ci = {s.median, nan_v, nan_v, s.n};
  if (tail_metric)
    s.median_ci = stats::bootstrap_median(values, options.median_resamples, options.seed, options.level);
  return s;
}

std::vector<double> paired_log_ratios(const std::vector<BlockValue>& a, const std::vector<BlockValue>& b) {
  // Pair blocks where both sides ran: each block shares its time slot, so drift cancels.
  const auto ma = per_block_mean(a), mb = per_block_mean(b);
  std::vector<double> log_ratios;
  for (const auto& [block, va] : ma) {
    auto it = mb.find(block);
    if (it != mb.end() && va > 0 && it->second > 0) log_ratios.push_back(std::log(it->second / va));
  }
  return log_ratios;
}

Change relative_change(const std::vector<BlockValue>& a, const std::vector<BlockValue>& b,
                       const AggregateOptions& options, bool allow_pairing) {
  Change c;
  c.pct = {nan_v, nan_v, nan_v, 0};
  c.bootstrap_pct = {nan_v, nan_v, nan_v, 0};
  const auto la = positive_logs(a), lb = positive_logs(b);
  c.p_welch = stats::welch_t_test(la, lb).p;
  c.p_mann_whitney = stats::mann_whitney_u(raw(a), raw(b)).p;

  const auto log_ratios = allow_pairing ? paired_log_ratios(a, b) : std::vector<double>{};

  if (log_ratios.size() >= 2) {
    c.method = "paired by block";
    const auto li = stats::t_interval(log_ratios, options.level);
    c.pct = ratio_to_pct({std::exp(li.estimate), std::exp(li.lo), std::exp(li.hi), li.n});
    c.p = stats::one_sample_t_test(log_ratios, 0).p;
    c.sd_log = stats::stddev(log_ratios);
    const auto boot = stats::bootstrap_mean(log_ratios, options.resamples, options.seed, options.level);
    c.bootstrap_pct = ratio_to_pct({std::exp(boot.estimate), std::exp(boot.lo), std::exp(boot.hi), boot.n});
  } else {
    c.method = "unpaired (Welch on logs)";
    std::vector<double> ra, rb;
    for (const auto& v : a) ra.push_back(v.value);
    for (const auto& v : b) rb.push_back(v.value);
    c.pct = ratio_to_pct(stats::unpaired_log_ratio(ra, rb, options.level));
    c.p = c.p_welch;
    if (la.size() > 1 && lb.size() > 1)
      c.sd_log = std::sqrt(std::pow(stats::stddev(la), 2) + std::pow(stats::stddev(lb), 2));
  }
  c.p_holm = c.p;
  c.p_mann_whitney_holm = c.p_mann_whitney;
  return c;
}

int blocks_for(const Change& c, double target_pct) {
  return stats::blocks_for_half_width(c.sd_log, std::log1p(target_pct / 100));
}

}  // namespace cudabench::results
