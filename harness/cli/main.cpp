// cudabench: measure what CPU contention and interrupts cost a GPU workload.
// A bpftool-style subcommand table; main() is the only place that catches user and run errors.
#include <fmt/format.h>

#include <cstring>
#include <exception>

#include "common/error.h"
#include "common/log.h"
#include "harness/cli/commands.h"

namespace {

using namespace cudabench;
using harness::CommandArgs;

struct Command {
  const char* name;
  int (*run)(const CommandArgs&);
  const char* summary;
};

constexpr Command commands[] = {
    {"run", harness::cmd_run, "run scenarios in randomised blocks and store every run"},
    {"list", harness::cmd_list, "list stored sessions and runs"},
    {"show", harness::cmd_show, "show one stored run"},
    {"trace", harness::cmd_trace,
     "trace one command or process: launches, switches, run-queue latency, IRQs"},
    {"export", harness::cmd_export, "a traced run's kept trace as summary, CSV or Perfetto JSON"},
    {"report", harness::cmd_report,
     "tables, charts and advice for a session; --compare A B gates regressions"},
    {"import-csv", harness::cmd_import_csv,
     "store a trace in the original study's CSV format as a traced run"},
    {"merge", harness::cmd_merge, "combine databases of several hosts into one (each session once)"},
};

void usage(std::FILE* out) {
  fmt::print(out,
             "usage: cudabench [-v] COMMAND [ARGS...]\n\n"
             "Measures how CPU contention and interrupts slow a GPU workload.\n\ncommands:\n");
  for (const auto& c : commands) fmt::print(out, "  {:<12} {}\n", c.name, c.summary);
  fmt::print(out,
             "\n'cudabench COMMAND --help' describes a command.\n"
             "exit codes: 0 ok, 1 a run or the environment failed, 2 bad input, "
             "130/143 interrupted\n");
}

int dispatch(int argc, char** argv) {
  int first = 1;
  while (first < argc && std::strcmp(argv[first], "-v") == 0) {
    log::set_verbose(true);
    ++first;
  }
  if (first >= argc) {
    usage(stderr);
    return 2;
  }
  std::string name = argv[first];
  CommandArgs args(argv + first + 1, argv + argc);
  if (name == "-h" || name == "--help" || name == "help") {
    usage(stdout);
    return 0;
  }
  if (name == "--version") {
    fmt::print("cudabench {} ({})\n", CUDABENCH_VERSION, CUDABENCH_GIT_SHA);
    return 0;
  }
  if (name == "__exec-held") return harness::cmd_exec_held(args);
  for (const auto& c : commands)
    if (name == c.name) return c.run(args);
  throw UserError("unknown command '" + name + "'", "see 'cudabench --help'");
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return dispatch(argc, argv);
  } catch (const Error& e) {
    log::error("{}", e.what());
    if (!e.hint().empty()) log::hint("{}", e.hint());
    return e.exit_code();
  } catch (const std::exception& e) {
    log::error("{}", e.what());
    return 1;
  }
}
