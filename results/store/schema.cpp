#include "results/store/schema.h"

#include <sqlite3.h>

#include <array>
#include <string>

#include "common/error.h"
#include "results/store/db.h"

namespace cudabench::results {
namespace {

// Never edit a migration that has shipped: append a new one.
constexpr std::array<std::string_view, 6> migrations = {
    // 1: sessions, runs and their figures.
    R"sql(
CREATE TABLE sessions (
  id INTEGER PRIMARY KEY,
  started_at TEXT NOT NULL,
  finished_at TEXT,
  status TEXT NOT NULL,
  seed INTEGER NOT NULL,
  argv TEXT NOT NULL,
  tag TEXT NOT NULL DEFAULT '',
  blocks INTEGER NOT NULL,
  warmup INTEGER NOT NULL,
  trace_mode TEXT NOT NULL
);
CREATE TABLE environments (
  id INTEGER PRIMARY KEY,
  hash TEXT NOT NULL UNIQUE,
  kernel TEXT, cpu_model TEXT, cpu_count INTEGER, governor TEXT, smt TEXT, mem_bytes INTEGER,
  gpu_name TEXT, gpu_driver TEXT, git_sha TEXT, isolcpus TEXT, nohz_full TEXT,
  tool_versions TEXT NOT NULL
);
CREATE TABLE scenarios (
  hash TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  text TEXT NOT NULL
);
CREATE TABLE runs (
  id INTEGER PRIMARY KEY,
  session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
  scenario TEXT NOT NULL,
  scenario_hash TEXT NOT NULL REFERENCES scenarios(hash),
  environment_id INTEGER NOT NULL REFERENCES environments(id),
  block INTEGER NOT NULL,
  position INTEGER NOT NULL,
  warmup INTEGER NOT NULL,
  traced INTEGER NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('ok', 'invalid', 'failed', 'aborted')),
  reason TEXT NOT NULL DEFAULT '',
  started_at TEXT NOT NULL,
  wall_s REAL NOT NULL,
  exit_code INTEGER NOT NULL,
  stderr_tail TEXT NOT NULL DEFAULT ''
);
CREATE INDEX runs_by_session ON runs(session_id, scenario);
CREATE TABLE metrics (
  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  value REAL NOT NULL,
  unit TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (run_id, name)
) WITHOUT ROWID;
CREATE TABLE intensity (
  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  interferer INTEGER NOT NULL,
  kind TEXT NOT NULL,
  metric TEXT NOT NULL,
  value REAL NOT NULL,
  unit TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (run_id, interferer, metric)
) WITHOUT ROWID;
)sql",
    // 2: traced runs: per-run distributions (encoded histograms), the --keep-trace file, and notes
    // (placement that could not be applied, interferer facts, tracer warnings).
    R"sql(
CREATE TABLE distributions (
  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  unit TEXT NOT NULL DEFAULT '',
  data BLOB NOT NULL,
  PRIMARY KEY (run_id, name)
) WITHOUT ROWID;
ALTER TABLE runs ADD COLUMN trace_file TEXT NOT NULL DEFAULT '';
ALTER TABLE runs ADD COLUMN notes TEXT NOT NULL DEFAULT '';
)sql",
    // v3: the configuration digest (scenario text without name and description), for A/A pairs.
    R"sql(
ALTER TABLE runs ADD COLUMN config_hash TEXT NOT NULL DEFAULT '';
)sql",
    // v4: fleets. A session's uuid identifies it across databases (`cudabench merge` copies each
    // once) and its host says where it ran (`report --by host`). Older sessions get a key made of
    // what identified them before (start, seed, id) and an unknown host.
    R"sql(
ALTER TABLE sessions ADD COLUMN uuid TEXT NOT NULL DEFAULT '';
ALTER TABLE sessions ADD COLUMN host TEXT NOT NULL DEFAULT '';
UPDATE sessions SET uuid = 'v3:' || started_at || ':' || seed || ':' || id;
CREATE UNIQUE INDEX sessions_by_uuid ON sessions(uuid);
)sql",
    // v5: the CPU speed calibration a session made at its start (harness/run/cpu_speed.h): per CPU,
    // the probe's time per operation for each of its parts.
    R"sql(
CREATE TABLE cpu_calibration (
  session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
  cpu INTEGER NOT NULL,
  part TEXT NOT NULL,
  ns_per_op REAL NOT NULL,
  PRIMARY KEY (session_id, cpu, part)
) WITHOUT ROWID;
)sql",
    // v6: sessions with a precision target (`run --target-ci`): the CI half-width asked for (NULL:
    // none, a fixed number of blocks) and why the session stopped adding blocks: target_reached,
    // max_time or max_blocks ('' for a fixed session or one that was interrupted).
    R"sql(
ALTER TABLE sessions ADD COLUMN target_ci_pct REAL;
ALTER TABLE sessions ADD COLUMN stop_reason TEXT NOT NULL DEFAULT '';
)sql",
};

int user_version(sqlite3* db) {
  db::Statement st(db, "PRAGMA user_version");
  return st.step() ? static_cast<int>(st.int64(0)) : 0;
}

}  // namespace

std::span<const std::string_view> schema_migrations() {
  return migrations;
}
int current_schema_version() {
  return static_cast<int>(migrations.size());
}

void migrate(sqlite3* db, const std::string& path) {
  int version = user_version(db);
  if (version > current_schema_version())
    throw UserError(path + ": database schema version " + std::to_string(version) +
                        " is newer than this cudabench (" + std::to_string(current_schema_version()) + ")",
                    "use a newer cudabench to read it");
  for (int v = version; v < current_schema_version(); ++v) {
    db::Transaction tx(db);
    db::exec(db, migrations[static_cast<size_t>(v)]);
    db::exec(db, "PRAGMA user_version = " + std::to_string(v + 1));
    tx.commit();
  }
}

}  // namespace cudabench::results
