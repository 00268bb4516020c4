// Readiness as a condition (the load seen in /proc) and fio's files laid out once per session.
#include <doctest/doctest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include "common/path.h"
#include "harness/interferers/interferers.h"
#include "harness/interferers/readiness.h"
#include "harness/interferers/registry.h"
#include "harness/interferers/session_scratch.h"

using namespace cudabench::harness;
namespace fs = std::filesystem;

namespace {

std::vector<Interferer> specs_from(const std::string& toml) {
  const std::string head =
      "[scenario]\nname = \"t\"\n[workload]\nkind = \"command\"\ncommand = [\"/bin/true\"]\n";
  return parse_scenario(head + toml, "t.toml", interferer_kinds()).interferers;
}

std::string temp_dir() {
  std::string pattern = fs::temp_directory_path().string() + "/cudabench-test-ready-XXXXXX";
  REQUIRE(mkdtemp(pattern.data()) != nullptr);
  return pattern;
}

bool has_note(const InterfererSet& set, const std::string& part) {
  for (const auto& n : set.notes())
    if (n.find(part) != std::string::npos) return true;
  return false;
}

const std::string fio_spec =
    "[[interferer]]\nkind = \"fio\"\nscratch_dir = \"/var/tmp\"\n"
    "options = { rw = \"randwrite\", bs = \"4k\", size = \"8M\", ioengine = \"psync\" }\n";

}  // namespace

TEST_CASE("readiness probes: a child's CPU time and a process's bytes moved") {
  const pid_t child = fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    std::atomic<long> spins{0};
    for (;;) spins.fetch_add(1, std::memory_order_relaxed);
  }
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (busy_children(getpid()) < 1 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  CHECK(busy_children(getpid()) >= 1);
  CHECK(child_pids(getpid()) == std::vector<pid_t>{child});
  kill(child, SIGKILL);
  waitpid(child, nullptr, 0);
  CHECK(busy_children(getpid()) == 0);

  const uint64_t before = io_bytes(getpid());
  std::ofstream("/dev/null") << std::string(2 * flowing_bytes, 'x') << std::flush;
  CHECK(io_bytes(getpid()) >= before + 2 * flowing_bytes);
  CHECK(io_bytes(-1) == 0);  // no such process: nothing moved
}

TEST_SUITE("privileged") {
  TEST_CASE("interferers are ready when their load is seen: workers on a CPU, bytes flowing, I/O issued") {
    for (const char* tool : {"stress-ng", "iperf3", "fio"})
      if (cudabench::find_executable(tool).empty()) {
        MESSAGE("skipped: ", tool, " is not installed");
        return;
      }
    const auto specs = specs_from(
        "[[interferer]]\nkind = \"stress-ng\"\nworkers = 2\nmethod = \"fft\"\n"
        "[[interferer]]\nkind = \"iperf3\"\nstreams = 2\n" +
        fio_spec);
    const std::string run_dir = temp_dir();
    SessionScratch scratch(nullptr);
    InterfererSet set(specs, run_dir, nullptr, &scratch);
    const auto pids = set.pids();  // stress-ng, iperf3 server, iperf3 client, fio
    REQUIRE(pids.size() == 4);
    CHECK(busy_children(pids[0]) >= 2);
    CHECK(io_bytes(pids[2]) >= flowing_bytes);
    CHECK(children_io_bytes(pids[3]) >= flowing_bytes);
    set.stop();
    fs::remove_all(run_dir);
  }

  TEST_CASE("fio lays out its files once per session - and they go when the session does") {
    if (cudabench::find_executable("fio").empty()) {
      MESSAGE("skipped: fio is not installed");
      return;
    }
    const auto specs = specs_from(fio_spec);
    const std::string run_dir = temp_dir();
    std::string dir;
    {
      SessionScratch scratch(nullptr);
      for (int run = 0; run < 2; ++run) {
        InterfererSet set(specs, run_dir + "/" + std::to_string(run), nullptr, &scratch);
        CHECK(has_note(set, "files laid out in ") == (run == 0));  // the first run only
        for (const auto& n : set.notes())
          if (auto at = n.find("files laid out in "); at != std::string::npos)
            dir = n.substr(at + 18, n.find(" in ", at + 18) - at - 18);
        set.stop();
        REQUIRE(set.warnings().empty());
        REQUIRE(fs::is_directory(dir));  // kept after the run
        std::vector<fs::path> files(fs::directory_iterator(dir), fs::directory_iterator{});
        REQUIRE(files.size() == 1);  // the job's one file
        CHECK(fs::file_size(files[0]) == 8u << 20);
      }
    }
    CHECK_FALSE(fs::exists(dir));
    fs::remove_all(run_dir);
  }
}
