// A validated scenario file (scenarios/README.md documents the format).
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cudabench::harness {

enum class SchedPolicy { other, fifo, rr };

// Where and how a process runs. Empty/unset members leave the default in place.
struct Placement {
  std::vector<int> cpus;  // affinity; empty = inherit
  std::optional<int> nice;
  SchedPolicy policy = SchedPolicy::other;
  int priority = 0;            // 1..99 for fifo/rr
  bool cpuset_cgroup = false;  // also confine to a cgroup v2 cpuset created for the run
  // IRQ affinity: move these IRQs (or all movable ones when irq_move_all) off `cpus`.
  std::vector<int> irqs;
  bool irq_move_all = false;
  // Several instances ([workload] instances > 1): CPUs of each instance, in instance order; `cpus`
  // is then their union (the run's cpuset, IRQ moves and CPU-time figures use it). Empty: every
  // instance gets `cpus`. cpus = "gpu-numa-node" leaves both empty and sets cpus_from_gpu_numa
  // until resolve_gpu_numa (harness/placement/gpu_numa.h) fills them from this machine.
  std::vector<std::vector<int>> instance_cpus;
  bool cpus_from_gpu_numa = false;
  // Where each key was written ("file:line:col"; "" for the table itself), so checks made later
  // against the machine (validate_placement) still point into the file. Empty when built in code.
  std::map<std::string, std::string> where;
};

// How many copies of the workload one run may start at once (one per GPU of an 8-GPU host, with room
// for hosts that split GPUs into MIG instances).
inline constexpr int max_instances = 64;

struct Workload {
  std::string kind;  // "command" or "qwen3"
  // Copies started together, instance i with device i (harness/run/instances.h says how); the run's
  // figure is their sum.
  int instances = 1;
  std::vector<std::string> argv;  // argv[0] resolved to an absolute path at validation
  std::map<std::string, std::string> env;
  std::string metric_regex;  // when set: the figure is capture group 1 of the first match
  std::string metric_name = "tokens_per_s";
  std::string metric_unit = "tok/s";
};

// A kind's own settings of one [[interferer]] (stress-ng's method and workers, fio's options...).
// Each kind in harness/interferers/kinds/ derives its own; nothing else looks inside.
struct InterfererConfig {
  virtual ~InterfererConfig() = default;
};

struct Interferer {
  std::string kind;       // a name in the interferer registry (harness/interferers/registry.h)
  // Time to wait after it starts, on top of its readiness sign (harness/interferers/readiness.h);
  // unset: its kind's default (1 s for a command, which has no sign; 0 for the tools).
  std::optional<double> settle_s;
  Placement placement;
  std::shared_ptr<const InterfererConfig> config;  // read and checked by the kind
};

class TomlReader;

// What the scenario parser asks of the interferer kinds; harness/interferers/registry.h provides
// the implementation, so this layer knows no kind by name.
class InterfererKinds {
 public:
  virtual ~InterfererKinds() = default;
  // Checks the keys of one [[interferer]] table against `kind` and reads its settings; throws
  // UserError (through r.fail) for an unknown kind, a foreign key or a bad value.
  virtual std::shared_ptr<const InterfererConfig> read(const TomlReader& r,
                                                       const std::string& kind) const = 0;
};

struct TracerConfig {
  std::string cuda_lib;
  std::vector<std::string> extra_probes;  // "lib:symbol"
};

struct Scenario {
  std::string path;         // file it came from
  std::string text;         // its exact text, stored with every run
  std::string hash;         // hex digest of text
  std::string config_hash;  // digest of the configuration: all but [scenario] name and description
  std::string name, description;
  Workload workload;
  std::vector<Interferer> interferers;
  Placement placement;
  TracerConfig tracer;
  int runs = 5, warmup = 1;
  double timeout_s = 600;
};

// Parses and validates; throws UserError "file:line:col: key: expected ..." (exit 2). The file must
// be a regular file of at most max_scenario_bytes; TOML nesting deeper than max_toml_depth is
// refused before the TOML parser sees it (it recurses).
inline constexpr std::size_t max_scenario_bytes = 4 << 20;
inline constexpr int max_toml_depth = 64;
Scenario load_scenario(const std::string& path, const InterfererKinds& kinds);
Scenario parse_scenario(const std::string& text, const std::string& path, const InterfererKinds& kinds);

// Why `name` cannot name a scenario ("" when it can): empty, spaces, '/', control characters, or
// '@', which marks --reference twins ("<name>@ref"). import-csv --scenario obeys the same rule.
std::string scenario_name_problem(std::string_view name);

}  // namespace cudabench::harness
