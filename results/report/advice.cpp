// derive_advice: rules over the session's intervals. The original ends with a fixed table; here each
// recommendation appears only when the measured effect behind it is outside the noise.
#include "results/report/advice.h"

#include <cmath>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "results/report/format.h"

namespace cudabench::results {
namespace {

using report::number;
using report::pct_ci;
using report::ratio_ci;

bool slower(const ScenarioSummary& s) {
  return s.throughput && s.throughput->pct.valid() && s.throughput->pct.hi < 0;
}
bool faster(const ScenarioSummary& s) {
  return s.throughput && s.throughput->pct.valid() && s.throughput->pct.lo > 0;
}

void interference(const SessionSummary& sum, std::vector<Advice>& out) {
  std::vector<std::string> hits, gains, quiet;
  for (const auto& s : sum.scenarios) {
    if (!s.throughput) continue;
    const auto& pct = s.throughput->pct;
    (slower(s)   ? hits
     : faster(s) ? gains
                 : quiet)
        .push_back(fmt::format("{} ({}, Holm p {})", s.name, report::throughput_verdict(pct),
                               report::p_value(s.throughput->p_holm)));
  }
  if (!hits.empty())
    out.push_back({"interference",
                   "measurably slower than " + sum.baseline + ": " + fmt::format("{}", fmt::join(hits, "; ")),
                   "the mitigations below target these scenarios first"});
  if (!gains.empty())
    out.push_back(
        {"interference",
         "measurably faster than " + sum.baseline + ": " + fmt::format("{}", fmt::join(gains, "; ")),
         "these scenarios change the workload itself (e.g. CUDA Graphs), not only its surroundings"});
  if (!quiet.empty())
    out.push_back(
        {"interference",
         "not distinguishable from " + sum.baseline + ": " + fmt::format("{}", fmt::join(quiet, "; ")),
         hits.empty() ? "no action needed on this machine for these loads (the dedicated-server case)" : ""});
}

void mitigation(const SessionSummary& sum, const AdviceThresholds& t, std::vector<Advice>& out) {
  for (const auto& m : sum.mitigations) {
    const auto* mit = sum.scenario(m.mitigated);
    if (m.throughput && m.throughput->pct.valid()) {
      const auto& pct = m.throughput->pct;
      const bool recovered = pct.lo > 0;
      out.push_back({"mitigation",
                     fmt::format("{} vs {}: tok/s {} ({})", m.mitigated, m.unmitigated, pct_ci(pct),
                                 recovered ? "recovered" : "no measurable recovery"),
                     recovered ? ""
                               : m.mitigated + " did not measurably recover " + m.unmitigated +
                                     "'s loss here: try isolating CPUs (below)"});
    }
    if (!mit) continue;
    const bool still_slow = slower(*mit);
    const auto& ratio = mit->sched_ratio;
    const bool residual = ratio && ratio->valid() && ratio->lo > t.residual_sched_ratio;
    const std::string figures =
        fmt::format("tok/s {}, Sched/1K {} of {}", mit->throughput ? pct_ci(mit->throughput->pct) : "n/a",
                    ratio ? ratio_ci(*ratio) : "n/a", sum.baseline);
    if (residual) {
      out.push_back(
          {"isolation", fmt::format("{} still differs from {}: {}", m.mitigated, sum.baseline, figures),
           "keep interferers off the workload's CPUs: isolcpus/nohz_full on the kernel command line or a "
           "cgroup v2 cpuset for the workload, not only taskset + nice"});
    } else if (still_slow && ratio && ratio->valid() && ratio->hi < t.residual_sched_ratio) {
      // Slower, yet switched out no more often than the baseline: the loss is outside the scheduler.
      out.push_back(
          {"isolation",
           fmt::format("{} is still slower than {} without extra preemption ({}): the rest is shared "
                       "hardware, not scheduling",
                       m.mitigated, sum.baseline, figures),
           "interferers on other CPUs still compete for memory bandwidth, last-level cache and the "
           "power/frequency budget: give them fewer CPUs or another socket, and check the clock under load"});
    } else if (still_slow) {
      out.push_back(
          {"isolation", fmt::format("{} still differs from {}: {}", m.mitigated, sum.baseline, figures),
           ratio && ratio->valid()
               ? "the Sched/1K interval is too wide to tell preemption from shared hardware: run more blocks"
               : "trace it (--trace=both) to tell preemption from shared hardware"});
    }
  }
}

void irq(const SessionSummary& sum, const AdviceThresholds& t, std::vector<Advice>& out) {
  for (const auto& s : sum.scenarios) {
    const auto* irq_pct = s.metric("irq_time_pct", true);
    if (!irq_pct || !irq_pct->ci.valid()) continue;
    if (irq_pct->ci.lo > t.irq_time_pct && (slower(s) || s.name == sum.baseline))
      out.push_back({"irq",
                     fmt::format("{}: IRQs take {}% of the workload's CPU time (above {}%)", s.name,
                                 report::with_ci(irq_pct->ci), number(t.irq_time_pct)),
                     "move device interrupts away from the workload's CPUs (/proc/irq/*/smp_affinity_list, "
                     "irqbalance --banirq) and pin the workload to the remaining ones"});
    const auto* hard = s.metric("hardirq_per_1k", true);
    const auto* base = sum.scenario(sum.baseline);
    const auto* base_hard = base ? base->metric("hardirq_per_1k", true) : nullptr;
    if (hard && hard->ci.valid() && hard->ci.lo > 0 && base_hard && base_hard->mean == 0 &&
        s.name != sum.baseline)
      out.push_back({"irq",
                     fmt::format("{}: hard IRQs hit the workload ({} per 1K launches), none in {}", s.name,
                                 report::with_ci(hard->ci), sum.baseline),
                     slower(s) ? "steer that device's IRQs to other CPUs" : ""});
  }
}

void launch_bound(const SessionSummary& sum, const AdviceThresholds& t, std::vector<Advice>& out) {
  const auto* base = sum.scenario(sum.baseline);
  if (!base) return;
  const auto* launches = base->any_metric("launches");
  const auto* tokens = base->any_metric("tokens");
  if (!tokens) tokens = base->metric("tokens.count", true);
  const auto* tail = base->metric("tail.p99.switch_share_pct", true);
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
                : "trace the baseline to see whether the launch gaps are host work (CUDA Graphs) or "
                  "scheduling"});
}

void bookkeeping(const SessionSummary& sum, std::vector<Advice>& out) {
  if (const auto* base = sum.scenario(sum.baseline);
      base && base->tracer_overhead && base->tracer_overhead->pct.valid()) {
    const auto& pct = base->tracer_overhead->pct;
    out.push_back({"tracer", fmt::format("tracing changes {} tok/s by {}", sum.baseline, pct_ci(pct)),
                   pct.excludes(0)
                       ? "degradation figures use untraced runs only; compare traced figures only with "
                         "traced figures"
                       : ""});
  }
  bool any_traced = false;
  for (const auto& s : sum.scenarios) {
    any_traced |= s.traced_runs > 0;
    if (s.throughput_from_traced)
      out.push_back({"data", s.name + ": tok/s comes from traced runs and includes tracer overhead",
                     "run with trace = \"both\" so untraced runs measure tok/s"});
    if (s.name != sum.baseline && s.intensity.empty())
      out.push_back({"data", s.name + ": no interferer intensity was recorded",
                     "a 'no effect' result means nothing without proof the load was there"});
    if (s.throughput && s.throughput->pct.valid() &&
        s.throughput->pct.half_width() > sum.target_half_width_pct && s.blocks_needed > 0)
      out.push_back(
          {"precision",
           fmt::format("{}: the degradation CI is +/-{}%, wider than the +/-{}% target", s.name,
                       number(s.throughput->pct.half_width(), 2), number(sum.target_half_width_pct)),
           fmt::format("run {} blocks (from this session's CoV)", s.blocks_needed)});
    if (!s.outliers.empty())
      out.push_back({"data",
                     fmt::format("{}: {} run(s) flagged as outliers (MAD z > 3.5), kept in the figures",
                                 s.name, s.outliers.size()),
                     "look at those runs' stderr and environment"});
  }
  if (!any_traced && !sum.scenarios.empty())
    out.push_back({"data", "no traced runs: switches, IRQs and launch pairs are unknown",
                   "run with trace = \"both\" to see the mechanism"});
}

}  // namespace

std::vector<Advice> derive_advice(const SessionSummary& summary, const AdviceThresholds& t) {
  std::vector<Advice> out;
  interference(summary, out);
  mitigation(summary, t, out);
  irq(summary, t, out);
  launch_bound(summary, t, out);
  bookkeeping(summary, out);
  return out;
}

}  // namespace cudabench::results
