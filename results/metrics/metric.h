// One named number of a run. Names are stable dotted identifiers ("tokens_per_s", "pairs.b.p50_us");
// the store, the statistics and every report format key on them.
#pragma once

#include <string>

namespace cudabench::results {

struct Metric {
  std::string name;
  double value = 0;
  std::string unit;
};

}  // namespace cudabench::results
