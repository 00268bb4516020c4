#include "harness/cli/args.h"

#include <charconv>

#include "common/error.h"

namespace cudabench::harness {
namespace {

const OptionSpec* find(const std::vector<OptionSpec>& specs, const std::string& name) {
  for (const auto& s : specs)
    if (s.name == name || (!s.alias.empty() && s.alias == name)) return &s;
  return nullptr;
}

}  // namespace

Args::Args(const std::string& command, const std::vector<std::string>& argv,
           const std::vector<OptionSpec>& specs, bool stop_at_positional)
    : command_(command) {
  for (size_t i = 0; i < argv.size(); ++i) {
    const std::string& a = argv[i];
    if (a == "--") {
      positionals_.insert(positionals_.end(), argv.begin() + static_cast<long>(i) + 1, argv.end());
      return;
    }
    if (a.size() < 2 || a[0] != '-') {
      if (stop_at_positional) {
        positionals_.insert(positionals_.end(), argv.begin() + static_cast<long>(i), argv.end());
        return;
      }
      positionals_.push_back(a);
      continue;
    }
    std::string name = a, inline_value;
    bool has_inline = false;
    if (auto eq = a.find('='); eq != std::string::npos && a.rfind("--", 0) == 0) {
      name = a.substr(0, eq);
      inline_value = a.substr(eq + 1);
      has_inline = true;
    }
    const OptionSpec* spec = find(specs, name);
    if (!spec)
      throw UserError("unknown option " + name + " for 'cudabench " + command + "'",
                      "see 'cudabench " + command + " --help'");
    if (!spec->takes_value) {
      if (has_inline) throw UserError("option " + spec->name + " takes no value");
      values_[spec->name] = "";
    } else if (has_inline) {
      values_[spec->name] = inline_value;
    } else if (i + 1 < argv.size()) {
      values_[spec->name] = argv[++i];
    } else {
      throw UserError("option " + spec->name + " needs a value", "see 'cudabench " + command + " --help'");
    }
  }
}

std::optional<std::string> Args::value(const std::string& name) const {
  auto it = values_.find(name);
  if (it == values_.end()) return std::nullopt;
  return it->second;
}

std::optional<int> Args::integer(const std::string& name, int min, int max) const {
  auto text = value(name);
  if (!text) return std::nullopt;
  int v = 0;
  auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), v);
  if (ec != std::errc() || end != text->data() + text->size() || v < min || v > max)
    throw UserError(name + " expects an integer from " + std::to_string(min) + " to " + std::to_string(max) +
                    ", got '" + *text + "'");
  return v;
}

std::optional<uint64_t> Args::u64(const std::string& name) const {
  auto text = value(name);
  if (!text) return std::nullopt;
  uint64_t v = 0;
  auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), v);
  if (ec != std::errc() || end != text->data() + text->size())
    throw UserError(name + " expects a non-negative integer, got '" + *text + "'");
  return v;
}

}  // namespace cudabench::harness
