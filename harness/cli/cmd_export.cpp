// `cudabench export RUN_ID`: a traced run's kept event trace (--keep-trace) as the summary, the
// original study's CSV or a Perfetto trace.
#include <fmt/format.h>

#include "common/error.h"
#include "harness/cli/args.h"
#include "harness/cli/commands.h"
#include "harness/cli/run_operand.h"
#include "harness/cli/trace_outputs.h"
#include "results/store/store.h"
#include "results/trace/file.h"

namespace cudabench::harness {

int cmd_export(const CommandArgs& argv) {
  const auto& spec = command_spec("export");
  Args args(spec, argv);
  if (args.flag("--help")) return fmt::print("{}", command_help(spec)), 0;
  const auto outputs = trace_outputs(args);
  const auto [db_path, run] = run_operand(args, "export");
  if (run.trace_file.empty())
    throw UserError(fmt::format("run {} has no kept trace", run.id),
                    run.traced ? "record traced runs with 'cudabench run --keep-trace'"
                               : "it is an untraced run; traced runs carry the mechanism");
  std::string path = db_path + ".traces/" + run.trace_file;
  write_trace_outputs(results::read_trace_file(path), outputs);
  return 0;
}

}  // namespace cudabench::harness
