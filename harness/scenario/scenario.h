// A validated scenario file (scenarios/README.md documents the format).
#pragma once

#include <map>
#include <optional>
#include <string>
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
};

struct Workload {
  std::string kind;               // "command" or "qwen3"
  std::vector<std::string> argv;  // argv[0] resolved to an absolute path at validation
  std::map<std::string, std::string> env;
  std::string metric_regex;  // when set: the figure is capture group 1 of the first match
  std::string metric_name = "tokens_per_s";
  std::string metric_unit = "tok/s";
};

struct Interferer {
  std::string kind;  // stress-ng, iperf3, fio, command
  // stress-ng
  std::string method = "fft";
  int workers = 0;  // 0 = one per online CPU
  // iperf3
  int streams = 10;
  // fio: job options (--key=value), never a filename/directory: the file lives in a scratch dir.
  std::map<std::string, std::string> fio_options;
  std::string scratch_parent = "/var/tmp";
  // command
  std::vector<std::string> argv;
  double settle_s = 1.0;  // time to wait before checking it is alive
  Placement placement;
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

// Parses and validates; throws UserError "file:line:col: key: expected ..." (exit 2).
Scenario load_scenario(const std::string& path);
Scenario parse_scenario(const std::string& text, const std::string& path);

}  // namespace cudabench::harness
