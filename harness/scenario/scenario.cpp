#include "harness/scenario/scenario.h"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "common/cpu_list.h"
#include "common/error.h"
#include "common/hash.h"
#include "common/path.h"
#include "harness/process/process.h"
#include "harness/scenario/scenario_reader.h"

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

std::vector<int> read_cpus(const TomlReader& r, std::string_view key) {
  auto text = r.string(key);
  if (!text) return {};
  std::vector<int> cpus;
  try {
    cpus = parse_cpu_list(*text);
  } catch (const std::invalid_argument& e) {
    r.fail(key, fmt::format("expected a CPU list like \"0-3,8\": {}", e.what()));
  }
  auto online = online_cpus();
  for (int cpu : cpus)
    if (std::find(online.begin(), online.end(), cpu) == online.end())
      r.fail(key,
             fmt::format("CPU {} does not exist or is offline (online: {})", cpu, format_cpu_list(online)));
  return cpus;
}

Placement read_placement(const TomlReader& r) {
  r.only_keys({"cpus", "nice", "policy", "priority", "cpuset", "irq_affinity"});
  Placement p;
  p.cpus = read_cpus(r, "cpus");
  if (auto nice = r.integer("nice", -20, 19)) p.nice = static_cast<int>(*nice);
  if (auto policy = r.string("policy")) {
    if (*policy == "other")
      p.policy = SchedPolicy::other;
    else if (*policy == "fifo")
      p.policy = SchedPolicy::fifo;
    else if (*policy == "rr")
      p.policy = SchedPolicy::rr;
    else
      r.fail("policy", "expected \"other\", \"fifo\" or \"rr\", found \"" + *policy + "\"");
  }
  if (auto prio = r.integer("priority", 1, 99)) p.priority = static_cast<int>(*prio);
  if (p.policy != SchedPolicy::other && p.priority == 0)
    r.fail("policy", "a real-time policy needs priority = 1..99");
  if (p.policy == SchedPolicy::other && p.priority != 0)
    r.fail("priority", "priority applies only to policy = \"fifo\" or \"rr\"");
  p.cpuset_cgroup = r.boolean("cpuset").value_or(false);
  if (p.cpuset_cgroup && p.cpus.empty()) r.fail("cpuset", "cpuset = true needs cpus");
  if (const toml::node* irq = r.node("irq_affinity")) {
    if (p.cpus.empty()) r.fail("irq_affinity", "moving IRQs away from the workload needs cpus");
    if (irq->is_string() && irq->as_string()->get() == "all") {
      p.irq_move_all = true;
    } else if (irq->is_array()) {
      for (const auto& n : *irq->as_array()) {
        if (!n.is_integer() || n.as_integer()->get() < 0)
          r.fail_at(&n, "irq_affinity", "expected IRQ numbers (non-negative integers)");
        p.irqs.push_back(static_cast<int>(n.as_integer()->get()));
      }
    } else {
      r.fail("irq_affinity", "expected \"all\" or an array of IRQ numbers");
    }
  }
  return p;
}

std::string resolve_binary(const TomlReader& r, std::string_view key, const std::string& name) {
  std::string path = find_executable(name);
  if (path.empty())
    r.fail(key, fmt::format("executable \"{}\" not found (not in PATH or not executable)", name));
  return path;
}

Workload read_workload(const TomlReader& r) {
  r.only_keys({"kind", "command", "args", "binary", "env", "metric_regex", "metric_name", "metric_unit"});
  Workload w;
  w.kind = r.required_string("kind");
  if (w.kind == "command") {
    auto argv = r.strings("command");
    if (!argv || argv->empty()) r.fail_at(nullptr, "command", "missing (expected an argv array)");
    if (r.node("args")) r.fail("args", "args belongs to kind = \"qwen3\"; put them in command");
    w.argv = *argv;
    w.argv[0] = resolve_binary(r, "command", w.argv[0]);
  } else if (w.kind == "qwen3") {
    if (r.node("command")) r.fail("command", "kind = \"qwen3\" takes args, not command");
    std::string binary = r.string("binary").value_or("");
    binary = binary.empty() ? find_qwen3() : find_executable(binary);
    if (binary.empty())
      r.fail("kind",
             "the qwen3 workload binary was not found (it is built when nvcc is present; "
             "set workload.binary)");
    w.argv = {binary};
    for (auto& a : r.strings("args").value_or(std::vector<std::string>{})) w.argv.push_back(a);
  } else {
    r.fail("kind", "expected \"command\" or \"qwen3\", found \"" + w.kind + "\"");
  }
  if (auto env = r.string_table("env")) w.env = *env;
  w.metric_regex = r.string("metric_regex").value_or("");
  if (!w.metric_regex.empty()) {
    try {
      std::regex re(w.metric_regex);
      if (re.mark_count() < 1) r.fail("metric_regex", "expected a regex with one capture group");
    } catch (const std::regex_error& e) {
      r.fail("metric_regex", std::string("not a valid regular expression: ") + e.what());
    }
  }
  w.metric_name = r.string("metric_name").value_or(w.metric_name);
  w.metric_unit = r.string("metric_unit").value_or(w.metric_unit);
  return w;
}

// fio must only ever write inside the private scratch directory cudabench creates.
void check_fio_options(const TomlReader& r, const std::map<std::string, std::string>& options) {
  static const char* forbidden[] = {"filename", "directory",     "filename_format", "opendir",
                                    "output",   "output-format", "write_iolog",     "read_iolog"};
  for (const auto& [key, value] : options) {
    for (const char* f : forbidden)
      if (key == f)
        r.fail("options", fmt::format("fio option \"{}\" is not allowed: the target file lives "
                                      "in a scratch directory cudabench creates and removes",
                                      key));
    if (value.find("/dev/") != std::string::npos || value.find('/') == 0)
      r.fail("options", fmt::format("fio option {}=\"{}\" names a path; block devices and paths "
                                    "outside the scratch directory are refused",
                                    key, value));
  }
}

Interferer read_interferer(const TomlReader& r) {
  r.only_keys({"kind", "method", "workers", "streams", "options", "scratch_dir", "command", "settle_s",
               "cpus", "nice"});
  Interferer it;
  it.kind = r.required_string("kind");
  it.settle_s = r.number("settle_s", 0, 60).value_or(it.settle_s);
  it.placement.cpus = read_cpus(r, "cpus");
  if (auto nice = r.integer("nice", -20, 19)) it.placement.nice = static_cast<int>(*nice);
  auto reject = [&](std::initializer_list<std::string_view> keys) {
    for (auto k : keys)
      if (r.node(k)) r.fail(k, fmt::format("not a key of kind = \"{}\"", it.kind));
  };
  if (it.kind == "stress-ng") {
    reject({"streams", "options", "scratch_dir", "command"});
    it.method = r.string("method").value_or(it.method);
    it.workers = static_cast<int>(r.integer("workers", 0, 4096).value_or(0));
    resolve_binary(r, "kind", "stress-ng");
  } else if (it.kind == "iperf3") {
    reject({"method", "workers", "options", "scratch_dir", "command"});
    it.streams = static_cast<int>(r.integer("streams", 1, 128).value_or(it.streams));
    resolve_binary(r, "kind", "iperf3");
  } else if (it.kind == "fio") {
    reject({"method", "workers", "streams", "command"});
    it.fio_options = r.string_table("options").value_or(std::map<std::string, std::string>{});
    check_fio_options(r, it.fio_options);
    it.scratch_parent = r.string("scratch_dir").value_or(it.scratch_parent);
    if (!fs::is_directory(it.scratch_parent))
      r.fail("scratch_dir", "expected an existing directory in which to create the scratch dir");
    resolve_binary(r, "kind", "fio");
  } else if (it.kind == "command") {
    reject({"method", "workers", "streams", "options", "scratch_dir"});
    auto argv = r.strings("command");
    if (!argv || argv->empty()) r.fail_at(nullptr, "command", "missing (expected an argv array)");
    it.argv = *argv;
    it.argv[0] = resolve_binary(r, "command", it.argv[0]);
  } else {
    r.fail("kind", "expected \"stress-ng\", \"iperf3\", \"fio\" or \"command\", found \"" + it.kind + "\"");
  }
  return it;
}

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
  if (!s.tracer.cuda_lib.empty() && access(s.tracer.cuda_lib.c_str(), R_OK) != 0)
    r.fail("cuda_lib", "file \"" + s.tracer.cuda_lib + "\" does not exist or is not readable");
  for (auto& probe : r.strings("probes").value_or(std::vector<std::string>{})) {
    auto colon = probe.rfind(':');
    if (colon == std::string::npos || colon == 0 || colon + 1 == probe.size())
      r.fail("probes", "expected \"library:symbol\", found \"" + probe + "\"");
    s.tracer.extra_probes.push_back(probe);
  }
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

}  // namespace

Scenario parse_scenario(const std::string& text, const std::string& path) {
  toml::table root;
  try {
    root = toml::parse(text, path);
  } catch (const toml::parse_error& e) {
    throw UserError(fmt::format("{}:{}:{}: TOML syntax error: {}", path, e.source().begin.line,
                                e.source().begin.column, e.description()));
  }
  Scenario s;
  s.path = path;
  s.text = text;
  s.hash = hex_digest(text);
  s.config_hash = configuration_hash(root);
  TomlReader top(path, root, "");
  top.only_keys({"scenario", "workload", "interferer", "placement", "run", "tracer"});

  TomlReader meta(path, *section(top, root, "scenario", true), "scenario");
  meta.only_keys({"name", "description"});
  s.name = meta.required_string("name");
  if (s.name.find_first_of(" \t\n/@") != std::string::npos)
    meta.fail("name", "expected a name without spaces, slashes or '@' (it marks reference twins)");
  s.description = meta.string("description").value_or("");

  s.workload = read_workload(TomlReader(path, *section(top, root, "workload", true), "workload"));
  if (const toml::node* list = root.get("interferer")) {
    if (!list->is_array_of_tables()) top.fail("interferer", "expected [[interferer]] tables");
    for (const auto& item : *list->as_array())
      s.interferers.push_back(read_interferer(TomlReader(path, *item.as_table(), "interferer")));
  }
  if (auto* t = section(top, root, "placement", false))
    s.placement = read_placement(TomlReader(path, *t, "placement"));
  if (auto* t = section(top, root, "run", false)) read_run_section(TomlReader(path, *t, "run"), s);
  if (auto* t = section(top, root, "tracer", false)) read_tracer_section(TomlReader(path, *t, "tracer"), s);
  return s;
}

Scenario load_scenario(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw UserError("cannot read scenario file " + path + ": " + errno_text(errno));
  std::ostringstream text;
  text << in.rdbuf();
  return parse_scenario(text.str(), path);
}

}  // namespace cudabench::harness
