// JSON report, schema "cudabench-report/1": stable keys, every estimate with its interval, null for
// what could not be estimated. Like nvbench's json_printer, the schema name carries a version so
// readers can refuse what they do not understand.
#include <ostream>

#include "results/report/format.h"
#include "results/report/json_writer.h"
#include "results/report/model.h"
#include "results/report/tables.h"

namespace cudabench::results::report {
namespace {

void metric_summary(JsonWriter& w, const MetricSummary& m) {
  w.begin_object();
  w.field("unit", m.unit).field("n", m.n).field("mean", m.mean).field("median", m.median);
  w.field("stddev", m.stddev).field("cov", m.cov);
  w.key("ci").interval(m.ci);
  w.key("median_ci").interval(m.median_ci);
  w.end_object();
}

void metric_map(JsonWriter& w, const std::map<std::string, MetricSummary>& m) {
  w.begin_object();
  for (const auto& [name, s] : m) {
    w.key(name);
    metric_summary(w, s);
  }
  w.end_object();
}

void change(JsonWriter& w, const std::optional<Change>& c) {
  if (!c) {
    w.null();
    return;
  }
  w.begin_object();
  w.key("change_pct").interval(c->pct);
  w.key("bootstrap_change_pct").interval(c->bootstrap_pct);
  w.field("method", c->method).field("p", c->p).field("p_welch", c->p_welch);
  w.field("p_mann_whitney", c->p_mann_whitney).field("p_holm", c->p_holm);
  w.field("p_mann_whitney_holm", c->p_mann_whitney_holm);
  w.field("verdict", throughput_verdict(c->pct));
  w.end_object();
}

void optional_interval(JsonWriter& w, const std::optional<stats::Interval>& i) {
  if (i)
    w.interval(*i);
  else
    w.null();
}

// "sched_ratio_not_comparable": why the ratio above is null though both sides have traced runs.
void not_comparable(JsonWriter& w, const std::string& why) {
  w.key("sched_ratio_not_comparable");
  if (why.empty())
    w.null();
  else
    w.value(why);
}

void scenario(JsonWriter& w, const ScenarioSummary& s) {
  w.begin_object();
  w.field("name", s.name).field("untraced_runs", s.untraced_runs).field("traced_runs", s.traced_runs);
  w.key("metrics").begin_object();
  w.key("untraced");
  metric_map(w, s.untraced);
  w.key("traced");
  metric_map(w, s.traced);
  w.end_object();
  w.key("intensity");
  metric_map(w, s.intensity);
  w.key("throughput_vs_baseline");
  change(w, s.throughput);
  if (s.throughput)
    w.key("degradation_pct").interval(degradation(s.throughput->pct));
  else
    w.key("degradation_pct").null();
  w.field("throughput_from_traced", s.throughput_from_traced);
  w.key("sched_ratio_vs_baseline");
  optional_interval(w, s.sched_ratio);
  not_comparable(w, s.sched_ratio_na);
  w.key("tracer_overhead");
  change(w, s.tracer_overhead);
  w.key("blocks_needed");
  if (s.blocks_needed > 0)
    w.value(s.blocks_needed);
  else
    w.null();
  w.key("outliers").begin_array();
  for (const auto& o : s.outliers) {
    w.begin_object();
    w.field("run", o.run_id)
        .field("metric", o.metric)
        .field("traced", o.traced)
        .field("value", o.value)
        .field("z", o.z);
    w.end_object();
  }
  w.end_array();
  w.end_object();
}

void session(JsonWriter& w, const Report& r) {
  const auto& s = r.summary.session;
  if (!s) {
    w.null();
    return;
  }
  w.begin_object();
  w.field("id", s->id)
      .field("tag", s->tag)
      .field("started_at", s->started_at)
      .field("finished_at", s->finished_at);
  w.field("status", s->status).field("seed", s->seed).field("blocks", s->blocks).field("warmup", s->warmup);
  w.field("trace_mode", s->trace_mode).field("argv", s->argv);
  w.end_object();
}

void environments(JsonWriter& w, const Report& r) {
  w.begin_array();
  for (const auto& g : r.summary.environments) {
    const auto& e = g.env;
    w.begin_object();
    w.field("runs", g.runs).field("hash", e.hash()).field("kernel", e.kernel).field("cpu_model", e.cpu_model);
    w.field("cpu_count", e.cpu_count).field("governor", e.governor).field("smt", e.smt);
    w.field("gpu_name", e.gpu_name).field("gpu_driver", e.gpu_driver).field("git_sha", e.git_sha);
    w.field("isolcpus", e.isolcpus).field("nohz_full", e.nohz_full);
    w.key("tool_versions").begin_object();
    for (const auto& [tool, v] : e.tool_versions) w.field(tool, v);
    w.end_object();
    w.end_object();
  }
  w.end_array();
}

void lists(JsonWriter& w, const Report& r) {
  w.key("mitigations").begin_array();
  for (const auto& m : r.summary.mitigations) {
    w.begin_object();
    w.field("mitigated", m.mitigated).field("unmitigated", m.unmitigated);
    w.key("throughput");
    change(w, m.throughput);
    w.key("sched_ratio");
    optional_interval(w, m.sched_ratio);
    not_comparable(w, m.sched_ratio_na);
    w.end_object();
  }
  w.end_array();
  w.key("excluded_runs").begin_array();
  for (const auto& e : r.summary.excluded) {
    w.begin_object();
    w.field("run", e.id).field("scenario", e.scenario).field("block", e.block).field("traced", e.traced);
    w.field("status", e.status).field("reason", e.reason);
    w.end_object();
  }
  w.end_array();
  w.key("timeline").begin_array();
  for (const auto& p : r.summary.timeline) {
    w.begin_object();
    w.field("run", p.id).field("scenario", p.scenario).field("block", p.block).field("position", p.position);
    w.field("traced", p.traced).field("tokens_per_s", p.tokens_per_s);
    w.end_object();
  }
  w.end_array();
  w.key("advice").begin_array();
  for (const auto& a : r.advice) {
    w.begin_object();
    w.field("topic", a.topic).field("finding", a.finding).field("action", a.action);
    w.end_object();
  }
  w.end_array();
  w.key("notes").begin_array();
  for (const auto& n : r.summary.notes) w.value(n);
  w.end_array();
}

}  // namespace

void render_json(const Report& r, std::ostream& out) {
  JsonWriter w(out);
  w.begin_object();
  w.field("schema", json_schema).field("source", r.source).field("selection", r.selection);
  w.key("session");
  session(w, r);
  w.field("baseline", r.summary.baseline).field("baseline_found", r.summary.baseline_found);
  w.field("confidence_level", r.summary.level)
      .field("target_half_width_pct", r.summary.target_half_width_pct);
  w.field("warmup_runs", r.summary.warmup_runs);
  w.key("scenarios").begin_array();
  for (const auto& s : r.summary.scenarios) scenario(w, s);
  w.end_array();
  lists(w, r);
  w.key("environments");
  environments(w, r);
  w.end_object();
  out << "\n";
}

void render_comparison_json(const Comparison& c, std::ostream& out) {
  JsonWriter w(out);
  w.begin_object();
  w.field("schema", json_compare_schema).field("a", c.label_a).field("b", c.label_b);
  w.field("tau_pct", c.tau_pct).field("tau_source", c.tau_source).field("gate", gate_name(c.outcome));
  w.field("exit_code", exit_code(c.outcome));
  w.key("changes").begin_array();
  for (const auto& m : c.changes) {
    w.begin_object();
    w.field("scenario", m.scenario).field("metric", m.metric).field("unit", m.unit).field("traced", m.traced);
    w.field("n_a", m.n_a).field("n_b", m.n_b).field("mean_a", m.mean_a).field("mean_b", m.mean_b);
    w.key("change");
    change(w, m.change);
    w.field("verdict", m.verdict).field("gated", m.gated);
    w.key("gate");
    if (m.gated)
      w.value(gate_name(m.gate));
    else
      w.null();
    w.end_object();
  }
  w.end_array();
  w.key("only_in_a").begin_array();
  for (const auto& s : c.only_in_a) w.value(s);
  w.end_array();
  w.key("only_in_b").begin_array();
  for (const auto& s : c.only_in_b) w.value(s);
  w.end_array();
  w.key("notes").begin_array();
  for (const auto& n : c.notes) w.value(n);
  w.end_array();
  w.end_object();
  out << "\n";
}

}  // namespace cudabench::results::report
