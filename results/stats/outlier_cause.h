// Why an outlier run is likely an outlier: the per-run covariates every run stores (hypervisor
// steal, IRQ time, involuntary switches; a traced run's CPU residency) compared with the other runs
// of its scenario and run type. A flag names the covariate that stands out, so a reader can tell a
// noisy neighbour from a slow CPU from a real effect.
#pragma once

#include <string>
#include <vector>

#include "results/store/store.h"

namespace cudabench::results::stats {

// The covariates of `run` that stand out among `peers` (run included): MAD modified z above the
// outlier threshold and above the median, e.g. "hypervisor steal 120 ms (others: median 3 ms)";
// for a traced run also "ran mostly on CPU 5 (the others on CPU 2)". "no covariate stands out"
// when none does.
std::string likely_outlier_cause(const RunRecord& run, const std::vector<const RunRecord*>& peers);

}  // namespace cudabench::results::stats
