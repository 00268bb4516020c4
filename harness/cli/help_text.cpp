// `cudabench --help` and `cudabench CMD --help`, from the command table (spec.h): the same sections
// in the same order for every command: USAGE, DESCRIPTION, OPTIONS, EXAMPLES, EXIT CODES.
#include <fmt/format.h>

#include "harness/cli/spec.h"

namespace cudabench::harness {
namespace {

// Paragraphs (separated by a blank line) wrapped at 100 columns, indented.
std::string paragraphs(std::string_view text, const std::string& indent) {
  std::string out;
  size_t at = 0;
  while (at < text.size()) {
    const size_t end = std::min(text.find("\n\n", at), text.size());
    std::string line = indent;
    size_t w = at;
    while (w < end) {
      const size_t stop = std::min(text.find_first_of(" \n", w), end);
      if (stop > w) {
        const std::string_view word = text.substr(w, stop - w);
        if (line.size() > indent.size() && line.size() + 1 + word.size() > 100)
          out += line + "\n", line = indent;
        line += (line.size() > indent.size() ? " " : "") + std::string(word);
      }
      w = stop + 1;
    }
    out += line + "\n";
    at = end + 2;
    if (at < text.size()) out += "\n";
  }
  return out;
}

std::string lines(std::string_view text, const std::string& indent) {
  std::string out;
  size_t at = 0;
  while (at < text.size()) {
    const size_t end = std::min(text.find('\n', at), text.size());
    out += indent + std::string(text.substr(at, end - at)) + "\n";
    at = end + 1;
  }
  return out;
}

std::string option_line(const OptionHelp& o) {
  std::string flags = o.alias.empty() ? std::string(o.name) : fmt::format("{}, {}", o.alias, o.name);
  if (!o.value.empty()) flags += " " + std::string(o.value);
  return fmt::format("  {:<26}{}\n", flags, o.text);
}

}  // namespace

std::string top_help() {
  std::string out =
      "USAGE\n  cudabench [-v] COMMAND [ARGS...]\n\n"
      "DESCRIPTION\n  Measures how much CPU contention and interrupts slow a GPU workload on a shared Linux\n"
      "  machine, why, and which mitigation buys it back.\n\nCOMMANDS\n";
  for (const auto& c : command_specs()) out += fmt::format("  {:<12}{}\n", c.name, c.summary);
  out += "\nOPTIONS\n";
  for (const auto& o : global_options()) out += option_line(o);
  out += option_line({"--version", "", "", "print the version", ""});
  out +=
      "\n'cudabench help COMMAND' (or 'cudabench COMMAND --help') describes a command; `man cudabench`\n"
      "describes them all. Try it without a GPU: README.md, \"Quick start\".\n\n"
      "EXIT CODES\n  0  success\n  1  a run or the environment failed\n  2  bad input\n"
      "  3  report --compare: inconclusive\n  130, 143  interrupted by Ctrl-C or SIGTERM\n";
  return out;
}

std::string command_help(const CommandSpec& c) {
  std::string out = "USAGE\n" + lines(c.usage, "  ") + "\nDESCRIPTION\n" + paragraphs(c.description, "  ");
  out += "\nOPTIONS\n";
  for (const auto& o : c.options) out += option_line(o);
  for (const auto& o : global_options()) out += option_line(o);
  out += "\nEXAMPLES\n" + lines(c.examples, "  ");
  out += "\nEXIT CODES\n" + lines(c.exit_codes, "  ");
  return out;
}

}  // namespace cudabench::harness
