// The subcommands. Each takes its arguments without the program name and the subcommand word and
// returns the exit code; bad input is a UserError (exit 2), a failed run a RunError (exit 1).
#pragma once

#include <string>
#include <vector>

namespace cudabench::harness {

using CommandArgs = std::vector<std::string>;

int cmd_run(const CommandArgs& args);
int cmd_list(const CommandArgs& args);
int cmd_show(const CommandArgs& args);
int cmd_trace(const CommandArgs& args);       // trace one command or process, print a summary
int cmd_export(const CommandArgs& args);      // a kept trace as summary, CSV or Perfetto
int cmd_report(const CommandArgs& args);      // results: tables, charts, advice, --compare gate
int cmd_import_csv(const CommandArgs& args);  // an original-format CSV trace as a traced run
int cmd_merge(const CommandArgs& args);       // databases of a fleet combined into one
int cmd_exec_held(const CommandArgs& args);   // internal trampoline, see process.cpp

}  // namespace cudabench::harness
