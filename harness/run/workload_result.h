// A workload's figure of merit, from its own output: the line `CUDABENCH_RESULT {json}` on stdout,
// or the scenario's metric_regex (capture group 1) over stdout and stderr.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "harness/scenario/scenario.h"
#include "results/metrics/metric.h"

namespace cudabench::harness {

struct WorkloadResult {
  std::vector<results::Metric> metrics;                     // numeric keys; the figure first
  std::vector<std::pair<std::string, std::string>> labels;  // string keys (weights, gpu, mode)
  std::optional<double> figure;                             // the scenario's metric (tokens_per_s by default)
  std::optional<double> launches;                           // launches_total when given, else launches
  std::string error;                                        // why no figure was found
};

// The line a workload prints its figures on: `CUDABENCH_RESULT {json}`.
inline constexpr std::string_view result_marker = "CUDABENCH_RESULT ";

// `stdout_text` and `stderr_text` are what was kept of the output (OutputTail): metric_regex (RE2,
// linear time) searches those, never more than a few MiB.
WorkloadResult parse_workload_output(const Workload& workload, const std::string& stdout_text,
                                     const std::string& stderr_text);

}  // namespace cudabench::harness
