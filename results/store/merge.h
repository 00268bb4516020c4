// `cudabench merge OUT.db IN.db...`: a fleet's databases (one per host, per Slurm task, per pod)
// combined into one, which `report --by host` then reads. Sessions are identified by their uuid
// (schema v4), so merging a database twice, or a database that already holds some of the sessions,
// adds only what is new; each session keeps its host and its runs their environment fingerprint.
#pragma once

#include <string>
#include <vector>

#include "results/store/store.h"

namespace cudabench::results {

struct MergedInput {
  std::string path;
  Store::MergeCounts counts;
};

// Every input is opened and checked before OUT is written: a missing file, OUT itself, a file that
// is not a cudabench database or one newer than this binary is a UserError and nothing is merged.
// OUT is created when absent. Inputs are brought to the current schema, as any command does.
std::vector<MergedInput> merge_databases(const std::string& out, const std::vector<std::string>& inputs);

}  // namespace cudabench::results
