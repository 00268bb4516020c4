// `cudabench import-csv`: a trace in the original study's CSV format as a traced run.
#include <filesystem>
#include <fstream>
#include <iostream>

#include "common/clock.h"
#include "common/error.h"
#include "common/input.h"
#include "harness/cli/args.h"
#include "harness/cli/commands.h"
#include "harness/scenario/scenario.h"
#include "results/analysis/analysis.h"
#include "results/metrics/registry.h"
#include "results/store/store.h"
#include "results/trace/csv.h"

namespace cudabench::harness {

int cmd_import_csv(const std::vector<std::string>& args) {
  const auto& spec = command_spec("import-csv");
  const Args a(spec, args);
  if (a.flag("--help")) {
    std::cout << command_help(spec);
    return 0;
  }
  if (a.positionals().size() != 1)
    throw UserError("import-csv wants one CSV file", "see 'cudabench help import-csv'");
  const std::string path = a.positionals()[0];
  if (std::string why = regular_readable_problem(path); !why.empty())
    throw UserError("import-csv " + path + ": " + why);
  std::ifstream in(path, std::ios::binary);
  if (!in) throw UserError("cannot read " + path);
  const auto trace = results::read_trace_csv(in, path);
  const auto analysis = results::analyze_run(trace);
  if (!analysis.metric(results::metrics::launches))
    throw UserError(path + ": no kernel launches in the trace", "is it a trace of the GPU workload?");

  results::RunRecord run;
  run.scenario = a.value("--scenario").value_or(std::filesystem::path(path).stem().string());
  if (std::string why = scenario_name_problem(run.scenario); !why.empty())
    throw UserError("import-csv: scenario name \"" + visible(run.scenario) + "\": " + why,
                    a.value("--scenario") ? "pass another --scenario" : "pass --scenario NAME");
  run.scenario_text = "# imported from " + path + "\n";
  run.scenario_hash = "import:" + run.scenario;
  run.block = 0;
  run.traced = true;
  run.trace = results::TraceLevel::launch;
  run.status = results::RunStatus::ok;
  run.started_at = utc_now();
  run.metrics = analysis.metrics;
  for (auto& m : results::preemptor_metrics(analysis.top_preemptors)) run.metrics.push_back(std::move(m));
  if (const auto* rt = analysis.metric(results::metrics::runtime_s)) run.wall_s = rt->value;
  for (const auto& d : analysis.distributions)
    run.distributions.push_back({d.name, d.unit, d.histogram.encode()});

  auto store = results::Store::open_writable(results::default_db_path(a.value("--db")));
  results::SessionInfo info;
  info.started_at = run.started_at;
  info.argv = "cudabench import-csv " + path;
  info.tag = "import";
  info.blocks = 1;
  info.trace_mode = "on";
  run.session_id = store.begin_session(info);
  const int64_t id = store.add_run(run);
  store.finish_session(run.session_id, "done");
  std::cout << id << "\n";
  return 0;
}

}  // namespace cudabench::harness
