// Hostile and failing conditions through the cudabench binary (reliability review 2026-12-01):
// databases that must not be touched, processes that must not outlive their run, bounded memory,
// and signals. Local attackers: security_cli_test.cpp.
#include <doctest/doctest.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include "cli_process.h"
#include "results/store/db.h"
#include "results/store/store.h"
#include "scenario_text.h"

using namespace testutil;
using namespace cudabench;
namespace fs = std::filesystem;

namespace {

constexpr unsigned nobody = 65534;  // an unprivileged user

// A database of one session with one run, made through the store (a writer).
void make_db(const std::string& path) {
  auto store = results::Store::open_writable(path);
  results::SessionInfo info;
  info.started_at = "2026-12-01T00:00:00Z";
  info.trace_mode = "off";
  const int64_t session = store.begin_session(info);
  results::RunRecord run;
  run.session_id = session;
  run.scenario = "s";
  run.scenario_hash = "00000000000000aa";
  run.status = results::RunStatus::ok;
  run.metrics = {{"tokens_per_s", 50, "tok/s"}};
  store.add_run(run);
  store.finish_session(session, "done");
}

void sql(const std::string& path, const std::string& statement) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
  results::db::exec(db, statement);
  sqlite3_close(db);
}

// Running or sleeping; a zombie (state Z, left when the container's init does not reap) is dead.
bool process_alive(pid_t pid) {
  const std::string stat = read_file("/proc/" + std::to_string(pid) + "/stat");
  const auto paren = stat.rfind(')');
  return paren != std::string::npos && paren + 2 < stat.size() && stat[paren + 2] != 'Z';
}

}  // namespace

TEST_SUITE("unit") {
  TEST_CASE("reading commands never create or change a database") {
    const std::string dir = temp_dir();
    for (const auto& args :
         std::vector<std::vector<std::string>>{{"list", "--db", dir + "/typo.db"},
                                               {"show", "--db", dir + "/typo.db", "1"},
                                               {"report", "--db", dir + "/typo.db"},
                                               {"export", "--db", dir + "/typo.db", "1"}}) {
      CAPTURE(args[0]);
      auto r = run_cli(args);
      CHECK(r.exit_code == 2);
      CHECK(r.err.find(dir + "/typo.db: no such database") != std::string::npos);
      CHECK_FALSE(fs::exists(dir + "/typo.db"));
    }
    // A database from a newer cudabench, in rollback-journal mode: refused, and left byte for byte.
    const std::string future = dir + "/future.db";
    sql(future, "CREATE TABLE sessions (id INTEGER); PRAGMA user_version = 999");
    const std::string before = read_file(future);
    for (const auto& args :
         std::vector<std::vector<std::string>>{{"list", "--db", future},
                                               {"show", "--db", future, "1"},
                                               {"report", "--db", future},
                                               {"export", "--db", future, "1"},
                                               {"import-csv", dir + "/none.csv", "--db", future}}) {
      CAPTURE(args[0]);
      CHECK(run_cli(args).exit_code == 2);
    }
    CHECK(read_file(future) == before);
    CHECK(run_cli({"list", "--db", ""}).exit_code == 2);
    // An empty file is not written into by a reader (report --compare used to create the schema).
    write_file(dir + "/empty.db", "");
    CHECK(run_cli({"report", "--compare", dir + "/empty.db", "1"}).exit_code == 2);
    CHECK(fs::file_size(dir + "/empty.db") == 0);
    fs::remove_all(dir);
  }

  TEST_CASE("a corrupt database is refused at open with exit 2 - a foreign file is named") {
    const std::string dir = temp_dir();
    const std::string db = dir + "/garbage.db";
    make_db(db);
    {
      std::fstream f(db, std::ios::in | std::ios::out | std::ios::binary);
      f.seekp(4096 + 100);  // inside the second page: the schema still reads, the pages do not
      const std::string junk(3 * 4096, '\x5a');
      f.write(junk.data(), static_cast<std::streamsize>(junk.size()));
    }
    for (const auto& args : std::vector<std::vector<std::string>>{
             {"list", "--db", db}, {"show", "--db", db, "1"}, {"report", "--db", db}}) {
      CAPTURE(args[0]);
      auto r = run_cli(args);
      CHECK(r.exit_code == 2);
      CHECK(r.err.find(db + ": corrupt database") != std::string::npos);
    }
    write_file(dir + "/text.db", "this is not a database, but it is long enough to hold a header......\n");
    auto text = run_cli({"list", "--db", dir + "/text.db"});
    CHECK(text.exit_code == 2);
    CHECK(text.err.find("not a database (not an SQLite file)") != std::string::npos);
    fs::create_directory(dir + "/dir.db");
    CHECK(run_cli({"list", "--db", dir + "/dir.db"}).err.find("is a directory") != std::string::npos);
    fs::remove_all(dir);
  }

  TEST_CASE("bad run flags and CSV input are refused before anything starts - exit 2") {
    const std::string dir = temp_dir();
    write_file(dir + "/s.toml", command_scenario("s", decoder()));
    auto lib = run_cli({"run", dir + "/s.toml", "--db", dir + "/t.db", "--cuda-lib", "/tmp"});
    CHECK(lib.exit_code == 2);
    CHECK(lib.err.find("--cuda-lib /tmp: is a directory") != std::string::npos);
    auto tag = run_cli({"run", dir + "/s.toml", "--db", dir + "/t.db", "--tag", "a\x1b[2J"});
    CHECK(tag.exit_code == 2);
    CHECK(tag.err.find("control character") != std::string::npos);
    CHECK_FALSE(fs::exists(dir + "/t.db"));
    auto zero = run_cli({"import-csv", "/dev/zero", "--db", dir + "/t.db"});
    CHECK(zero.exit_code == 2);
    CHECK(zero.err.find("import-csv /dev/zero: is not a regular file (a device)") != std::string::npos);
    REQUIRE(mkfifo((dir + "/fifo.csv").c_str(), 0600) == 0);
    CHECK(run_cli({"import-csv", dir + "/fifo.csv", "--db", dir + "/t.db"}).exit_code == 2);
    write_file(dir + "/ok.csv", "0,cuLaunchKernel,1,1,x,0,1,1,1,1,1,1,0,0x0,0,0\n");
    auto at = run_cli({"import-csv", dir + "/ok.csv", "--db", dir + "/t.db", "--scenario", "a b/c@d"});
    CHECK(at.exit_code == 2);
    CHECK(at.err.find("'@'") != std::string::npos);
    CHECK_FALSE(fs::exists(dir + "/t.db"));
    fs::remove_all(dir);
  }

  TEST_CASE("placement errors found against the machine still name file:line:col") {
    const std::string dir = temp_dir();
    write_file(dir + "/irq.toml",
               command_scenario("irq", decoder(), "[placement]\ncpus = \"0\"\nirq_affinity = [99999]\n"));
    auto r = run_cli({"run", dir + "/irq.toml", "--db", dir + "/t.db"});
    CHECK(r.exit_code == 2);
    CHECK_MESSAGE(r.err.find(dir + "/irq.toml:8:16: placement.irq_affinity: IRQ 99999 does not exist here") !=
                      std::string::npos,
                  r.err);
    CHECK_FALSE(fs::exists(dir + "/t.db"));
    fs::remove_all(dir);
  }
}

TEST_SUITE("privileged") {
  TEST_CASE("read-only databases are read by another user - in place and on a read-only directory") {
    if (geteuid() != 0) {
      MESSAGE("skipped: needs root (setpriv to an unprivileged user)");
      return;
    }
    const std::string dir = temp_dir();
    fs::permissions(dir, fs::perms::owner_all | fs::perms::others_read | fs::perms::others_exec);
    const std::string db = dir + "/ro.db";
    make_db(db);
    fs::permissions(db, fs::perms::owner_read | fs::perms::group_read | fs::perms::others_read);
    const std::string before = read_file(db);
    auto r = run_cli_as(nobody, {"list", "--db", db});
    CHECK_MESSAGE(r.exit_code == 0, r.err);
    CHECK(r.out.find("\n      1  ") != std::string::npos);  // session 1's row
    CHECK(run_cli_as(nobody, {"show", "--db", db, "1"}).exit_code == 0);
    CHECK(read_file(db) == before);
    CHECK_FALSE(fs::exists(db + "-wal"));
    fs::remove_all(dir);
  }

  TEST_CASE("a workload's setsid daemon is gone when its run ends - it never loads a later run") {
    if (geteuid() != 0) {
      MESSAGE("skipped: needs root (session lock and cgroups)");
      return;
    }
    const std::string dir = temp_dir();
    // Each run counts the daemons of earlier runs still alive, then double-forks its own.
    // (A killed daemon may stay a zombie when the container's init does not reap: state Z is dead.)
    const std::string script =
        "alive=0; for f in " + dir +
        "/daemon.*; do [ -e $f ] || continue; s=$(cut -d' ' "
        "-f3 /proc/$(cat $f)/stat 2>/dev/null); [ -n \"$s\" ] && [ \"$s\" != Z ] && "
        "alive=$((alive+1)); done; (setsid sleep 300 & echo $! > " +
        dir + "/daemon.$$); echo \"CUDABENCH_RESULT {\\\"tokens_per_s\\\": 1, \\\"daemons\\\": $alive}\"";
    write_file(dir + "/d.toml", command_scenario("d", sh(script)));
    auto r = run_cli({"run", dir + "/d.toml", "--runs", "3", "--warmup", "0", "--trace=off", "--db",
                      dir + "/t.db", "--quiet"});
    CHECK_MESSAGE(r.exit_code == 0, r.err);
    const auto runs = results::Store::open(dir + "/t.db").runs({});
    REQUIRE(runs.size() == 3);
    for (const auto& run : runs) {
      REQUIRE(run.metric("daemons"));
      CHECK(run.metric("daemons")->value == 0);
    }
    for (const auto& e : fs::directory_iterator(dir))
      if (e.path().filename().string().rfind("daemon.", 0) == 0)
        CHECK_FALSE(process_alive(std::stoi(read_file(e.path().string()))));
    fs::remove_all(dir);
  }

  TEST_CASE("1 GiB of workload output costs tens of MB - the figure after it is still found") {
    if (geteuid() != 0) {
      MESSAGE("skipped: needs root (session lock)");
      return;
    }
    const std::string dir = temp_dir();
    // One 1 GiB line with no newline, then the figure: the worst case for a line-based reader.
    write_file(
        dir + "/big.toml",
        "[scenario]\nname = \"big\"\n[workload]\nkind = \"command\"\ncommand = " +
            sh("head -c 1073741824 /dev/zero | tr '\\\\0' x; echo; echo 'decoding: 41.5 tokens/s: 41.5'") +
            "\nmetric_regex = \"decoding: [0-9.]+ tokens/s: ([0-9.]+)\"\n[run]\ntimeout_s = 120\n");
    auto r = run_cli({"run", dir + "/big.toml", "--runs", "1", "--warmup", "0", "--trace=off", "--db",
                      dir + "/t.db", "--quiet"});
    CHECK_MESSAGE(r.exit_code == 0, r.err);
    MESSAGE("peak RSS of cudabench with 1 GiB of workload output: ", r.max_rss_kb, " KiB");
    CHECK(r.max_rss_kb < 64 * 1024);
    const auto runs = results::Store::open(dir + "/t.db").runs({});
    REQUIRE(runs.size() == 1);
    REQUIRE(runs[0].metric("tokens_per_s"));
    CHECK(runs[0].metric("tokens_per_s")->value == doctest::Approx(41.5));
    fs::remove_all(dir);
  }

  TEST_CASE("SIGHUP and SIGPIPE: the run in flight is stored aborted - exit 129 and 141") {
    if (geteuid() != 0) {
      MESSAGE("skipped: needs root (session lock)");
      return;
    }
    const std::string dir = temp_dir();
    write_file(dir + "/slow.toml", command_scenario("slow", sh("sleep 30")));
    auto hup = start_cli(
        {"run", dir + "/slow.toml", "--runs", "1", "--warmup", "0", "--trace=off", "--db", dir + "/hup.db"});
    for (int i = 0; i < 200 && hup.err().find("[  1/1]") == std::string::npos; ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    kill(hup.pid, SIGHUP);
    CHECK(hup.wait() == 128 + SIGHUP);
    auto runs = results::Store::open(dir + "/hup.db").runs({});
    REQUIRE(runs.size() == 1);
    CHECK(runs[0].status == results::RunStatus::aborted);
    CHECK(results::Store::open(dir + "/hup.db").sessions().at(0).status == "aborted");

    // stderr into a pipe whose reader has gone, as with `cudabench run ... 2>&1 | head -c 1`: the
    // next progress line raises SIGPIPE; the finished run is kept, the session stops as aborted.
    write_file(dir + "/quick.toml",
               command_scenario("quick", sh("sleep 0.5; echo 'CUDABENCH_RESULT {\"tokens_per_s\": 1}'")));
    const std::string cmd = std::string("(") + CUDABENCH_EXE + " run " + dir +
                            "/quick.toml --runs 5 --warmup 0 --trace=off --db " + dir +
                            "/pipe.db 2>&1 >/dev/null; echo $? > " + dir +
                            "/pipe.rc) | head -c 1 > /dev/null";
    CHECK(std::system(("/bin/sh -c '" + cmd + "'").c_str()) == 0);
    for (int i = 0; i < 100 && read_file(dir + "/pipe.rc").empty(); ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    CHECK(read_file(dir + "/pipe.rc") == std::to_string(128 + SIGPIPE) + "\n");
    CHECK(results::Store::open(dir + "/pipe.db").sessions().at(0).status == "aborted");
    CHECK(results::Store::open(dir + "/pipe.db").runs({}).size() < 5);
    fs::remove_all(dir);
  }

  TEST_CASE("a refused second session does not create its database") {
    if (geteuid() != 0) {
      MESSAGE("skipped: needs root (session lock)");
      return;
    }
    const std::string dir = temp_dir();
    write_file(dir + "/slow.toml", command_scenario("slow", sh("sleep 30")));
    auto first = start_cli({"run", dir + "/slow.toml", "--runs", "1", "--warmup", "0", "--trace=off", "--db",
                            dir + "/first.db"});
    for (int i = 0; i < 200 && first.err().find("[  1/1]") == std::string::npos; ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    auto second = run_cli({"run", dir + "/slow.toml", "--db", dir + "/second.db"});
    CHECK(second.exit_code == 1);
    CHECK(second.err.find("another cudabench session is running") != std::string::npos);
    CHECK_FALSE(fs::exists(dir + "/second.db"));
    kill(first.pid, SIGINT);
    CHECK(first.wait() == 130);
    fs::remove_all(dir);
  }

  TEST_CASE("a full disk ends the session with the database and the lost run named - finished runs kept") {
    if (geteuid() != 0) {
      MESSAGE("skipped: needs root (mounts a small tmpfs)");
      return;
    }
    const std::string dir = temp_dir();
    fs::create_directory(dir + "/small");
    if (std::system(("mount -t tmpfs -o size=300k tmpfs " + dir + "/small 2>/dev/null").c_str()) != 0) {
      MESSAGE("skipped: cannot mount a tmpfs here");
      fs::remove_all(dir);
      return;
    }
    // Each run stores a 4 KiB stderr tail: 300 KiB hold a few dozen runs at most.
    write_file(dir + "/full.toml",
               command_scenario("full", sh("head -c 3000 /dev/urandom | base64 -w0 >&2; "
                                           "echo 'CUDABENCH_RESULT {\"tokens_per_s\": 1}'")));
    const std::string db = dir + "/small/f.db";
    auto r = run_cli(
        {"run", dir + "/full.toml", "--runs", "300", "--warmup", "0", "--trace=off", "--db", db, "--quiet"});
    CHECK(r.exit_code == 1);
    CHECK_MESSAGE(r.err.find(db + ": the run of scenario \"full\" (block ") != std::string::npos, r.err);
    CHECK(r.err.find("was not stored: sqlite: database or disk is full") != std::string::npos);
    const auto runs = results::Store::open(db).runs({});
    CHECK(runs.size() > 0);
    CHECK(runs.size() < 300);
    CHECK(std::system(("umount " + dir + "/small").c_str()) == 0);
    fs::remove_all(dir);
  }
}
