// The end of a session on stdout: its id, a short result per scenario (tok/s with its CI, the change
// against the baseline with its verdict) and the `cudabench report` command to run next; with
// --json, the same as one JSON object. Progress goes to stderr; this is the result.
#pragma once

#include <cstdint>

#include "results/store/store.h"

namespace cudabench::harness {

void print_session_summary(const results::Store& store, int64_t session, bool json);

}  // namespace cudabench::harness
