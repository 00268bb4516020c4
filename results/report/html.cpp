// One self-contained HTML file: inline CSS and SVG, no script, no network. The same tables as the
// text report, plus charts of what the tables cannot show at a glance (intervals, CDFs, drift).
#include <cmath>
#include <map>
#include <ostream>

#include <fmt/format.h>

#include "results/report/format.h"
#include "results/report/model.h"
#include "results/report/svg.h"

namespace cudabench::results::report {
namespace {

// Distribution names written by results/analysis.cpp (add_distribution), in nanoseconds.
constexpr const char* interval_a = "launch_interval.a";
constexpr const char* interval_b = "launch_interval.b";
constexpr const char* runq_latency = "runq_latency";

constexpr const char* css =
    "body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#222;max-width:1200px}"
    "table{border-collapse:collapse;margin:8px 0 4px}td,th{border:1px solid #ddd;padding:3px 8px;"
    "text-align:right;white-space:nowrap}td:first-child,th:first-child{text-align:left}th{background:#f3f3f3}"
    ".slower{color:#b00}.faster{color:#070}.note{color:#555;font-size:12px;margin:2px 0}.empty{color:#777;"
    "font-style:italic}.charts{display:flex;flex-wrap:wrap;gap:12px}svg{border:1px solid #eee}"
    ".ct{font-weight:600;font-size:14px}.tk{font-size:11px;fill:#444}.al{font-size:12px;fill:#222}"
    ".lg{font-size:12px}.ax{stroke:#333}.grid{stroke:#eee}.ci{stroke:#111;stroke-width:1.5;fill:none}"
    ".missing{fill:#777;font-size:13px}";

std::string esc(const std::string& s) {
  return svg::escape(s);
}

std::string table_html(const Table& t) {
  std::string s = fmt::format("<h2 id=\"{}\">{}</h2>", esc(t.id), esc(t.title));
  if (t.rows.empty()) {
    s += fmt::format("<p class=\"empty\">{}</p>", esc(t.empty_reason.empty() ? "no data" : t.empty_reason));
  } else {
    s += "<table><tr>";
    for (const auto& h : t.header) s += "<th>" + esc(h) + "</th>";
    s += "</tr>";
    for (const auto& row : t.rows) {
      s += "<tr>";
      for (size_t c = 0; c < t.header.size(); ++c) {
        const std::string cell = c < row.size() ? row[c] : "";
        const char* cls = cell.find("slower") != std::string::npos || cell == "FAIL"   ? " class=\"slower\""
                          : cell.find("faster") != std::string::npos || cell == "PASS" ? " class=\"faster\""
                                                                                       : "";
        s += fmt::format("<td{}>{}</td>", cls, esc(cell));
      }
      s += "</tr>";
    }
    s += "</table>";
  }
  for (const auto& n : t.notes) s += "<p class=\"note\">" + esc(n) + "</p>";
  return s;
}

std::vector<svg::Bar> metric_bars(const SessionSummary& sum, const std::string& metric, bool traced) {
  std::vector<svg::Bar> bars;
  for (size_t i = 0; i < sum.scenarios.size(); ++i) {
    const auto& s = sum.scenarios[i];
    const MetricSummary* m = s.metric(metric, traced);
    if (!m && !traced) m = s.metric(metric, true);  // traced-only sessions still show tok/s
    if (m) bars.push_back({s.name, m->mean, m->ci.lo, m->ci.hi, i});
  }
  return bars;
}

std::vector<svg::Series> cdf_series(const SessionSummary& sum, const std::string& name) {
  std::vector<svg::Series> out;
  for (size_t i = 0; i < sum.scenarios.size(); ++i) {
    auto it = sum.scenarios[i].distributions.find(name);
    if (it == sum.scenarios[i].distributions.end() || it->second.count() == 0) continue;
    svg::Series sr{sum.scenarios[i].name, {}, i};
    for (const auto& p : it->second.cdf_points())
      sr.points.emplace_back(p.value / 1e3, p.fraction);  // ns -> us
    out.push_back(std::move(sr));
  }
  return out;
}

// Share of wakeups per power-of-two latency bin, from the merged histogram's CDF.
std::vector<svg::Series> runq_series(const SessionSummary& sum) {
  std::vector<svg::Series> out;
  for (size_t i = 0; i < sum.scenarios.size(); ++i) {
    auto it = sum.scenarios[i].distributions.find(runq_latency);
    if (it == sum.scenarios[i].distributions.end() || it->second.count() == 0) continue;
    std::map<int, double> bins;  // log2 of the bin's upper edge in us -> share
    double prev = 0;
    for (const auto& p : it->second.cdf_points()) {
      const int bin = static_cast<int>(std::ceil(std::log2(std::max(p.value / 1e3, 1e-3))));
      bins[bin] += (p.fraction - prev) * 100;
      prev = p.fraction;
    }
    svg::Series sr{sum.scenarios[i].name, {}, i};
    for (const auto& [bin, share] : bins) sr.points.emplace_back(std::pow(2.0, bin), share);
    out.push_back(std::move(sr));
  }
  return out;
}

std::vector<svg::Stack> softirq_stacks(const SessionSummary& sum) {
  std::vector<svg::Stack> out;
  for (const auto& s : sum.scenarios) {
    if (s.traced_runs == 0) continue;
    svg::Stack st{s.name, {}};
    for (const auto& [name, m] : s.traced)
      if (name.rfind("softirq.", 0) == 0 && name.size() > 14 &&
          name.compare(name.size() - 6, 6, ".count") == 0)
        st.parts.emplace_back(name.substr(8, name.size() - 14), m.mean * m.n / s.traced_runs);
    out.push_back(std::move(st));
  }
  return out;
}

std::string strip(const SessionSummary& sum) {
  std::map<std::string, size_t> index;
  std::vector<svg::Legend> legend;
  for (size_t i = 0; i < sum.scenarios.size(); ++i) {
    index[sum.scenarios[i].name] = i;
    legend.push_back({sum.scenarios[i].name, i});
  }
  std::vector<svg::Point> points;
  for (size_t k = 0; k < sum.timeline.size(); ++k) {
    const auto& p = sum.timeline[k];
    points.push_back({static_cast<double>(k + 1), p.tokens_per_s, index[p.scenario], p.traced,
                      fmt::format("run {} ({}, block {}, {}): {} tok/s", p.id, p.scenario, p.block,
                                  p.traced ? "traced" : "untraced", number(p.tokens_per_s))});
  }
  return svg::strip_chart("tok/s of every run in execution order (hollow: traced)", "run (execution order)",
                          "tok/s", points, legend, "no run reported tok/s");
}

std::string charts(const SessionSummary& sum) {
  const std::string no_dist = "no launch-interval distributions stored (traced runs keep them)";
  std::string s = "<div class=\"charts\">";
  s += svg::bar_chart("tok/s per scenario (mean, 95% CI)", "tok/s",
                      metric_bars(sum, throughput_metric, false), false, "no run reported tok/s");
  s += svg::bar_chart("Sched/1K per scenario (log scale, mean, 95% CI)", "switches per 1K launches",
                      metric_bars(sum, sched_metric, true), true, "no traced runs: Sched/1K unknown");
  s += svg::line_chart("Launch-interval CDF, group A (no switch)", "interval (us, log)", "fraction <= x",
                       cdf_series(sum, interval_a), true, no_dist);
  s += svg::line_chart("Launch-interval CDF, group B (switch inside)", "interval (us, log)", "fraction <= x",
                       cdf_series(sum, interval_b), true, no_dist);
  s += svg::stacked_bars("Soft IRQs per traced run, by vector", "soft IRQs per run", softirq_stacks(sum),
                         "no soft IRQ hit the workload in any traced run");
  s += svg::line_chart("Run-queue latency histogram", "wakeup to run (us, log2 bins)", "% of wakeups",
                       runq_series(sum), true, "no run-queue latency distributions stored");
  s += strip(sum);
  return s + "</div>";
}

}  // namespace

void render_html(const Report& r, std::ostream& out) {
  const std::string title = r.summary.session
                                ? fmt::format("cudabench report: session {}", r.summary.session->id)
                                : "cudabench report";
  out << "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
      << "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
      << "<title>" << esc(title) << "</title><style>" << css << "</style></head><body>";
  out << "<h1>" << esc(title) << "</h1><p>Baseline <b>" << esc(r.summary.baseline)
      << "</b>. Intervals are 95% confidence intervals across runs. Source: " << esc(r.source) << "</p>";
  for (const auto& n : r.summary.notes) out << "<p class=\"note\">" << esc(n) << "</p>";
  out << charts(r.summary);
  for (const auto& t : build_tables(r)) out << table_html(t);
  out << "<h2 id=\"advice\">Advice (derived from the figures above)</h2><ul>";
  if (r.advice.empty()) out << "<li>nothing to add</li>";
  for (const auto& a : r.advice)
    out << "<li><b>" << esc(a.topic) << "</b>: " << esc(a.finding)
        << (a.action.empty() ? "" : " &rarr; " + esc(a.action)) << "</li>";
  out << "</ul></body></html>\n";
}

}  // namespace cudabench::results::report
