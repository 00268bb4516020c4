// Store::merge_from and merge_databases. The source is copied into an in-memory database ATTACHed
// to the destination's connection and each session is copied by INSERT ... SELECT in one
// transaction: run ids are shifted past the destination's largest, environments and scenarios are
// shared by their hash.
#include "results/store/merge.h"

#include <sqlite3.h>

#include <filesystem>
#include <set>

#include "common/error.h"
#include "results/store/db.h"

namespace cudabench::results {
namespace {

namespace fs = std::filesystem;

// The columns copied below. A migration that adds a column to one of these tables must copy it
// here too; this check makes merge refuse to drop it silently.
const std::set<std::string> session_columns = {
    "id",     "started_at", "finished_at", "status", "seed", "argv",          "tag",
    "blocks", "warmup",     "trace_mode",  "uuid",   "host", "target_ci_pct", "stop_reason"};
const std::set<std::string> run_columns = {
    "id",       "session_id", "scenario",    "scenario_hash", "environment_id", "block",
    "position", "warmup",     "traced",      "status",        "reason",         "started_at",
    "wall_s",   "exit_code",  "stderr_tail", "trace_file",    "notes",          "config_hash"};

void check_columns(sqlite3* db, const std::string& table, const std::set<std::string>& known) {
  db::Statement st(db, "SELECT name FROM pragma_table_info(?)");
  st.bind(1, table);
  while (st.step())
    if (!known.count(st.text(0)))
      throw RunError("merge does not copy column " + table + "." + st.text(0) +
                     ": results/store/merge.cpp must learn it");
}

constexpr const char* copy_session_sql =
    "INSERT INTO main.sessions (started_at, finished_at, status, seed, argv, tag, blocks, warmup, "
    "trace_mode, uuid, host, target_ci_pct, stop_reason) SELECT started_at, finished_at, status, seed, "
    "argv, tag, blocks, warmup, trace_mode, uuid, host, target_ci_pct, stop_reason FROM src.sessions "
    "WHERE id = ?";
constexpr const char* copy_scenarios_sql =
    "INSERT OR IGNORE INTO main.scenarios (hash, name, text) SELECT hash, name, text FROM src.scenarios "
    "WHERE hash IN (SELECT scenario_hash FROM src.runs WHERE session_id = ?)";
constexpr const char* copy_environments_sql =
    "INSERT OR IGNORE INTO main.environments (hash, kernel, cpu_model, cpu_count, governor, smt, "
    "mem_bytes, gpu_name, gpu_driver, git_sha, isolcpus, nohz_full, tool_versions) SELECT hash, kernel, "
    "cpu_model, cpu_count, governor, smt, mem_bytes, gpu_name, gpu_driver, git_sha, isolcpus, "
    "nohz_full, tool_versions FROM src.environments "
    "WHERE id IN (SELECT environment_id FROM src.runs WHERE session_id = ?)";
// ?1 run id offset, ?2 new session id, ?3 source session id.
constexpr const char* copy_runs_sql =
    "INSERT INTO main.runs (id, session_id, scenario, scenario_hash, environment_id, block, position, "
    "warmup, traced, status, reason, started_at, wall_s, exit_code, stderr_tail, trace_file, notes, "
    "config_hash) SELECT r.id + ?1, ?2, r.scenario, r.scenario_hash, me.id, r.block, r.position, "
    "r.warmup, r.traced, r.status, r.reason, r.started_at, r.wall_s, r.exit_code, r.stderr_tail, "
    "r.trace_file, r.notes, r.config_hash FROM src.runs r "
    "JOIN src.environments se ON se.id = r.environment_id "
    "JOIN main.environments me ON me.hash = se.hash WHERE r.session_id = ?3 ORDER BY r.id";
constexpr const char* run_ids = "(SELECT id FROM src.runs WHERE session_id = ?2)";

void copy_children(sqlite3* db, int64_t offset, int64_t source_session) {
  const std::string tables[] = {
      "metrics (run_id, name, value, unit) SELECT run_id + ?1, name, value, unit FROM src.metrics",
      "intensity (run_id, interferer, kind, metric, value, unit) SELECT run_id + ?1, interferer, kind, "
      "metric, value, unit FROM src.intensity",
      "distributions (run_id, name, unit, data) SELECT run_id + ?1, name, unit, data FROM "
      "src.distributions"};
  for (const auto& t : tables) {
    db::Statement st(db, "INSERT INTO main." + t + " WHERE run_id IN " + run_ids);
    st.bind(1, offset).bind(2, source_session);
    st.run();
  }
}

int64_t scalar(sqlite3* db, const std::string& sql, int64_t bound) {
  db::Statement st(db, sql);
  st.bind(1, bound);
  st.step();
  return st.int64(0);
}

}  // namespace

namespace {

// Kept traces live in "<db>.traces/"; their names start with the session id, which differs between
// databases, so a merged one is prefixed with its session's uuid. Copied files are removed again
// when the session's transaction does not commit.
class TraceCopier {
 public:
  TraceCopier(const std::string& source_db, const std::string& dest_db)
      : from_(source_db + ".traces"), to_(dest_db + ".traces") {}
  ~TraceCopier() {
    std::error_code ec;
    for (const auto& p : pending_) fs::remove(p, ec);
  }
  void commit() { pending_.clear(); }

  // Copies the traces of runs with ids in [first, last] of `db`; returns how many were missing.
  int copy(sqlite3* db, int64_t first, int64_t last, const std::string& uuid) {
    db::Statement st(db,
                     "SELECT id, trace_file FROM main.runs WHERE id BETWEEN ? AND ? AND trace_file != ''");
    st.bind(1, first).bind(2, last);
    db::Statement update(db, "UPDATE main.runs SET trace_file = ?, notes = notes || ? WHERE id = ?");
    int missing = 0;
    while (st.step()) {
      const std::string name = st.text(1), renamed = uuid.substr(0, 8) + "-" + name;
      std::string note;
      if (fs::is_regular_file(from_ / name)) {
        fs::create_directories(to_);
        fs::copy_file(from_ / name, to_ / renamed, fs::copy_options::overwrite_existing);
        pending_.push_back(to_ / renamed);
      } else {
        note = "kept trace " + name + " was not beside " + from_.string() + " when merged\n";
        ++missing;
      }
      update.bind(1, note.empty() ? renamed : std::string()).bind(2, note).bind(3, st.int64(0));
      update.run();
    }
    return missing;
  }

 private:
  fs::path from_, to_;
  std::vector<fs::path> pending_;
};

}  // namespace

Store::MergeCounts Store::merge_from(const Store& source) {
  check_columns(db_, "sessions", session_columns);
  check_columns(db_, "runs", run_columns);
  // The source as the reader opened it (an older schema upgraded in memory, see open.h), copied
  // into an attached in-memory database: the source file is only ever read.
  db::exec(db_, "ATTACH DATABASE ':memory:' AS src");
  struct Detach {
    sqlite3* db;
    ~Detach() { sqlite3_exec(db, "DETACH DATABASE src", nullptr, nullptr, nullptr); }
  } detach{db_};
  sqlite3_backup* copy = sqlite3_backup_init(db_, "src", source.db_, "main");
  if (!copy) throw RunError("merge: cannot read " + source.path() + ": " + sqlite3_errmsg(db_));
  sqlite3_backup_step(copy, -1);
  if (int rc = sqlite3_backup_finish(copy); rc != SQLITE_OK)
    throw RunError("merge: cannot read " + source.path() + ": " + sqlite3_errstr(rc));

  MergeCounts counts;
  std::vector<std::pair<int64_t, std::string>> missing;
  {
    db::Statement st(
        db_, "SELECT id, uuid, uuid IN (SELECT uuid FROM main.sessions) FROM src.sessions ORDER BY id");
    while (st.step())
      if (st.int64(2))
        ++counts.sessions_present;
      else
        missing.emplace_back(st.int64(0), st.text(1));
  }
  for (const auto& [old_id, uuid] : missing) {
    db::Transaction tx(db_);
    TraceCopier traces(source.path(), path_);
    db::Statement session(db_, copy_session_sql);
    session.bind(1, old_id);
    session.run();
    const int64_t new_id = db::last_insert_id(db_);
    for (const char* sql : {copy_scenarios_sql, copy_environments_sql}) {
      db::Statement st(db_, sql);
      st.bind(1, old_id);
      st.run();
    }
    db::Statement calibration(
        db_,
        "INSERT INTO main.cpu_calibration (session_id, cpu, part, ns_per_op) "
        "SELECT ?1, cpu, part, ns_per_op FROM src.cpu_calibration WHERE session_id = ?2");
    calibration.bind(1, new_id).bind(2, old_id);
    calibration.run();
    const int64_t runs = scalar(db_, "SELECT count(*) FROM src.runs WHERE session_id = ?", old_id);
    if (runs > 0) {
      const int64_t lo = scalar(db_, "SELECT min(id) FROM src.runs WHERE session_id = ?", old_id);
      const int64_t hi = scalar(db_, "SELECT max(id) FROM src.runs WHERE session_id = ?", old_id);
      const int64_t offset = scalar(db_, "SELECT coalesce(max(id), 0) + 1 - ?1 FROM main.runs", lo);
      db::Statement copy(db_, copy_runs_sql);
      copy.bind(1, offset).bind(2, new_id).bind(3, old_id);
      copy.run();
      copy_children(db_, offset, old_id);
      counts.traces_missing += traces.copy(db_, lo + offset, hi + offset, uuid);
    }
    tx.commit();
    traces.commit();
    ++counts.sessions_added;
    counts.runs_added += runs;
  }
  return counts;
}

std::vector<MergedInput> merge_databases(const std::string& out, const std::vector<std::string>& inputs) {
  if (inputs.empty()) throw UserError("merge wants an output database and at least one input");
  std::vector<Store> sources;
  for (const auto& in : inputs) {
    std::error_code ec;
    if (!fs::is_regular_file(in, ec)) throw UserError(in + ": no such database");
    if (fs::exists(out, ec) && fs::equivalent(in, out, ec))
      throw UserError(in + " is the output database itself", "merge into a new file");
    sources.push_back(Store::open(in));
  }
  auto dest = Store::open_writable(out);
  std::vector<MergedInput> merged;
  for (const auto& source : sources) merged.push_back({source.path(), dest.merge_from(source)});
  return merged;
}

}  // namespace cudabench::results
