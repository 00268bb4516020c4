// What `run` does to a session's scenarios besides loading them (session_plan.h): the --aa twin and
// the workload pinning of --pin auto.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "harness/scenario/scenario.h"

namespace cudabench::harness {

// --aa: the scenario named `baseline` once more as "<baseline>@aa", the same configuration under
// another name, run in the same blocks: the session's own noise floor (an A/A pair; `report`
// shows its change against the baseline, `report --compare` derives tau from it).
void add_aa_twin(std::vector<Scenario>& scenarios, const std::string& baseline);

// --pin auto (docs/precision.md, the low-noise recipe): every scenario whose workload has no CPUs
// of its own runs it on the fastest CPU of the session's calibration (`speed`: CPU -> relative
// speed) that none of its interferers is pinned to, and its interferers without CPUs of their own
// run on the other CPUs. The pinning goes into the scenario's text and configuration hash.
// Returns what it did, one line per scenario, for the session's log.
std::vector<std::string> pin_workloads(std::vector<Scenario>& scenarios, const std::map<int, double>& speed);

}  // namespace cudabench::harness
