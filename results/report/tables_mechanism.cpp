// Tables about the mechanism, from traced runs: launch pairs, tail attribution, soft-IRQ breakdown,
// run-queue latency and the tasks that preempted the workload.
#include <algorithm>

#include <fmt/format.h>

#include "results/report/format.h"
#include "results/report/tables.h"

namespace cudabench::results::report {
namespace {

// Names "<prefix><key><suffix>" among a scenario's traced metrics, e.g. softirq.<VEC>.count.
std::vector<std::string> keys(const ScenarioSummary& s, const std::string& prefix,
                              const std::string& suffix) {
  std::vector<std::string> out;
  for (const auto& [name, _] : s.traced)
    if (name.size() > prefix.size() + suffix.size() && name.rfind(prefix, 0) == 0 &&
        name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0)
      out.push_back(name.substr(prefix.size(), name.size() - prefix.size() - suffix.size()));
  return out;
}

double mean_of(const ScenarioSummary& s, const std::string& metric) {
  const auto* m = s.metric(metric, true);
  return m ? m->mean : 0;
}

}  // namespace

Table pairs_table(const Report& r) {
  Table t{"launch_pairs",
          "Launch pairs (A: no off-CPU switch inside the interval, B: at least one; per-run figures, "
          "percentiles as median [bootstrap CI] across runs, in us)",
          {"scenario", "group", "count", "share %", "P50", "P90", "P99", "penalty P50", "penalty P90",
           "sched impact %"},
          {},
          "",
          {}};
  if (!any_traced(r)) t.empty_reason = no_traced_reason;
  for (const auto& s : r.summary.scenarios) {
    if (s.traced_runs == 0) continue;
    for (const char* g : {"a", "b"}) {
      const std::string p = std::string("pairs.") + g;
      const bool b = std::string(g) == "b";
      t.rows.push_back({s.name, b ? "B (switch)" : "A (no switch)", mean_cell(s, p + ".count", true),
                        mean_cell(s, p + ".share_pct", true), median_cell(s, p + ".p50_us", true),
                        median_cell(s, p + ".p90_us", true), median_cell(s, p + ".p99_us", true),
                        b ? median_cell(s, "penalty.p50_us", true) : "",
                        b ? median_cell(s, "penalty.p90_us", true) : "",
                        b ? mean_cell(s, "sched_impact_pct", true) : ""});
    }
  }
  t.notes.push_back(
      "penalty = percentile(B) - percentile(A); sched impact = |B| x penalty P50 / runtime "
      "(STUDY.md); n/a where a run had no group-B pair");
  return t;
}

Table tail_table(const Report& r) {
  Table t{"tail",
          "Tail attribution (pairs at or above the P95 / P99 interval)",
          {"scenario", "tail", "pairs", "with switch", "switch share %", "attributed to application %"},
          {},
          "",
          {}};
  if (!any_traced(r)) t.empty_reason = no_traced_reason;
  for (const auto& s : r.summary.scenarios) {
    if (s.traced_runs == 0) continue;
    for (const char* level : {"p95", "p99"}) {
      const std::string p = std::string("tail.") + level;
      const auto* share = s.metric(p + ".switch_share_pct", true);
      std::string app = "n/a";
      if (share && share->ci.valid())
        app = with_ci(100 - share->ci.estimate,
                      {100 - share->ci.estimate, 100 - share->ci.hi, 100 - share->ci.lo, share->n});
      t.rows.push_back({s.name, std::string(level == std::string("p95") ? "P95+" : "P99+"),
                        mean_cell(s, p + ".count", true), mean_cell(s, p + ".with_switch", true),
                        mean_cell(s, p + ".switch_share_pct", true), app});
    }
  }
  return t;
}

Table softirq_table(const Report& r) {
  Table t{"softirq",
          "Soft-IRQ breakdown (per traced run, mean [95% CI])",
          {"scenario", "vector", "count", "total (us)", "mean (us)", "max (us)", "share %"},
          {},
          "",
          {}};
  if (!any_traced(r)) t.empty_reason = no_traced_reason;
  for (const auto& s : r.summary.scenarios) {
    auto vecs = keys(s, "softirq.", ".count");
    std::sort(vecs.begin(), vecs.end(), [&](const std::string& a, const std::string& b) {
      return mean_of(s, "softirq." + a + ".count") > mean_of(s, "softirq." + b + ".count");
    });
    for (const auto& v : vecs) {
      const std::string p = "softirq." + v;
      t.rows.push_back({s.name, v, mean_cell(s, p + ".count", true), mean_cell(s, p + ".total_us", true),
                        mean_cell(s, p + ".mean_us", true), median_cell(s, p + ".max_us", true),
                        mean_cell(s, p + ".share_pct", true)});
    }
  }
  if (t.rows.empty() && t.empty_reason.empty())
    t.empty_reason = "no soft IRQ hit the workload in any traced run";
  return t;
}

Table runq_table(const Report& r) {
  Table t{"runq",
          "Run-queue latency of the workload's threads (wakeup to run, us; median [bootstrap CI])",
          {"scenario", "wakeups", "P50", "P90", "P99", "max"},
          {},
          "",
          {}};
  if (!any_traced(r)) t.empty_reason = no_traced_reason;
  for (const auto& s : r.summary.scenarios) {
    if (s.traced_runs == 0) continue;
    if (!s.metric("runq.p50_us", true) && !s.metric("runq.count", true)) {
      t.rows.push_back({s.name, "no wakeups recorded", "", "", "", ""});
      continue;
    }
    t.rows.push_back({s.name, mean_cell(s, "runq.count", true), median_cell(s, "runq.p50_us", true),
                      median_cell(s, "runq.p90_us", true), median_cell(s, "runq.p99_us", true),
                      median_cell(s, "runq.max_us", true)});
  }
  return t;
}

Table preemptor_table(const Report& r) {
  Table t{"preemptors",
          "Top preemptors (tasks that took the CPU while the workload was runnable)",
          {"scenario", "task", "switches per run", "off-CPU ms per run", "runs seen"},
          {},
          "",
          {}};
  if (!any_traced(r)) t.empty_reason = no_traced_reason;
  constexpr size_t top = 5;
  for (const auto& s : r.summary.scenarios) {
    if (s.traced_runs == 0) continue;
    // A task absent from a run preempted it 0 times: per-run figures divide by every traced run.
    auto per_run = [&](const std::string& metric) {
      const auto* m = s.metric(metric, true);
      return m ? m->mean * m->n / s.traced_runs : 0.0;
    };
    auto comms = keys(s, "preemptor.", ".count");
    std::sort(comms.begin(), comms.end(), [&](const std::string& a, const std::string& b) {
      return per_run("preemptor." + a + ".count") > per_run("preemptor." + b + ".count");
    });
    if (comms.size() > top) comms.resize(top);
    for (const auto& c : comms) {
      const auto* m = s.metric("preemptor." + c + ".count", true);
      t.rows.push_back({s.name, c, number(per_run("preemptor." + c + ".count")),
                        number(per_run("preemptor." + c + ".time_ms")),
                        fmt::format("{}/{}", m ? m->n : 0, s.traced_runs)});
    }
  }
  if (t.rows.empty() && t.empty_reason.empty()) t.empty_reason = "no preempted switch-outs in any traced run";
  return t;
}

}  // namespace cudabench::results::report
