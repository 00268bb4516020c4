// Scenarios that ran their workload as several instances (one per GPU): each instance's tok/s and,
// from traced runs, where its critical thread's decode window went. The run's tok/s, which every
// other section shows, is the instances' sum; this shows which instance carries the loss. Left out
// of the report when no scenario ran several instances.
#include <algorithm>
#include <set>
#include <string>

#include "results/report/format.h"
#include "results/report/json_doc.h"
#include "results/report/sections.h"

namespace cudabench::results::report {
namespace {

// The instance indices a scenario's runs stored figures for, in order.
std::vector<int> instance_indices(const ScenarioSummary& s) {
  std::set<int> out;
  for (const auto* runs : {&s.untraced, &s.traced})
    for (const auto& [name, _] : *runs)
      for (const auto& family : {metrics::instance_tokens_per_s, metrics::instance_time_window_ms})
        if (auto key = family.key_of(name);
            key && key->find_first_not_of("0123456789") == std::string_view::npos)
          out.insert(std::stoi(std::string(*key)));
  return {out.begin(), out.end()};
}

// tok/s from untraced runs when there are any (the tracer costs throughput), else traced.
const MetricSummary* figure(const ScenarioSummary& s, const metrics::Key& key) {
  if (const auto* m = s.metric(key, false)) return m;
  return s.metric(key, true);
}

std::vector<std::string> instance_row(const ScenarioSummary& s, int i) {
  const std::string k = std::to_string(i);
  const auto* tps = figure(s, metrics::instance_tokens_per_s.of(k));
  return {s.name,
          k,
          tps ? with_ci(tps->ci) : "n/a",
          mean_cell(s, metrics::instance_time_window_ms.of(k), true),
          mean_cell(s, metrics::instance_time_preempted_ms.of(k), true),
          mean_cell(s, metrics::instance_time_waiting_ms.of(k), true),
          mean_cell(s, metrics::instance_time_irq_ms.of(k), true),
          mean_cell(s, metrics::instance_sched_per_1k.of(k), true)};
}

Json scenario_json(const ScenarioSummary& s, const std::vector<int>& indices) {
  Json list = Json::array();
  for (int i : indices) {
    const std::string k = std::to_string(i);
    const auto* tps = figure(s, metrics::instance_tokens_per_s.of(k));
    const auto* preempted = s.metric(metrics::instance_time_preempted_ms.of(k), true);
    list.push_back(Json{{"instance", i},
                        {"tokens_per_s", tps ? interval_json(tps->ci) : Json(nullptr)},
                        {"preempted_ms", preempted ? interval_json(preempted->ci) : Json(nullptr)}});
  }
  const auto* slowest = figure(s, metrics::instances_slowest);
  return Json{{"scenario", s.name},
              {"slowest", slowest ? interval_json(slowest->ci) : Json(nullptr)},
              {"instances", std::move(list)}};
}

}  // namespace

Section instances_section(const Report& r) {
  Section s{
      "instances", "Instances: each instance of a multi-instance workload (mean [95% CI])", {}, nullptr};
  Table t{"",
          {"scenario", "instance", "tok/s", "window (ms)", "preempted (ms)", "waiting (ms)", "IRQ (ms)",
           "Sched/1K"},
          {},
          "",
          {}};
  Json json = Json::array();
  for (const auto& sc : r.summary.scenarios) {
    const auto indices = instance_indices(sc);
    if (indices.empty()) continue;
    for (int i : indices) t.rows.push_back(instance_row(sc, i));
    if (const auto* slowest = figure(sc, metrics::instances_slowest))
      t.notes.push_back(sc.name + ": the slowest instance of each run averages " + with_ci(slowest->ci) +
                        " tok/s; the run's tok/s is the instances' sum");
    json.push_back(scenario_json(sc, indices));
  }
  if (t.rows.empty()) return s;  // no blocks: not a multi-instance selection, the section is left out
  t.notes.push_back(
      "window, preempted, waiting, IRQ: the instance's critical thread in traced runs (\"Where the time "
      "went\" "
      "per instance); n/a without traced runs");
  s.blocks.push_back(std::move(t));
  s.json = std::move(json);
  return s;
}

}  // namespace cudabench::results::report
