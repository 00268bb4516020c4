// How sure the figures are: every run in execution order (drift, the tracer's cost), tracer overhead,
// proof the interferers ran, the precision reached, outliers and the runs left out.
#include <map>

#include <fmt/format.h>

#include "results/report/format.h"
#include "results/report/sections.h"
#include "results/report/svg.h"

namespace cudabench::results::report {
namespace {

std::string order_chart(const SessionSummary& sum) {
  std::map<std::string, size_t> index;
  std::vector<svg::Legend> legend;
  for (size_t i = 0; i < sum.scenarios.size(); ++i) {
    index[sum.scenarios[i].name] = i;
    legend.push_back({sum.scenarios[i].name, i});
  }
  std::vector<svg::Point> points;
  for (size_t k = 0; k < sum.timeline.size(); ++k) {
    const auto& p = sum.timeline[k];
    points.push_back({static_cast<double>(k + 1), p.tokens_per_s, index[p.scenario], p.traced,
                      fmt::format("run {} ({}, block {}, {}): {} tok/s", p.id, p.scenario, p.block + 1,
                                  p.traced ? "traced" : "untraced", number(p.tokens_per_s))});
  }
  return svg::scatter("tok/s of every run in execution order (hollow: traced)", "run (execution order)",
                      "tok/s", points, legend);
}

Table overhead_table(const Report& r) {
  Table t{"Tracer overhead (traced vs untraced tok/s of the same scenario)",
          {"scenario", "untraced tok/s", "traced tok/s", "change", "verdict"},
          {},
          "needs traced and untraced runs of one scenario (--trace both)",
          {}};
  for (const auto& s : r.summary.scenarios) {
    if (!s.tracer_overhead) continue;
    const auto& c = *s.tracer_overhead;
    t.rows.push_back({s.name, mean_cell(s, metrics::tokens_per_s, false),
                      mean_cell(s, metrics::tokens_per_s, true), pct_ci(c.pct),
                      throughput_verdict(c.pct, r.threshold_pct)});
    for (const auto& [level, lc] : s.tracer_overhead_by_level)
      t.rows.push_back({fmt::format("  {}-level traced", trace_level_name(level)), "", "", pct_ci(lc.pct),
                        throughput_verdict(lc.pct, r.threshold_pct)});
  }
  return t;
}

Table intensity_table(const Report& r) {
  Table t{"Interferer intensity achieved (proof the load was there; mean [95% CI])",
          {"scenario", "interferer metric", "value", "unit", "runs"},
          {},
          "no interferer reported an intensity",
          {}};
  for (const auto& s : r.summary.scenarios)
    for (const auto& [key, m] : s.intensity)
      t.rows.push_back({s.name, key, with_ci(m.ci), m.unit, std::to_string(m.n)});
  return t;
}

// A session run with --target-ci: the target it had and why it stopped adding blocks.
std::optional<std::string> stop_note(const results::SessionSummary& sum) {
  const auto& s = sum.session;
  if (!s || !s->target_ci_pct) return std::nullopt;
  const std::string why = s->stop_reason == "target_reached" ? "every compared change reached it"
                          : s->stop_reason == "max_time"     ? "its --max-time was spent before the target"
                          : s->stop_reason == "max_blocks"   ? "it reached its most blocks (--runs) first"
                                                             : "it was interrupted";
  return fmt::format("session {} ran with --target-ci {}%: it stopped after {} blocks because {}", s->id,
                     number(*s->target_ci_pct), s->blocks, why);
}

Table precision_table(const Report& r) {
  const auto& sum = r.summary;
  Table t{fmt::format("Precision (target: change CI half-width <= {}%)", number(sum.target_half_width_pct)),
          {"scenario", "blocks paired", "CI half-width %", "target reached", "blocks needed"},
          {},
          "no scenario compared with " + sum.baseline,
          {"blocks needed: the smallest B with t(B-1) x s / sqrt(B) <= the target, s the SD of one block's "
           "log-ratio (docs/methodology.md); more than 100,000 is written as such"}};
  for (const auto& s : sum.scenarios) {
    if (!s.throughput) continue;
    const auto& pct = s.throughput->pct;
    const bool reached = pct.valid() && pct.half_width() <= sum.target_half_width_pct;
    // Reached is reached: the estimate of blocks from the log-ratio SD can say a few more (the CI of
    // the change in % is asymmetric), which would read as a contradiction.
    const std::string needed = reached                     ? "-"
                               : s.blocks_needed > 100000 ? "more than 100,000"
                               : s.blocks_needed > 0    ? std::to_string(s.blocks_needed)
                                                        : "n/a";
    t.rows.push_back({s.name, std::to_string(pct.n), pct.valid() ? number(pct.half_width(), 2) : "n/a",
                      reached ? "yes" : "no", needed});
  }
  if (auto note = stop_note(sum)) t.notes.push_back(*note);
  return t;
}

Table outlier_table(const Report& r) {
  Table t{"Outliers (MAD modified z-score > 3.5; flagged, kept in every figure)",
          {"run", "scenario", "run type", "metric", "value", "z", "likely cause"},
          {},
          "none",
          {}};
  for (const auto& s : r.summary.scenarios)
    for (const auto& o : s.outliers)
      t.rows.push_back({std::to_string(o.run_id), s.name, o.traced ? "traced" : "untraced", o.metric,
                        number(o.value), number(o.z, 1), o.likely_cause});
  return t;
}

Table invalid_table(const Report& r) {
  Table t{"Runs left out (invalid, failed or aborted), with the reason stored",
          {"run", "scenario", "block", "run type", "status", "reason"},
          {},
          "none: every run of the selection was ok",
          {}};
  for (const auto& e : r.summary.excluded)
    t.rows.push_back({std::to_string(e.id), e.scenario, e.block < 0 ? "warm-up" : std::to_string(e.block + 1),
                      e.traced ? "traced" : "untraced", e.status,
                      e.reason.empty() ? "(no reason stored)" : e.reason});
  if (r.summary.warmup_runs > 0)
    t.notes.push_back(fmt::format("{} warm-up run(s) discarded by design", r.summary.warmup_runs));
  return t;
}

}  // namespace

Section runs_section(const Report& r) {
  Section s{
      "runs", "Runs: drift, tracer overhead, intensity, precision, outliers, runs left out", {}, nullptr};
  if (std::string c = order_chart(r.summary); !c.empty()) s.blocks.push_back(Chart{std::move(c)});
  s.blocks.push_back(overhead_table(r));
  s.blocks.push_back(intensity_table(r));
  s.blocks.push_back(precision_table(r));
  s.blocks.push_back(outlier_table(r));
  s.blocks.push_back(invalid_table(r));
  return s;
}

}  // namespace cudabench::results::report
