// Local attackers (reliability review 2026-12-01, area 4): files and links planted by another user
// in the state directory or the --keep-trace directory, and `killall cudabench`.
#include <doctest/doctest.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include "cli_process.h"
#include "scenario_text.h"

using namespace testutil;
namespace fs = std::filesystem;

namespace {
constexpr unsigned nobody = 65534, attacker = 23456;
}  // namespace

TEST_SUITE("privileged") {
  TEST_CASE("symlink attack: another user's /tmp/cudabench-UID is refused - the victim's files survive") {
    if (geteuid() != 0) {
      MESSAGE("skipped: needs root (to act as two unprivileged users)");
      return;
    }
    const std::string dir = temp_dir();
    fs::permissions(dir, fs::perms::all);
    // The victim (nobody) has a directory and a file worth keeping.
    const std::string home = dir + "/victimhome";
    fs::create_directories(home + "/precious");
    write_file(home + "/notes.txt", "my notes");
    REQUIRE(chown(home.c_str(), nobody, nobody) == 0);
    // The attacker plants the victim's predictable state directory, a state file naming the
    // victim's directory, and a lock that links to the victim's file.
    const std::string state = "/tmp/cudabench-" + std::to_string(nobody);
    fs::remove_all(state);
    fs::create_directory(state);
    fs::permissions(state, fs::perms::all);
    write_file(state + "/session-1.state", "path " + home + "/precious\n");
    fs::create_symlink(home + "/notes.txt", state + "/lock");
    for (const auto& p : {state, state + "/session-1.state"})
      REQUIRE(chown(p.c_str(), attacker, attacker) == 0);
    REQUIRE(lchown((state + "/lock").c_str(), attacker, attacker) == 0);
    write_file(dir + "/s.toml", command_scenario("s", decoder()));
    fs::permissions(dir + "/s.toml", fs::perms::all);
    auto r = run_cli_as(nobody, {"run", dir + "/s.toml", "--runs", "1", "--warmup", "0", "--trace=off",
                                 "--db", dir + "/t.db"});
    CHECK(r.exit_code == 1);
    CHECK(r.err.find("refusing the state directory " + state + ": it belongs to another user") !=
          std::string::npos);
    CHECK(fs::exists(home + "/precious"));
    CHECK(read_file(home + "/notes.txt") == "my notes");
    // The same directory, now the victim's own but with a planted link as lock: refused too.
    REQUIRE(chown(state.c_str(), nobody, nobody) == 0);
    fs::permissions(state, fs::perms::owner_all);
    auto link = run_cli_as(nobody, {"run", dir + "/s.toml", "--runs", "1", "--warmup", "0", "--trace=off",
                                    "--db", dir + "/t.db"});
    CHECK(link.exit_code == 1);
    CHECK(link.err.find(state + "/lock") != std::string::npos);
    CHECK(fs::exists(home + "/precious"));
    CHECK(read_file(home + "/notes.txt") == "my notes");
    fs::remove_all(state);
    fs::remove_all(dir);
  }

  TEST_CASE("symlink attack: --keep-trace refuses a traces directory of another user - nothing is written") {
    if (geteuid() != 0) {
      MESSAGE("skipped: needs root (the attack targets root's files)");
      return;
    }
    const std::string shared = temp_dir();
    fs::permissions(shared, fs::perms::all | fs::perms::sticky_bit);  // like /tmp
    const std::string victim = shared + "/rootvictim.txt";
    write_file(victim, "root only");
    fs::permissions(victim, fs::perms::owner_read | fs::perms::owner_write);
    const std::string traces = shared + "/study.db.traces";
    fs::create_directory(traces);
    fs::permissions(traces, fs::perms::all);
    for (int n = 0; n < 4; ++n)
      fs::create_symlink(victim, traces + "/session1-1-" + std::to_string(n) + ".cbtrace");
    REQUIRE(chown(traces.c_str(), attacker, attacker) == 0);
    write_file(shared + "/s.toml", command_scenario("s", decoder()));
    auto r = run_cli({"run", shared + "/s.toml", "--runs", "1", "--warmup", "0", "--trace=off",
                      "--keep-trace", "--db", shared + "/study.db"});
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("--keep-trace: " + traces + " belongs to uid 23456, not to you") != std::string::npos);
    CHECK(read_file(victim) == "root only");
    CHECK_FALSE(fs::exists(shared + "/study.db"));  // refused before the database was opened
    // A file where the directory should be: refused before anything is stored.
    write_file(shared + "/other.db.traces", "");
    auto file = run_cli({"run", shared + "/s.toml", "--runs", "1", "--warmup", "0", "--trace=off",
                         "--keep-trace", "--db", shared + "/other.db"});
    CHECK(file.exit_code == 2);
    CHECK(file.err.find("other.db.traces exists and is not a directory") != std::string::npos);
    CHECK_FALSE(fs::exists(shared + "/other.db"));
    // Ours but writable by others: refused as well.
    REQUIRE(chown(traces.c_str(), 0, 0) == 0);
    auto open = run_cli({"run", shared + "/s.toml", "--runs", "1", "--warmup", "0", "--trace=off",
                         "--keep-trace", "--db", shared + "/study.db"});
    CHECK(open.exit_code == 2);
    CHECK(open.err.find("is writable by other users") != std::string::npos);
    fs::remove_all(shared);
  }

  TEST_CASE("the watcher is not named cudabench - and when it dies too the next run says what it restored") {
    if (geteuid() != 0) {
      MESSAGE("skipped: needs root (session lock and cgroups)");
      return;
    }
    const std::string dir = temp_dir();
    write_file(dir + "/slow.toml", command_scenario("slow", sh("sleep 30")));
    auto bg = start_cli(
        {"run", dir + "/slow.toml", "--runs", "1", "--warmup", "0", "--trace=off", "--db", dir + "/t.db"});
    for (int i = 0; i < 200 && bg.err().find("[  1/1]") == std::string::npos; ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    // `killall cudabench` matches the comm "cudabench": the watcher's is cb-watcher.
    pid_t watcher = -1;
    for (pid_t pid : pids_named("cb-watcher")) {
      const std::string stat = read_file("/proc/" + std::to_string(pid) + "/stat");
      if (std::stoi(stat.substr(stat.rfind(')') + 4)) == bg.pid) watcher = pid;
    }
    REQUIRE(watcher > 0);
    // What `killall -9` of both would do: the session's state stays behind for the next run.
    kill(watcher, SIGKILL);
    kill(bg.pid, SIGKILL);
    CHECK(bg.wait() == 128 + SIGKILL);
    write_file(dir + "/quick.toml", command_scenario("quick", decoder()));
    auto next = run_cli({"run", dir + "/quick.toml", "--runs", "1", "--warmup", "0", "--trace=off", "--db",
                         dir + "/t.db", "--quiet"});
    CHECK(next.exit_code == 0);
    CHECK_MESSAGE(
        next.err.find("cleaning up after an earlier session that did not finish") != std::string::npos,
        next.err);
    CHECK(next.err.find("directories removed") != std::string::npos);
    fs::remove_all(dir);
  }
}
