// Interrupts that hit the workload's threads, from traced runs: soft IRQs by vector (count, time,
// share), as a table and as a stacked bar per scenario.
#include <algorithm>

#include "results/report/format.h"
#include "results/report/sections.h"
#include "results/report/svg.h"

namespace cudabench::results::report {
namespace {

// The vectors seen in a scenario's traced runs, most frequent first.
std::vector<std::string> vectors(const ScenarioSummary& s) {
  std::vector<std::string> out;
  for (const auto& [name, _] : s.traced)
    if (auto key = metrics::softirq_count.key_of(name)) out.emplace_back(*key);
  auto count = [&](const std::string& v) {
    const auto* m = s.metric(metrics::softirq_count.of(v), true);
    return m ? m->mean * m->n / s.traced_runs : 0.0;
  };
  std::stable_sort(out.begin(), out.end(), [&](const auto& a, const auto& b) { return count(a) > count(b); });
  return out;
}

}  // namespace

Section interrupts_section(const Report& r) {
  const std::string title = "Soft IRQs that hit the workload (per traced run, mean [95% CI])";
  if (const std::string why = no_traced_reason(r); !why.empty())
    return empty_section("interrupts", title, why);
  Section s{"interrupts", title, {}, nullptr};
  Table t{"", {"scenario", "vector", "count", "total (us)", "mean (us)", "max (us)", "share %"}, {}, "", {}};
  std::vector<svg::Stack> stacks;
  for (const auto& sc : r.summary.scenarios) {
    if (sc.traced_runs == 0) continue;
    svg::Stack st{sc.name, {}};
    for (const auto& v : vectors(sc)) {
      t.rows.push_back({sc.name, v, mean_cell(sc, metrics::softirq_count.of(v), true),
                        mean_cell(sc, metrics::softirq_total_us.of(v), true),
                        mean_cell(sc, metrics::softirq_mean_us.of(v), true),
                        median_cell(sc, metrics::softirq_max_us.of(v), true),
                        mean_cell(sc, metrics::softirq_share_pct.of(v), true)});
      // A run without this vector had 0 of it: the per-run mean divides by every traced run.
      const auto* m = sc.metric(metrics::softirq_count.of(v), true);
      st.parts.emplace_back(v, m->mean * m->n / sc.traced_runs);
    }
    stacks.push_back(std::move(st));
  }
  if (t.rows.empty())
    return empty_section("interrupts", title, "no soft IRQ hit the workload in any traced run");
  if (std::string c = svg::stacked_bars("Soft IRQs per traced run, by vector", "soft IRQs per run", stacks);
      !c.empty())
    s.blocks.push_back(Chart{std::move(c)});
  s.blocks.push_back(std::move(t));
  return s;
}

}  // namespace cudabench::results::report
