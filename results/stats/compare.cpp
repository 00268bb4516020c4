// compare_runs: candidate B against reference A, per scenario and metric, and the regression gate.
#include "results/stats/compare.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <set>

#include <fmt/format.h>

#include "results/stats/like_with_like.h"

namespace cudabench::results {
namespace {

constexpr double nan_v = std::numeric_limits<double>::quiet_NaN();
constexpr double default_tau_pct = 2.0;  // docs/methodology.md: tau = max(2%, 3 x A/A half-width)

struct Side {
  std::map<std::string, std::vector<const RunRecord*>> untraced, traced;
  std::vector<std::string> order;  // scenarios as aggregate_runs orders them
  std::set<std::string> env_hashes;
};

Side group(const std::vector<RunRecord>& runs, const AggregateOptions& options) {
  Side s;
  for (const auto& r : runs) {
    if (r.warmup || r.status != RunStatus::ok) continue;
    (r.traced ? s.traced : s.untraced)[r.scenario].push_back(&r);
    s.env_hashes.insert(r.env.hash());
  }
  std::vector<std::string> names;
  for (const auto& [n, _] : s.untraced) names.push_back(n);
  for (const auto& [n, _] : s.traced)
    if (!s.untraced.count(n)) names.push_back(n);
  s.order = order_scenarios(names, options.baseline);
  return s;
}

std::vector<BlockValue> values(const std::vector<const RunRecord*>* runs, const std::string& metric,
                               std::string* unit) {
  std::vector<BlockValue> out;
  if (!runs) return out;
  for (const auto* r : *runs)
    if (const auto* m = r->metric(metric); m && std::isfinite(m->value)) {
      out.push_back({r->block, m->value});
      if (unit && unit->empty()) *unit = m->unit;
    }
  return out;
}

const std::vector<const RunRecord*>* find(const std::map<std::string, std::vector<const RunRecord*>>& m,
                                          const std::string& name) {
  auto it = m.find(name);
  return it == m.end() ? nullptr : &it->second;
}

// The harness's own per-run timings (phase.*, bench/overhead) say nothing about the workload and are
// left out of comparisons.
std::set<std::string> metric_names(const std::vector<const RunRecord*>* runs) {
  std::set<std::string> out;
  if (runs)
    for (const auto* r : *runs)
      for (const auto& m : r->metrics)
        if (m.name.rfind("phase.", 0) != 0) out.insert(m.name);
  return out;
}

// Counts can be 0 in some runs (HardIRQ/1K): a log-ratio is undefined there, so those metrics use
// the ratio of arithmetic means (delta method) and a Welch test on the raw values.
Change change_of(const std::vector<BlockValue>& a, const std::vector<BlockValue>& b, bool paired,
                 const AggregateOptions& options) {
  bool positive = true;
  std::vector<double> ra, rb;
  for (const auto& v : a) {
    positive &= v.value > 0;
    ra.push_back(v.value);
  }
  for (const auto& v : b) {
    positive &= v.value > 0;
    rb.push_back(v.value);
  }
  if (positive) return relative_change(a, b, options, paired);
  Change c;
  c.method = "ratio of means (delta method)";
  const auto r = stats::ratio_of_means(ra, rb, options.level);
  c.pct = {(r.estimate - 1) * 100, (r.lo - 1) * 100, (r.hi - 1) * 100, r.n};
  c.bootstrap_pct = {nan_v, nan_v, nan_v, 0};
  c.p = c.p_welch = stats::welch_t_test(ra, rb).p;
  c.p_mann_whitney = stats::mann_whitney_u(ra, rb).p;
  if (stats::mean(ra) == 0 && stats::mean(rb) == 0) c.pct = {0, 0, 0, r.n};  // both always zero
  c.p_holm = c.p;
  c.p_mann_whitney_holm = c.p_mann_whitney;
  return c;
}

// Speed words only for speed figures (tok/s, the workload's own times); a mechanism figure is
// "higher" or "lower", which the registry's direction turns into better or worse for the reader.
std::string verdict_of(const std::string& metric, const Change& c) {
  if (!c.pct.valid()) return "inconclusive";
  if (!c.pct.excludes(0)) return "no significant difference";
  const bool higher = c.pct.lo > 0;
  const auto d = metrics::describe(metric);
  const bool speed = d.kind == metrics::Kind::figure || d.kind == metrics::Kind::latency;
  if (!speed || d.direction == metrics::Direction::neutral) return higher ? "higher" : "lower";
  return higher == (d.direction == metrics::Direction::higher_is_better) ? "faster" : "slower";
}

// A/A: two scenarios of the reference with the same configuration hash under different names
// measure the noise of identical configurations (docs/methodology.md "Regression gate"). Runs stored
// before the configuration hash existed fall back to the text hash.
double aa_half_width(const Side& a, const AggregateOptions& options, std::string* which) {
  std::map<std::string, std::string> by_hash;
  double worst = nan_v;
  for (const auto& [name, runs] : a.untraced) {
    if (runs.empty()) continue;
    const RunRecord& first = *runs.front();
    const std::string& hash = first.config_hash.empty() ? first.scenario_hash : first.config_hash;
    if (hash.empty()) continue;
    auto [it, fresh] = by_hash.emplace(hash, name);
    if (fresh) continue;
    const auto c = relative_change(values(find(a.untraced, it->second), metrics::tokens_per_s, nullptr),
                                   values(&runs, metrics::tokens_per_s, nullptr), options);
    if (c.pct.valid() && !(c.pct.half_width() <= worst)) {
      worst = c.pct.half_width();
      *which = it->second + " vs " + name;
    }
  }
  return worst;
}

void add_scenario(const std::string& sc, const Side& a, const Side& b, bool paired,
                  const CompareOptions& options, Comparison& out) {
  const auto ua = metric_names(find(a.untraced, sc)), ub = metric_names(find(b.untraced, sc));
  const auto ta = metric_names(find(a.traced, sc)), tb = metric_names(find(b.traced, sc));
  std::vector<std::pair<std::string, bool>> compared;  // metric, from traced runs
  auto add = [&](const std::string& m, bool traced) { compared.emplace_back(m, traced); };
  if (ua.count(metrics::tokens_per_s) && ub.count(metrics::tokens_per_s))
    add(metrics::tokens_per_s, false);
  else if (ta.count(metrics::tokens_per_s) && tb.count(metrics::tokens_per_s))
    add(metrics::tokens_per_s, true);
  for (const auto& m : ua)
    if (m != metrics::tokens_per_s && ub.count(m)) add(m, false);
  for (const auto& m : ta)
    if (m != metrics::tokens_per_s && tb.count(m) && !(ua.count(m) && ub.count(m))) add(m, true);
  for (const auto& [metric, traced] : compared) {
    MetricChange mc;
    mc.scenario = sc;
    mc.metric = metric;
    mc.traced = traced;
    const auto& ma = traced ? a.traced : a.untraced;
    const auto& mb = traced ? b.traced : b.untraced;
    const auto va = values(find(ma, sc), metric, &mc.unit), vb = values(find(mb, sc), metric, nullptr);
    mc.n_a = static_cast<int>(va.size());
    mc.n_b = static_cast<int>(vb.size());
    std::vector<double> ra, rb;
    for (const auto& v : va) ra.push_back(v.value);
    for (const auto& v : vb) rb.push_back(v.value);
    mc.mean_a = stats::mean(ra);
    mc.mean_b = stats::mean(rb);
    mc.change = change_of(va, vb, paired, options.aggregate);
    mc.gated = metric == metrics::tokens_per_s;
    out.changes.push_back(std::move(mc));
  }
}

void holm_per_metric(Comparison& out) {
  std::map<std::string, std::vector<MetricChange*>> family;
  for (auto& c : out.changes) family[c.metric].push_back(&c);
  for (auto& [_, members] : family) {
    std::vector<double> p, pmw;
    for (const auto* c : members) {
      p.push_back(c->change.p);
      pmw.push_back(c->change.p_mann_whitney);
    }
    const auto hp = stats::holm_adjust(p), hmw = stats::holm_adjust(pmw);
    for (size_t i = 0; i < members.size(); ++i) {
      members[i]->change.p_holm = hp[i];
      members[i]->change.p_mann_whitney_holm = hmw[i];
      members[i]->verdict = verdict_of(members[i]->metric, members[i]->change);
    }
  }
}

void apply_gate(const CompareOptions& options, Comparison& out) {
  out.outcome = GateOutcome::pass;
  // tok/s cannot fall by 100% or more: a tau that large rules nothing out, so nothing passes either.
  const bool vacuous = out.tau_pct >= 100;
  if (vacuous)
    out.notes.push_back(
        fmt::format("tau {:.0f}% is no threshold (tok/s cannot fall by 100%): the reference is too noisy to "
                    "gate; run more "
                    "blocks or on a quieter machine, or give --threshold",
                    out.tau_pct));
  for (auto& c : out.changes) {
    if (!c.gated) continue;
    const auto& pct = c.change.pct;
    // FAIL: the whole interval is a slowdown beyond tau (and significant after Holm). PASS only when
    // the interval rules such a slowdown out; anything in between is not resolved.
    if (vacuous)
      c.gate = GateOutcome::inconclusive;
    else if (pct.valid() && pct.hi < -out.tau_pct && c.change.p_holm < options.fail_alpha)
      c.gate = GateOutcome::fail;
    else if (!pct.valid() || pct.lo < -out.tau_pct)
      c.gate = GateOutcome::inconclusive;
    if (c.gate == GateOutcome::fail)
      out.outcome = GateOutcome::fail;
    else if (c.gate == GateOutcome::inconclusive && out.outcome != GateOutcome::fail)
      out.outcome = GateOutcome::inconclusive;
  }
}

}  // namespace

const char* gate_name(GateOutcome outcome) {
  switch (outcome) {
    case GateOutcome::pass: return "PASS";
    case GateOutcome::fail: return "FAIL";
    case GateOutcome::inconclusive: return "INCONCLUSIVE";
  }
  return "?";
}

int exit_code(GateOutcome outcome) {
  return static_cast<int>(outcome);
}

Comparison compare_runs(const std::vector<RunRecord>& a, const std::vector<RunRecord>& b,
                        const CompareOptions& options, const std::string& label_a,
                        const std::string& label_b) {
  Comparison out;
  out.label_a = label_a;
  out.label_b = label_b;
  const Side sa = group(a, options.aggregate), sb = group(b, options.aggregate);
  // Blocks pair runs only inside one session: elsewhere block k of A and of B share no time slot.
  std::set<int64_t> sessions;
  for (const auto& r : a) sessions.insert(r.session_id);
  for (const auto& r : b) sessions.insert(r.session_id);
  const bool paired = sessions.size() == 1;
  for (const auto& sc : sa.order) {
    if (std::find(sb.order.begin(), sb.order.end(), sc) == sb.order.end())
      out.only_in_a.push_back(sc);
    else
      add_scenario(sc, sa, sb, paired, options, out);
  }
  for (const auto& sc : sb.order)
    if (std::find(sa.order.begin(), sa.order.end(), sc) == sa.order.end()) out.only_in_b.push_back(sc);
  if (options.threshold_pct >= 0) {
    out.tau_pct = options.threshold_pct;
    out.tau_source = "--threshold";
  } else {
    std::string which;
    const double hw = aa_half_width(sa, options.aggregate, &which);
    out.tau_pct = std::isfinite(hw) ? std::max(default_tau_pct, 3 * hw) : default_tau_pct;
    out.tau_source = std::isfinite(hw) ? fmt::format("max(2%, 3 x A/A half-width {:.2f}% of {})", hw, which)
                                       : "default 2% (no A/A runs in the reference)";
  }
  holm_per_metric(out);
  apply_gate(options, out);
  out.mismatches = compare_mismatches(a, b, options.check_configuration);
  if (sa.env_hashes != sb.env_hashes)
    out.notes.push_back("the two sides ran in different environments: a change may come from the machine");
  if (out.changes.empty()) out.notes.push_back("no scenario has ok runs on both sides");
  return out;
}

}  // namespace cudabench::results
