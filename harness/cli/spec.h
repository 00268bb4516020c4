// Every subcommand's name, options and help text, in one table (spec_commands.cpp). The option
// parser (args.h), `--help`, `cudabench help CMD`, the man page and the shell completions are all
// generated from it, so a flag cannot exist in one and be missing in another.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace cudabench::harness {

struct OptionHelp {
  std::string_view name;     // "--runs"
  std::string_view alias;    // "-r", or empty
  std::string_view value;    // "N", "PATH"... ; empty for a flag that takes no value
  std::string_view text;     // what it does, one or two sentences
  std::string_view choices;  // the values it accepts, space-separated (completion), or empty
};

struct CommandSpec {
  std::string_view name;
  std::string_view summary;      // one line, for the command list
  std::string_view usage;        // synopsis lines, each starting with "cudabench NAME"
  std::string_view description;  // paragraphs separated by blank lines
  std::vector<OptionHelp> options;
  std::string_view operands;     // what positionals complete to: "file", "run", "" (none)
  std::string_view examples;     // one command per line
  std::string_view exit_codes;   // "CODE  meaning" per line
  bool command_follows = false;  // the first positional starts a command line (trace): no options after it
};

const std::vector<CommandSpec>& command_specs();
const CommandSpec& command_spec(std::string_view name);  // a name from command_specs()
const CommandSpec* find_command(std::string_view name);  // null when there is no such command

// Options every command takes, wherever they stand on the line (before `--` and, for a command
// that runs a command line, before it): -v/--verbose, -h/--help.
const std::vector<OptionHelp>& global_options();

// The texts: `cudabench --help`, `cudabench CMD --help`, the man page (roff), completions.
std::string top_help();
std::string command_help(const CommandSpec& spec);
std::string man_page(std::string_view version);
std::string bash_completion();
std::string zsh_completion();

}  // namespace cudabench::harness
