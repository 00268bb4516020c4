// `report --history`: the per-scenario series and the steps fitted in it (results/history.h), as
// text, markdown or JSON ("cudabench-history/1").
#include <ostream>

#include <fmt/format.h>

#include "common/error.h"
#include "results/report/format.h"
#include "results/report/json_doc.h"
#include "results/report/model.h"

namespace cudabench::results::report {
namespace {

std::string signed_pct(double pct) {
  return fmt::format("{:+.2f}%", pct);
}

std::string method(const HistoryOptions& o) {
  return fmt::format(
      "per session: geometric mean tok/s of ok untraced runs; steps: least-squares constant "
      "segments of the logs, penalty {} x sigma^2 x ln(sessions) per step, segments of at "
      "least {} sessions, steps under {}% not listed; sigma from successive differences (MAD)",
      number(o.penalty), o.min_segment, number(o.min_step_pct));
}

std::vector<Table> tables(const std::vector<ScenarioHistory>& history, const HistoryOptions& o) {
  Table summary{"history",
                "Sessions per scenario (tok/s)",
                {"scenario", "sessions", "first", "latest", "noise %", "steps", "net change"},
                {},
                "",
                {}};
  Table steps{"steps",
              "Steps found (slow drifts and sudden changes across sessions)",
              {"scenario", "from session", "started", "before tok/s", "after tok/s", "step", "verdict"},
              {},
              "",
              {}};
  for (const auto& h : history) {
    const std::string name = h.scenario + (h.traced_runs ? " (traced)" : "");
    const bool fitted = h.note.empty();
    summary.rows.push_back({name, std::to_string(h.points.size()),
                            h.points.empty() ? "n/a" : number(h.points.front().tokens_per_s),
                            h.points.empty() ? "n/a" : number(h.points.back().tokens_per_s),
                            fitted ? number(h.noise_pct) : "n/a",
                            fitted ? std::to_string(h.steps.size()) : h.note,
                            fitted ? signed_pct(h.net_change_pct) : "n/a"});
    for (const auto& s : h.steps)
      steps.rows.push_back({name, std::to_string(s.session), s.started_at, number(s.before), number(s.after),
                            signed_pct(s.change_pct), s.change_pct < 0 ? "slower" : "faster"});
  }
  if (summary.rows.empty()) summary.empty_reason = "no ok runs with tokens_per_s in the selection";
  steps.empty_reason = "none: every scenario's tok/s is one level across the sessions, within its noise";
  summary.notes.push_back(method(o));
  return {summary, steps};
}

void json(const std::vector<ScenarioHistory>& history, const HistoryOptions& o, const std::string& selection,
          std::ostream& out) {
  Json doc{{"schema", "cudabench-history/1"}, {"selection", selection}};
  doc["options"] =
      Json{{"min_step_pct", o.min_step_pct}, {"min_segment", o.min_segment}, {"penalty", o.penalty}};
  doc["scenarios"] = Json::array();
  for (const auto& h : history) {
    const bool fitted = h.note.empty();
    Json j{{"name", h.scenario},
           {"traced_runs", h.traced_runs},
           {"noise_pct", fitted ? Json(h.noise_pct) : Json(nullptr)},
           {"net_change_pct", fitted ? Json(h.net_change_pct) : Json(nullptr)},
           {"note", fitted ? Json(nullptr) : Json(h.note)}};
    j["points"] = Json::array();
    for (const auto& p : h.points)
      j["points"].push_back(Json{{"session", p.session},
                                 {"started_at", p.started_at},
                                 {"tokens_per_s", p.tokens_per_s},
                                 {"runs", p.runs}});
    j["steps"] = Json::array();
    for (const auto& s : h.steps)
      j["steps"].push_back(Json{{"session", s.session},
                                {"started_at", s.started_at},
                                {"before", s.before},
                                {"after", s.after},
                                {"change_pct", s.change_pct}});
    doc["scenarios"].push_back(std::move(j));
  }
  write_json(doc, out);
}

}  // namespace

void render_history(const std::vector<ScenarioHistory>& history, const HistoryOptions& options,
                    const std::string& selection, Format format, std::ostream& out, const TextStyle& style) {
  switch (format) {
    case Format::json: json(history, options, selection, out); return;
    case Format::markdown:
      out << "# cudabench history: " << selection << "\n\n";
      render_tables(tables(history, options), true, out, style);
      return;
    case Format::text:
      out << "cudabench history: " << selection << "\n\n";
      render_tables(tables(history, options), false, out, style);
      return;
    default: throw UserError("report --history writes text, markdown or json");
  }
}

}  // namespace cudabench::results::report
