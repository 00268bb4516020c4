// cudabench: measure what CPU contention and interrupts cost a GPU workload.
// A bpftool-style subcommand table; main() is the only place that catches user and run errors.
#include <fmt/format.h>

#include <exception>

#include "common/error.h"
#include "common/log.h"
#include "harness/cli/args.h"
#include "harness/cli/commands.h"
#include "harness/cli/spec.h"
#include "harness/cli/suggest.h"

namespace {

using namespace cudabench;
using harness::CommandArgs;

struct Command {
  const char* name;
  int (*run)(const CommandArgs&);
};

int cmd_help(const CommandArgs& args);

constexpr Command commands[] = {
    {"run", harness::cmd_run},
    {"list", harness::cmd_list},
    {"show", harness::cmd_show},
    {"trace", harness::cmd_trace},
    {"export", harness::cmd_export},
    {"report", harness::cmd_report},
    {"import-csv", harness::cmd_import_csv},
    {"merge", harness::cmd_merge},
    {"help", cmd_help},
};

std::vector<std::string> command_names() {
  std::vector<std::string> out;
  for (const auto& c : harness::command_specs()) out.emplace_back(c.name);
  return out;
}

[[noreturn]] void unknown_command(const std::string& name) {
  const std::string hint = harness::did_you_mean(name, command_names());
  throw UserError("unknown command '" + name + "'", hint.empty() ? "see 'cudabench --help'" : hint);
}

int cmd_help(const CommandArgs& args) {
  if (args.empty() || args[0] == "-h" || args[0] == "--help") return fmt::print("{}", harness::top_help()), 0;
  const auto* spec = harness::find_command(args[0]);
  if (!spec) unknown_command(args[0]);
  fmt::print("{}", harness::command_help(*spec));
  return 0;
}

// `cudabench __doc man|bash|zsh`: the man page and completions, written at build time.
int cmd_doc(const CommandArgs& args) {
  const std::string what = args.empty() ? "" : args[0];
  if (what == "man") return fmt::print("{}", harness::man_page(CUDABENCH_VERSION)), 0;
  if (what == "bash") return fmt::print("{}", harness::bash_completion()), 0;
  if (what == "zsh") return fmt::print("{}", harness::zsh_completion()), 0;
  throw UserError("__doc wants man, bash or zsh");
}

int dispatch(int argc, char** argv) {
  int first = 1;
  if (first < argc && std::string(argv[first]) == "__exec-held")
    return harness::cmd_exec_held(CommandArgs(argv + first + 1, argv + argc));
  for (; first < argc; ++first) {
    const std::string a = argv[first];
    if (a != "-v" && a != "--verbose") break;
    log::set_verbose(true);
  }
  if (first >= argc) {
    fmt::print(stderr, "{}", harness::top_help());
    return 2;
  }
  const std::string name = argv[first];
  CommandArgs args(argv + first + 1, argv + argc);
  if (name == "-h" || name == "--help") return fmt::print("{}", harness::top_help()), 0;
  if (name == "--version") return fmt::print("cudabench {} ({})\n", CUDABENCH_VERSION, CUDABENCH_GIT_SHA), 0;
  if (name == "__doc") return cmd_doc(args);
  for (const auto& c : commands) {
    if (name != c.name) continue;
    if (harness::take_verbose(harness::command_spec(c.name), args)) log::set_verbose(true);
    return c.run(args);
  }
  unknown_command(name);
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
