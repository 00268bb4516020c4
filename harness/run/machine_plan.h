// What a session will change on this machine, said before it changes anything (the session header
// and `run --dry-run`): CPU pinning, nice, real-time policies, cgroups, IRQ moves, the interferers
// and the files fio writes. Everything listed is undone after each run and at the end.
#pragma once

#include <string>
#include <vector>

#include "harness/scenario/scenario.h"

namespace cudabench::harness {

// One line per scenario ("noisy_cpu: stress-ng fft, 4 workers (one per online CPU)"), plus the
// session's own changes (a session cgroup, the lock, the tracer).
std::vector<std::string> machine_changes(const std::vector<Scenario>& scenarios, bool traced);

// A sentence when the machine is already busy (1-minute load average above half its online CPUs):
// other work shows up as noise in every figure. Empty otherwise.
std::string busy_machine_warning();

}  // namespace cudabench::harness
