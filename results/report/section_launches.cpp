// The mechanism around kernel launches, from traced runs: switches and IRQs per 1,000 launches
// (Sched/1K), launch pairs with and without a switch inside, and which tail gaps a switch explains.
#include <cmath>

#include <fmt/format.h>

#include "results/report/format.h"
#include "results/report/sections.h"
#include "results/report/svg.h"

namespace cudabench::results::report {
namespace {

Table normalised_table(const Report& r) {
  Table t{
      "Per 1,000 kernel launches (traced runs, mean [95% CI])",
      {"scenario", "runs", "launches", "Sched/1K", "Sched/1K, original's count", "SoftIRQ/1K", "HardIRQ/1K",
       "IRQ time (ms)", "IRQ time %"},
      {},
      "",
      {"Sched/1K: switch-outs of the workload's threads per 1,000 launches; the original's count: switch "
       "events in both directions of its main thread, the convention of the original study's anchors "
       "(22.8, 11,932.8, 6,044.6)"}};
  for (const auto& s : r.summary.scenarios) {
    if (s.traced_runs == 0) {
      t.rows.push_back({s.name, "0", "no traced runs", "", "", "", "", "", ""});
      continue;
    }
    // IRQ time = hard + soft handler time on the workload's threads while it ran (docs/study.md).
    std::string irq_ms = "n/a";
    const auto* soft = s.metric(metrics::irq_soft_total_ms, true);
    const auto* hard = s.metric(metrics::irq_hard_total_ms, true);
    if (soft || hard) irq_ms = number((soft ? soft->mean : 0) + (hard ? hard->mean : 0));
    t.rows.push_back({s.name, std::to_string(s.traced_runs), mean_cell(s, metrics::launches, true),
                      mean_cell(s, metrics::sched_per_1k, true), mean_cell(s, metrics::sched_per_1k_orig, true),
                      mean_cell(s, metrics::softirq_per_1k, true),
                      mean_cell(s, metrics::hardirq_per_1k, true), irq_ms,
                      mean_cell(s, metrics::irq_time_pct, true)});
  }
  return t;
}

std::string sched_chart(const Report& r) {
  std::vector<svg::IntervalRow> rows;
  for (size_t i = 0; i < r.summary.scenarios.size(); ++i) {
    const auto& s = r.summary.scenarios[i];
    const auto* m = s.metric(metrics::sched_per_1k, true);
    if (!m || !(m->mean > 0)) continue;
    rows.push_back({s.name, fmt::format("{} (n={})", with_ci(m->ci), m->n),
                    fmt::format("{}: Sched/1K {} over {} traced runs", s.name, with_ci(m->ci), m->n), m->mean,
                    m->ci.lo > 0 ? m->ci.lo : NAN, m->ci.hi, i});
  }
  svg::IntervalOptions o;
  o.log_x = true;
  o.css_class = "sched";
  return svg::interval_rows("Sched/1K per scenario (mean, 95% CI; log axis)", "switches per 1,000 launches",
                            rows, o);
}

Table pairs_table(const Report& r) {
  Table t{
      "Launch pairs (A: no off-CPU switch inside the interval, B: at least one; percentiles as median "
      "[bootstrap CI] across runs, in us)",
      {"scenario", "group", "count", "share %", "P50", "P90", "P99", "penalty P50", "penalty P90",
       "sched impact %"},
      {},
      "",
      {"penalty = percentile(B) - percentile(A); sched impact = |B| x penalty P50 / runtime (docs/study.md); "
       "n/a "
       "where a run had no group-B pair"}};
  for (const auto& s : r.summary.scenarios) {
    if (s.traced_runs == 0) continue;
    t.rows.push_back({s.name, "A (no switch)", mean_cell(s, metrics::pairs_a_count, true),
                      mean_cell(s, metrics::pairs_a_share_pct, true),
                      median_cell(s, metrics::pairs_a_p50_us, true),
                      median_cell(s, metrics::pairs_a_p90_us, true),
                      median_cell(s, metrics::pairs_a_p99_us, true), "", "", ""});
    t.rows.push_back(
        {s.name, "B (switch)", mean_cell(s, metrics::pairs_b_count, true),
         mean_cell(s, metrics::pairs_b_share_pct, true), median_cell(s, metrics::pairs_b_p50_us, true),
         median_cell(s, metrics::pairs_b_p90_us, true), median_cell(s, metrics::pairs_b_p99_us, true),
         median_cell(s, metrics::penalty_p50_us, true), median_cell(s, metrics::penalty_p90_us, true),
         mean_cell(s, metrics::sched_impact_pct, true)});
  }
  return t;
}

Table tail_table(const Report& r) {
  Table t{"Tail attribution (pairs at or above the P95 / P99 interval)",
          {"scenario", "tail", "pairs", "with switch", "switch share %", "attributed to application %"},
          {},
          "",
          {}};
  struct Level {
    const char* name;
    metrics::Id count, with, share;
  };
  const Level levels[] = {
      {"P95+", metrics::tail_p95_count, metrics::tail_p95_with_switch, metrics::tail_p95_switch_share_pct},
      {"P99+", metrics::tail_p99_count, metrics::tail_p99_with_switch, metrics::tail_p99_switch_share_pct}};
  for (const auto& s : r.summary.scenarios) {
    if (s.traced_runs == 0) continue;
    for (const auto& l : levels) {
      const auto* share = s.metric(l.share, true);
      std::string app = "n/a";
      if (share && share->ci.valid())
        app = with_ci(100 - share->ci.estimate,
                      {100 - share->ci.estimate, 100 - share->ci.hi, 100 - share->ci.lo, share->n});
      t.rows.push_back({s.name, l.name, mean_cell(s, l.count, true), mean_cell(s, l.with, true),
                        mean_cell(s, l.share, true), app});
    }
  }
  return t;
}

// The complementary CDF (share of intervals longer than x) on log-log axes: the tail, where groups
// A and B differ, stays visible instead of being flattened against 1.
std::string ccdf(const Report& r, const metrics::Id& which, const std::string& title) {
  std::vector<svg::Series> series;
  for (size_t i = 0; i < r.summary.scenarios.size(); ++i) {
    const auto& s = r.summary.scenarios[i];
    const Histogram* h = s.distribution(which);
    if (!h) continue;
    svg::Series sr{fmt::format("{} (n={})", s.name, h->count()), {}, i, false};
    for (const auto& p : h->cdf_points())
      if (p.fraction < 1) sr.points.emplace_back(p.value / 1e3, 1 - p.fraction);  // ns -> µs
    series.push_back(std::move(sr));
  }
  return svg::line_chart(title, "interval (µs, log)", "share of intervals longer (log)", series,
                         {true, true, true, false});
}

}  // namespace

Section launches_section(const Report& r) {
  const std::string title = "Kernel launches: switches per 1K launches, launch pairs, tail attribution";
  if (const std::string why = no_launch_reason(r); !why.empty()) return empty_section("launches", title, why);
  Section s{"launches", title, {}, nullptr};
  s.blocks.push_back(normalised_table(r));
  if (std::string c = sched_chart(r); !c.empty()) s.blocks.push_back(Chart{std::move(c)});
  s.blocks.push_back(pairs_table(r));
  if (std::string c =
          ccdf(r, metrics::launch_interval_a, "Launch intervals, group A (no switch): share longer than x");
      !c.empty())
    s.blocks.push_back(Chart{std::move(c)});
  if (std::string c = ccdf(r, metrics::launch_interval_b,
                           "Launch intervals, group B (switch inside): share longer than x");
      !c.empty())
    s.blocks.push_back(Chart{std::move(c)});
  s.blocks.push_back(tail_table(r));
  return s;
}

}  // namespace cudabench::results::report
