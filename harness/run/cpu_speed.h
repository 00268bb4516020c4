// CPU speed calibration at session start. On virtual machines vCPUs are not equal (on the H200
// guest a CUDA launch cost 3.3 us on some vCPUs and 4.3 on others), so a scenario pinned to slow
// CPUs is slower for a reason that is not scheduling. Each online CPU runs the same short probe,
// pinned, before any interferer starts: a floating-point dependency chain (core speed), a pointer
// chase through 1 MiB (cache and memory), and getppid() (the user/kernel crossing every driver
// call pays). Each part keeps the best of a few repetitions; the report combines them into one
// relative speed per CPU (results::CpuCalibration).
#pragma once

#include <chrono>
#include <vector>

#include "results/store/store.h"

namespace cudabench::harness {

// One row per CPU and part, on every CPU this process may run on. Takes about 3 x `per_part` x
// repetitions per CPU.
std::vector<results::CpuCalibration> calibrate_cpus(
    std::chrono::milliseconds per_part = std::chrono::milliseconds(8), int repetitions = 2);

}  // namespace cudabench::harness
