#include "results/metrics/registry.h"

#include <fmt/format.h>

namespace cudabench::results::metrics {
namespace {

bool family_matches(std::string_view pattern, std::string_view name) {
  const size_t star = pattern.find('*');
  if (star == std::string_view::npos) return false;
  const auto prefix = pattern.substr(0, star), suffix = pattern.substr(star + 1);
  return name.size() > prefix.size() + suffix.size() && name.substr(0, prefix.size()) == prefix &&
         name.substr(name.size() - suffix.size()) == suffix;
}

}  // namespace

Key Family::of(std::string_view key) const {
  return Key(fmt::format("{}{}{}", prefix, key, suffix));
}

std::optional<std::string_view> Family::key_of(std::string_view name) const {
  if (name.size() <= prefix.size() + suffix.size() || name.substr(0, prefix.size()) != prefix ||
      name.substr(name.size() - suffix.size()) != suffix)
    return std::nullopt;
  return name.substr(prefix.size(), name.size() - prefix.size() - suffix.size());
}

const Definition* find(std::string_view name) {
  for (const auto& d : definitions)
    if (d.pattern == name) return &d;
  for (const auto& d : definitions)
    if (family_matches(d.pattern, name)) return &d;
  return nullptr;
}

Description describe(std::string_view name, std::string_view stored_unit) {
  Description out;
  if (const Definition* d = find(name)) {
    out.pattern = d->pattern;
    out.description = d->description;
    out.unit = std::string(unit_symbol(d->unit));
    out.direction = d->direction;
    out.kind = d->kind;
    out.registered = true;
    return out;
  }
  out.pattern = name;
  out.description = "reported by the workload; not a figure cudabench defines";
  out.unit = std::string(stored_unit);
  return out;
}

std::string_view unit_symbol(Unit unit) {
  switch (unit) {
    case Unit::count: return "count";
    case Unit::per_1k: return "per_1k";
    case Unit::percent: return "%";
    case Unit::seconds: return "s";
    case Unit::ms: return "ms";
    case Unit::us: return "us";
    case Unit::ns: return "ns";
    case Unit::tok_per_s: return "tok/s";
    case Unit::bytes: return "B";
    case Unit::flag: return "bool";
    case Unit::none: return "";
  }
  return "";
}

std::string_view kind_name(Kind kind) {
  switch (kind) {
    case Kind::figure: return "figure";
    case Kind::latency: return "latency";
    case Kind::count: return "count";
    case Kind::rate: return "rate";
    case Kind::duration: return "duration";
    case Kind::share: return "share";
    case Kind::tail: return "tail";
    case Kind::difference: return "difference";
    case Kind::flag: return "flag";
    case Kind::info: return "info";
    case Kind::distribution: return "distribution";
  }
  return "";
}

std::string_view direction_name(Direction direction) {
  switch (direction) {
    case Direction::higher_is_better: return "higher is better";
    case Direction::lower_is_better: return "lower is better";
    case Direction::neutral: return "neutral";
  }
  return "";
}

std::string registry_markdown() {
  std::string out =
      "| name | unit | direction | kind | meaning |\n"
      "|:---|:---|:---|:---|:---|\n";
  for (const auto& d : definitions) {
    std::string name(d.pattern);
    if (const size_t star = name.find('*'); star != std::string::npos) name.replace(star, 1, "<key>");
    std::string text(d.description);
    for (size_t at = text.find('|'); at != std::string::npos; at = text.find('|', at + 2))
      text.insert(at, "\\");
    out += fmt::format("| `{}` | {} | {} | {} | {} |\n", name, unit_symbol(d.unit),
                       direction_name(d.direction), kind_name(d.kind), text);
  }
  return out;
}

}  // namespace cudabench::results::metrics
