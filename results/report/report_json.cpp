// JSON report, schema "cudabench-report/1": stable keys, every estimate with its interval, null for
// what could not be estimated. Like nvbench's json_printer, the schema name carries a version so
// readers can refuse what they do not understand.
#include <ostream>

#include "results/report/format.h"
#include "results/report/json_doc.h"
#include "results/report/model.h"
#include "results/report/tables.h"

namespace cudabench::results::report {
namespace {

Json metric_summary(const MetricSummary& m) {
  return Json{{"unit", m.unit},
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
  for (const auto& [name, s] : metrics) out[name] = metric_summary(s);
  return out;
}

Json change(const std::optional<Change>& c) {
  if (!c) return nullptr;
  return Json{{"change_pct", interval_json(c->pct)},
              {"bootstrap_change_pct", interval_json(c->bootstrap_pct)},
              {"method", c->method},
              {"p", c->p},
              {"p_welch", c->p_welch},
              {"p_mann_whitney", c->p_mann_whitney},
              {"p_holm", c->p_holm},
              {"p_mann_whitney_holm", c->p_mann_whitney_holm},
              {"verdict", throughput_verdict(c->pct)}};
}

// "sched_ratio_not_comparable": why the ratio is null though both sides have traced runs.
Json not_comparable(const std::string& why) {
  return why.empty() ? Json(nullptr) : Json(why);
}

Json scenario(const ScenarioSummary& s) {
  Json j{{"name", s.name}, {"untraced_runs", s.untraced_runs}, {"traced_runs", s.traced_runs}};
  j["metrics"] = Json{{"untraced", metric_map(s.untraced)}, {"traced", metric_map(s.traced)}};
  j["intensity"] = metric_map(s.intensity);
  j["throughput_vs_baseline"] = change(s.throughput);
  j["degradation_pct"] = s.throughput ? interval_json(degradation(s.throughput->pct)) : Json(nullptr);
  j["throughput_from_traced"] = s.throughput_from_traced;
  j["sched_ratio_vs_baseline"] = interval_json(s.sched_ratio);
  j["sched_ratio_not_comparable"] = not_comparable(s.sched_ratio_na);
  j["tracer_overhead"] = change(s.tracer_overhead);
  j["blocks_needed"] = s.blocks_needed > 0 ? Json(s.blocks_needed) : Json(nullptr);
  j["outliers"] = Json::array();
  for (const auto& o : s.outliers)
    j["outliers"].push_back(
        Json{{"run", o.run_id}, {"metric", o.metric}, {"traced", o.traced}, {"value", o.value}, {"z", o.z}});
  return j;
}

Json session(const Report& r) {
  const auto& s = r.summary.session;
  if (!s) return nullptr;
  return Json{{"id", s->id},
              {"tag", s->tag},
              {"started_at", s->started_at},
              {"finished_at", s->finished_at},
              {"status", s->status},
              {"seed", s->seed},
              {"blocks", s->blocks},
              {"warmup", s->warmup},
              {"trace_mode", s->trace_mode},
              {"argv", s->argv}};
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

void lists(const Report& r, Json& doc) {
  doc["mitigations"] = Json::array();
  for (const auto& m : r.summary.mitigations)
    doc["mitigations"].push_back(Json{{"mitigated", m.mitigated},
                                      {"unmitigated", m.unmitigated},
                                      {"throughput", change(m.throughput)},
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
  doc["advice"] = Json::array();
  for (const auto& a : r.advice)
    doc["advice"].push_back(Json{{"topic", a.topic}, {"finding", a.finding}, {"action", a.action}});
  doc["notes"] = r.summary.notes;
}

}  // namespace

void render_json(const Report& r, std::ostream& out) {
  Json doc{{"schema", json_schema}, {"source", r.source}, {"selection", r.selection}};
  doc["session"] = session(r);
  doc["baseline"] = r.summary.baseline;
  doc["baseline_found"] = r.summary.baseline_found;
  doc["confidence_level"] = r.summary.level;
  doc["target_half_width_pct"] = r.summary.target_half_width_pct;
  doc["warmup_runs"] = r.summary.warmup_runs;
  doc["scenarios"] = Json::array();
  for (const auto& s : r.summary.scenarios) doc["scenarios"].push_back(scenario(s));
  lists(r, doc);
  doc["environments"] = environments(r);
  write_json(doc, out);
}

void render_comparison_json(const Comparison& c, std::ostream& out) {
  Json doc{{"schema", json_compare_schema},
           {"a", c.label_a},
           {"b", c.label_b},
           {"tau_pct", c.tau_pct},
           {"tau_source", c.tau_source},
           {"gate", gate_name(c.outcome)},
           {"exit_code", exit_code(c.outcome)}};
  doc["changes"] = Json::array();
  for (const auto& m : c.changes)
    doc["changes"].push_back(Json{{"scenario", m.scenario},
                                  {"metric", m.metric},
                                  {"unit", m.unit},
                                  {"traced", m.traced},
                                  {"n_a", m.n_a},
                                  {"n_b", m.n_b},
                                  {"mean_a", m.mean_a},
                                  {"mean_b", m.mean_b},
                                  {"change", change(m.change)},
                                  {"verdict", m.verdict},
                                  {"gated", m.gated},
                                  {"gate", m.gated ? Json(gate_name(m.gate)) : Json(nullptr)}});
  doc["only_in_a"] = c.only_in_a;
  doc["only_in_b"] = c.only_in_b;
  doc["notes"] = c.notes;
  write_json(doc, out);
}

}  // namespace cudabench::results::report
