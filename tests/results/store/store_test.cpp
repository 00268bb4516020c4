// The SQLite store: round trip, migration from an older schema, refusal of foreign files.
#include <doctest/doctest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "common/error.h"
#include "results/store/db.h"
#include "results/store/schema.h"
#include "results/store/store.h"

using namespace cudabench::results;
namespace fs = std::filesystem;

namespace {

struct TempDb {
  std::string path;
  TempDb() {
    char tmpl[] = "/tmp/cudabench-store-XXXXXX";
    path = std::string(mkdtemp(tmpl)) + "/t.db";
  }
  ~TempDb() { fs::remove_all(fs::path(path).parent_path()); }
};

RunRecord sample_run(int64_t session, int block) {
  RunRecord r;
  r.session_id = session;
  r.scenario = "baseline";
  r.scenario_hash = "00000000000000aa";
  r.scenario_text = "[scenario]\nname = \"baseline\"\n";
  r.config_hash = "00000000000000cc";
  r.block = block;
  r.position = 1;
  r.traced = block % 2 == 1;
  r.status = block == 2 ? RunStatus::invalid : RunStatus::ok;
  r.reason = block == 2 ? "interferer 0 (stress-ng) exited with code 1" : "";
  r.started_at = "2026-11-24T16:00:00Z";
  r.wall_s = 3.25;
  r.stderr_tail = "tail";
  r.notes = "placement: cpuset not applied (no cgroup v2 cpuset controller)";
  r.env.kernel = "6.18";
  r.env.cpu_model = "Test CPU";
  r.env.cpu_count = 2;
  r.env.tool_versions = {{"stress-ng", "0.15.06"}};
  r.metrics = {{"tokens_per_s", 54.77 + block, "tok/s"}, {"launches", 45600, ""}};
  r.intensity = {{0, "stress-ng", "bogo_ops_per_s", 1234.5, "bogo-ops/s"}};
  r.distributions = {{"pairs.a.interval", "ns", std::string("\x01\x00\x02", 3)}};
  return r;
}

}  // namespace

TEST_SUITE("unit") {
  TEST_CASE("a session with a precision target keeps the target - the blocks it ran and why it stopped") {
    TempDb tmp;
    auto store = Store::open_writable(tmp.path);
    SessionInfo info;
    info.started_at = "2026-12-01T10:00:00Z";
    info.blocks = 10;
    info.trace_mode = "sched";
    info.target_ci_pct = 2;
    const int64_t session = store.begin_session(info);
    store.record_stop(session, 23, "target_reached");
    store.finish_session(session, "done");
    const auto s = store.session(session);
    REQUIRE(s);
    CHECK(s->target_ci_pct == 2.0);
    CHECK(s->blocks == 23);
    CHECK(s->stop_reason == "target_reached");
    CHECK(s->status == "done");
  }

  TEST_CASE("runs round-trip through the store with every child row") {
    TempDb tmp;
    auto store = Store::open_writable(tmp.path);
    CHECK(store.schema_version() == current_schema_version());
    SessionInfo info;
    info.started_at = "2026-11-24T16:00:00Z";
    info.seed = 99;
    info.argv = "cudabench run x.toml";
    info.tag = "nightly";
    info.blocks = 3;
    info.trace_mode = "both";
    int64_t session = store.begin_session(info);
    for (int b = 0; b < 3; ++b) store.add_run(sample_run(session, b));
    store.finish_session(session, "done");

    auto sessions = store.sessions();
    REQUIRE(sessions.size() == 1);
    CHECK(sessions[0].seed == 99);
    CHECK(sessions[0].status == "done");
    CHECK_FALSE(sessions[0].finished_at.empty());
    CHECK_FALSE(sessions[0].target_ci_pct.has_value());
    CHECK(sessions[0].stop_reason.empty());
    CHECK(store.latest_session(std::string("nightly")) == session);
    CHECK_FALSE(store.latest_session(std::string("other")).has_value());

    RunFilter filter;
    filter.session = session;
    filter.load_distributions = true;
    auto runs = store.runs(filter);
    REQUIRE(runs.size() == 3);
    const auto& r = runs[2];
    CHECK(r.status == RunStatus::invalid);
    CHECK(r.reason == "interferer 0 (stress-ng) exited with code 1");
    CHECK(r.metric("tokens_per_s")->value == doctest::Approx(56.77));
    CHECK(r.metric("tokens_per_s")->unit == "tok/s");
    CHECK(r.intensity.at(0).value == 1234.5);
    CHECK(r.distributions.at(0).data == std::string("\x01\x00\x02", 3));
    CHECK(r.env.tool_versions.at("stress-ng") == "0.15.06");
    CHECK(r.notes.find("cpuset not applied") != std::string::npos);
    CHECK(r.scenario_text.find("baseline") != std::string::npos);
    CHECK(r.config_hash == "00000000000000cc");

    auto one = store.run(r.id);
    REQUIRE(one);
    CHECK(one->metrics.size() == 2);
    CHECK(one->env.cpu_model == "Test CPU");
  }

  TEST_CASE("a version-1 database is migrated and keeps its rows") {
    TempDb tmp;
    {
      sqlite3* db = nullptr;
      REQUIRE(sqlite3_open(tmp.path.c_str(), &db) == SQLITE_OK);
      db::exec(db, schema_migrations()[0]);
      db::exec(db, "PRAGMA user_version = 1");
      db::exec(db,
               "INSERT INTO sessions VALUES (1, 't', NULL, 'done', 5, 'argv', '', 1, 0, 'off');"
               "INSERT INTO environments (id, hash, tool_versions) VALUES (1, 'h', '');"
               "INSERT INTO scenarios VALUES ('s', 'baseline', 'text');"
               "INSERT INTO runs VALUES (1, 1, 'baseline', 's', 1, 0, 0, 0, 0, 'ok', '', 't', 1.5, 0, '');"
               "INSERT INTO metrics VALUES (1, 'tokens_per_s', 50, 'tok/s');");
      sqlite3_close(db);
    }
    auto store = Store::open_writable(tmp.path);
    CHECK(store.schema_version() == current_schema_version());
    auto run = store.run(1);
    REQUIRE(run);
    CHECK(run->metric("tokens_per_s")->value == 50);
    CHECK(run->trace_file.empty());
    CHECK(run->distributions.empty());
  }

  TEST_CASE("a database from a newer cudabench and a foreign database are refused") {
    TempDb tmp;
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(tmp.path.c_str(), &db) == SQLITE_OK);
    db::exec(db, "CREATE TABLE songs (title TEXT)");
    sqlite3_close(db);
    CHECK_THROWS_WITH_AS(Store::open(tmp.path), doctest::Contains("not a cudabench database"),
                         cudabench::UserError);
    TempDb newer;
    REQUIRE(sqlite3_open(newer.path.c_str(), &db) == SQLITE_OK);
    db::exec(db, "PRAGMA user_version = 99");
    sqlite3_close(db);
    CHECK_THROWS_WITH_AS(Store::open(newer.path), doctest::Contains("newer than this cudabench"),
                         cudabench::UserError);
  }

  TEST_CASE("open is read-only and never creates - open_writable checks before it writes") {
    TempDb tmp;
    CHECK_THROWS_WITH_AS(Store::open(tmp.path), doctest::Contains("no such database"), cudabench::UserError);
    CHECK_FALSE(fs::exists(tmp.path));
    {
      auto store = Store::open_writable(tmp.path);
      SessionInfo info;
      info.status = "running";
      store.begin_session(info);
      store.begin_session(info);
      store.finish_session(2, "done");
    }
    {
      auto reader = Store::open(tmp.path);
      CHECK(reader.sessions().size() == 2);
      try {
        reader.begin_session({});
        FAIL("a reader wrote");
      } catch (const cudabench::Error& e) {
        CHECK(e.sqlite_code() == SQLITE_READONLY);
      }
    }
    // Only the session still `running` becomes abandoned.
    auto writer = Store::open_writable(tmp.path);
    CHECK(writer.mark_abandoned() == 1);
    CHECK(writer.session(1)->status == "abandoned");
    CHECK(writer.session(2)->status == "done");
    CHECK(writer.mark_abandoned() == 0);
    CHECK_THROWS_AS(default_db_path(std::string("")), cudabench::UserError);
  }

  TEST_CASE("open failures carry the SQLite code and say what the file is") {
    TempDb tmp;
    { std::ofstream(tmp.path) << std::string(8192, 'x'); }
    try {
      Store::open(tmp.path);
      FAIL("a text file was opened");
    } catch (const cudabench::UserError& e) {
      CHECK(e.sqlite_code() == SQLITE_NOTADB);
      CHECK(std::string(e.what()).find("not a database (not an SQLite file)") != std::string::npos);
    }
    CHECK_THROWS_WITH_AS(Store::open_writable(tmp.path), doctest::Contains("not a database"),
                         cudabench::UserError);
    CHECK(fs::file_size(tmp.path) == 8192);  // refused, untouched
  }

  TEST_CASE("CUDABENCH_DB and --db choose the database") {
    unsetenv("CUDABENCH_DB");
    CHECK(default_db_path(std::nullopt) == "cudabench.db");
    setenv("CUDABENCH_DB", "/tmp/x.db", 1);
    CHECK(default_db_path(std::nullopt) == "/tmp/x.db");
    CHECK(default_db_path(std::string("flag.db")) == "flag.db");
    unsetenv("CUDABENCH_DB");
  }

}  // TEST_SUITE
