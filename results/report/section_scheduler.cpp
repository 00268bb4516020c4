// The scheduler's side, from traced runs: how long the workload's threads waited to run after a
// wakeup (run-queue latency) and which tasks took the CPU from them.
#include <algorithm>
#include <cmath>
#include <map>

#include <fmt/format.h>

#include "results/report/format.h"
#include "results/report/sections.h"
#include "results/report/svg.h"

namespace cudabench::results::report {
namespace {

Table runq_table(const Report& r) {
  Table t{
      "Run-queue latency of the workload's threads (wakeup to run, us; median [bootstrap CI] across runs)",
      {"scenario", "wakeups per run", "P50", "P90", "P99", "max"},
      {},
      "",
      {}};
  for (const auto& s : r.summary.scenarios) {
    if (s.traced_runs == 0) continue;
    if (!s.metric(metrics::runq_p50_us, true)) {
      t.rows.push_back({s.name, "0 (no wakeup recorded)", "", "", "", ""});
      continue;
    }
    t.rows.push_back({s.name, mean_cell(s, metrics::runq_count, true),
                      median_cell(s, metrics::runq_p50_us, true), median_cell(s, metrics::runq_p90_us, true),
                      median_cell(s, metrics::runq_p99_us, true),
                      median_cell(s, metrics::runq_max_us, true)});
  }
  return t;
}

// Share of wakeups per power-of-two latency bin, from the merged histogram's CDF.
std::string runq_chart(const Report& r) {
  std::vector<svg::Series> out;
  for (size_t i = 0; i < r.summary.scenarios.size(); ++i) {
    const auto& s = r.summary.scenarios[i];
    const Histogram* h = s.distribution(metrics::runq_latency);
    if (!h) continue;
    std::map<int, double> bins;  // log2 of the bin's upper edge in µs -> share
    double prev = 0;
    for (const auto& p : h->cdf_points()) {
      const int bin = static_cast<int>(std::ceil(std::log2(std::max(p.value / 1e3, 1e-3))));
      bins[bin] += (p.fraction - prev) * 100;
      prev = p.fraction;
    }
    svg::Series sr{fmt::format("{} (n={} wakeups)", s.name, h->count()), {}, i, false};
    for (const auto& [bin, share] : bins) sr.points.emplace_back(std::pow(2.0, bin), share);
    out.push_back(std::move(sr));
  }
  return svg::line_chart("Run-queue latency histogram (all traced runs merged)",
                         "wakeup to run (µs, log2 bins)", "% of wakeups", out, {true, false, true, false});
}

Table preemptor_table(const Report& r) {
  Table t{"Top preemptors (tasks that took the CPU while the workload was runnable)",
          {"scenario", "task", "switches per run", "off-CPU ms per run", "runs seen"},
          {},
          "no preempted switch-out in any traced run",
          {}};
  constexpr size_t top = 5;
  for (const auto& s : r.summary.scenarios) {
    if (s.traced_runs == 0) continue;
    // A task absent from a run preempted it 0 times: per-run figures divide by every traced run.
    auto per_run = [&](const metrics::Key& k) {
      const auto* m = s.metric(k, true);
      return m ? m->mean * m->n / s.traced_runs : 0.0;
    };
    std::vector<std::string> comms;
    for (const auto& [name, _] : s.traced)
      if (auto key = metrics::preemptor_count.key_of(name)) comms.emplace_back(*key);
    std::stable_sort(comms.begin(), comms.end(), [&](const auto& a, const auto& b) {
      return per_run(metrics::preemptor_count.of(a)) > per_run(metrics::preemptor_count.of(b));
    });
    if (comms.size() > top) comms.resize(top);
    for (const auto& c : comms) {
      const auto* m = s.metric(metrics::preemptor_count.of(c), true);
      t.rows.push_back({s.name, c, number(per_run(metrics::preemptor_count.of(c))),
                        number(per_run(metrics::preemptor_time_ms.of(c))),
                        fmt::format("{}/{}", m ? m->n : 0, s.traced_runs)});
    }
  }
  return t;
}

}  // namespace

Section scheduler_section(const Report& r) {
  const std::string title = "Scheduler: run-queue latency and preemptors";
  if (const std::string why = no_traced_reason(r); !why.empty())
    return empty_section("scheduler", title, why);
  Section s{"scheduler", title, {}, nullptr};
  s.blocks.push_back(runq_table(r));
  if (std::string c = runq_chart(r); !c.empty()) s.blocks.push_back(Chart{std::move(c)});
  s.blocks.push_back(preemptor_table(r));
  return s;
}

}  // namespace cudabench::results::report
