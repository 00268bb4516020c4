// The answer first: each scenario's tok/s change against the baseline with its 95% CI and what it
// says, as a table, a forest plot (the changes with their intervals, zero and the threshold band)
// and a strip plot (every run as a dot beside its mean and CI, with the number of runs).
#include <cmath>

#include <fmt/format.h>

#include "results/report/format.h"
#include "results/report/sections.h"
#include "results/report/svg.h"

namespace cudabench::results::report {
namespace {

// tok/s of a scenario: untraced runs, traced ones only when it never ran untraced (and then said).
const MetricSummary* throughput(const ScenarioSummary& s, bool* traced) {
  *traced = s.untraced_runs == 0;
  return s.metric(metrics::tokens_per_s, *traced);
}

Table headline_table(const Report& r) {
  const auto& sum = r.summary;
  Table t{"",
          {"scenario", "runs", "tok/s [95% CI]", "change vs " + sum.baseline + " [95% CI]", "verdict"},
          {},
          "no run reported tok/s in this selection",
          {}};
  for (const auto& s : sum.scenarios) {
    bool traced = false;
    const auto* tps = throughput(s, &traced);
    std::vector<std::string> row{s.name, std::to_string(traced ? s.traced_runs : s.untraced_runs),
                                 tps ? with_ci(tps->ci) + (traced ? " (traced)" : "") : "n/a"};
    if (s.name == sum.baseline) {
      row.insert(row.end(), {"-", "reference"});
    } else if (s.throughput) {
      row.push_back(pct_ci(s.throughput->pct));
      row.push_back(throughput_verdict(s.throughput->pct, r.threshold_pct));
    } else {
      row.insert(row.end(), {"n/a", sum.baseline_found ? "no paired runs" : "no baseline runs"});
    }
    t.rows.push_back(std::move(row));
  }
  t.notes.push_back(
      fmt::format("change = tok/s vs {} from per-block paired log-ratios of untraced runs; verdict: slower "
                  "or faster only "
                  "when the CI excludes 0, \"no difference\" only when the whole CI lies within +-{:g}%, "
                  "else not resolved",
                  sum.baseline, r.threshold_pct));
  return t;
}

size_t colour_of(const stats::Interval& pct, double band) {
  switch (classify(pct, band)) {
    case Verdict::slower: return 1;
    case Verdict::faster: return 4;
    case Verdict::same: return 0;
    case Verdict::unresolved: break;
  }
  return 7;
}

std::string forest(const Report& r) {
  std::vector<svg::IntervalRow> rows;
  for (const auto& s : r.summary.scenarios) {
    if (!s.throughput || !std::isfinite(s.throughput->pct.estimate)) continue;
    const auto& pct = s.throughput->pct;
    const std::string verdict = throughput_verdict(pct, r.threshold_pct);
    rows.push_back({s.name, fmt::format("{} ({} blocks)", verdict, pct.n),
                    fmt::format("{}: {} ({}, {} blocks)", s.name, pct_ci(pct), verdict, pct.n), pct.estimate,
                    pct.lo, pct.hi, colour_of(pct, r.threshold_pct)});
  }
  svg::IntervalOptions o;
  o.zero_line = true;
  o.band = r.threshold_pct;
  o.band_label = fmt::format("+-{:g}%: no practical difference", r.threshold_pct);
  o.css_class = "forest";
  return svg::interval_rows("tok/s change vs " + r.summary.baseline + " (95% CI)", "change in tok/s, %", rows,
                            o);
}

std::string strip(const Report& r) {
  std::vector<svg::StripGroup> groups;
  for (size_t i = 0; i < r.summary.scenarios.size(); ++i) {
    const auto& s = r.summary.scenarios[i];
    bool traced = false;
    const auto* tps = throughput(s, &traced);
    if (!tps) continue;
    svg::StripGroup g{s.name, {}, {}, tps->mean, tps->ci.lo, tps->ci.hi, i};
    for (const auto& p : r.summary.timeline)
      if (p.scenario == s.name && p.traced == traced && std::isfinite(p.tokens_per_s)) {
        g.values.push_back(p.tokens_per_s);
        g.hollow.push_back(traced);
      }
    groups.push_back(std::move(g));
  }
  return svg::strip_plot("tok/s of every run (dots; hollow: traced), mean and 95% CI (square and bar)",
                         "tok/s", groups);
}

Json headline_json(const Report& r) {
  Json out = Json::array();
  for (const auto& s : r.summary.scenarios) {
    bool traced = false;
    const auto* tps = throughput(s, &traced);
    Json j{{"scenario", s.name},
           {"runs", traced ? s.traced_runs : s.untraced_runs},
           {"tokens_per_s", tps ? interval_json(tps->ci) : Json(nullptr)},
           {"from_traced_runs", traced},
           {"change_pct", s.throughput ? interval_json(s.throughput->pct) : Json(nullptr)}};
    j["verdict"] = s.name == r.summary.baseline ? Json("reference")
                   : s.throughput               ? Json(throughput_verdict(s.throughput->pct, r.threshold_pct))
                                                : Json(nullptr);
    out.push_back(std::move(j));
  }
  return out;
}

}  // namespace

Section headline_section(const Report& r) {
  Section s{"headline", "Headline: tok/s against " + r.summary.baseline, {}, headline_json(r)};
  s.blocks.emplace_back(std::in_place_type<Table>, headline_table(r));
  if (std::string chart = forest(r); !chart.empty()) s.blocks.push_back(Chart{std::move(chart)});
  if (std::string chart = strip(r); !chart.empty()) s.blocks.push_back(Chart{std::move(chart)});
  return s;
}

}  // namespace cudabench::results::report
