// What `trace` and `export` write for one trace: the summary on stdout, and on request the original
// study's CSV and a Perfetto (Chrome JSON) trace.
#pragma once

#include <optional>
#include <string>

#include "tracer/model/trace_data.h"

namespace cudabench::harness {

void write_trace_outputs(const trace::TraceData& data, const std::optional<std::string>& csv_path,
                         const std::optional<std::string>& perfetto_path);

}  // namespace cudabench::harness
