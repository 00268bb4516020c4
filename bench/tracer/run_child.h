// Runs a command to completion and captures its stdout; optionally traced (begin() before exec).
#pragma once

#include <string>
#include <vector>

#include "tracer/tracer.h"

namespace cudabench::bench {

struct ChildResult {
  std::string out;
  trace::TraceData trace;  // empty when untraced
  double wall_s = 0;
};

ChildResult run_child(const std::vector<std::string>& argv, tracer::Tracer* tracer,
                      tracer::Level level = tracer::Level::launch);

// The number after `key ` or `"key": ` (a CUDABENCH_RESULT field) in `text`, or -1.
double field(const std::string& text, const std::string& key);

}  // namespace cudabench::bench
