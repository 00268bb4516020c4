// `cudabench export RUN_ID`: a traced run's kept event trace (--keep-trace) as the summary, the
// original study's CSV or a Perfetto trace.
#include <fmt/format.h>

#include <filesystem>

#include "common/error.h"
#include "harness/cli/args.h"
#include "harness/cli/commands.h"
#include "harness/cli/run_operand.h"
#include "harness/cli/trace_outputs.h"
#include "results/store/store.h"
#include "results/trace/file.h"

namespace cudabench::harness {
namespace {

constexpr const char* help =
    "usage: cudabench export [--db PATH] RUN_ID [--csv FILE] [--perfetto FILE]\n\n"
    "Re-reads the full event trace of a traced run recorded with `run --keep-trace` and prints its\n"
    "summary; --csv writes it in the original study's CSV format, --perfetto as a Chrome JSON trace\n"
    "for ui.perfetto.dev.\n\n"
    "example:\n  cudabench export --db study.db 42 --perfetto run42.json\n";

}  // namespace

int cmd_export(const CommandArgs& argv) {
  Args args("export", argv,
            {{"--db", "", true}, {"--csv", "", true}, {"--perfetto", "", true}, {"--help", "-h", false}});
  if (args.flag("--help")) return fmt::print("{}", help), 0;
  const auto [db_path, run] = run_operand(args, "export");
  if (run.trace_file.empty())
    throw UserError(fmt::format("run {} has no kept trace", run.id),
                    run.traced ? "record traced runs with 'cudabench run --keep-trace'"
                               : "it is an untraced run; traced runs carry the mechanism");
  std::string path = db_path + ".traces/" + run.trace_file;
  write_trace_outputs(results::read_trace_file(path), args.value("--csv"), args.value("--perfetto"));
  return 0;
}

}  // namespace cudabench::harness
