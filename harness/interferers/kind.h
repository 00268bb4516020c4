// One kind of interferer (stress-ng, iperf3, fio, command) behind one interface. A kind reads and
// checks its own scenario keys at validation, starts its processes, and reads what they achieved.
// Adding a kind: one file in kinds/, its tests, and one line in registry.cpp.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "harness/process/process.h"
#include "harness/scenario/scenario.h"
#include "results/store/store.h"

namespace cudabench::harness {

class Janitor;
class SessionScratch;

// One started interferer; InterfererSet stops it however the run ends.
struct Started {
  int index = 0;
  std::string kind, name;             // name: "interferer 1 (fio)"
  std::unique_ptr<Child> server;      // a helper started first and stopped last (iperf3's server)
  std::unique_ptr<Child> main;        // the tool itself; SIGINT makes it write its report
  std::string report, server_report;  // the tool's own report files
  std::string stderr_path, server_stderr_path;
  std::string scratch;  // a private directory, removed once the tool has stopped (fio)
  int workers = 0;      // processes that must be at work before it is ready (stress-ng)
};

struct StartContext {
  std::string base;                 // prefix for its files: <run dir>/interferer<N>-<kind>
  std::string cgroup_procs;         // the cgroup every process joins ("" = none)
  Janitor* janitor = nullptr;       // records scratch directories; may be null (tests)
  std::vector<std::string>* notes;  // facts stored with the run
  SessionScratch* session_scratch = nullptr;  // files kept for the whole session (fio's); may be null
};

class InterfererKind {
 public:
  virtual ~InterfererKind() = default;
  virtual std::string_view name() const = 0;
  // Its scenario keys besides kind, settle_s, cpus and nice.
  virtual std::vector<std::string_view> keys() const = 0;
  // Reads and checks them at validation (UserError through r.fail): whatever passes must start.
  virtual std::shared_ptr<const InterfererConfig> read(const TomlReader& r) const = 0;
  // Starts its processes into `out`; throws RunError when they cannot start.
  virtual void start(Started& out, const Interferer& spec, const StartContext& ctx) const = 0;
  // The load it achieved, from its own report once stopped; nullopt for a kind that reports none.
  // Throws std::invalid_argument naming what is missing from the report.
  virtual std::optional<results::Intensity> intensity(const Started&) const { return std::nullopt; }
  // Whether its load has begun (readiness.h): InterfererSet waits for every one before the workload
  // starts, instead of sleeping a fixed time.
  virtual bool ready(const Started&) const { return true; }
  // What ready() waits for, for the error when it never comes.
  virtual std::string_view ready_sign() const { return "its process running"; }
  // The wait after start when the scenario sets no settle_s: none where ready() sees the load.
  virtual double default_settle_s() const { return 0; }
  // Tools whose versions go into every run's environment fingerprint.
  virtual std::vector<std::string> tools() const { return {}; }
  // What it will do on the machine, for the session header and --dry-run ("fio randwrite writing
  // 1G into a scratch directory under /var/tmp (removed after each run)").
  virtual std::string describe(const Interferer& spec) const = 0;
};

// The kind's own config type inside `spec` (set by its read()).
template <typename Config>
const Config& config_of(const Interferer& spec) {
  const auto* config = dynamic_cast<const Config*>(spec.config.get());
  if (!config) throw std::logic_error("interferer " + spec.kind + " has no configuration of its kind");
  return *config;
}

}  // namespace cudabench::harness
