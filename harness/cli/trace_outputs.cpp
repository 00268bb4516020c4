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
namespace {

std::ofstream open_for(const std::string& flag, const std::string& path) {
  std::ofstream out(path, std::ios::binary);
  if (!out) throw UserError(fmt::format("{} {}: cannot write: {}", flag, path, std::strerror(errno)));
  return out;
}

}  // namespace

TraceOutputs trace_outputs(const Args& args) {
  TraceOutputs o;
  const std::string format = args.value("--format").value_or("text");
  if (format != "text" && format != "json")
    throw UserError("--format wants text or json for a trace summary, got \"" + format + "\"");
  o.json = format == "json";
  o.summary = args.value("--output");
  o.csv = args.value("--csv");
  o.perfetto = args.value("--perfetto");
  return o;
}

void write_trace_outputs(const trace::TraceData& data, const TraceOutputs& o,
                         std::optional<int> exit_status) {
  const auto analysis = results::analyze_run(data);
  auto summary = [&](std::ostream& out) {
    if (o.json)
      results::print_summary_json(data, analysis, exit_status, out);
    else
      results::print_summary(data, analysis, out);
  };
  if (o.summary) {
    auto out = open_for("--output", *o.summary);
    summary(out);
    log::info("wrote {}", *o.summary);
  } else {
    summary(std::cout);
    std::cout.flush();
  }
  if (o.csv) {
    auto out = open_for("--csv", *o.csv);
    results::write_trace_csv(data, out);
    log::info("wrote {}", *o.csv);
  }
  if (o.perfetto) {
    auto out = open_for("--perfetto", *o.perfetto);
    results::write_perfetto(data, out);
    log::info("wrote {} (open it in ui.perfetto.dev)", *o.perfetto);
  }
}

}  // namespace cudabench::harness
