// `report --history` as a Document: tok/s per session and scenario as a chart with the fitted levels,
// a summary per scenario (latest vs first, noise, steps) and the steps found (results/stats/history.h).
#include <cmath>

#include <fmt/format.h>

#include "results/report/format.h"
#include "results/report/model.h"
#include "results/report/svg.h"

namespace cudabench::results::report {
namespace {

std::string signed_pct(double pct) {
  return std::isfinite(pct) ? fmt::format("{:+.2f}%", pct) : "n/a";
}

std::string method(const HistoryOptions& o) {
  return fmt::format(
      "Per session: the geometric mean tok/s of its ok untraced runs. Steps: least-squares constant segments "
      "of "
      "the logs, penalty {} x sigma^2 x ln(sessions) per step, segments of at least {} sessions, steps under "
      "{}% "
      "not listed; sigma from successive differences (MAD).",
      number(o.penalty), o.min_segment, number(o.min_step_pct));
}

std::string name_of(const ScenarioHistory& h) {
  return h.scenario + (h.traced_runs ? " (traced)" : "");
}

std::string chart(const std::vector<ScenarioHistory>& history) {
  std::vector<svg::Series> series;
  for (size_t i = 0; i < history.size(); ++i) {
    const auto& h = history[i];
    svg::Series points{name_of(h), {}, i, false}, levels{"", {}, i, true};
    for (size_t k = 0; k < h.points.size(); ++k) {
      const double x = static_cast<double>(h.points[k].session);
      points.points.emplace_back(x, h.points[k].tokens_per_s);
      if (k < h.levels.size()) levels.points.emplace_back(x, h.levels[k]);
    }
    series.push_back(std::move(points));
    if (!levels.points.empty()) series.push_back(std::move(levels));
  }
  // The axis covers the values, not 0 to them: a step of a few % must be visible.
  return svg::line_chart("tok/s per session (dots) and the fitted levels (dashed)", "session", "tok/s",
                         series, {false, false, false, true, false});
}

Table summary_table(const std::vector<ScenarioHistory>& history) {
  Table t{"",
          {"scenario", "sessions", "first", "latest", "latest vs first", "noise %", "steps",
           "fitted level change"},
          {},
          "no ok runs with tokens_per_s in the selection",
          {}};
  for (const auto& h : history) {
    const bool fitted = h.note.empty();
    t.rows.push_back({name_of(h), std::to_string(h.points.size()),
                      h.points.empty() ? "n/a" : number(h.points.front().tokens_per_s),
                      h.points.empty() ? "n/a" : number(h.points.back().tokens_per_s),
                      h.points.empty() ? "n/a" : signed_pct(h.latest_vs_first_pct),
                      fitted ? number(h.noise_pct) : "n/a", fitted ? std::to_string(h.steps.size()) : h.note,
                      fitted ? signed_pct(h.level_change_pct) : "n/a"});
  }
  t.notes.push_back(
      "latest vs first: the latest session's tok/s against the first's, noise included; fitted level change: "
      "the "
      "last fitted level against the first (0 when no step stands out of the noise)");
  return t;
}

Table steps_table(const std::vector<ScenarioHistory>& history) {
  Table t{"",
          {"scenario", "from session", "started", "before tok/s", "after tok/s", "step", "verdict"},
          {},
          "none: every scenario's tok/s is one level across the sessions, within its noise",
          {}};
  for (const auto& h : history)
    for (const auto& s : h.steps)
      t.rows.push_back({name_of(h), std::to_string(s.session), s.started_at, number(s.before),
                        number(s.after), signed_pct(s.change_pct), s.change_pct < 0 ? "slower" : "faster"});
  return t;
}

Json history_json(const HistoryInput& in, const std::vector<std::string>& mismatches) {
  Json doc{{"schema", json_history_schema}, {"selection", in.selection}};
  doc["options"] = Json{{"min_step_pct", in.options.min_step_pct},
                        {"min_segment", in.options.min_segment},
                        {"penalty", in.options.penalty}};
  doc["mismatches"] = mismatches;
  doc["scenarios"] = Json::array();
  for (const auto& h : in.history) {
    const bool fitted = h.note.empty();
    Json j{{"name", h.scenario},
           {"traced_runs", h.traced_runs},
           {"latest_vs_first_pct", h.points.empty() ? Json(nullptr) : Json(h.latest_vs_first_pct)},
           {"noise_pct", fitted ? Json(h.noise_pct) : Json(nullptr)},
           {"level_change_pct", fitted ? Json(h.level_change_pct) : Json(nullptr)},
           {"note", fitted ? Json(nullptr) : Json(h.note)}};
    j["points"] = Json::array();
    for (size_t k = 0; k < h.points.size(); ++k) {
      const auto& p = h.points[k];
      j["points"].push_back(Json{{"session", p.session},
                                 {"started_at", p.started_at},
                                 {"tokens_per_s", p.tokens_per_s},
                                 {"runs", p.runs},
                                 {"level", k < h.levels.size() ? Json(h.levels[k]) : Json(nullptr)}});
    }
    j["steps"] = Json::array();
    for (const auto& s : h.steps)
      j["steps"].push_back(Json{{"session", s.session},
                                {"started_at", s.started_at},
                                {"before", s.before},
                                {"after", s.after},
                                {"change_pct", s.change_pct}});
    doc["scenarios"].push_back(std::move(j));
  }
  return doc;
}

Table history_csv(const std::vector<ScenarioHistory>& history) {
  Table t{"", {"scenario", "traced", "session", "started_at", "tokens_per_s", "runs", "level"}, {}, "", {}};
  for (const auto& h : history)
    for (size_t k = 0; k < h.points.size(); ++k) {
      const auto& p = h.points[k];
      t.rows.push_back({h.scenario, h.traced_runs ? "1" : "0", std::to_string(p.session), p.started_at,
                        fmt::format("{}", p.tokens_per_s), std::to_string(p.runs),
                        k < h.levels.size() ? fmt::format("{}", h.levels[k]) : ""});
    }
  return t;
}

}  // namespace

Document history_document(const HistoryInput& in, const std::vector<std::string>& mismatches) {
  Document doc;
  doc.title = "cudabench history: " + in.selection;
  doc.lead.push_back(method(in.options));
  for (const auto& m : mismatches) doc.notes.push_back("not like with like: " + m);
  Section series{"history", "tok/s across sessions", {}, nullptr};
  if (std::string c = chart(in.history); !c.empty()) series.blocks.push_back(Chart{std::move(c)});
  series.blocks.push_back(summary_table(in.history));
  doc.sections.push_back(std::move(series));
  Section steps{"steps", "Steps found (slow drifts and sudden changes across sessions)", {}, nullptr};
  steps.blocks.push_back(steps_table(in.history));
  doc.sections.push_back(std::move(steps));
  doc.json = history_json(in, mismatches);
  doc.csv = history_csv(in.history);
  return doc;
}

}  // namespace cudabench::results::report
