// The man page (roff, man(7)) and the bash and zsh completions, generated from the command table
// (spec.h) at build time by `cudabench __doc man|bash|zsh` and installed by `cmake --install`.
#include <fmt/format.h>

#include "harness/cli/spec.h"

namespace cudabench::harness {
namespace {

// Text for roff: backslashes doubled, hyphens as \-, a leading dot or quote guarded.
std::string roff(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '\\')
      out += "\\e";
    else if (c == '-')
      out += "\\-";
    else
      out += c;
  }
  std::string guarded;
  size_t at = 0;
  while (at <= out.size()) {
    const size_t end = std::min(out.find('\n', at), out.size());
    std::string line = out.substr(at, end - at);
    if (!line.empty() && (line[0] == '.' || line[0] == '\'')) line = "\\&" + line;
    guarded += line + (end < out.size() ? "\n" : "");
    at = end + 1;
  }
  return guarded;
}

std::string roff_paragraphs(std::string_view text) {
  std::string out;
  size_t at = 0;
  while (at < text.size()) {
    const size_t end = std::min(text.find("\n\n", at), text.size());
    std::string para(text.substr(at, end - at));
    for (auto& c : para)
      if (c == '\n') c = ' ';
    out += ".PP\n" + roff(para) + "\n";
    at = end + 2;
  }
  return out;
}

std::string roff_option(const OptionHelp& o) {
  std::string flags = fmt::format("\\fB{}\\fR", roff(o.name));
  if (!o.alias.empty()) flags = fmt::format("\\fB{}\\fR, ", roff(o.alias)) + flags;
  if (!o.value.empty()) flags += fmt::format(" \\fI{}\\fR", roff(o.value));
  return ".TP\n" + flags + "\n" + roff(o.text) + "\n";
}

std::string roff_lines(std::string_view text) {
  return ".PP\n.nf\n" + roff(text) + "\n.fi\n";
}

// Words for `compgen -W`: every flag and alias of a command, and the global ones.
std::string flag_words(const CommandSpec& c) {
  std::string out;
  for (const auto& list : {&c.options, &global_options()})
    for (const auto& o : *list) {
      out += fmt::format(" {}", o.name);
      if (!o.alias.empty()) out += fmt::format(" {}", o.alias);
    }
  return out.substr(1);
}

bool takes_file(const OptionHelp& o) {
  return o.value == "PATH" || o.value == "FILE" || o.value == "PROG";
}

// zsh _arguments text: brackets, colons and quotes escaped.
std::string zsh_text(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '[' || c == ']' || c == ':') out += '\\';
    if (c == '\'') {
      out += "'\\''";
      continue;
    }
    out += c;
  }
  return out;
}

}  // namespace

std::string man_page(std::string_view version) {
  std::string out = fmt::format(".TH CUDABENCH 1 \"\" \"cudabench {}\" \"User Commands\"\n", roff(version));
  out += ".SH NAME\ncudabench \\- measure what CPU contention and interrupts cost a GPU workload\n";
  out += ".SH SYNOPSIS\n.B cudabench\n[\\fB\\-v\\fR] \\fICOMMAND\\fR [\\fIARGS\\fR...]\n";
  out += ".SH DESCRIPTION\n" +
         roff_paragraphs(
             "cudabench starts interferers (stress-ng, iperf3, fio), places the workload, runs it "
             "repeatedly in randomised blocks under an embedded eBPF tracer, stores every run in "
             "SQLite and reports the degradation, its mechanism and what buys it back, with 95% "
             "confidence intervals. docs/ in the source tree explains the study and every figure.");
  out += ".SH OPTIONS\n";
  for (const auto& o : global_options()) out += roff_option(o);
  out += roff_option({"--version", "", "", "print the version", ""});
  out += ".SH COMMANDS\n";
  for (const auto& c : command_specs()) {
    out += fmt::format(".SS {}\n", roff(c.name));
    out += roff_lines(c.usage) + roff_paragraphs(c.description);
    for (const auto& o : c.options) out += roff_option(o);
    out += ".PP\n.B Examples\n" + roff_lines(c.examples);
    out += ".PP\n.B Exit codes\n" + roff_lines(c.exit_codes);
  }
  out += ".SH ENVIRONMENT\n.TP\n.B CUDABENCH_DB\nthe database when \\fB\\-\\-db\\fR is not given\n";
  out += ".TP\n.B NO_COLOR\nwhen set and not empty, no colour in the output (https://no\\-color.org)\n";
  out +=
      ".SH EXIT STATUS\n0 success, 1 a run or the environment failed, 2 bad input, 3 report \\-\\-compare: "
      "inconclusive, 130 and 143 interrupted.\n";
  out += ".SH SEE ALSO\n.BR perf (1),\n.BR bpftrace (8),\n.BR hyperfine (1),\n.BR stress\\-ng (1)\n";
  return out;
}

std::string bash_completion() {
  std::string commands;
  for (const auto& c : command_specs())
    commands += std::string(commands.empty() ? "" : " ") + std::string(c.name);
  std::string out =
      "# bash completion for cudabench, generated from its command table\n_cudabench() {\n"
      "  local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]} cmd= i\n"
      "  for ((i = 1; i < COMP_CWORD; i++)); do\n"
      "    case ${COMP_WORDS[i]} in -*) ;; *) cmd=${COMP_WORDS[i]}; break ;; esac\n  done\n"
      "  if [[ -z $cmd ]]; then\n";
  out += fmt::format("    COMPREPLY=($(compgen -W \"{} -v --verbose -h --help --version\" -- \"$cur\"))\n",
                     commands);
  out += "    return\n  fi\n  local opts=\n  case $cmd in\n";
  for (const auto& c : command_specs()) {
    out += fmt::format("    {})\n      opts=\"{}\"\n      case $prev in\n", c.name, flag_words(c));
    for (const auto& o : c.options) {
      const std::string names = std::string(o.name) + (o.alias.empty() ? "" : "|" + std::string(o.alias));
      if (!o.choices.empty())
        out += fmt::format("        {}) COMPREPLY=($(compgen -W \"{}\" -- \"$cur\")); return ;;\n", names,
                           o.choices);
      else if (takes_file(o))
        out += fmt::format("        {}) COMPREPLY=($(compgen -f -- \"$cur\")); return ;;\n", names);
      else if (!o.value.empty())
        out += fmt::format("        {}) return ;;\n", names);
    }
    out += "      esac\n";
    if (c.operands == "command-name") out += fmt::format("      opts=\"$opts {}\"\n", commands);
    out += "      ;;\n";
  }
  out +=
      "  esac\n  if [[ $cur == -* || $cmd == help ]]; then\n"
      "    COMPREPLY=($(compgen -W \"$opts\" -- \"$cur\"))\n  else\n"
      "    COMPREPLY=($(compgen -f -- \"$cur\"))\n  fi\n}\ncomplete -F _cudabench cudabench\n";
  return out;
}

std::string zsh_completion() {
  std::string out =
      "#compdef cudabench\n# zsh completion for cudabench, generated from its command table\n"
      "_cudabench() {\n  local -a commands\n  commands=(\n";
  for (const auto& c : command_specs()) out += fmt::format("    '{}:{}'\n", c.name, zsh_text(c.summary));
  out +=
      "  )\n  if (( CURRENT == 2 )); then\n    _describe 'command' commands\n    return\n  fi\n"
      "  local cmd=$words[2]\n  shift words\n  (( CURRENT-- ))\n  case $cmd in\n";
  for (const auto& c : command_specs()) {
    out += fmt::format("    {})\n      _arguments -s", c.name);
    for (const auto* list : {&c.options, &global_options()})
      for (const auto& o : *list) {
        std::string action;
        if (!o.value.empty())
          action = ":" + zsh_text(o.value) + ":" +
                   (!o.choices.empty() ? "(" + std::string(o.choices) + ")"
                    : takes_file(o)    ? "_files"
                                       : "");
        for (std::string_view flag : {o.name, o.alias})
          if (!flag.empty()) out += fmt::format(" \\\n        '{}[{}]{}'", flag, zsh_text(o.text), action);
      }
    out += c.operands == "file" || c.operands == "command" ? " \\\n        '*:file:_files'\n" : "\n";
    out += "      ;;\n";
  }
  out += "  esac\n}\n_cudabench \"$@\"\n";
  return out;
}

}  // namespace cudabench::harness
