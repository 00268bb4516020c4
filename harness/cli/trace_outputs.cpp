#include "harness/cli/trace_outputs.h"

#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>

#include "common/error.h"
#include "common/log.h"
#include "results/report/trace_summary.h"
#include "results/trace/csv.h"
#include "results/trace/perfetto.h"

namespace cudabench::harness {

void write_trace_outputs(const trace::TraceData& data, const std::optional<std::string>& csv,
                         const std::optional<std::string>& perfetto) {
  results::print_summary(data, results::analyze_run(data), std::cout);
  if (csv) {
    std::ofstream out(*csv);
    if (!out) throw UserError(fmt::format("--csv {}: cannot write: {}", *csv, std::strerror(errno)));
    results::write_trace_csv(data, out);
    log::info("wrote {}", *csv);
  }
  if (perfetto) {
    std::ofstream out(*perfetto);
    if (!out)
      throw UserError(fmt::format("--perfetto {}: cannot write: {}", *perfetto, std::strerror(errno)));
    results::write_perfetto(data, out);
    log::info("wrote {} (open it in ui.perfetto.dev)", *perfetto);
  }
}

}  // namespace cudabench::harness
