// aggregate_runs: from stored runs to the per-scenario figures of the report.
#include "results/stats/aggregate.h"

#include "results/stats/cpu_speed.h"
#include "results/stats/outlier_cause.h"

#include <algorithm>
#include <cmath>
#include <set>

#include <fmt/format.h>

#include "common/log.h"

namespace cudabench::results {
namespace {

// docs/study.md's scenario order; the report keeps it so tables read like the original's.
const std::vector<std::string> study_order = {"baseline",   "noisy_cpu", "noisy_network",
                                              "noisy_disk", "heavy",     "optimized"};

using RunList = std::vector<const RunRecord*>;

struct Grouped {
  std::map<std::string, RunList> untraced, traced;
  std::vector<std::string> names;
};

void summarize_metrics(const RunList& runs, std::map<std::string, MetricSummary>& out,
                       const AggregateOptions& options) {
  std::map<std::string, std::vector<double>> values;
  std::map<std::string, std::string> units;
  for (const auto* r : runs)
    for (const auto& m : r->metrics) {
      if (!std::isfinite(m.value)) continue;
      values[m.name].push_back(m.value);
      units.emplace(m.name, m.unit);
    }
  for (const auto& [name, v] : values)
    out[name] = summarize(name, metrics::describe(name, units[name]).unit, v, options, is_tail_metric(name));
}

void summarize_intensity(const RunList& runs, ScenarioSummary& s, const AggregateOptions& options) {
  std::map<std::string, std::vector<double>> values;
  std::map<std::string, std::string> units;
  for (const auto* r : runs)
    for (const auto& i : r->intensity) {
      const std::string key = i.kind + "." + i.metric;
      values[key].push_back(i.value);
      units.emplace(key, i.unit);
    }
  for (const auto& [key, v] : values) s.intensity[key] = summarize(key, units[key], v, options, false);
}

std::vector<BlockValue> block_values(const RunList& runs, const std::string& metric) {
  std::vector<BlockValue> out;
  for (const auto* r : runs)
    if (const auto* m = r->metric(metric); m && std::isfinite(m->value)) out.push_back({r->block, m->value});
  return out;
}

std::vector<double> values_of(const RunList& runs, const std::string& metric) {
  std::vector<double> out;
  for (const auto& bv : block_values(runs, metric)) out.push_back(bv.value);
  return out;
}

// Flags, never drops (docs/methodology.md "Outliers").
void flag_outliers(const RunList& runs, const std::string& metric, bool traced, ScenarioSummary& s) {
  RunList with;
  std::vector<double> xs;
  for (const auto* r : runs)
    if (const auto* m = r->metric(metric); m && std::isfinite(m->value)) {
      with.push_back(r);
      xs.push_back(m->value);
    }
  const auto z = stats::modified_z_scores(xs);
  for (size_t i = 0; i < xs.size(); ++i)
    if (std::fabs(z[i]) > stats::outlier_z)
      s.outliers.push_back(
          {with[i]->id, metric, traced, xs[i], z[i], stats::likely_outlier_cause(*with[i], runs)});
}

void merge_distributions(const RunList& traced, ScenarioSummary& s) {
  for (const auto* r : traced)
    for (const auto& d : r->distributions) {
      try {
        s.distributions[d.name].merge(Histogram::decode(d.data));
        s.distribution_units.emplace(d.name, d.unit);
      } catch (const std::exception& e) {
        log::warn("run {}: distribution {} unreadable, left out: {}", r->id, d.name, e.what());
      }
    }
}

Grouped group_runs(const std::vector<RunRecord>& runs, SessionSummary& out) {
  Grouped g;
  std::set<std::string> seen;
  std::map<std::string, size_t> env_index;
  for (const auto& r : runs) {
    if (r.warmup) {
      ++out.warmup_runs;
      continue;
    }
    if (r.status != RunStatus::ok) {
      out.excluded.push_back({r.id, r.scenario, r.block, r.traced, status_name(r.status), r.reason});
      continue;
    }
    (r.traced ? g.traced : g.untraced)[r.scenario].push_back(&r);
    if (seen.insert(r.scenario).second) g.names.push_back(r.scenario);
    const auto* tps = r.metric(metrics::tokens_per_s);
    out.timeline.push_back(
        {r.id, r.scenario, r.block, r.position, r.traced, tps ? tps->value : std::nan("")});
    const std::string h = r.env.hash();
    if (auto [it, fresh] = env_index.emplace(h, out.environments.size()); fresh)
      out.environments.push_back({r.env, 1});
    else
      ++out.environments[it->second].runs;
  }
  std::sort(out.timeline.begin(), out.timeline.end(), [](const RunPoint& a, const RunPoint& b) {
    return std::tie(a.block, a.position, a.id) < std::tie(b.block, b.position, b.id);
  });
  return g;
}

}  // namespace

std::vector<std::string> order_scenarios(std::vector<std::string> names, const std::string& baseline) {
  auto rank = [&](const std::string& n) {
    if (n == baseline) return -1;
    auto it = std::find(study_order.begin(), study_order.end(), n);
    return it == study_order.end() ? static_cast<int>(study_order.size())
                                   : static_cast<int>(it - study_order.begin());
  };
  std::sort(names.begin(), names.end(), [&](const std::string& a, const std::string& b) {
    return std::make_pair(rank(a), a) < std::make_pair(rank(b), b);
  });
  return names;
}

namespace {

ScenarioSummary summarize_scenario(const std::string& name, const Grouped& g,
                                   const AggregateOptions& options) {
  ScenarioSummary s;
  s.name = name;
  static const RunList none;
  const auto& un = g.untraced.count(name) ? g.untraced.at(name) : none;
  const auto& tr = g.traced.count(name) ? g.traced.at(name) : none;
  s.untraced_runs = static_cast<int>(un.size());
  s.traced_runs = static_cast<int>(tr.size());
  summarize_metrics(un, s.untraced, options);
  summarize_metrics(tr, s.traced, options);
  RunList all = un;
  all.insert(all.end(), tr.begin(), tr.end());
  summarize_intensity(all, s, options);
  flag_outliers(un, metrics::tokens_per_s, false, s);
  flag_outliers(tr, metrics::tokens_per_s, true, s);
  flag_outliers(tr, metrics::sched_per_1k, true, s);
  merge_distributions(tr, s);
  const auto tu = block_values(un, metrics::tokens_per_s), tt = block_values(tr, metrics::tokens_per_s);
  if (!tu.empty() && !tt.empty()) s.tracer_overhead = relative_change(tu, tt, options);
  std::map<TraceLevel, RunList> by_level;
  for (const RunRecord* r : tr) by_level[r->trace == TraceLevel::sched ? TraceLevel::sched : TraceLevel::launch].push_back(r);
  if (by_level.size() > 1)
    for (const auto& [level, runs] : by_level)
      if (auto tl = block_values(runs, metrics::tokens_per_s); !tu.empty() && !tl.empty())
        s.tracer_overhead_by_level[level] = relative_change(tu, tl, options);
  return s;
}

// Sched/1K of b over a. Switches per 1,000 launches compare runs of one launch pattern; a CUDA
// Graph variant launches ~1,000 times less, so its ratio would measure the launch count, not the
// scheduler: then the ratio is left out with the reason.
void sched_ratio(const RunList& a, const RunList& b, const AggregateOptions& options,
                 std::optional<stats::Interval>& ratio, std::string& not_comparable) {
  const auto sa = values_of(a, metrics::sched_per_1k), sb = values_of(b, metrics::sched_per_1k);
  if (sa.empty() || sb.empty()) return;
  const auto la = values_of(a, metrics::launches), lb = values_of(b, metrics::launches);
  if (!la.empty() && !lb.empty()) {
    const double ma = stats::mean(la), mb = stats::mean(lb);
    if (ma > 2 * mb || mb > 2 * ma) {
      not_comparable = fmt::format("launches per run differ ({:.0f} vs {:.0f})", ma, mb);
      return;
    }
  }
  ratio = stats::ratio_of_means(sa, sb, options.level);
}

// Degradation, switch ratio and blocks needed of every scenario against the baseline, then Holm
// across the scenarios compared (one family per table).
void compare_to_baseline(const Grouped& g, SessionSummary& out, const AggregateOptions& options) {
  const auto* base = out.scenario(out.baseline);
  if (!base) return;
  static const RunList none;
  auto runs_of = [&](const std::map<std::string, RunList>& m, const std::string& n) -> const RunList& {
    return m.count(n) ? m.at(n) : none;
  };
  std::vector<ScenarioSummary*> compared;
  for (auto& s : out.scenarios) {
    if (s.name == out.baseline) continue;
    const bool untraced = !values_of(runs_of(g.untraced, s.name), metrics::tokens_per_s).empty() &&
                          !values_of(runs_of(g.untraced, out.baseline), metrics::tokens_per_s).empty();
    const auto& mine = untraced ? runs_of(g.untraced, s.name) : runs_of(g.traced, s.name);
    const auto& theirs = untraced ? runs_of(g.untraced, out.baseline) : runs_of(g.traced, out.baseline);
    const auto a = block_values(theirs, metrics::tokens_per_s), b = block_values(mine, metrics::tokens_per_s);
    if (!a.empty() && !b.empty()) {
      s.throughput = relative_change(a, b, options);
      s.throughput_from_traced = !untraced;
      compared.push_back(&s);
      s.blocks_needed = blocks_for(*s.throughput, options.target_half_width_pct);
    }
    sched_ratio(runs_of(g.traced, out.baseline), runs_of(g.traced, s.name), options, s.sched_ratio,
                s.sched_ratio_na);
  }
  std::vector<double> p, pmw;
  for (const auto* s : compared) {
    p.push_back(s->throughput->p);
    pmw.push_back(s->throughput->p_mann_whitney);
  }
  const auto hp = stats::holm_adjust(p), hmw = stats::holm_adjust(pmw);
  for (size_t i = 0; i < compared.size(); ++i) {
    compared[i]->throughput->p_holm = hp[i];
    compared[i]->throughput->p_mann_whitney_holm = hmw[i];
  }
}

std::vector<std::pair<std::string, std::string>> mitigation_pairs(const std::vector<std::string>& names) {
  std::vector<std::pair<std::string, std::string>> out;
  auto has = [&](const std::string& n) { return std::find(names.begin(), names.end(), n) != names.end(); };
  for (const std::string whole : {"optimized", "isolated"})
    if (has(whole) && has("noisy_cpu")) out.emplace_back(whole, "noisy_cpu");
  for (const auto& n : names) {
    for (const std::string suffix : {"_pinned", "_optimized", "_isolated"})
      if (n.size() > suffix.size() && n.compare(n.size() - suffix.size(), suffix.size(), suffix) == 0 &&
          has(n.substr(0, n.size() - suffix.size())))
        out.emplace_back(n, n.substr(0, n.size() - suffix.size()));
    for (const std::string prefix : {"graph_", "pinned_", "isolated_"})
      if (n.size() > prefix.size() && n.compare(0, prefix.size(), prefix) == 0 &&
          has(n.substr(prefix.size())))
        out.emplace_back(n, n.substr(prefix.size()));
  }
  return out;
}

void compare_mitigations(const Grouped& g, SessionSummary& out, const AggregateOptions& options) {
  std::vector<std::string> names;
  for (const auto& s : out.scenarios) names.push_back(s.name);
  static const RunList none;
  auto runs_of = [&](const std::map<std::string, RunList>& m, const std::string& n) -> const RunList& {
    return m.count(n) ? m.at(n) : none;
  };
  for (const auto& [mitigated, unmitigated] : mitigation_pairs(names)) {
    Mitigation m{mitigated, unmitigated, {}, {}, {}};
    const auto a = block_values(runs_of(g.untraced, unmitigated), metrics::tokens_per_s);
    const auto b = block_values(runs_of(g.untraced, mitigated), metrics::tokens_per_s);
    if (!a.empty() && !b.empty()) m.throughput = relative_change(a, b, options);
    sched_ratio(runs_of(g.traced, unmitigated), runs_of(g.traced, mitigated), options, m.sched_ratio,
                m.sched_ratio_na);
    out.mitigations.push_back(std::move(m));
  }
}

void add_notes(SessionSummary& out, const std::vector<RunRecord>& runs) {
  std::set<int64_t> sessions;
  for (const auto& r : runs) sessions.insert(r.session_id);
  if (sessions.size() > 1)
    out.notes.push_back(
        fmt::format("runs come from {} sessions; blocks pair runs of the same block "
                    "number across them",
                    sessions.size()));
  if (out.environments.size() > 1)
    out.notes.push_back(
        fmt::format("runs ran in {} different environments (kernel, CPU, GPU, driver or "
                    "git sha differ): compare like with like",
                    out.environments.size()));
  if (!out.baseline_found && !out.scenarios.empty())
    out.notes.push_back(
        fmt::format("no ok runs of baseline scenario \"{}\": no degradation figures "
                    "(choose another with --baseline)",
                    out.baseline));
}

}  // namespace

const MetricSummary* ScenarioSummary::metric(const metrics::Key& name, bool traced_runs_) const {
  const auto& m = traced_runs_ ? traced : untraced;
  auto it = m.find(name.name());
  return it == m.end() ? nullptr : &it->second;
}

const MetricSummary* ScenarioSummary::any_metric(const metrics::Key& name) const {
  if (const auto* m = metric(name, false)) return m;
  return metric(name, true);
}

const Histogram* ScenarioSummary::distribution(const metrics::Key& name) const {
  auto it = distributions.find(name.name());
  return it == distributions.end() || it->second.count() == 0 ? nullptr : &it->second;
}

const ScenarioSummary* SessionSummary::scenario(const std::string& name) const {
  for (const auto& s : scenarios)
    if (s.name == name) return &s;
  return nullptr;
}

SessionSummary aggregate_runs(const std::vector<RunRecord>& runs, const AggregateOptions& options) {
  SessionSummary out;
  out.baseline = options.baseline;
  out.level = options.level;
  out.target_half_width_pct = options.target_half_width_pct;
  const Grouped g = group_runs(runs, out);
  for (const auto& name : order_scenarios(g.names, options.baseline))
    out.scenarios.push_back(summarize_scenario(name, g, options));
  out.baseline_found = out.scenario(options.baseline) != nullptr;
  compare_to_baseline(g, out, options);
  compare_mitigations(g, out, options);
  add_notes(out, runs);
  out.attribution = decompose_losses(runs, options.baseline, options.calibration, options.level);
  // In the report's scenario order (the headline's), not by name.
  auto rank = [&](const std::string& name) {
    for (size_t i = 0; i < out.scenarios.size(); ++i)
      if (out.scenarios[i].name == name) return i;
    return out.scenarios.size();
  };
  std::stable_sort(out.attribution.begin(), out.attribution.end(),
                   [&](const Decomposition& a, const Decomposition& b) { return rank(a.scenario) < rank(b.scenario); });
  out.cpu_speed = relative_cpu_speed(options.calibration);
  return out;
}

}  // namespace cudabench::results
