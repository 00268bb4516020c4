#include "harness/scenario/sections.h"

#include <fmt/format.h>
#include <re2/re2.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>

#include "common/cpu_list.h"
#include "common/error.h"
#include "common/input.h"
#include "common/path.h"
#include "harness/scenario/instances.h"

namespace cudabench::harness {
namespace {

namespace fs = std::filesystem;

// The qwen3 binary is built next to cudabench (build/workloads/qwen3/qwen3).
std::string find_qwen3() {
  std::error_code ec;
  fs::path self = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    fs::path beside = self.parent_path() / "workloads" / "qwen3" / "qwen3";
    if (access(beside.c_str(), X_OK) == 0) return beside.string();
  }
  return find_executable("qwen3");
}

std::string resolve_binary(const TomlReader& r, std::string_view key, const std::string& name) {
  std::string path = find_executable(name);
  if (path.empty())
    r.fail(key, fmt::format("executable \"{}\" not found (not in PATH or not executable)", visible(name)));
  return path;
}

// An argv from the scenario: no NUL (it would cut the argument) nor terminal control characters;
// tabs and newlines pass (a multi-line prompt is a legitimate argument).
std::vector<std::string> read_argv(const TomlReader& r, std::string_view key, std::vector<std::string> argv) {
  for (const auto& a : argv) check_printable(r, key, a, true);
  argv[0] = resolve_binary(r, key, argv[0]);
  return argv;
}

void read_env(const TomlReader& r, Workload& w) {
  auto env = r.string_table("env");
  if (!env) return;
  for (const auto& [k, v] : *env) {
    if (k.empty() || k.find('=') != std::string::npos || control_char_at(k))
      r.fail("env", fmt::format("\"{}\" is not an environment variable name (no '=', no control characters)",
                                visible(k)));
    if (v.find('\0') != std::string::npos) r.fail("env", fmt::format("{}: a NUL would cut the value", k));
  }
  w.env = *env;
}

void read_metric(const TomlReader& r, Workload& w) {
  w.metric_regex = r.string("metric_regex").value_or("");
  if (!w.metric_regex.empty()) {
    RE2::Options options;
    options.set_log_errors(false);
    RE2 re(w.metric_regex, options);
    if (!re.ok()) r.fail("metric_regex", "not a valid regular expression (RE2 syntax): " + re.error());
    if (re.NumberOfCapturingGroups() < 1) r.fail("metric_regex", "expected a regex with one capture group");
  }
  w.metric_name = r.string("metric_name").value_or(w.metric_name);
  w.metric_unit = r.string("metric_unit").value_or(w.metric_unit);
  check_printable(r, "metric_name", w.metric_name);
  check_printable(r, "metric_unit", w.metric_unit);
}

std::vector<int> read_irqs(const TomlReader& r, const toml::node& irq) {
  std::vector<int> irqs;
  for (const auto& n : *irq.as_array()) {
    // Range-checked before narrowing: 4294967320 must not become IRQ 24.
    if (!n.is_integer() || n.as_integer()->get() < 0 || n.as_integer()->get() > INT32_MAX)
      r.fail_at(&n, "irq_affinity", "expected IRQ numbers (integers from 0 to 2147483647)");
    irqs.push_back(static_cast<int>(n.as_integer()->get()));
  }
  return irqs;
}

void read_policy(const TomlReader& r, Placement& p) {
  if (auto policy = r.string("policy")) {
    if (*policy == "other")
      p.policy = SchedPolicy::other;
    else if (*policy == "fifo")
      p.policy = SchedPolicy::fifo;
    else if (*policy == "rr")
      p.policy = SchedPolicy::rr;
    else
      r.fail("policy", "expected \"other\", \"fifo\" or \"rr\", found \"" + visible(*policy) + "\"");
  }
  if (auto prio = r.integer("priority", 1, 99)) p.priority = static_cast<int>(*prio);
  if (p.policy != SchedPolicy::other && p.priority == 0)
    r.fail("policy", "a real-time policy needs priority = 1..99");
  if (p.policy == SchedPolicy::other && p.priority != 0)
    r.fail("priority", "priority applies only to policy = \"fifo\" or \"rr\"");
}

}  // namespace

void check_printable(const TomlReader& r, std::string_view key, const std::string& value,
                     bool allow_tab_newline) {
  if (auto at = control_char_at(value, allow_tab_newline))
    r.fail(key, fmt::format("\"{}\": control character \\x{:02x} at offset {} (refused: it would reach a "
                            "terminal or cut an argument)",
                            visible(value), static_cast<unsigned char>(value[*at]), *at));
}

std::vector<int> read_cpus(const TomlReader& r, std::string_view key) {
  auto text = r.string(key);
  if (!text) return {};
  std::vector<int> cpus;
  try {
    cpus = parse_cpu_list(*text);
  } catch (const std::invalid_argument& e) {
    r.fail(key, fmt::format("expected a CPU list like \"0-3,8\": {}", visible(e.what())));
  }
  auto online = online_cpus();
  for (int cpu : cpus)
    if (std::find(online.begin(), online.end(), cpu) == online.end())
      r.fail(key,
             fmt::format("CPU {} does not exist or is offline (online: {})", cpu, format_cpu_list(online)));
  return cpus;
}

Placement read_placement(const TomlReader& r, int instances) {
  r.only_keys({"cpus", "instance_cpus", "nice", "policy", "priority", "cpuset", "irq_affinity"});
  Placement p;
  p.where[""] = r.where(nullptr);
  for (const char* key : {"cpus", "instance_cpus", "nice", "policy", "priority", "cpuset", "irq_affinity"})
    if (const toml::node* n = r.node(key)) p.where[key] = r.where(n);
  if (!read_instance_cpus(r, instances, p)) p.cpus = read_cpus(r, "cpus");
  if (auto nice = r.integer("nice", -20, 19)) p.nice = static_cast<int>(*nice);
  read_policy(r, p);
  p.cpuset_cgroup = r.boolean("cpuset").value_or(false);
  const bool has_cpus = !p.cpus.empty() || p.cpus_from_gpu_numa;
  if (p.cpuset_cgroup && !has_cpus) r.fail("cpuset", "cpuset = true needs cpus");
  if (const toml::node* irq = r.node("irq_affinity")) {
    if (!has_cpus) r.fail("irq_affinity", "moving IRQs away from the workload needs cpus");
    if (irq->is_string() && irq->as_string()->get() == "all")
      p.irq_move_all = true;
    else if (irq->is_array())
      p.irqs = read_irqs(r, *irq);
    else
      r.fail("irq_affinity", "expected \"all\" or an array of IRQ numbers");
  }
  return p;
}

Workload read_workload(const TomlReader& r) {
  r.only_keys({"kind", "instances", "command", "args", "binary", "env", "metric_regex", "metric_name",
               "metric_unit"});
  Workload w;
  w.kind = r.required_string("kind");
  w.instances = read_instances(r);
  if (w.kind == "command") {
    auto argv = r.strings("command");
    if (!argv || argv->empty()) r.fail_at(nullptr, "command", "missing (expected an argv array)");
    if (r.node("args")) r.fail("args", "args belongs to kind = \"qwen3\"; put them in command");
    w.argv = read_argv(r, "command", *argv);
  } else if (w.kind == "qwen3") {
    if (r.node("command")) r.fail("command", "kind = \"qwen3\" takes args, not command");
    std::string binary = r.string("binary").value_or("");
    binary = binary.empty() ? find_qwen3() : find_executable(binary);
    if (binary.empty())
      r.fail("kind",
             "the qwen3 workload binary was not found (it is built when nvcc is present; "
             "set workload.binary)");
    w.argv = {binary};
    for (auto& a : r.strings("args").value_or(std::vector<std::string>{})) {
      check_printable(r, "args", a, true);
      w.argv.push_back(a);
    }
  } else {
    r.fail("kind", "expected \"command\" or \"qwen3\", found \"" + visible(w.kind) + "\"");
  }
  read_env(r, w);
  read_metric(r, w);
  return w;
}

Interferer read_interferer(const TomlReader& r, const InterfererKinds& kinds) {
  Interferer it;
  it.kind = r.required_string("kind");
  check_printable(r, "kind", it.kind);
  it.settle_s = r.number("settle_s", 0, 60);
  it.placement.where[""] = r.where(nullptr);
  for (const char* key : {"cpus", "nice"})
    if (const toml::node* n = r.node(key)) it.placement.where[key] = r.where(n);
  it.placement.cpus = read_cpus(r, "cpus");
  if (auto nice = r.integer("nice", -20, 19)) it.placement.nice = static_cast<int>(*nice);
  it.config = kinds.read(r, it.kind);
  return it;
}

}  // namespace cudabench::harness
