// `report --by host`: the hosts of a fleet (a merged database) compared with the statistics of a
// scenario comparison (compare.h). Each host's baseline tok/s is set against the fleet's: the runs
// of the other hosts whose mean lies within tau of the median host's (so neither the host itself nor
// another deviating one pulls the reference; all other hosts when none is within), on logs with
// Welch's interval, Holm-adjusted across hosts, and judged as the gate judges a change:
//   differs       Holm p < alpha and the whole 95% CI beyond +-tau;
//   inconclusive  the point estimate beyond +-tau, the CI not;
//   same          otherwise.
// A host that differs is one whose degradation figures should not be pooled with the others'.
// Each scenario's change against the same host's baseline is also given per host, paired by block
// inside each session (blocks of different sessions share no time slot).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "results/stats/aggregate.h"
#include "results/store/store.h"

namespace cudabench::results {

struct HostOptions {
  AggregateOptions aggregate;
  double tau_pct = 2.0;  // METHODOLOGY.md's floor for a change worth naming
  double alpha = 0.01;
};

enum class HostVerdict { same, differs, inconclusive, not_compared };
const char* host_verdict_name(HostVerdict verdict);

struct HostScenarioChange {
  std::string scenario;
  Change change;  // scenario vs this host's baseline, tok/s in %
};

struct HostSummary {
  std::string host;  // "unknown" for sessions stored before hosts were recorded
  int sessions = 0, runs = 0;
  std::string cpu_model, gpu_name, gpu_driver, kernel;  // of its runs; "mixed" when they differ
  bool baseline_traced = false;                         // no untraced baseline runs: traced ones used
  MetricSummary baseline;                               // baseline tok/s across its runs
  std::optional<Change> vs_fleet;                       // baseline vs the other hosts' baseline runs
  HostVerdict verdict = HostVerdict::not_compared;
  std::vector<HostScenarioChange> scenarios;  // every other scenario, in the study's order
};

struct HostComparison {
  std::string baseline;
  double tau_pct = 2, alpha = 0.01;
  std::vector<HostSummary> hosts;         // by name
  std::vector<HostScenarioChange> fleet;  // each scenario vs baseline over all hosts' sessions
  std::vector<std::string> notes;
};

// `runs` from any sessions; `sessions` name their hosts. Warmup and not-ok runs are left out.
HostComparison compare_hosts(const std::vector<RunRecord>& runs, const std::vector<SessionInfo>& sessions,
                             const HostOptions& options);

}  // namespace cudabench::results
