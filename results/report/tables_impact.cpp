// Tables about the size of the effects: normalised metrics, performance impact, mitigation effect,
// tracer overhead and the precision reached.
#include <fmt/format.h>

#include "results/report/format.h"
#include "results/report/tables.h"

namespace cudabench::results::report {
namespace {

std::string sched_ratio_cell(const std::optional<stats::Interval>& ratio, const std::string& na) {
  if (ratio) return ratio_ci(*ratio);
  return na.empty() ? "n/a" : "n/a: " + na;
}

}  // namespace

Table normalised_table(const Report& r) {
  Table t{
      "normalised",
      "Normalised metrics (per 1,000 kernel launches; traced runs, mean [95% CI])",
      {"scenario", "runs", "launches", "Sched/1K", "SoftIRQ/1K", "HardIRQ/1K", "IRQ time (ms)", "IRQ time %"},
      {},
      "",
      {}};
  if (!any_traced(r)) {
    t.empty_reason = no_traced_reason;
    return t;
  }
  for (const auto& s : r.summary.scenarios) {
    if (s.traced_runs == 0) {
      t.rows.push_back({s.name, "0", "no traced runs", "", "", "", "", ""});
      continue;
    }
    // IRQ time = hard + soft handler time on the workload's CPUs while it ran (STUDY.md).
    std::string irq_ms = "n/a";
    const auto* soft = s.metric("irq.soft.total_ms", true);
    const auto* hard = s.metric("irq.hard.total_ms", true);
    if (soft || hard) irq_ms = number((soft ? soft->mean : 0) + (hard ? hard->mean : 0));
    t.rows.push_back({s.name, std::to_string(s.traced_runs), mean_cell(s, "launches", true),
                      mean_cell(s, "sched_per_1k", true), mean_cell(s, "softirq_per_1k", true),
                      mean_cell(s, "hardirq_per_1k", true), irq_ms, mean_cell(s, "irq_time_pct", true)});
  }
  return t;
}

Table impact_table(const Report& r) {
  const auto& sum = r.summary;
  Table t{
      "impact",
      "Performance impact (tok/s from untraced runs; change vs " + sum.baseline + ", 95% CI)",
      {"scenario", "runs", "tok/s", "degradation %", "verdict", "switch increase", "p (Holm)", "p MW (Holm)"},
      {},
      "",
      {}};
  for (const auto& s : sum.scenarios) {
    const bool traced_tps = s.untraced_runs == 0;
    const auto* tps = s.metric(throughput_metric, traced_tps);
    std::vector<std::string> row{s.name, std::to_string(traced_tps ? s.traced_runs : s.untraced_runs),
                                 tps ? with_ci(tps->ci) + (traced_tps ? " (traced)" : "") : "n/a"};
    if (s.name == sum.baseline) {
      row.insert(row.end(), {"-", "reference", "1x", "-", "-"});
    } else if (s.throughput) {
      const auto& c = *s.throughput;
      row.push_back(pct_ci(degradation(c.pct)));
      row.push_back(throughput_verdict(c.pct));
      row.push_back(sched_ratio_cell(s.sched_ratio, s.sched_ratio_na));
      row.push_back(p_value(c.p_holm));
      row.push_back(p_value(c.p_mann_whitney_holm));
    } else {
      row.insert(row.end(), {"n/a", "no baseline runs to compare with", "n/a", "n/a", "n/a"});
    }
    t.rows.push_back(std::move(row));
  }
  if (t.rows.empty()) t.empty_reason = "no ok runs in this selection";
  t.notes.push_back(
      "degradation = (baseline - scenario) / baseline from per-block paired log-ratios "
      "(bootstrap over blocks agrees where shown in JSON); switch increase = Sched/1K ratio, "
      "delta method on logs; p: paired t on log-ratios, MW: Mann-Whitney U, Holm-adjusted "
      "across scenarios");
  return t;
}

Table mitigation_table(const Report& r) {
  const auto& sum = r.summary;
  Table t{"mitigation",
          "Mitigation effect (mitigated vs unmitigated scenario, and vs " + sum.baseline + ")",
          {"mitigated", "vs", "tok/s change", "verdict", "Sched/1K ratio", "still vs " + sum.baseline},
          {},
          "",
          {}};
  for (const auto& m : sum.mitigations) {
    const auto* mit = sum.scenario(m.mitigated);
    std::string vs_base = "n/a";
    if (mit && mit->throughput) vs_base = throughput_verdict(mit->throughput->pct);
    t.rows.push_back({m.mitigated, m.unmitigated, m.throughput ? pct_ci(m.throughput->pct) : "n/a",
                      m.throughput ? throughput_verdict(m.throughput->pct) : "n/a",
                      sched_ratio_cell(m.sched_ratio, m.sched_ratio_na), vs_base});
  }
  if (t.rows.empty())
    t.empty_reason =
        "no mitigated scenario in this selection (\"optimized\" or \"isolated\" with "
        "\"noisy_cpu\"; \"<x>_pinned\", \"<x>_optimized\", \"<x>_isolated\", \"graph_<x>\", "
        "\"pinned_<x>\" or \"isolated_<x>\" with \"<x>\")";
  return t;
}

Table overhead_table(const Report& r) {
  Table t{"tracer_overhead",
          "Tracer overhead (traced vs untraced tok/s of the same scenario)",
          {"scenario", "untraced tok/s", "traced tok/s", "change", "verdict", "method"},
          {},
          "",
          {}};
  for (const auto& s : r.summary.scenarios) {
    if (!s.tracer_overhead) continue;
    const auto& c = *s.tracer_overhead;
    t.rows.push_back({s.name, mean_cell(s, throughput_metric, false), mean_cell(s, throughput_metric, true),
                      pct_ci(c.pct), throughput_verdict(c.pct), c.method});
  }
  if (t.rows.empty()) t.empty_reason = "needs traced and untraced runs of one scenario (trace = \"both\")";
  return t;
}

Table precision_table(const Report& r) {
  const auto& sum = r.summary;
  Table t{
      "precision",
      fmt::format("Precision (target: degradation CI half-width <= {}%)", number(sum.target_half_width_pct)),
      {"scenario", "blocks paired", "CI half-width %", "target reached", "blocks needed"},
      {},
      "",
      {}};
  for (const auto& s : sum.scenarios) {
    if (!s.throughput) continue;
    const auto& pct = s.throughput->pct;
    const bool reached = pct.valid() && pct.half_width() <= sum.target_half_width_pct;
    t.rows.push_back({s.name, std::to_string(pct.n), pct.valid() ? number(pct.half_width(), 2) : "n/a",
                      reached ? "yes" : "no", s.blocks_needed > 0 ? std::to_string(s.blocks_needed) : "n/a"});
  }
  if (t.rows.empty()) t.empty_reason = "no scenario compared with the baseline";
  t.notes.push_back(
      "blocks needed B = ceil((t x sqrt(2) x CoV / h)^2), CoV of tok/s across runs "
      "(METHODOLOGY.md)");
  if (const auto& s = sum.session; s && s->target_ci_pct) {
    const std::string why = s->stop_reason == "target_reached" ? "every compared change reached it"
                            : s->stop_reason == "max_time"     ? "its --max-time was spent before the target"
                            : s->stop_reason == "max_blocks"   ? "it reached its most blocks (--runs) first"
                                                               : "it was interrupted";
    t.notes.push_back(
        fmt::format("session {} ran with --target-ci {}%: it stopped after {} blocks because {}", s->id,
                    number(*s->target_ci_pct), s->blocks, why));
  }
  return t;
}

}  // namespace cudabench::results::report
