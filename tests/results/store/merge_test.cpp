// cudabench merge at the store level: sessions copied once by uuid with every child row, hosts and
// environments kept, kept traces carried over, bad inputs refused before anything is written.
#include <doctest/doctest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "common/error.h"
#include "results/store/db.h"
#include "results/store/identity.h"
#include "results/store/merge.h"
#include "results/store/schema.h"
#include "results/store/store.h"

using namespace cudabench::results;
namespace fs = std::filesystem;

namespace {

struct TempDir {
  fs::path path;
  TempDir() {
    char tmpl[] = "/tmp/cudabench-merge-XXXXXX";
    path = mkdtemp(tmpl);
  }
  ~TempDir() { fs::remove_all(path); }
  std::string db(const std::string& name) const { return (path / name).string(); }
};

// A session of `runs` ok runs on `host`, the first one traced with a kept trace file.
std::string add_session(const std::string& db, const std::string& host, int runs, double tokens) {
  auto store = Store::open_writable(db);
  SessionInfo info;
  info.started_at = "2026-11-24T16:00:00Z";
  info.host = host;
  info.seed = 7;
  info.blocks = runs;
  info.trace_mode = "both";
  if (host == "node-a") info.target_ci_pct = 2.5;
  const int64_t id = store.begin_session(info);
  for (int b = 0; b < runs; ++b) {
    RunRecord r;
    r.session_id = id;
    r.scenario = "baseline";
    r.scenario_hash = "hash-baseline";
    r.scenario_text = "[scenario]\nname = \"baseline\"\n";
    r.block = b;
    r.status = RunStatus::ok;
    r.started_at = info.started_at;
    r.env.kernel = "6.18";
    r.env.cpu_model = host + " CPU";
    r.env.cpu_count = 16;
    r.metrics = {{"tokens_per_s", tokens + b, "tok/s"}};
    r.intensity = {{0, "stress-ng", "bogo_ops_per_s", 10.0 * b, "bogo-ops/s"}};
    r.distributions = {{"pairs.interval", "ns", std::string("\x01\x02", 2)}};
    if (b == 0) {
      r.traced = true;
      r.trace_file = "session" + std::to_string(id) + "-1-0.cbtrace";
      fs::create_directories(db + ".traces");
      std::ofstream(db + ".traces/" + r.trace_file) << "trace of " << host;
    }
    store.add_run(r);
  }
  if (info.target_ci_pct) store.record_stop(id, runs, "target_reached");
  store.finish_session(id, "done");
  return store.session(id)->uuid;
}

int64_t count(const std::string& db, const std::string& table) {
  sqlite3* raw = nullptr;
  sqlite3_open(db.c_str(), &raw);
  cudabench::results::db::Statement st(raw, "SELECT count(*) FROM " + table);
  st.step();
  const int64_t n = st.int64(0);
  sqlite3_close(raw);
  return n;
}

}  // namespace

TEST_SUITE("unit") {
  TEST_CASE("merge copies each session once, with its host, environment and every child row") {
    TempDir tmp;
    const std::string a = tmp.db("a.db"), b = tmp.db("b.db"), out = tmp.db("out.db");
    const std::string uuid_a = add_session(a, "node-a", 3, 50);
    add_session(b, "node-b", 2, 40);
    add_session(b, "node-b", 2, 41);
    CHECK(uuid_a.size() == 36);
    CHECK(uuid_a[14] == '4');

    auto merged = merge_databases(out, {a, b});
    REQUIRE(merged.size() == 2);
    CHECK(merged[0].counts.sessions_added == 1);
    CHECK(merged[0].counts.runs_added == 3);
    CHECK(merged[1].counts.sessions_added == 2);
    CHECK(merged[1].counts.runs_added == 4);
    CHECK(merged[1].counts.traces_missing == 0);

    // The same databases again, and a copy of a: nothing new.
    fs::copy_file(a, tmp.db("a-copy.db"));
    auto again = merge_databases(out, {a, b, tmp.db("a-copy.db")});
    for (const auto& m : again) CHECK(m.counts.sessions_added == 0);
    CHECK(again[1].counts.sessions_present == 2);

    auto store = Store::open(out);
    const auto sessions = store.sessions();
    REQUIRE(sessions.size() == 3);
    CHECK(sessions[0].uuid == uuid_a);
    CHECK(sessions[0].host == "node-a");
    CHECK(sessions[1].host == "node-b");
    CHECK(sessions[0].status == "done");
    CHECK(sessions[0].target_ci_pct == 2.5);  // schema v6 columns travel too
    CHECK(sessions[0].stop_reason == "target_reached");
    CHECK_FALSE(sessions[1].target_ci_pct.has_value());
    CHECK(sessions[1].stop_reason.empty());
    RunFilter all;
    all.load_distributions = true;
    const auto runs = store.runs(all);
    REQUIRE(runs.size() == 7);
    CHECK(runs[0].env.cpu_model == "node-a CPU");
    CHECK(runs[3].env.cpu_model == "node-b CPU");
    CHECK(runs[4].metrics.at(0).value == doctest::Approx(41));
    CHECK(runs[2].intensity.at(0).value == doctest::Approx(20));
    CHECK(runs[2].distributions.size() == 1);
    CHECK(count(out, "environments") == 2);
    CHECK(count(out, "scenarios") == 1);
    // Kept traces travel under a name that cannot collide with another database's session ids.
    REQUIRE(!runs[3].trace_file.empty());
    CHECK(runs[3].trace_file != runs[0].trace_file);
    std::ifstream trace(out + ".traces/" + runs[3].trace_file);
    std::string text;
    std::getline(trace, text);
    CHECK(text == "trace of node-b");
  }

  TEST_CASE("a missing kept trace is said in the counts and the run's notes") {
    TempDir tmp;
    add_session(tmp.db("a.db"), "node-a", 1, 50);
    fs::remove_all(tmp.db("a.db") + ".traces");
    const auto merged = merge_databases(tmp.db("out.db"), {tmp.db("a.db")});
    CHECK(merged[0].counts.traces_missing == 1);
    const auto runs = Store::open(tmp.db("out.db")).runs({});
    CHECK(runs[0].trace_file.empty());
    CHECK(runs[0].notes.find("was not beside") != std::string::npos);
  }

  TEST_CASE("bad inputs are refused before the output is written") {
    TempDir tmp;
    add_session(tmp.db("a.db"), "node-a", 1, 50);
    std::ofstream(tmp.db("junk.db")) << "not sqlite at all, just text that is long enough to be read";
    CHECK_THROWS_AS(merge_databases(tmp.db("out.db"), {tmp.db("a.db"), tmp.db("missing.db")}),
                    cudabench::UserError);
    CHECK_THROWS_AS(merge_databases(tmp.db("out.db"), {tmp.db("a.db"), tmp.db("junk.db")}),
                    cudabench::UserError);
    CHECK_FALSE(fs::exists(tmp.db("out.db")));
    CHECK_THROWS_AS(merge_databases(tmp.db("a.db"), {tmp.db("a.db")}), cudabench::UserError);
  }

  TEST_CASE("sessions of a version-3 database get a stable key, so two copies merge once") {
    TempDir tmp;
    {
      sqlite3* raw = nullptr;
      REQUIRE(sqlite3_open(tmp.db("old.db").c_str(), &raw) == SQLITE_OK);
      for (int v = 0; v < 3; ++v) db::exec(raw, schema_migrations()[static_cast<size_t>(v)]);
      db::exec(raw, "PRAGMA user_version = 3");
      db::exec(raw,
               "INSERT INTO sessions VALUES (1, '2026-01-01T00:00:00Z', NULL, 'done', 5, 'argv', '', 1, 0, "
               "'off');"
               "INSERT INTO environments (id, hash, tool_versions) VALUES (1, 'h', '');"
               "INSERT INTO scenarios VALUES ('s', 'baseline', 'text');"
               "INSERT INTO runs (id, session_id, scenario, scenario_hash, environment_id, block, position, "
               "warmup, traced, status, started_at, wall_s, exit_code) "
               "VALUES (1, 1, 'baseline', 's', 1, 0, 0, 0, 0, 'ok', 't', 1.5, 0);");
      sqlite3_close(raw);
    }
    fs::copy_file(tmp.db("old.db"), tmp.db("old-copy.db"));
    // A reader reads the old schema from a copy upgraded in memory; the file stays as it was.
    const auto before = fs::last_write_time(tmp.db("old.db"));
    const auto size = fs::file_size(tmp.db("old.db"));
    CHECK(Store::open(tmp.db("old.db")).runs({}).size() == 1);
    CHECK(fs::last_write_time(tmp.db("old.db")) == before);
    CHECK(fs::file_size(tmp.db("old.db")) == size);
    const auto merged = merge_databases(tmp.db("out.db"), {tmp.db("old.db"), tmp.db("old-copy.db")});
    CHECK(merged[0].counts.sessions_added == 1);
    CHECK(merged[1].counts.sessions_added == 0);
    const auto sessions = Store::open(tmp.db("out.db")).sessions();
    REQUIRE(sessions.size() == 1);
    CHECK(sessions[0].uuid == "v3:2026-01-01T00:00:00Z:5:1");
    CHECK(sessions[0].host.empty());
  }

  TEST_CASE("CUDABENCH_HOST names the host; uuids are fresh") {
    setenv("CUDABENCH_HOST", "pod-node-7", 1);
    CHECK(local_host_name() == "pod-node-7");
    unsetenv("CUDABENCH_HOST");
    CHECK(!local_host_name().empty());
    CHECK(new_session_uuid() != new_session_uuid());
  }
}
