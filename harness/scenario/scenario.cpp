#include "harness/scenario/scenario.h"

#include <fmt/format.h>

#include <sstream>

#include "common/error.h"
#include "common/hash.h"
#include "common/input.h"
#include "harness/scenario/scenario_reader.h"
#include "harness/scenario/sections.h"
#include "harness/scenario/toml_depth.h"

namespace cudabench::harness {
namespace {

const toml::table* section(const TomlReader& top, const toml::table& root, std::string_view key,
                           bool required) {
  const toml::node* n = root.get(key);
  if (!n) {
    if (required) top.fail_at(nullptr, key, "missing section (expected a [" + std::string(key) + "] table)");
    return nullptr;
  }
  if (!n->is_table()) top.fail(key, "expected a table [" + std::string(key) + "]");
  return n->as_table();
}

void read_run_section(const TomlReader& r, Scenario& s) {
  r.only_keys({"runs", "warmup", "timeout_s"});
  s.runs = static_cast<int>(r.integer("runs", 1, 100000).value_or(s.runs));
  s.warmup = static_cast<int>(r.integer("warmup", 0, 1000).value_or(s.warmup));
  s.timeout_s = r.number("timeout_s", 1, 86400).value_or(s.timeout_s);
}

void read_tracer_section(const TomlReader& r, Scenario& s) {
  r.only_keys({"cuda_lib", "probes"});
  s.tracer.cuda_lib = r.string("cuda_lib").value_or("");
  if (!s.tracer.cuda_lib.empty()) {
    if (std::string why = regular_readable_problem(s.tracer.cuda_lib); !why.empty())
      r.fail("cuda_lib", "\"" + visible(s.tracer.cuda_lib) + "\" " + why + " (expected a library file)");
  }
  for (auto& probe : r.strings("probes").value_or(std::vector<std::string>{})) {
    check_printable(r, "probes", probe);
    auto colon = probe.rfind(':');
    if (colon == std::string::npos || colon == 0 || colon + 1 == probe.size())
      r.fail("probes", "expected \"library:symbol\", found \"" + probe + "\"");
    s.tracer.extra_probes.push_back(probe);
  }
}

void read_meta(const TomlReader& meta, Scenario& s) {
  meta.only_keys({"name", "description"});
  s.name = meta.required_string("name");
  if (std::string why = scenario_name_problem(s.name); !why.empty()) meta.fail("name", why);
  s.description = meta.string("description").value_or("");
  check_printable(meta, "description", s.description, true);
}

// What makes two scenarios the same experiment: every table but [scenario]'s name and description,
// in toml++'s canonical form (so comments, key order and spacing do not matter). Two files that
// differ only in name are an A/A pair (METHODOLOGY.md: tau from A/A runs of identical configurations).
std::string configuration_hash(toml::table root) {
  if (auto* meta = root["scenario"].as_table()) {
    meta->erase("name");
    meta->erase("description");
  }
  std::ostringstream canonical;
  canonical << toml::toml_formatter{root};
  return hex_digest(canonical.str());
}

toml::table parse_toml(const std::string& text, const std::string& path) {
  if (auto deep = toml_depth_excess(text, max_toml_depth))
    throw UserError(
        fmt::format("{}:{}:{}: TOML nesting deeper than {} levels (dotted keys, tables or arrays)", path,
                    deep->line, deep->column, max_toml_depth),
        "a scenario needs a few levels; see scenarios/README.md");
  try {
    return toml::parse(text, path);
  } catch (const toml::parse_error& e) {
    throw UserError(fmt::format("{}:{}:{}: TOML syntax error: {}", path, e.source().begin.line,
                                e.source().begin.column, e.description()));
  }
}

}  // namespace

std::string scenario_name_problem(std::string_view name) {
  if (name.empty()) return "expected a non-empty name";
  if (control_char_at(name)) return "expected a name without control characters";
  if (name.find_first_of(" /@") != std::string_view::npos)
    return "expected a name without spaces, slashes or '@' (it marks reference twins)";
  return {};
}

Scenario parse_scenario(const std::string& text, const std::string& path, const InterfererKinds& kinds) {
  const toml::table root = parse_toml(text, path);
  Scenario s;
  s.path = path;
  s.text = text;
  s.hash = hex_digest(text);
  s.config_hash = configuration_hash(root);
  TomlReader top(path, root, "");
  top.only_keys({"scenario", "workload", "interferer", "placement", "run", "tracer"});

  read_meta(TomlReader(path, *section(top, root, "scenario", true), "scenario"), s);
  s.workload = read_workload(TomlReader(path, *section(top, root, "workload", true), "workload"));
  if (const toml::node* list = root.get("interferer")) {
    if (!list->is_array_of_tables()) top.fail("interferer", "expected [[interferer]] tables");
    for (const auto& item : *list->as_array())
      s.interferers.push_back(read_interferer(TomlReader(path, *item.as_table(), "interferer"), kinds));
  }
  if (auto* t = section(top, root, "placement", false))
    s.placement = read_placement(TomlReader(path, *t, "placement"), s.workload.instances);
  if (auto* t = section(top, root, "run", false)) read_run_section(TomlReader(path, *t, "run"), s);
  if (auto* t = section(top, root, "tracer", false)) read_tracer_section(TomlReader(path, *t, "tracer"), s);
  return s;
}

Scenario load_scenario(const std::string& path, const InterfererKinds& kinds) {
  return parse_scenario(read_regular_file(path, max_scenario_bytes, "scenario file"), path, kinds);
}

}  // namespace cudabench::harness
