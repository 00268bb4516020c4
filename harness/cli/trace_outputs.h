// What `trace` and `export` write for one trace: the summary (text or JSON, on stdout or to a
// file), and on request the original study's CSV and a Perfetto (Chrome JSON) trace.
#pragma once

#include <optional>
#include <string>

#include "harness/cli/args.h"
#include "tracer/model/trace_data.h"

namespace cudabench::harness {

struct TraceOutputs {
  bool json = false;                   // -f json
  std::optional<std::string> summary;  // -o FILE; stdout when absent
  std::optional<std::string> csv, perfetto;
};

// From -f/--format, -o/--output, --csv and --perfetto; a UserError for a format other than text or json.
TraceOutputs trace_outputs(const Args& args);

void write_trace_outputs(const trace::TraceData& data, const TraceOutputs& outputs,
                         std::optional<int> exit_status = std::nullopt);

}  // namespace cudabench::harness
