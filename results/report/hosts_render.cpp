// render_hosts: two tables (each host's baseline against the fleet; each scenario's change against
// the same host's baseline, per host and over the fleet) or their JSON.
#include "results/report/hosts_render.h"

#include <algorithm>
#include <ostream>

#include <fmt/format.h>

#include "common/error.h"
#include "results/report/format.h"
#include "results/report/json_writer.h"

namespace cudabench::results::report {
namespace {

std::string cell(const std::vector<HostScenarioChange>& changes, const std::string& scenario) {
  for (const auto& c : changes)
    if (c.scenario == scenario) return pct_ci(c.change.pct);
  return "n/a";
}

Table baseline_table(const HostComparison& h) {
  Table t{"hosts",
          fmt::format("Hosts: {} tok/s against the fleet's", h.baseline),
          {"host", "sessions", "runs", "CPU", "GPU, driver", "kernel", "tok/s [95% CI]", "vs fleet",
           "p (Holm)", "verdict"},
          {},
          "no ok runs in the selection",
          h.notes};
  for (const auto& s : h.hosts)
    t.rows.push_back({s.host, std::to_string(s.sessions), std::to_string(s.runs), s.cpu_model,
                      s.gpu_name + ", " + s.gpu_driver, s.kernel,
                      s.baseline.n > 0 ? with_ci(s.baseline.mean, s.baseline.ci) : "n/a",
                      s.vs_fleet ? pct_ci(s.vs_fleet->pct) : "n/a",
                      s.vs_fleet ? p_value(s.vs_fleet->p_holm) : "n/a", host_verdict_name(s.verdict)});
  return t;
}

Table scenario_table(const HostComparison& h) {
  std::vector<std::string> scenarios;
  auto add = [&](const std::vector<HostScenarioChange>& changes) {
    for (const auto& c : changes)
      if (std::find(scenarios.begin(), scenarios.end(), c.scenario) == scenarios.end())
        scenarios.push_back(c.scenario);
  };
  add(h.fleet);
  for (const auto& s : h.hosts) add(s.scenarios);
  Table t{"host_scenarios",
          fmt::format("tok/s change against the same host's {} (95% CI, paired by block within a session)",
                      h.baseline),
          {"host"},
          {},
          fmt::format("no scenario other than {} has ok runs beside it", h.baseline),
          {"fleet: every host's sessions together; a host whose row departs from the fleet's reacts "
           "differently to the same interference"}};
  t.header.insert(t.header.end(), scenarios.begin(), scenarios.end());
  if (scenarios.empty()) return t;
  auto row = [&](const std::string& name, const std::vector<HostScenarioChange>& changes) {
    std::vector<std::string> r = {name};
    for (const auto& sc : scenarios) r.push_back(cell(changes, sc));
    t.rows.push_back(std::move(r));
  };
  for (const auto& s : h.hosts) row(s.host, s.scenarios);
  row("fleet", h.fleet);
  return t;
}

void change_json(JsonWriter& w, const Change& c) {
  w.begin_object().key("change_pct").interval(c.pct).field("method", c.method).field("p", c.p);
  w.field("p_holm", c.p_holm).end_object();
}

void changes_json(JsonWriter& w, const std::vector<HostScenarioChange>& changes) {
  w.begin_array();
  for (const auto& c : changes) {
    w.begin_object().field("scenario", c.scenario).key("change");
    change_json(w, c.change);
    w.end_object();
  }
  w.end_array();
}

void json(const HostComparison& h, const std::string& selection, std::ostream& out) {
  JsonWriter w(out);
  w.begin_object().field("schema", "cudabench-hosts/1").field("selection", selection);
  w.field("baseline", h.baseline).field("tau_pct", h.tau_pct).field("alpha", h.alpha);
  w.key("hosts").begin_array();
  for (const auto& s : h.hosts) {
    w.begin_object().field("host", s.host).field("sessions", s.sessions).field("runs", s.runs);
    w.field("cpu_model", s.cpu_model).field("gpu_name", s.gpu_name).field("gpu_driver", s.gpu_driver);
    w.field("kernel", s.kernel).field("baseline_traced", s.baseline_traced);
    w.key("baseline_tokens_per_s").interval(s.baseline.ci);
    w.key("vs_fleet");
    if (s.vs_fleet)
      change_json(w, *s.vs_fleet);
    else
      w.null();
    w.field("verdict", host_verdict_name(s.verdict)).key("scenarios");
    changes_json(w, s.scenarios);
    w.end_object();
  }
  w.end_array().key("fleet");
  changes_json(w, h.fleet);
  w.key("notes").begin_array();
  for (const auto& n : h.notes) w.value(n);
  w.end_array().end_object();
  out << "\n";
}

}  // namespace

void render_hosts(const HostComparison& hosts, const std::string& selection, Format format, std::ostream& out,
                  const TextStyle& style) {
  switch (format) {
    case Format::json: json(hosts, selection, out); return;
    case Format::markdown:
      out << "# cudabench hosts: " << selection << "\n\n";
      render_tables({baseline_table(hosts), scenario_table(hosts)}, true, out, style);
      return;
    case Format::text:
      out << "cudabench hosts: " << selection << "\n\n";
      render_tables({baseline_table(hosts), scenario_table(hosts)}, false, out, style);
      return;
    default: throw UserError("report --by host writes text, markdown or json");
  }
}

}  // namespace cudabench::results::report
