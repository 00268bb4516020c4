// The data part of the JSON report (docs/json.md, "cudabench-report/2"): every scenario's metric
// summaries with their unit, kind and direction from the registry, every change with its interval,
// null for what could not be estimated. Like nvbench's json_printer, the schema name carries a
// version so readers can refuse what they do not understand.
#include "results/report/report_parts.h"

#include "results/report/format.h"

namespace cudabench::results::report {
namespace {

Json metric_summary(const std::string& name, const MetricSummary& m) {
  const auto d = metrics::describe(name, m.unit);
  return Json{{"unit", m.unit},
              {"kind", metrics::kind_name(d.kind)},
              {"direction", metrics::direction_name(d.direction)},
              {"registered", d.registered},
              {"n", m.n},
              {"mean", m.mean},
              {"median", m.median},
              {"stddev", m.stddev},
              {"cov", m.cov},
              {"ci", interval_json(m.ci)},
              {"median_ci", interval_json(m.median_ci)}};
}

Json metric_map(const std::map<std::string, MetricSummary>& metrics) {
  Json out = Json::object();
  for (const auto& [name, s] : metrics) out[name] = metric_summary(name, s);
  return out;
}

// "sched_ratio_not_comparable": why the ratio is null though both sides have traced runs.
Json not_comparable(const std::string& why) {
  return why.empty() ? Json(nullptr) : Json(why);
}

Json scenario(const ScenarioSummary& s, double band) {
  Json j{{"name", s.name}, {"untraced_runs", s.untraced_runs}, {"traced_runs", s.traced_runs}};
  j["metrics"] = Json{{"untraced", metric_map(s.untraced)}, {"traced", metric_map(s.traced)}};
  j["intensity"] = metric_map(s.intensity);
  j["throughput_vs_baseline"] = change_json(s.throughput, band);
  j["degradation_pct"] = s.throughput ? interval_json(degradation(s.throughput->pct)) : Json(nullptr);
  j["throughput_from_traced"] = s.throughput_from_traced;
  j["sched_ratio_vs_baseline"] = interval_json(s.sched_ratio);
  j["sched_ratio_not_comparable"] = not_comparable(s.sched_ratio_na);
  j["tracer_overhead"] = change_json(s.tracer_overhead, band);
  Json by_level = Json::object();
  for (const auto& [level, c] : s.tracer_overhead_by_level) by_level[trace_level_name(level)] = change_json(c, band);
  j["tracer_overhead_by_level"] = by_level;
  j["blocks_needed"] = s.blocks_needed > 0 ? Json(s.blocks_needed) : Json(nullptr);
  j["outliers"] = Json::array();
  for (const auto& o : s.outliers)
    j["outliers"].push_back(
        Json{{"run", o.run_id}, {"metric", o.metric}, {"traced", o.traced}, {"value", o.value}, {"z", o.z},
             {"likely_cause", o.likely_cause}});
  return j;
}

Json environments(const Report& r) {
  Json out = Json::array();
  for (const auto& g : r.summary.environments) {
    const auto& e = g.env;
    Json versions = Json::object();
    for (const auto& [tool, v] : e.tool_versions) versions[tool] = v;
    out.push_back(Json{{"runs", g.runs},
                       {"hash", e.hash()},
                       {"kernel", e.kernel},
                       {"cpu_model", e.cpu_model},
                       {"cpu_count", e.cpu_count},
                       {"governor", e.governor},
                       {"smt", e.smt},
                       {"gpu_name", e.gpu_name},
                       {"gpu_driver", e.gpu_driver},
                       {"git_sha", e.git_sha},
                       {"isolcpus", e.isolcpus},
                       {"nohz_full", e.nohz_full},
                       {"tool_versions", versions}});
  }
  return out;
}

}  // namespace

Json change_json(const std::optional<Change>& c, double band) {
  if (!c) return nullptr;
  return Json{{"change_pct", interval_json(c->pct)},
              {"bootstrap_change_pct", interval_json(c->bootstrap_pct)},
              {"method", c->method},
              {"p", c->p},
              {"p_welch", c->p_welch},
              {"p_mann_whitney", c->p_mann_whitney},
              {"p_holm", c->p_holm},
              {"p_mann_whitney_holm", c->p_mann_whitney_holm},
              {"sd_log", c->sd_log},
              {"verdict", throughput_verdict(c->pct, band)}};
}

Json session_json(const Report& r) {
  const auto& s = r.summary.session;
  if (!s) return nullptr;
  // The seed is a string: a 64-bit integer loses digits in JavaScript and in jq before 1.7.
  return Json{{"id", s->id},
              {"tag", s->tag},
              {"started_at", s->started_at},
              {"finished_at", s->finished_at},
              {"status", s->status},
              {"seed", std::to_string(s->seed)},
              {"blocks", s->blocks},
              {"warmup_per_scenario", s->warmup},
              {"trace_mode", s->trace_mode},
              {"argv", s->argv}};
}

void add_report_data(const Report& r, Json& doc) {
  doc["scenarios"] = Json::array();
  for (const auto& s : r.summary.scenarios) doc["scenarios"].push_back(scenario(s, r.threshold_pct));
  doc["mitigations"] = Json::array();
  for (const auto& m : r.summary.mitigations)
    doc["mitigations"].push_back(Json{{"mitigated", m.mitigated},
                                      {"unmitigated", m.unmitigated},
                                      {"throughput", change_json(m.throughput, r.threshold_pct)},
                                      {"sched_ratio", interval_json(m.sched_ratio)},
                                      {"sched_ratio_not_comparable", not_comparable(m.sched_ratio_na)}});
  doc["excluded_runs"] = Json::array();
  for (const auto& e : r.summary.excluded)
    doc["excluded_runs"].push_back(Json{{"run", e.id},
                                        {"scenario", e.scenario},
                                        {"block", e.block},
                                        {"traced", e.traced},
                                        {"status", e.status},
                                        {"reason", e.reason}});
  doc["timeline"] = Json::array();
  for (const auto& p : r.summary.timeline)
    doc["timeline"].push_back(Json{{"run", p.id},
                                   {"scenario", p.scenario},
                                   {"block", p.block},
                                   {"position", p.position},
                                   {"traced", p.traced},
                                   {"tokens_per_s", p.tokens_per_s}});
  doc["environments"] = environments(r);
}

}  // namespace cudabench::results::report
