// A small argument scanner for subcommands: --flag, --key VALUE, --key=VALUE, -k VALUE, positionals,
// and `--` ending options. Unknown options are a UserError naming the subcommand.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace cudabench::harness {

struct OptionSpec {
  std::string name;   // "--runs"
  std::string alias;  // "-o" or ""
  bool takes_value = false;
};

class Args {
 public:
  // Throws UserError for an unknown option or a missing value. With stop_at_positional, the first
  // positional and everything after it are left as positionals (for `trace CMD ARGS`).
  Args(const std::string& command, const std::vector<std::string>& argv, const std::vector<OptionSpec>& specs,
       bool stop_at_positional = false);

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

}  // namespace cudabench::harness
