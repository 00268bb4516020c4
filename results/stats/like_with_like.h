// Comparisons compare like with like (docs/methodology.md "Design of a session"): the same scenario
// configuration on the same GPU and driver. These say what differs, in words a user can act on.
#pragma once

#include <string>
#include <vector>

#include "results/store/store.h"

namespace cudabench::results {

// Between the ok runs of A and of B: per scenario on both sides, a configuration that differs
// (config hash; the TOML sections whose settings differ, [workload] first), and a GPU or driver
// that differs. `configuration` false skips the first (reference twins differ by design).
std::vector<std::string> compare_mismatches(const std::vector<RunRecord>& a, const std::vector<RunRecord>& b,
                                            bool configuration);

// Along a history (runs of many sessions, in session order): where a scenario's configuration,
// the GPU or the driver changed, naming the first session after the change.
std::vector<std::string> history_mismatches(const std::vector<RunRecord>& runs);

// The sections of two scenario files ("[workload]", "[[interferer]]", ...) whose settings differ,
// comments, blank lines, spacing and [scenario] name/description aside.
std::vector<std::string> differing_sections(const std::string& toml_a, const std::string& toml_b);

}  // namespace cudabench::results
