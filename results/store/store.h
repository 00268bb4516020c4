// The SQLite store of sessions and runs.
//
// One transaction per run, committed as soon as the run ends, so an interrupted session keeps every
// finished run. WAL, foreign keys on, schema versioned with PRAGMA user_version (migrations in
// store_schema.cpp). The store is generic: a run's figures are Metric rows (name, value, unit) and
// its distributions are encoded histograms, so analysis can grow without schema changes.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "results/metrics/metric.h"

struct sqlite3;

namespace cudabench::results {

enum class RunStatus { ok, invalid, failed, aborted };

// How a run was traced: not at all (its tok/s is the degradation figure), at the sched level
// (scheduler and IRQ tracepoints) or the launch level (also the CUDA launch and sync uprobes).
// Stored in runs.traced as 0, 2 and 1 (1 meant "traced" before the sched level existed).
enum class TraceLevel { none, sched, launch };
const char* trace_level_name(TraceLevel level);  // "untraced", "sched", "launch"
const char* status_name(RunStatus status);
std::optional<RunStatus> parse_status(const std::string& name);

// Where and with what a run ran. Compare only like with like (METHODOLOGY.md).
struct Environment {
  std::string kernel, cpu_model, governor, smt, gpu_name, gpu_driver, git_sha;
  std::string isolcpus, nohz_full;  // kernel command line isolation, empty when none
  int cpu_count = 0;
  int64_t mem_bytes = 0;
  std::map<std::string, std::string> tool_versions;  // stress-ng, iperf3, fio, ...
  std::string hash() const;                          // stable digest of every field
};

struct SessionInfo {
  int64_t id = 0;
  std::string uuid;  // the same in every database the session is merged into; new when empty
  std::string host;  // where it ran (identity.h); begin_session fills it when empty
  std::string started_at, finished_at;  // ISO 8601 UTC
  std::string status;                   // running, done, aborted, abandoned (its cudabench died)
  uint64_t seed = 0;                    // block shuffle seed
  std::string argv;
  std::string tag;
  int blocks = 0, warmup = 0;
  std::string trace_mode;  // both, on, off
  // run --target-ci: the CI half-width (%) every compared change was to reach, and why the session
  // stopped adding blocks (target_reached, max_time, max_blocks; empty for a fixed number of
  // blocks or an interrupted session). `blocks` is then the number of blocks run.
  std::optional<double> target_ci_pct;
  std::string stop_reason;
};

// One CPU's time per operation for one part of the calibration probe (harness/run/cpu_speed.h).
struct CpuCalibration {
  int cpu = 0;
  std::string part;  // compute, memory, syscall
  double ns_per_op = 0;
};

struct Intensity {     // what an interferer achieved, parsed from its own output
  int interferer = 0;  // index in the scenario's [[interferer]] list
  std::string kind;    // stress-ng, iperf3, fio, command
  std::string metric;  // bogo_ops_per_s, gbit_per_s, iops
  double value = 0;
  std::string unit;
};

struct Distribution {  // an encoded results::Histogram (histogram.h), kept as bytes
  std::string name, unit;
  std::string data;
};

struct RunRecord {
  int64_t id = 0, session_id = 0;
  std::string scenario, scenario_hash, scenario_text;
  std::string config_hash;  // equal for scenarios that differ only in name (A/A pairs); may be empty
  int block = 0;            // -1 for warmup runs
  int position = 0;         // order inside the block
  bool warmup = false;
  bool traced = false;  // trace != none; a run with traced set and trace none is stored as launch
  TraceLevel trace = TraceLevel::none;
  RunStatus status = RunStatus::failed;
  std::string reason;  // why invalid/failed/aborted
  std::string started_at;
  double wall_s = 0;
  int exit_code = 0;
  std::string stderr_tail;
  std::string trace_file;  // --keep-trace file, relative to the database
  std::string notes;       // one per line: placement not applied, interferer facts, tracer warnings
  Environment env;
  std::vector<Metric> metrics;
  std::vector<Intensity> intensity;
  std::vector<Distribution> distributions;

  const Metric* metric(const std::string& name) const;
};

struct RunFilter {
  std::optional<int64_t> session;
  std::optional<std::string> tag;
  bool include_warmup = false;
  bool load_distributions = false;
};

class Store {
 public:
  // For reading (list, show, report, export): read-only, never creating or changing the file, and
  // working on read-only files and mounts. Throws UserError (exit 2) for a missing file ("no such
  // database"), a directory or other non-regular file, a file that is not an SQLite database, a
  // corrupt one (PRAGMA quick_check), a foreign one, or a schema older or newer than this binary.
  static Store open(const std::string& path);
  // For storing (run, import-csv): creates the file when missing, runs the same checks before any
  // write, then switches to WAL and migrates. A refused file is left byte for byte as it was.
  static Store open_writable(const std::string& path);
  Store(Store&&) noexcept;
  Store& operator=(Store&&) noexcept;
  ~Store();

  int64_t begin_session(const SessionInfo& info);
  void finish_session(int64_t session_id, const std::string& status);
  // A session with a precision target: the blocks it ran and why it stopped (SessionInfo).
  void record_stop(int64_t session_id, int blocks, const std::string& stop_reason);
  // Sessions still `running` whose cudabench died (SIGKILL, crash): call only while holding the
  // machine's session lock, so none of them can be alive. Returns how many were marked `abandoned`.
  int mark_abandoned();
  // One transaction. Throws RunError naming the database and the run when it cannot be stored.
  int64_t add_run(const RunRecord& run);
  void add_cpu_calibration(int64_t session_id, const std::vector<CpuCalibration>& rows);
  std::vector<CpuCalibration> cpu_calibration(int64_t session_id) const;

  std::vector<SessionInfo> sessions() const;
  std::optional<SessionInfo> session(int64_t id) const;
  std::optional<int64_t> latest_session(const std::optional<std::string>& tag = {}) const;
  std::vector<RunRecord> runs(const RunFilter& filter) const;
  std::optional<RunRecord> run(int64_t id) const;

  // `cudabench merge` (merge.cpp): copies every session of `source` that this database lacks (by
  // uuid) with its runs, their figures and kept traces, one transaction per session.
  struct MergeCounts {
    int sessions_added = 0, sessions_present = 0;
    int64_t runs_added = 0;
    int traces_missing = 0;  // --keep-trace files the source refers to but does not have
  };
  MergeCounts merge_from(const Store& source);

  const std::string& path() const { return path_; }
  int schema_version() const;

 private:
  Store(sqlite3* db, std::string path);
  int64_t insert_run(const RunRecord& run);
  sqlite3* db_ = nullptr;
  std::string path_;
};

// The database path: --db, else $CUDABENCH_DB, else ./cudabench.db. `--db ""` is a UserError.
std::string default_db_path(const std::optional<std::string>& flag);

}  // namespace cudabench::results
