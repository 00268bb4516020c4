// How the headline's changes were estimated and tested, and how much more the workload was switched
// out than in the baseline (Sched/1K ratio).
#include <fmt/format.h>

#include "results/report/format.h"
#include "results/report/sections.h"

namespace cudabench::results::report {
namespace {

std::string sched_ratio_cell(const std::optional<stats::Interval>& ratio, const std::string& na) {
  if (ratio) return ratio_ci(*ratio);
  return na.empty() ? "n/a" : "n/a: " + na;
}

}  // namespace

Section impact_section(const Report& r) {
  const auto& sum = r.summary;
  Section s{"impact", "Performance impact: tests behind the headline", {}, nullptr};
  Table t{"",
          {"scenario", "blocks", "degradation %", "bootstrap check", "switch increase", "p (Holm)",
           "p MW (Holm)"},
          {},
          "no scenario compared with " + sum.baseline,
          {}};
  for (const auto& sc : sum.scenarios) {
    if (!sc.throughput) continue;
    const auto& c = *sc.throughput;
    t.rows.push_back({sc.name,
                      fmt::format("{} ({})", c.pct.n, c.method == "paired by block" ? "paired" : "unpaired"),
                      pct_ci(degradation(c.pct)), pct_ci(degradation(c.bootstrap_pct)),
                      sched_ratio_cell(sc.sched_ratio, sc.sched_ratio_na), p_value(c.p_holm),
                      p_value(c.p_mann_whitney_holm)});
  }
  t.notes.push_back(
      "degradation = (baseline - scenario) / baseline, the headline's change with its sign turned; bootstrap "
      "check: the same from a bootstrap over blocks; switch increase = Sched/1K ratio (delta method on "
      "logs); "
      "p: paired t on log-ratios, MW: Mann-Whitney U, both Holm-adjusted across scenarios");
  s.blocks.push_back(std::move(t));
  return s;
}

}  // namespace cudabench::results::report
