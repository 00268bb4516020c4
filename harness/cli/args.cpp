#include "harness/cli/args.h"

#include <charconv>

#include "common/error.h"
#include "harness/cli/suggest.h"

namespace cudabench::harness {
namespace {

const OptionHelp* find(const CommandSpec& spec, const std::string& name) {
  for (const auto* list : {&spec.options, &global_options()})
    for (const auto& o : *list)
      if (o.name == name || (!o.alias.empty() && o.alias == name)) return &o;
  return nullptr;
}

std::vector<std::string> option_names(const CommandSpec& spec) {
  std::vector<std::string> out;
  for (const auto* list : {&spec.options, &global_options()})
    for (const auto& o : *list) out.emplace_back(o.name);
  return out;
}

[[noreturn]] void unknown(const CommandSpec& spec, const std::string& name) {
  const std::string hint = did_you_mean(name, option_names(spec));
  throw UserError("unknown option " + name + " for 'cudabench " + std::string(spec.name) + "'",
                  hint.empty() ? "see 'cudabench help " + std::string(spec.name) + "'" : hint);
}

}  // namespace

Args::Args(const CommandSpec& spec, const std::vector<std::string>& argv) : command_(spec.name) {
  for (size_t i = 0; i < argv.size(); ++i) {
    const std::string& a = argv[i];
    if (a == "--") {
      positionals_.insert(positionals_.end(), argv.begin() + static_cast<long>(i) + 1, argv.end());
      return;
    }
    if (a.size() < 2 || a[0] != '-') {
      if (spec.command_follows) {
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
    const OptionHelp* o = find(spec, name);
    if (!o) unknown(spec, name);
    const std::string key(o->name);
    if (o->value.empty()) {
      if (has_inline) throw UserError("option " + key + " takes no value");
      values_[key] = "";
    } else if (has_inline) {
      values_[key] = inline_value;
    } else if (i + 1 < argv.size()) {
      values_[key] = argv[++i];
    } else {
      throw UserError("option " + (name == key ? key : name + " (" + key + ")") + " needs a value " +
                          std::string(o->value),
                      "see 'cudabench help " + command_ + "'");
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

bool take_verbose(const CommandSpec& spec, std::vector<std::string>& argv) {
  bool found = false;
  for (size_t i = 0; i < argv.size();) {
    const std::string& a = argv[i];
    if (a == "--") break;
    if (a == "-v" || a == "--verbose") {
      argv.erase(argv.begin() + static_cast<long>(i));
      found = true;
      continue;
    }
    if (a.size() < 2 || a[0] != '-') {
      if (spec.command_follows) break;
      ++i;
      continue;
    }
    // Skip an option's value so a value that reads "-v" stays a value.
    const OptionHelp* o = find(spec, a);
    i += o && !o->value.empty() && a.find('=') == std::string::npos ? 2 : 1;
  }
  return found;
}

}  // namespace cudabench::harness
