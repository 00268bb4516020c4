// derive_advice: rules over the session's intervals. The original ends with a fixed table; here each
// recommendation appears only when the measured effect behind it is outside the noise, and an
// effect the data cannot decide is said to be undecided, with what would decide it.
#include "results/report/advice.h"

#include <cmath>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "results/report/advice_detail.h"
#include "results/report/format.h"

namespace cudabench::results {
namespace {

using report::classify;
using report::number;
using report::pct_ci;
using report::ratio_ci;
using report::Verdict;

bool slower(const ScenarioSummary& s, double band) {
  return s.throughput && classify(s.throughput->pct, band) == Verdict::slower;
}

std::string figure(const ScenarioSummary& s) {
  return fmt::format("{} ({}, {} blocks, Holm p {})", s.name, pct_ci(s.throughput->pct), s.throughput->pct.n,
                     report::p_value(s.throughput->p_holm));
}

void interference(const SessionSummary& sum, const AdviceThresholds& t, std::vector<Advice>& out) {
  std::vector<std::string> hits, gains, same;
  std::vector<const ScenarioSummary*> open;
  for (const auto& s : sum.scenarios) {
    if (!s.throughput) continue;
    switch (classify(s.throughput->pct, t.band_pct)) {
      case Verdict::slower: hits.push_back(figure(s)); break;
      case Verdict::faster: gains.push_back(figure(s)); break;
      case Verdict::same: same.push_back(figure(s)); break;
      case Verdict::unresolved: open.push_back(&s); break;
    }
  }
  if (!hits.empty())
    out.push_back({"interference",
                   fmt::format("measurably slower than {}: {}", sum.baseline, fmt::join(hits, "; ")),
                   "the mitigations below target these scenarios first"});
  if (!gains.empty())
    out.push_back(
        {"interference", fmt::format("measurably faster than {}: {}", sum.baseline, fmt::join(gains, "; ")),
         "these scenarios change the workload itself (e.g. CUDA Graphs), not only its surroundings"});
  for (const auto* s : open)
    out.push_back({"interference",
                   fmt::format("{} vs {}: not resolved: the change CI {} allows both a loss and none",
                               s->name, sum.baseline, pct_ci(s->throughput->pct)),
                   "not resolved: " + more_blocks(*s->throughput, t.band_pct, t.practical_blocks)});
  if (!same.empty())
    out.push_back({"interference",
                   fmt::format("no difference beyond +-{:g}% from {}: {}", t.band_pct, sum.baseline,
                               fmt::join(same, "; ")),
                   hits.empty() && open.empty()
                       ? "no action needed on this machine for these loads (the dedicated-server case)"
                       : ""});
}

// A mitigated scenario still slower than the baseline: more preemption (isolate harder) or shared
// hardware (memory bandwidth, caches, clocks). Each is claimed only when the figures exclude the other.
void still_slow(const Mitigation& m, const ScenarioSummary& mit, const SessionSummary& sum,
                const AdviceThresholds& t, std::vector<Advice>& out) {
  // Where its time went says it directly (advice_time.cpp names the part and the remedy).
  for (const auto& d : sum.attribution)
    if (d.scenario == m.mitigated && d.loss_ms && d.loss_ms->excludes(0)) return;
  const auto& ratio = mit.sched_ratio;
  const auto* base = sum.scenario(sum.baseline);
  const auto* off = mit.metric(metrics::offcpu_pct, true);
  const auto* base_off = base ? base->metric(metrics::offcpu_pct, true) : nullptr;
  const bool off_known = off && base_off && off->ci.valid() && base_off->ci.valid();
  const std::string figures =
      fmt::format("tok/s {}, Sched/1K {} of {}, off-CPU {}% vs {}%", pct_ci(mit.throughput->pct),
                  ratio ? ratio_ci(*ratio) : "n/a", sum.baseline, off ? report::with_ci(off->ci) : "n/a",
                  base_off ? report::with_ci(base_off->ci) : "n/a");
  const bool more_switches = ratio && ratio->valid() && ratio->lo > t.residual_sched_ratio;
  const bool more_offcpu = off_known && off->ci.lo > base_off->ci.hi + t.offcpu_margin_pct;
  if (more_switches || more_offcpu) {
    out.push_back(
        {"isolation",
         fmt::format("{} is still preempted more than {}: {}", m.mitigated, sum.baseline, figures),
         "keep interferers off the workload's CPUs: isolcpus/nohz_full on the kernel command line or a "
         "cgroup v2 cpuset for the workload, not only taskset + nice"});
    return;
  }
  const bool no_more = ratio && ratio->valid() && ratio->hi < t.residual_sched_ratio && off_known &&
                       off->ci.hi <= base_off->ci.hi + t.offcpu_margin_pct;
  if (no_more) {
    out.push_back(
        {"isolation",
         fmt::format("{} is still slower than {} without more preemption ({}): the rest is shared "
                     "hardware, not scheduling",
                     m.mitigated, sum.baseline, figures),
         "interferers on other CPUs still compete for memory bandwidth, last-level cache and the "
         "power/frequency budget: give them fewer CPUs or another socket, and check the clock under load"});
    return;
  }
  out.push_back(
      {"isolation", fmt::format("{} is still slower than {}: {}", m.mitigated, sum.baseline, figures),
       mit.traced_runs == 0
           ? "trace it (--trace both) to tell preemption from shared hardware"
           : "not resolved: these intervals do not tell preemption from shared hardware; run more blocks"});
}

void mitigation(const SessionSummary& sum, const AdviceThresholds& t, std::vector<Advice>& out) {
  for (const auto& m : sum.mitigations) {
    if (m.throughput && m.throughput->pct.valid()) {
      const auto& pct = m.throughput->pct;
      const Verdict v = classify(pct, t.band_pct);
      const std::string what = v == Verdict::faster   ? "recovered"
                               : v == Verdict::slower ? "worse"
                               : v == Verdict::same   ? fmt::format("no recovery beyond +-{:g}%", t.band_pct)
                                                      : "not resolved";
      std::string action;
      if (v == Verdict::unresolved)
        action = "not resolved: " + more_blocks(*m.throughput, t.band_pct, t.practical_blocks);
      else if (v != Verdict::faster)
        action =
            m.mitigated + " did not recover " + m.unmitigated + "'s loss here: try isolating CPUs (below)";
      out.push_back({"mitigation",
                     fmt::format("{} vs {}: tok/s {} ({})", m.mitigated, m.unmitigated, pct_ci(pct), what),
                     action});
    }
    const auto* mit = sum.scenario(m.mitigated);
    if (mit && slower(*mit, t.band_pct)) still_slow(m, *mit, sum, t, out);
  }
}

void irq(const SessionSummary& sum, const AdviceThresholds& t, std::vector<Advice>& out) {
  const auto* base = sum.scenario(sum.baseline);
  const auto* base_hard = base ? base->metric(metrics::hardirq_per_1k, true) : nullptr;
  for (const auto& s : sum.scenarios) {
    const auto* irq_pct = s.metric(metrics::irq_time_pct, true);
    if (irq_pct && irq_pct->ci.valid() && irq_pct->ci.lo > t.irq_time_pct &&
        (slower(s, t.band_pct) || s.name == sum.baseline))
      out.push_back({"irq",
                     fmt::format("{}: IRQs take {}% of the workload's CPU time (above {}%)", s.name,
                                 report::with_ci(irq_pct->ci), number(t.irq_time_pct)),
                     "move device interrupts away from the workload's CPUs (/proc/irq/*/smp_affinity_list, "
                     "irqbalance --banirq) and pin the workload to the remaining ones"});
    const auto* hard = s.metric(metrics::hardirq_per_1k, true);
    if (hard && hard->ci.valid() && hard->ci.lo > 0 && base_hard && base_hard->mean == 0 &&
        s.name != sum.baseline)
      out.push_back({"irq",
                     fmt::format("{}: hard IRQs hit the workload ({} per 1K launches), none in {}", s.name,
                                 report::with_ci(hard->ci), sum.baseline),
                     slower(s, t.band_pct) ? "steer that device's IRQs to other CPUs" : ""});
  }
}

void launch_bound(const SessionSummary& sum, const AdviceThresholds& t, std::vector<Advice>& out) {
  const auto* base = sum.scenario(sum.baseline);
  if (!base) return;
  const auto* launches = base->any_metric(metrics::launches);
  const auto* tokens = base->any_metric(metrics::tokens);
  if (!tokens) tokens = base->metric(metrics::tokens_count, true);
  const auto* tail = base->metric(metrics::tail_p99_switch_share_pct, true);
  if (!launches || !tokens || !(tokens->mean > 0)) return;
  const double per_token = launches->mean / tokens->mean;
  if (per_token < t.launches_per_token) return;
  const bool app_tail = tail && tail->ci.valid() && tail->ci.hi < 100 - t.tail_app_share_pct;
  out.push_back(
      {"launch",
       fmt::format("{} issues {} kernel launches per token{}", sum.baseline, number(per_token, 0),
                   app_tail ? fmt::format("; only {}% of the P99+ launch gaps contain a context switch, "
                                          "the rest is the application's own host work",
                                          report::with_ci(tail->ci))
                            : ""),
       app_tail ? "launch-bound: capture the decode step in a CUDA Graph (or fuse kernels) to cut the "
                  "per-launch CPU cost"
                : "trace the baseline (--trace both) to see whether the launch gaps are host work (CUDA "
                  "Graphs) or scheduling"});
}

}  // namespace

std::vector<Advice> derive_advice(const SessionSummary& summary, const AdviceThresholds& t) {
  std::vector<Advice> out;
  interference(summary, t, out);
  detail::time_advice(summary, out);
  mitigation(summary, t, out);
  irq(summary, t, out);
  launch_bound(summary, t, out);
  detail::data_advice(summary, t, out);
  return out;
}

}  // namespace cudabench::results
