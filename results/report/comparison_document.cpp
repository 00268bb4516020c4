// `report --compare` and `--compare-within` as a Document: the gate on tok/s first (a forest plot of
// each scenario's change of B against A with the tau band, and its table), then the other metrics.
#include <cmath>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "results/report/format.h"
#include "results/report/report_parts.h"
#include "results/report/svg.h"

namespace cudabench::results::report {
namespace {

std::vector<std::string> row(const MetricChange& m) {
  return {m.scenario,
          m.metric + (m.traced ? " (traced)" : ""),
          fmt::format("{}/{}", m.n_a, m.n_b),
          number(m.mean_a),
          number(m.mean_b),
          pct_ci(m.change.pct),
          m.verdict,
          p_value(m.change.p_holm),
          m.gated ? gate_name(m.gate) : ""};
}

const std::vector<std::string> header = {"scenario", "metric",  "runs A/B", "mean A", "mean B",
                                         "change",   "verdict", "p (Holm)", "gate"};

std::string forest(const Comparison& c) {
  std::vector<svg::IntervalRow> rows;
  for (const auto& m : c.changes) {
    if (!m.gated || !std::isfinite(m.change.pct.estimate)) continue;
    const auto& pct = m.change.pct;
    const size_t colour = m.gate == GateOutcome::fail ? 1 : m.gate == GateOutcome::pass ? 4 : 7;
    rows.push_back({m.scenario,
                    fmt::format("{} {} ({}/{} runs)", gate_name(m.gate), pct_ci(pct), m.n_a, m.n_b),
                    fmt::format("{}: B vs A {} -> {}", m.scenario, pct_ci(pct), gate_name(m.gate)),
                    pct.estimate, pct.lo, pct.hi, colour});
  }
  svg::IntervalOptions o;
  o.zero_line = true;
  o.band = c.tau_pct;
  o.band_label = fmt::format("+-tau = {:g}%", c.tau_pct);
  o.css_class = "forest";
  return svg::interval_rows("tok/s change of B vs A (95% CI) and the gate's tau", "change in tok/s, %", rows,
                            o);
}

Section gate_section(const Comparison& c) {
  Section s{"gate", "Gate on tok/s", {}, nullptr};
  if (std::string chart = forest(c); !chart.empty()) s.blocks.push_back(Chart{std::move(chart)});
  Table t{"", header, {}, "no scenario with ok runs on both sides", {}};
  for (const auto& m : c.changes)
    if (m.gated) t.rows.push_back(row(m));
  t.notes.push_back(
      fmt::format("tau = {}% ({}); FAIL needs Holm p < 0.01 and the whole CI beyond -tau; PASS needs the "
                  "CI's lower end at or "
                  "above -tau; anything else is INCONCLUSIVE",
                  number(c.tau_pct, 2), c.tau_source));
  s.blocks.push_back(std::move(t));
  return s;
}

Section other_section(const Comparison& c, bool all) {
  Section s{"metrics", "Other metrics (B vs A)", {}, nullptr};
  size_t others = 0;
  Table t{"", header, {}, "", {}};
  t.header.pop_back();
  for (const auto& m : c.changes) {
    if (m.gated) continue;
    ++others;
    auto cells = row(m);
    cells.pop_back();
    t.rows.push_back(std::move(cells));
  }
  if (others == 0)
    s.blocks.push_back(Paragraph{"no other metric on both sides", true});
  else if (!all)
    s.blocks.push_back(
        Paragraph{fmt::format("{} more metric(s) compared, none gated: --all-metrics lists them here "
                              "(the JSON and CSV formats always do)",
                              others),
                  true});
  else
    s.blocks.push_back(std::move(t));
  return s;
}

Json comparison_json(const Comparison& c) {
  Json doc{{"schema", json_compare_schema},
           {"a", c.label_a},
           {"b", c.label_b},
           {"tau_pct", c.tau_pct},
           {"tau_source", c.tau_source},
           {"gate", gate_name(c.outcome)},
           {"exit_code", exit_code(c.outcome)}};
  doc["mismatches"] = c.mismatches;
  doc["changes"] = Json::array();
  for (const auto& m : c.changes) {
    Json j{{"scenario", m.scenario}, {"metric", m.metric}, {"unit", m.unit},     {"traced", m.traced},
           {"n_a", m.n_a},           {"n_b", m.n_b},       {"mean_a", m.mean_a}, {"mean_b", m.mean_b}};
    j["change"] = change_json(m.change, c.tau_pct);
    j["change"]["verdict"] = m.verdict;
    j["gated"] = m.gated;
    j["gate"] = m.gated ? Json(gate_name(m.gate)) : Json(nullptr);
    doc["changes"].push_back(std::move(j));
  }
  doc["only_in_a"] = c.only_in_a;
  doc["only_in_b"] = c.only_in_b;
  doc["notes"] = c.notes;
  return doc;
}

Table comparison_csv(const Comparison& c) {
  Table t{"",
          {"scenario", "metric", "unit", "run_type", "n_a", "n_b", "mean_a", "mean_b", "change_pct", "ci_lo",
           "ci_hi", "p_holm", "p_mw_holm", "verdict", "gate"},
          {},
          "",
          {}};
  auto num = [](double v) { return std::isfinite(v) ? fmt::format("{}", v) : std::string(); };
  for (const auto& m : c.changes)
    t.rows.push_back({m.scenario, m.metric, m.unit, m.traced ? "traced" : "untraced", std::to_string(m.n_a),
                      std::to_string(m.n_b), num(m.mean_a), num(m.mean_b), num(m.change.pct.estimate),
                      num(m.change.pct.lo), num(m.change.pct.hi), num(m.change.p_holm),
                      num(m.change.p_mann_whitney_holm), m.verdict, m.gated ? gate_name(m.gate) : ""});
  return t;
}

}  // namespace

Document comparison_document(const Comparison& c, const ComparisonOptions& options) {
  Document doc;
  doc.title = "cudabench compare: " + c.label_b + " (B) vs " + c.label_a + " (A)";
  doc.lead.push_back(
      fmt::format("B is the candidate, A the reference; changes are B against A in % with 95% CIs. "
                  "Gate on tok/s with tau = {:g}%.",
                  c.tau_pct));
  for (const auto& m : c.mismatches) doc.notes.push_back("not like with like: " + m);
  if (!c.only_in_a.empty()) doc.notes.push_back(fmt::format("only in A: {}", fmt::join(c.only_in_a, ", ")));
  if (!c.only_in_b.empty()) doc.notes.push_back(fmt::format("only in B: {}", fmt::join(c.only_in_b, ", ")));
  for (const auto& n : c.notes) doc.notes.push_back(n);
  doc.sections.push_back(gate_section(c));
  doc.sections.push_back(other_section(c, options.all_metrics));
  doc.verdict = std::string("gate: ") + gate_name(c.outcome);
  doc.json = comparison_json(c);
  doc.csv = comparison_csv(c);
  return doc;
}

}  // namespace cudabench::results::report
