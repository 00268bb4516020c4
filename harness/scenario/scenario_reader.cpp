#include "harness/scenario/scenario_reader.h"

#include <fmt/format.h>

#include "common/error.h"
#include "common/input.h"

namespace cudabench::harness {
namespace {

const char* type_name(toml::node_type t) {
  switch (t) {
    case toml::node_type::string: return "a string";
    case toml::node_type::integer: return "an integer";
    case toml::node_type::floating_point: return "a number";
    case toml::node_type::boolean: return "a boolean";
    case toml::node_type::array: return "an array";
    case toml::node_type::table: return "a table";
    default: return "a date/time";
  }
}

}  // namespace

std::string TomlReader::qualified(std::string_view key) const {
  const std::string shown = visible(key);  // a quoted key may hold control characters
  return section_.empty() ? shown : section_ + "." + shown;
}

std::string TomlReader::where(const toml::node* node) const {
  const auto& src = node ? node->source() : table_.source();
  return fmt::format("{}:{}:{}", path_, src.begin.line, src.begin.column);
}

void TomlReader::fail_at(const toml::node* node, std::string_view key, const std::string& message) const {
  throw UserError(fmt::format("{}: {}: {}", where(node), qualified(key), message));
}

void TomlReader::fail(std::string_view key, const std::string& message) const {
  fail_at(table_.get(key), key, message);
}

void TomlReader::only_keys(std::initializer_list<std::string_view> allowed) const {
  only_keys(std::vector<std::string_view>(allowed));
}

void TomlReader::only_keys(const std::vector<std::string_view>& allowed) const {
  for (const auto& [key, value] : table_) {
    bool known = false;
    for (auto a : allowed) known = known || a == key.str();
    if (known) continue;
    std::string list;
    for (auto a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
    const auto& at = key.source().begin;
    throw UserError(fmt::format("{}:{}:{}: {}: unknown key (expected one of: {})", path_, at.line, at.column,
                                qualified(key.str()), list));
  }
}

std::optional<std::string> TomlReader::string(std::string_view key) const {
  const toml::node* n = table_.get(key);
  if (!n) return std::nullopt;
  if (!n->is_string()) fail(key, fmt::format("expected a string, found {}", type_name(n->type())));
  const std::string& value = n->as_string()->get();
  if (value.find('\0') != std::string::npos) fail(key, "a NUL character would cut the string");
  return value;
}

std::string TomlReader::required_string(std::string_view key) const {
  auto value = string(key);
  if (!value) fail_at(nullptr, key, "missing (expected a string)");
  if (value->empty()) fail(key, "expected a non-empty string");
  return *value;
}

std::optional<int64_t> TomlReader::integer(std::string_view key, int64_t min, int64_t max) const {
  const toml::node* n = table_.get(key);
  if (!n) return std::nullopt;
  if (!n->is_integer()) fail(key, fmt::format("expected an integer, found {}", type_name(n->type())));
  int64_t v = n->as_integer()->get();
  if (v < min || v > max) fail(key, fmt::format("expected an integer from {} to {}, found {}", min, max, v));
  return v;
}

std::optional<double> TomlReader::number(std::string_view key, double min, double max) const {
  const toml::node* n = table_.get(key);
  if (!n) return std::nullopt;
  if (!n->is_number()) fail(key, fmt::format("expected a number, found {}", type_name(n->type())));
  double v = n->is_integer() ? static_cast<double>(n->as_integer()->get()) : n->as_floating_point()->get();
  if (!(v >= min && v <= max))
    fail(key, fmt::format("expected a number from {} to {}, found {}", min, max, v));
  return v;
}

std::optional<bool> TomlReader::boolean(std::string_view key) const {
  const toml::node* n = table_.get(key);
  if (!n) return std::nullopt;
  if (!n->is_boolean()) fail(key, fmt::format("expected true or false, found {}", type_name(n->type())));
  return n->as_boolean()->get();
}

std::optional<std::vector<std::string>> TomlReader::strings(std::string_view key) const {
  const toml::node* n = table_.get(key);
  if (!n) return std::nullopt;
  if (!n->is_array()) fail(key, fmt::format("expected an array of strings, found {}", type_name(n->type())));
  std::vector<std::string> out;
  for (const auto& item : *n->as_array()) {
    if (!item.is_string())
      fail_at(&item, key,
              fmt::format("expected an array of strings, found {} in it", type_name(item.type())));
    if (item.as_string()->get().find('\0') != std::string::npos)
      fail_at(&item, key, "a NUL character would cut the string");
    out.push_back(item.as_string()->get());
  }
  return out;
}

std::optional<std::map<std::string, std::string>> TomlReader::string_table(std::string_view key) const {
  const toml::node* n = table_.get(key);
  if (!n) return std::nullopt;
  if (!n->is_table()) fail(key, fmt::format("expected a table of strings, found {}", type_name(n->type())));
  std::map<std::string, std::string> out;
  for (const auto& [k, v] : *n->as_table()) {
    if (v.is_string())
      out[std::string(k.str())] = v.as_string()->get();
    else if (v.is_integer())
      out[std::string(k.str())] = std::to_string(v.as_integer()->get());
    else
      fail_at(&v, std::string(key) + "." + std::string(k.str()),
              fmt::format("expected a string or integer, found {}", type_name(v.type())));
  }
  return out;
}

}  // namespace cudabench::harness
