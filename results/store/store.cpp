#include "results/store/store.h"

#include <sqlite3.h>

#include <cstdlib>

#include "common/error.h"
#include "common/hash.h"
#include "results/store/db.h"
#include "results/store/identity.h"
#include "results/store/open.h"
#include "results/store/schema.h"

namespace cudabench::results {
namespace {

std::string join_tools(const std::map<std::string, std::string>& tools) {
  std::string out;
  for (const auto& [name, version] : tools) out += name + "=" + version + "\n";
  return out;
}

int64_t environment_id(sqlite3* db, const Environment& env) {
  std::string hash = env.hash();
  db::Statement insert(db,
                       "INSERT OR IGNORE INTO environments (hash, kernel, cpu_model, cpu_count, "
                       "governor, smt, mem_bytes, gpu_name, gpu_driver, git_sha, isolcpus, "
                       "nohz_full, tool_versions) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)");
  insert.bind(1, hash).bind(2, env.kernel).bind(3, env.cpu_model).bind(4, env.cpu_count);
  insert.bind(5, env.governor).bind(6, env.smt).bind(7, env.mem_bytes).bind(8, env.gpu_name);
  insert.bind(9, env.gpu_driver).bind(10, env.git_sha).bind(11, env.isolcpus);
  insert.bind(12, env.nohz_full).bind(13, join_tools(env.tool_versions));
  insert.run();
  db::Statement select(db, "SELECT id FROM environments WHERE hash = ?");
  select.bind(1, hash);
  select.step();
  return select.int64(0);
}

void insert_children(sqlite3* db, int64_t run_id, const RunRecord& run) {
  db::Statement metric(db, "INSERT INTO metrics (run_id, name, value, unit) VALUES (?,?,?,?)");
  for (const auto& m : run.metrics) {
    metric.bind(1, run_id).bind(2, m.name).bind(3, m.value).bind(4, m.unit);
    metric.run();
  }
  db::Statement intensity(db,
                          "INSERT INTO intensity (run_id, interferer, kind, metric, value, unit) "
                          "VALUES (?,?,?,?,?,?)");
  for (const auto& i : run.intensity) {
    intensity.bind(1, run_id).bind(2, i.interferer).bind(3, i.kind).bind(4, i.metric);
    intensity.bind(5, i.value).bind(6, i.unit);
    intensity.run();
  }
  db::Statement dist(db, "INSERT INTO distributions (run_id, name, unit, data) VALUES (?,?,?,?)");
  for (const auto& d : run.distributions) {
    dist.bind(1, run_id).bind(2, d.name).bind(3, d.unit).bind_blob(4, d.data);
    dist.run();
  }
}

SessionInfo read_session(const db::Statement& st) {
  SessionInfo s;
  s.id = st.int64(0);
  s.started_at = st.text(1);
  s.finished_at = st.text(2);
  s.status = st.text(3);
  s.seed = static_cast<uint64_t>(st.int64(4));
  s.argv = st.text(5);
  s.tag = st.text(6);
  s.blocks = static_cast<int>(st.int64(7));
  s.warmup = static_cast<int>(st.int64(8));
  s.trace_mode = st.text(9);
  s.uuid = st.text(10);
  s.host = st.text(11);
  if (const double target = st.real(12); target >= 0) s.target_ci_pct = target;  // -1: NULL
  s.stop_reason = st.text(13);
  return s;
}

constexpr const char* session_columns =
    "SELECT id, started_at, coalesce(finished_at, ''), status, seed, argv, tag, blocks, warmup, "
    "trace_mode, uuid, host, coalesce(target_ci_pct, -1), stop_reason FROM sessions";

}  // namespace

const char* trace_level_name(TraceLevel level) {
  switch (level) {
    case TraceLevel::none: return "untraced";
    case TraceLevel::sched: return "sched";
    case TraceLevel::launch: return "launch";
  }
  return "untraced";
}

const char* status_name(RunStatus status) {
  switch (status) {
    case RunStatus::ok: return "ok";
    case RunStatus::invalid: return "invalid";
    case RunStatus::failed: return "failed";
    case RunStatus::aborted: return "aborted";
  }
  return "failed";
}

std::optional<RunStatus> parse_status(const std::string& name) {
  for (auto s : {RunStatus::ok, RunStatus::invalid, RunStatus::failed, RunStatus::aborted})
    if (name == status_name(s)) return s;
  return std::nullopt;
}

std::string Environment::hash() const {
  std::string all = kernel + '\0' + cpu_model + '\0' + governor + '\0' + smt + '\0' + gpu_name + '\0' +
                    gpu_driver + '\0' + git_sha + '\0' + isolcpus + '\0' + nohz_full + '\0' +
                    std::to_string(cpu_count) + '\0' + std::to_string(mem_bytes) + '\0' +
                    join_tools(tool_versions);
  return hex_digest(all);
}

const Metric* RunRecord::metric(const std::string& name) const {
  for (const auto& m : metrics)
    if (m.name == name) return &m;
  return nullptr;
}

Store Store::open(const std::string& path) {
  return Store(open_database(path, false), path);
}

Store Store::open_writable(const std::string& path) {
  return Store(open_database(path, true), path);
}

Store::Store(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}
Store::Store(Store&& other) noexcept : db_(other.db_), path_(std::move(other.path_)) {
  other.db_ = nullptr;
}
Store& Store::operator=(Store&& other) noexcept {
  std::swap(db_, other.db_);
  std::swap(path_, other.path_);
  return *this;
}
Store::~Store() {
  sqlite3_close(db_);
}

int Store::schema_version() const {
  db::Statement st(db_, "PRAGMA user_version");
  st.step();
  return static_cast<int>(st.int64(0));
}

int64_t Store::begin_session(const SessionInfo& info) {
  db::Transaction tx(db_);
  db::Statement st(db_,
                   "INSERT INTO sessions (started_at, status, seed, argv, tag, blocks, warmup, "
                   "trace_mode, uuid, host, target_ci_pct) VALUES (?,?,?,?,?,?,?,?,?,?,?)");
  st.bind(1, info.started_at).bind(2, info.status.empty() ? "running" : info.status);
  st.bind(3, static_cast<int64_t>(info.seed)).bind(4, info.argv).bind(5, info.tag);
  st.bind(6, info.blocks).bind(7, info.warmup).bind(8, info.trace_mode);
  st.bind(9, info.uuid.empty() ? new_session_uuid() : info.uuid);
  st.bind(10, info.host.empty() ? local_host_name() : info.host);
  if (info.target_ci_pct) st.bind(11, *info.target_ci_pct);
  st.run();
  int64_t id = db::last_insert_id(db_);
  tx.commit();
  return id;
}

void Store::finish_session(int64_t session_id, const std::string& status) {
  db::Statement st(db_,
                   "UPDATE sessions SET status = ?, "
                   "finished_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE id = ?");
  st.bind(1, status).bind(2, session_id);
  st.run();
}

void Store::record_stop(int64_t session_id, int blocks, const std::string& stop_reason) {
  db::Statement st(db_, "UPDATE sessions SET blocks = ?, stop_reason = ? WHERE id = ?");
  st.bind(1, blocks).bind(2, stop_reason).bind(3, session_id);
  st.run();
}

void Store::add_cpu_calibration(int64_t session_id, const std::vector<CpuCalibration>& rows) {
  db::Transaction tx(db_);
  db::Statement st(
      db_, "INSERT OR REPLACE INTO cpu_calibration (session_id, cpu, part, ns_per_op) VALUES (?,?,?,?)");
  for (const auto& r : rows) {
    st.bind(1, session_id).bind(2, r.cpu).bind(3, r.part).bind(4, r.ns_per_op);
    st.run();
    st.reset();
  }
  tx.commit();
}

std::vector<CpuCalibration> Store::cpu_calibration(int64_t session_id) const {
  db::Statement st(
      db_, "SELECT cpu, part, ns_per_op FROM cpu_calibration WHERE session_id = ? ORDER BY cpu, part");
  st.bind(1, session_id);
  std::vector<CpuCalibration> rows;
  while (st.step()) rows.push_back({static_cast<int>(st.int64(0)), st.text(1), st.real(2)});
  return rows;
}

int Store::mark_abandoned() {
  db::Statement st(db_,
                   "UPDATE sessions SET status = 'abandoned', "
                   "finished_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE status = 'running'");
  st.run();
  return sqlite3_changes(db_);
}

int64_t Store::add_run(const RunRecord& run) {
  try {
    return insert_run(run);
  } catch (const Error& e) {
    // A full disk or an I/O error mid-session: say which database and which run were lost.
    throw RunError(path_ + ": the run of scenario \"" + run.scenario + "\" (" +
                       (run.warmup ? std::string("warm-up") : "block " + std::to_string(run.block + 1)) +
                       ", position " + std::to_string(run.position) + ") was not stored: " + e.what(),
                   e.sqlite_code() == SQLITE_FULL ? "free space on the database's file system" : "",
                   {.sqlite_code = e.sqlite_code()});
  }
}

int64_t Store::insert_run(const RunRecord& run) {
  db::Transaction tx(db_);
  db::Statement scenario(db_, "INSERT OR IGNORE INTO scenarios (hash, name, text) VALUES (?,?,?)");
  scenario.bind(1, run.scenario_hash).bind(2, run.scenario).bind(3, run.scenario_text);
  scenario.run();
  int64_t env_id = environment_id(db_, run.env);
  db::Statement st(db_,
                   "INSERT INTO runs (session_id, scenario, scenario_hash, environment_id, block, "
                   "position, warmup, traced, status, reason, started_at, wall_s, exit_code, "
                   "stderr_tail, trace_file, notes, config_hash) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
  st.bind(1, run.session_id).bind(2, run.scenario).bind(3, run.scenario_hash).bind(4, env_id);
  st.bind(5, run.block).bind(6, run.position).bind(7, run.warmup ? 1 : 0);
  st.bind(8, run.trace == TraceLevel::sched                  ? 2
             : run.trace == TraceLevel::launch || run.traced ? 1
                                                             : 0)
      .bind(9, status_name(run.status))
      .bind(10, run.reason);
  st.bind(11, run.started_at).bind(12, run.wall_s).bind(13, run.exit_code);
  st.bind(14, run.stderr_tail).bind(15, run.trace_file).bind(16, run.notes).bind(17, run.config_hash);
  st.run();
  int64_t run_id = db::last_insert_id(db_);
  insert_children(db_, run_id, run);
  tx.commit();
  return run_id;
}

std::vector<SessionInfo> Store::sessions() const {
  db::Statement st(db_, std::string(session_columns) + " ORDER BY id");
  std::vector<SessionInfo> out;
  while (st.step()) out.push_back(read_session(st));
  return out;
}

std::optional<SessionInfo> Store::session(int64_t id) const {
  db::Statement st(db_, std::string(session_columns) + " WHERE id = ?");
  st.bind(1, id);
  if (!st.step()) return std::nullopt;
  return read_session(st);
}

std::optional<int64_t> Store::latest_session(const std::optional<std::string>& tag) const {
  db::Statement st(db_, tag ? "SELECT max(id) FROM sessions WHERE tag = ?" : "SELECT max(id) FROM sessions");
  if (tag) st.bind(1, *tag);
  if (!st.step() || st.text(0).empty()) return std::nullopt;
  return st.int64(0);
}

std::string default_db_path(const std::optional<std::string>& flag) {
  if (flag && flag->empty())
    throw UserError("--db: an empty path names no database",
                    "pass --db PATH, or leave --db out for "
                    "$CUDABENCH_DB, else ./cudabench.db");
  if (flag) return *flag;
  if (const char* env = std::getenv("CUDABENCH_DB"); env && *env) return env;
  return "cudabench.db";
}

}  // namespace cudabench::results
