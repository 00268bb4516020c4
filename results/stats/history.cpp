#include "results/stats/history.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

#include "results/stats/aggregate.h"
#include "results/stats/stats.h"

namespace cudabench::results {
namespace {

// A series whose successive differences are all equal would have sigma 0 and flag any wobble;
// 0.2% is below anything a GPU workload repeats to.
constexpr double sigma_floor = 0.002;

// Robust sigma of the log values: MAD of successive differences, scaled to a normal sigma (1.4826)
// and by 1/sqrt(2) because a difference carries two values' noise. A step moves one difference only.
double robust_sigma(const std::vector<double>& y) {
  std::vector<double> d;
  for (size_t i = 1; i < y.size(); ++i) d.push_back(y[i] - y[i - 1]);
  if (d.empty()) return sigma_floor;
  return std::max(sigma_floor, 1.4826 * stats::mad(d) / std::sqrt(2.0));
}

struct Series {
  std::vector<HistoryPoint> points;
  bool traced = false;
};

// Per scenario and session: the geometric mean tok/s of ok, non-warmup runs of one kind.
std::map<std::string, Series> collect(const std::vector<RunRecord>& runs,
                                      const std::vector<SessionInfo>& sessions,
                                      std::vector<std::string>& order) {
  std::map<std::string, bool> has_untraced;
  for (const auto& r : runs)
    if (r.status == RunStatus::ok && !r.warmup && !r.traced && r.metric(metrics::tokens_per_s))
      has_untraced[r.scenario] = true;
  std::map<std::pair<std::string, int64_t>, std::pair<double, int>> log_sums;
  for (const auto& r : runs) {
    const Metric* m = r.metric(metrics::tokens_per_s);
    if (r.status != RunStatus::ok || r.warmup || !m || !(m->value > 0)) continue;
    if (r.traced == has_untraced[r.scenario]) continue;  // untraced where any exist, else traced
    if (std::find(order.begin(), order.end(), r.scenario) == order.end()) order.push_back(r.scenario);
    auto& [sum, n] = log_sums[{r.scenario, r.session_id}];
    sum += std::log(m->value);
    ++n;
  }
  std::map<std::string, Series> out;
  for (const auto& s : sessions) {  // sessions() is in id order, which is time order
    for (const auto& name : order) {
      auto it = log_sums.find({name, s.id});
      if (it == log_sums.end()) continue;
      const auto [sum, n] = it->second;
      out[name].points.push_back({s.id, s.started_at, std::exp(sum / n), n});
      out[name].traced = !has_untraced[name];
    }
  }
  return out;
}

ScenarioHistory fit(const std::string& name, Series series, const HistoryOptions& options) {
  ScenarioHistory h;
  h.scenario = name;
  h.traced_runs = series.traced;
  h.points = std::move(series.points);
  const size_t n = h.points.size();
  if (n > 0) h.latest_vs_first_pct = (h.points.back().tokens_per_s / h.points.front().tokens_per_s - 1) * 100;
  if (n < static_cast<size_t>(2 * options.min_segment)) {
    h.note = "needs at least " + std::to_string(2 * options.min_segment) + " sessions";
    return h;
  }
  std::vector<double> y;
  for (const auto& p : h.points) y.push_back(std::log(p.tokens_per_s));
  const double sigma = robust_sigma(y);
  h.noise_pct = (std::exp(sigma) - 1) * 100;
  const auto starts =
      partition(y, options.penalty * sigma * sigma * std::log(static_cast<double>(n)), options.min_segment);
  auto level = [&](size_t k) {
    const size_t from = starts[k], to = k + 1 < starts.size() ? starts[k + 1] : n;
    double sum = 0;
    for (size_t i = from; i < to; ++i) sum += y[i];
    return std::exp(sum / static_cast<double>(to - from));
  };
  for (size_t k = 0; k < starts.size(); ++k) {
    const size_t to = k + 1 < starts.size() ? starts[k + 1] : n;
    h.levels.insert(h.levels.end(), to - starts[k], level(k));
  }
  for (size_t k = 1; k < starts.size(); ++k) {
    const double before = level(k - 1), after = level(k);
    const double pct = (after / before - 1) * 100;
    if (std::fabs(pct) < options.min_step_pct) continue;
    const auto& p = h.points[starts[k]];
    h.steps.push_back({p.session, p.started_at, before, after, pct});
  }
  h.level_change_pct = (level(starts.size() - 1) / level(0) - 1) * 100;
  return h;
}

}  // namespace

std::vector<size_t> partition(const std::vector<double>& y, double penalty, int min_segment) {
  const size_t n = y.size(), m = static_cast<size_t>(std::max(1, min_segment));
  if (n < 2 * m) return {0};
  std::vector<double> s1(n + 1, 0), s2(n + 1, 0);
  for (size_t i = 0; i < n; ++i) {
    s1[i + 1] = s1[i] + y[i];
    s2[i + 1] = s2[i] + y[i] * y[i];
  }
  auto cost = [&](size_t i, size_t j) {  // squared deviations of y[i, j) from their mean
    const double len = static_cast<double>(j - i), sum = s1[j] - s1[i];
    return std::max(0.0, s2[j] - s2[i] - sum * sum / len);
  };
  // best[j]: the least penalised cost of y[0, j) cut into segments of at least m values.
  constexpr double inf = std::numeric_limits<double>::infinity();
  std::vector<double> best(n + 1, inf);
  std::vector<size_t> from(n + 1, 0);
  best[0] = -penalty;  // the first segment pays no change penalty
  for (size_t j = m; j <= n; ++j) {
    for (size_t i = 0; i + m <= j; ++i) {
      if (i != 0 && i < m) continue;  // y[0, i) would be too short
      if (best[i] == inf) continue;
      const double c = best[i] + cost(i, j) + penalty;
      if (c < best[j]) {
        best[j] = c;
        from[j] = i;
      }
    }
  }
  std::vector<size_t> starts;
  for (size_t j = n; j > 0; j = from[j]) starts.push_back(from[j]);
  std::reverse(starts.begin(), starts.end());
  return starts;
}

std::vector<ScenarioHistory> detect_history(const std::vector<RunRecord>& runs,
                                            const std::vector<SessionInfo>& sessions,
                                            const HistoryOptions& options) {
  std::vector<std::string> order;
  auto series = collect(runs, sessions, order);
  order = order_scenarios(order, "baseline");
  std::vector<ScenarioHistory> out;
  for (const auto& name : order) out.push_back(fit(name, std::move(series[name]), options));
  return out;
}

}  // namespace cudabench::results
