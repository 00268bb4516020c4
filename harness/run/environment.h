// The fingerprint stored with every run: compare only like with like (METHODOLOGY.md).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "results/store/store.h"

namespace cudabench::harness {

// Kernel, CPU, governor, SMT, memory, GPU and driver (nvidia-smi, when present), git sha, kernel
// isolation (isolcpus, nohz_full) and the versions of `tools` ("stress-ng", "iperf3", "fio", or any
// program answering --version). Collected once per process and set of tools: none of it changes
// while cudabench runs. Fields that cannot be read are "n/a" (or "not found" for a tool), never
// guessed.
results::Environment collect_environment(const std::vector<std::string>& tools);

// Runs argv (argv[0] looked up in PATH) with a deadline and returns its stdout; nullopt when the
// program is missing, fails or runs past the deadline.
std::optional<std::string> command_output(const std::vector<std::string>& argv, double timeout_s = 5);

}  // namespace cudabench::harness
