// The option scanner of every subcommand, driven by its CommandSpec (spec.h): --flag, --key VALUE,
// --key=VALUE, -k VALUE, positionals, and `--` ending options. An unknown option is a UserError
// naming the subcommand and, when one is close, the option meant ("did you mean '--runs'?").
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "harness/cli/spec.h"

namespace cudabench::harness {

class Args {
 public:
  // Throws UserError for an unknown option or a missing value. For a command whose first
  // positional starts a command line (trace), it and everything after it are positionals.
  Args(const CommandSpec& spec, const std::vector<std::string>& argv);

  bool flag(const std::string& name) const { return values_.count(name) > 0; }
  std::optional<std::string> value(const std::string& name) const;
  std::optional<int> integer(const std::string& name, int min, int max) const;
  std::optional<uint64_t> u64(const std::string& name) const;
  const std::vector<std::string>& positionals() const { return positionals_; }
  const std::string& command() const { return command_; }

 private:
  std::string command_;
  std::map<std::string, std::string> values_;
  std::vector<std::string> positionals_;
};

// Takes -v/--verbose out of a subcommand's arguments wherever it stands (before `--`, and before
// the command line of a command that runs one) and returns whether it was there.
bool take_verbose(const CommandSpec& spec, std::vector<std::string>& argv);

}  // namespace cudabench::harness
