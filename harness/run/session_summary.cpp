#include "harness/run/session_summary.h"

#include <fmt/format.h>

#include <algorithm>

#include <nlohmann/json.hpp>

#include "results/report/format.h"
#include "results/report/model.h"
#include "results/stats/aggregate.h"

namespace cudabench::harness {
namespace {

namespace rr = results::report;
using Json = nlohmann::ordered_json;

struct Line {
  std::string scenario, runs, tokens_per_s, change, verdict;
};

std::vector<Line> lines(const results::SessionSummary& sum) {
  std::vector<Line> out;
  for (const auto& s : sum.scenarios) {
    const bool traced = s.untraced_runs == 0;
    const auto* tps = s.metric(results::metrics::tokens_per_s, traced);
    Line l{s.name, std::to_string(traced ? s.traced_runs : s.untraced_runs),
           tps ? rr::with_ci(tps->ci) + (traced ? " (traced)" : "") : "n/a", "-", ""};
    if (s.name == sum.baseline) l.verdict = "reference";
    if (s.throughput) {
      l.change = rr::pct_ci(s.throughput->pct);
      l.verdict = rr::throughput_verdict(s.throughput->pct, rr::ReportOptions{}.threshold_pct);
    }
    out.push_back(std::move(l));
  }
  return out;
}

std::string next_command(const results::Store& store, int64_t session) {
  return fmt::format("cudabench report --db {} --session {}", store.path(), session);
}

}  // namespace

void print_session_summary(const results::Store& store, int64_t session, bool json) {
  results::RunFilter filter;
  filter.session = session;
  results::AggregateOptions options;
  options.resamples = 2000;  // a summary, not the report: the bootstrap cross-check is not shown
  const auto sum = results::aggregate_runs(store.runs(filter), options);
  const auto info = store.session(session);
  const auto rows = lines(sum);
  if (json) {
    Json doc{{"session", session}, {"db", store.path()}, {"status", info ? info->status : ""}};
    doc["scenarios"] = Json::array();
    for (const auto& s : sum.scenarios) {
      const auto* tps = s.metric(results::metrics::tokens_per_s, s.untraced_runs == 0);
      doc["scenarios"].push_back(
          Json{{"name", s.name},
               {"tokens_per_s",
                tps ? Json{{"mean", tps->mean}, {"lo", tps->ci.lo}, {"hi", tps->ci.hi}, {"n", tps->n}}
                    : Json(nullptr)},
               {"change_pct", s.throughput ? Json{{"estimate", s.throughput->pct.estimate},
                                                  {"lo", s.throughput->pct.lo},
                                                  {"hi", s.throughput->pct.hi}}
                                           : Json(nullptr)}});
    }
    doc["next"] = next_command(store, session);
    fmt::print("{}\n", doc.dump(-1, ' ', false, Json::error_handler_t::replace));
    return;
  }
  fmt::print("session {} ({}) in {}\n", session, info ? info->status : "?", store.path());
  size_t w = 8;
  for (const auto& l : rows) w = std::max(w, l.scenario.size());
  // Without a scenario named like the baseline there is nothing to compare with: no such columns.
  const std::string vs =
      sum.baseline_found ? fmt::format("  {:<26}  {}", "vs " + sum.baseline + " [95% CI]", "verdict") : "";
  if (!rows.empty()) fmt::print("  {:<{}}  {:>4}  {:<26}{}\n", "scenario", w, "runs", "tok/s [95% CI]", vs);
  for (const auto& l : rows)
    fmt::print("  {:<{}}  {:>4}  {:<26}{}\n", l.scenario, w, l.runs, l.tokens_per_s,
               sum.baseline_found ? fmt::format("  {:<26}  {}", l.change, l.verdict) : "");
  if (rows.empty()) fmt::print("  no run finished ok\n");
  fmt::print("next: {}\n", next_command(store, session));
}

}  // namespace cudabench::harness
