// hosts_document: two tables (each host's baseline against the fleet; each scenario's change against
// the same host's baseline, per host and over the fleet) and their JSON ("cudabench-hosts/1").
#include "results/report/hosts_render.h"

#include <fmt/format.h>

#include <algorithm>

#include "results/report/format.h"
#include "results/report/json_doc.h"

namespace cudabench::results::report {
namespace {

std::string cell(const std::vector<HostScenarioChange>& changes, const std::string& scenario) {
  for (const auto& c : changes)
    if (c.scenario == scenario) return pct_ci(c.change.pct);
  return "n/a";
}

Table baseline_table(const HostComparison& h) {
  Table t{fmt::format("Hosts: {} tok/s against the fleet's", h.baseline),
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
  Table t{fmt::format("tok/s change against the same host's {} (95% CI, paired by block within a session)",
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

Json change_json(const Change& c) {
  return Json{{"change_pct", interval_json(c.pct)}, {"method", c.method}, {"p", c.p}, {"p_holm", c.p_holm}};
}

Json changes_json(const std::vector<HostScenarioChange>& changes) {
  Json out = Json::array();
  for (const auto& c : changes)
    out.push_back(Json{{"scenario", c.scenario}, {"change", change_json(c.change)}});
  return out;
}

Json hosts_json(const HostComparison& h, const std::string& selection) {
  Json hosts = Json::array();
  for (const auto& s : h.hosts)
    hosts.push_back(Json{{"host", s.host},
                         {"sessions", s.sessions},
                         {"runs", s.runs},
                         {"cpu_model", s.cpu_model},
                         {"gpu_name", s.gpu_name},
                         {"gpu_driver", s.gpu_driver},
                         {"kernel", s.kernel},
                         {"baseline_traced", s.baseline_traced},
                         {"baseline_tokens_per_s", interval_json(s.baseline.ci)},
                         {"vs_fleet", s.vs_fleet ? change_json(*s.vs_fleet) : Json(nullptr)},
                         {"verdict", host_verdict_name(s.verdict)},
                         {"scenarios", changes_json(s.scenarios)}});
  return Json{{"schema", "cudabench-hosts/1"},  {"selection", selection}, {"baseline", h.baseline},
              {"tau_pct", h.tau_pct},           {"alpha", h.alpha},       {"hosts", hosts},
              {"fleet", changes_json(h.fleet)}, {"notes", h.notes}};
}

}  // namespace

Document hosts_document(const HostComparison& hosts, const std::string& selection) {
  Document doc;
  doc.title = "cudabench hosts: " + selection;
  doc.sections.push_back({"hosts", "Hosts against the fleet", {baseline_table(hosts)}, nullptr});
  doc.sections.push_back({"host_scenarios", "Scenarios per host", {scenario_table(hosts)}, nullptr});
  doc.json = hosts_json(hosts, selection);
  doc.csv = baseline_table(hosts);
  return doc;
}

}  // namespace cudabench::results::report
