// One relative speed per CPU from the session's calibration (harness/run/cpu_speed.h), and what
// it implies for a run that ran on a mix of CPUs.
#pragma once

#include <map>
#include <optional>
#include <vector>

#include "results/store/store.h"

namespace cudabench::results {

// CPU -> speed relative to the fastest CPU (1.0; 0.8 = takes 25% longer): for each probe part the
// ratio of the fastest CPU's time to this CPU's, combined by geometric mean over the parts.
std::map<int, double> relative_cpu_speed(const std::vector<CpuCalibration>& rows);

// The speed a run saw: its critical thread's residency (cpu.<n>.residency_pct metrics) weighted by
// the CPUs' relative speeds; nullopt without residency or calibration for those CPUs.
std::optional<double> residency_speed(const RunRecord& run, const std::map<int, double>& speed);

}  // namespace cudabench::results
