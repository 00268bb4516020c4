// compare_hosts: see hosts.h.
#include "results/stats/hosts.h"

#include "results/metrics/registry.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include <fmt/format.h>

namespace cudabench::results {
namespace {

using RunsByScenario = std::map<std::string, std::vector<const RunRecord*>>;

struct HostRuns {
  RunsByScenario untraced, traced;
  std::set<int64_t> sessions;
  std::set<std::string> cpu, gpu, driver, kernel;
  int runs = 0;
};

// Blocks pair only inside one session: (session, block) becomes one slot number.
class Slots {
 public:
  int of(const RunRecord& r) {
    return ids_.emplace(std::make_pair(r.session_id, r.block), ids_.size()).first->second;
  }

 private:
  std::map<std::pair<int64_t, int>, int> ids_;
};

std::vector<BlockValue> tokens(const std::vector<const RunRecord*>* runs, Slots& slots) {
  std::vector<BlockValue> out;
  if (runs)
    for (const auto* r : *runs)
      if (const auto* m = r->metric(metrics::tokens_per_s); m && std::isfinite(m->value) && m->value > 0)
        out.push_back({slots.of(*r), m->value});
  return out;
}

const std::vector<const RunRecord*>* find(const RunsByScenario& m, const std::string& name) {
  auto it = m.find(name);
  return it == m.end() || it->second.empty() ? nullptr : &it->second;
}

std::string one_or_mixed(const std::set<std::string>& values) {
  if (values.empty()) return "n/a";
  return values.size() == 1 ? *values.begin() : fmt::format("mixed ({})", values.size());
}

std::map<std::string, HostRuns> group(const std::vector<RunRecord>& runs,
                                      const std::vector<SessionInfo>& sessions) {
  std::map<int64_t, std::string> host_of;
  for (const auto& s : sessions) host_of[s.id] = s.host.empty() ? "unknown" : s.host;
  std::map<std::string, HostRuns> hosts;
  for (const auto& r : runs) {
    if (r.warmup || r.status != RunStatus::ok) continue;
    auto it = host_of.find(r.session_id);
    auto& h = hosts[it == host_of.end() ? "unknown" : it->second];
    (r.traced ? h.traced : h.untraced)[r.scenario].push_back(&r);
    h.sessions.insert(r.session_id);
    h.cpu.insert(r.env.cpu_model);
    h.gpu.insert(r.env.gpu_name);
    h.driver.insert(r.env.gpu_driver);
    h.kernel.insert(r.env.kernel);
    ++h.runs;
  }
  return hosts;
}

HostVerdict judge(const Change& c, const HostOptions& o) {
  const auto& pct = c.pct;
  if (!pct.valid()) return HostVerdict::not_compared;
  const bool beyond = std::abs(pct.estimate) > o.tau_pct;
  if (beyond && c.p_holm < o.alpha && (pct.lo > o.tau_pct || pct.hi < -o.tau_pct))
    return HostVerdict::differs;
  return beyond ? HostVerdict::inconclusive : HostVerdict::same;
}

void holm(std::vector<Change*> family) {
  std::vector<double> p, pmw;
  for (const auto* c : family) {
    p.push_back(c->p);
    pmw.push_back(c->p_mann_whitney);
  }
  const auto hp = stats::holm_adjust(p), hmw = stats::holm_adjust(pmw);
  for (size_t i = 0; i < family.size(); ++i) {
    family[i]->p_holm = hp[i];
    family[i]->p_mann_whitney_holm = hmw[i];
  }
}

// Each scenario against the baseline over the given hosts' runs, untraced when both have untraced
// runs, else traced.
std::vector<HostScenarioChange> scenario_changes(const std::vector<const HostRuns*>& hosts,
                                                 const std::vector<std::string>& order,
                                                 const std::string& baseline, const AggregateOptions& agg,
                                                 Slots& slots) {
  std::vector<HostScenarioChange> out;
  for (const auto& sc : order) {
    if (sc == baseline) continue;
    for (bool traced : {false, true}) {
      std::vector<BlockValue> base, mine;
      for (const auto* h : hosts) {
        const auto& m = traced ? h->traced : h->untraced;
        for (auto& v : tokens(find(m, baseline), slots)) base.push_back(v);
        for (auto& v : tokens(find(m, sc), slots)) mine.push_back(v);
      }
      if (base.size() < 2 || mine.size() < 2) continue;
      out.push_back({sc + (traced ? " (traced)" : ""), relative_change(base, mine, agg)});
      break;
    }
  }
  return out;
}

}  // namespace

const char* host_verdict_name(HostVerdict verdict) {
  switch (verdict) {
    case HostVerdict::same: return "same as the fleet";
    case HostVerdict::differs: return "DIFFERS from the fleet";
    case HostVerdict::inconclusive: return "inconclusive";
    case HostVerdict::not_compared: return "not compared";
  }
  return "?";
}

namespace {

std::vector<double> raw(const std::vector<BlockValue>& values) {
  std::vector<double> out;
  for (const auto& v : values) out.push_back(v.value);
  return out;
}

double mean_log(const std::vector<BlockValue>& values) {
  double sum = 0;
  for (const auto& v : values) sum += std::log(v.value);
  return values.empty() ? std::nan("") : sum / static_cast<double>(values.size());
}

// The fleet's baseline: the hosts whose mean lies within tau of the median host's. A host beyond it
// is left out of every other host's reference, so one deviating host does not make the others look
// different; with no such host (two hosts far apart) every host is in.
std::set<std::string> consensus(const std::map<std::string, std::vector<BlockValue>>& base, double tau_pct) {
  std::vector<double> means;
  for (const auto& [_, values] : base)
    if (values.size() >= 2) means.push_back(mean_log(values));
  std::set<std::string> in;
  if (means.empty()) return in;
  const double median = stats::median(means), limit = std::log1p(tau_pct / 100);
  for (const auto& [name, values] : base)
    if (values.size() >= 2 && std::abs(mean_log(values) - median) <= limit) in.insert(name);
  return in;
}

// The runs of the consensus hosts other than `host`; of every other host when there are none.
std::vector<BlockValue> reference_for(const std::string& host,
                                      const std::map<std::string, std::vector<BlockValue>>& base,
                                      const std::set<std::string>& fleet) {
  std::vector<BlockValue> out;
  for (bool everyone : {false, true}) {
    for (const auto& [name, values] : base)
      if (name != host && (everyone || fleet.count(name)))
        out.insert(out.end(), values.begin(), values.end());
    if (!out.empty()) break;
  }
  return out;
}

void compare_baselines(HostComparison& out, const std::map<std::string, HostRuns>& by_host, bool traced,
                       const HostOptions& o, Slots& slots) {
  std::map<std::string, std::vector<BlockValue>> base;
  for (const auto& [name, h] : by_host)
    base[name] = tokens(find(traced ? h.traced : h.untraced, out.baseline), slots);
  const auto fleet = consensus(base, o.tau_pct);
  std::vector<Change*> family;
  for (auto& h : out.hosts) {
    const auto& mine = base[h.host];
    h.baseline_traced = traced;
    h.baseline = summarize(metrics::tokens_per_s, "tok/s", raw(mine), o.aggregate, false);
    const auto others = reference_for(h.host, base, fleet);
    if (mine.size() < 2 || others.size() < 2) continue;
    h.vs_fleet = relative_change(others, mine, o.aggregate, false);
    family.push_back(&*h.vs_fleet);
  }
  holm(family);
  for (auto& h : out.hosts)
    if (h.vs_fleet) h.verdict = judge(*h.vs_fleet, o);
}

void add_notes(HostComparison& out, const std::map<std::string, HostRuns>& by_host, bool traced) {
  if (by_host.size() < 2)
    out.notes.push_back("one host only: nothing to compare it with (merge the fleet's databases first)");
  if (by_host.count("unknown"))
    out.notes.push_back("\"unknown\": sessions stored before cudabench recorded hosts (schema v4)");
  if (traced)
    out.notes.push_back("some hosts have no untraced baseline runs: baselines compared from traced runs");
  for (const auto& h : out.hosts)
    if (h.baseline.n < 2)
      out.notes.push_back(fmt::format("{}: fewer than 2 ok runs of {}: not compared", h.host, out.baseline));
  out.notes.push_back(fmt::format(
      "each host's {} tok/s vs the fleet's: the runs of the other hosts whose mean is within {}% of "
      "the median host's (all other hosts when none is); Welch interval on logs, Holm across hosts; "
      "differs: Holm p < {} and the whole CI beyond +-{}%",
      out.baseline, out.tau_pct, out.alpha, out.tau_pct));
}

}  // namespace

HostComparison compare_hosts(const std::vector<RunRecord>& runs, const std::vector<SessionInfo>& sessions,
                             const HostOptions& options) {
  HostComparison out;
  out.baseline = options.aggregate.baseline;
  out.tau_pct = options.tau_pct;
  out.alpha = options.alpha;
  const auto by_host = group(runs, sessions);
  bool traced = false;
  std::set<std::string> names;
  for (const auto& [_, h] : by_host) {
    if (find(h.traced, out.baseline) && !find(h.untraced, out.baseline)) traced = true;
    for (const auto* m : {&h.untraced, &h.traced})
      for (const auto& [n, _r] : *m) names.insert(n);
  }
  const auto order = order_scenarios({names.begin(), names.end()}, out.baseline);
  Slots slots;
  std::map<std::string, std::vector<Change*>> per_scenario;
  for (const auto& [name, h] : by_host) {
    HostSummary s;
    s.host = name;
    s.sessions = static_cast<int>(h.sessions.size());
    s.runs = h.runs;
    s.cpu_model = one_or_mixed(h.cpu);
    s.gpu_name = one_or_mixed(h.gpu);
    s.gpu_driver = one_or_mixed(h.driver);
    s.kernel = one_or_mixed(h.kernel);
    s.scenarios = scenario_changes({&h}, order, out.baseline, options.aggregate, slots);
    out.hosts.push_back(std::move(s));
  }
  for (auto& h : out.hosts)
    for (auto& c : h.scenarios) per_scenario[c.scenario].push_back(&c.change);
  for (auto& [_, family] : per_scenario) holm(family);
  compare_baselines(out, by_host, traced, options, slots);
  std::vector<const HostRuns*> all;
  for (const auto& [_, h] : by_host) all.push_back(&h);
  out.fleet = scenario_changes(all, order, out.baseline, options.aggregate, slots);
  add_notes(out, by_host, traced);
  return out;
}

}  // namespace cudabench::results
