// Mitigations: each mitigated scenario against the one it mitigates (pairs found by name,
// results/stats/aggregate.h), and how far it still is from the baseline.
#include <fmt/format.h>

#include "results/report/format.h"
#include "results/report/sections.h"

namespace cudabench::results::report {

Section mitigation_section(const Report& r) {
  const auto& sum = r.summary;
  if (sum.mitigations.empty())
    return empty_section(
        "mitigation", "Mitigation effect",
        "no mitigated scenario in this selection (\"optimized\" or \"isolated\" with \"noisy_cpu\"; "
        "\"<x>_pinned\", \"<x>_optimized\", \"<x>_isolated\", \"graph_<x>\", \"pinned_<x>\" or "
        "\"isolated_<x>\" with \"<x>\")");
  Section s{"mitigation",
            "Mitigation effect (mitigated vs unmitigated scenario, and vs " + sum.baseline + ")",
            {},
            nullptr};
  Table t{"",
          {"mitigated", "vs", "tok/s change", "verdict", "Sched/1K ratio", "still vs " + sum.baseline},
          {},
          "",
          {}};
  for (const auto& m : sum.mitigations) {
    const auto* mit = sum.scenario(m.mitigated);
    t.rows.push_back(
        {m.mitigated, m.unmitigated, m.throughput ? pct_ci(m.throughput->pct) : "n/a",
         m.throughput ? throughput_verdict(m.throughput->pct, r.threshold_pct) : "n/a",
         m.sched_ratio              ? ratio_ci(*m.sched_ratio)
         : m.sched_ratio_na.empty() ? "n/a"
                                    : "n/a: " + m.sched_ratio_na,
         mit && mit->throughput ? throughput_verdict(mit->throughput->pct, r.threshold_pct) : "n/a"});
  }
  s.blocks.push_back(std::move(t));
  return s;
}

}  // namespace cudabench::results::report
