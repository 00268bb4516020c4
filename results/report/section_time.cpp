// Where the time went (results/stats/attribution.h): for each scenario, its loss against the
// baseline split into the changes of the critical thread's states, with what they leave
// unexplained, and a stacked bar per scenario of the decode window's composition.
#include <fmt/format.h>

#include <cmath>

#include "results/report/format.h"
#include "results/report/json_doc.h"
#include "results/report/sections.h"
#include "results/report/svg.h"

namespace cudabench::results::report {
namespace {

std::string ms_ci(const stats::Interval& i) {
  if (!i.valid()) return "n/a";
  return fmt::format("{:+.2f} [{:+.2f}, {:+.2f}]", i.estimate, i.lo, i.hi);
}

std::string share(double part, const std::optional<stats::Interval>& loss) {
  // A share of a loss that may be none is no share: left blank until the loss's CI excludes 0.
  if (!loss || !loss->excludes(0) || std::fabs(loss->estimate) < 1e-9) return "";
  return fmt::format("{:.0f}%", part / loss->estimate * 100);
}

std::string level_name(TraceLevel level) { return level == TraceLevel::sched ? "sched-level" : "launch-level"; }

Table decomposition_table(const Decomposition& d, const std::string& baseline) {
  Table t{fmt::format("{} vs {}: ms per decode window ({} paired blocks, {} traces)", d.scenario, baseline,
                      d.paired_blocks, level_name(d.level)),
          {"part", baseline, d.scenario, "change ms [95% CI]", "share of the loss"},
          {},
          "",
          {}};
  if (d.loss_ms)
    t.rows.push_back({"decode time, untraced runs (the loss)", "", "", ms_ci(*d.loss_ms),
                      d.loss_ms->excludes(0) ? "100%" : "no measurable loss"});
  for (const auto& p : d.parts) {
    if (p.baseline_ms == 0 && p.scenario_ms == 0) continue;  // a state neither side was in
    t.rows.push_back({p.label, fmt::format("{:.2f}", p.baseline_ms), fmt::format("{:.2f}", p.scenario_ms),
                      ms_ci(p.delta_ms), share(p.delta_ms.estimate, d.loss_ms)});
  }
  if (d.unexplained_ms)
    t.rows.push_back({"unexplained (loss minus the known parts)", "", "", ms_ci(*d.unexplained_ms),
                      share(d.unexplained_ms->estimate, d.loss_ms)});
  if (d.oncpu_per_launch_delta_us)
    t.rows.push_back({"on-CPU time per launch (us)", "", "", ms_ci(*d.oncpu_per_launch_delta_us), ""});
  if (d.steal_delta_ms)
    t.rows.push_back({"hypervisor steal on its CPUs (beside, not a part)", "", "", ms_ci(*d.steal_delta_ms), ""});
  for (const auto& [who, delta] : d.preemptors)
    t.notes.push_back(fmt::format("preempted by {}: {} ms", who, ms_ci(delta)));
  if (d.cpu_speed_ratio)
    t.notes.push_back(fmt::format(
        "its CPUs' calibrated speed: {:.2f} x the baseline's{}", *d.cpu_speed_ratio,
        d.cpu_speed_delta_pct && d.cpu_speed_delta_pct->excludes(0)
            ? fmt::format(" (measurably {}: {} points)", d.cpu_speed_delta_pct->estimate < 0 ? "slower" : "faster",
                          ms_ci(*d.cpu_speed_delta_pct))
            : " (no measurable difference)"));
  return t;
}

// Each scenario's decode window as stacked parts (means, ms), the baseline first.
std::string composition_chart(const Report& r) {
  std::vector<svg::Stack> stacks;
  auto add = [&](const std::string& name, const std::vector<TimePart>& parts, bool scenario_side) {
    svg::Stack s{name, {}};
    for (const auto& p : parts) {
      double v = scenario_side ? p.scenario_ms : p.baseline_ms;
      if (v > 0) s.parts.emplace_back(p.label, v);
    }
    stacks.push_back(std::move(s));
  };
  const auto& a = r.summary.attribution;
  if (a.empty()) return "";
  add(r.summary.baseline, a.front().parts, false);
  for (const auto& d : a) add(d.scenario, d.parts, true);
  return svg::stacked_bars("The critical thread's decode window by state", "ms per decode window (traced runs)",
                           stacks);
}

Json decomposition_json(const Decomposition& d) {
  Json parts = Json::array();
  for (const auto& p : d.parts)
    parts.push_back(Json{{"metric", p.metric},
                         {"label", p.label},
                         {"baseline_ms", p.baseline_ms},
                         {"scenario_ms", p.scenario_ms},
                         {"delta_ms", interval_json(p.delta_ms)}});
  Json preemptors = Json::array();
  for (const auto& [who, delta] : d.preemptors)
    preemptors.push_back(Json{{"comm", who}, {"delta_ms", interval_json(delta)}});
  return Json{{"scenario", d.scenario},
              {"trace_level", trace_level_name(d.level)},
              {"paired_blocks", d.paired_blocks},
              {"loss_ms", interval_json(d.loss_ms)},
              {"window_delta_ms", interval_json(d.window_delta_ms)},
              {"parts", parts},
              {"unexplained_ms", interval_json(d.unexplained_ms)},
              {"oncpu_per_launch_delta_us", interval_json(d.oncpu_per_launch_delta_us)},
              {"steal_delta_ms", interval_json(d.steal_delta_ms)},
              {"preemptors", preemptors},
              {"cpu_speed_ratio", d.cpu_speed_ratio ? Json(*d.cpu_speed_ratio) : Json(nullptr)},
              {"cpu_speed_delta_pct", interval_json(d.cpu_speed_delta_pct)}};
}

}  // namespace

Section time_section(const Report& r) {
  const auto& sum = r.summary;
  Section s{"time", "Where the time went", {}, nullptr};
  if (sum.attribution.empty()) {
    s.blocks.push_back(Paragraph{
        fmt::format("no scenario has thread-state times in traced runs beside those of {} (runs recorded with "
                    "--trace off, or by a cudabench without thread-state accounting): run with --trace sched (the default) to "
                    "split each loss by thread state",
                    sum.baseline),
        true});
    return s;
  }
  s.blocks.push_back(Paragraph{
      "Each scenario's loss (the change of its decode time in untraced runs) split into the changes of its "
      "critical thread's states in traced runs, paired by block: on-CPU, IRQ handlers on its CPU, preempted "
      "and woken-but-waiting (runnable), blocked, unknown. The unexplained row is what the parts leave: "
      "tracer cost, noise and unknown time. docs/reading-the-report.md says what each state means."});
  Json json = Json::array();
  for (const auto& d : sum.attribution) {
    s.blocks.push_back(decomposition_table(d, sum.baseline));
    json.push_back(decomposition_json(d));
  }
  if (auto chart = composition_chart(r); !chart.empty()) s.blocks.push_back(Chart{chart});
  s.json = json;
  return s;
}

}  // namespace cudabench::results::report
