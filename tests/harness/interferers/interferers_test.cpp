#include <doctest/doctest.h>
#include <fcntl.h>
#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <set>
#include <thread>

#include "common/error.h"
#include "common/path.h"
#include "harness/interferers/interferers.h"
#include "harness/interferers/registry.h"

using namespace cudabench;
using namespace cudabench::harness;
namespace fs = std::filesystem;

namespace {

std::set<std::string> fio_scratch_dirs(const std::string& parent) {
  std::set<std::string> dirs;
  for (const auto& e : fs::directory_iterator(parent))
    if (e.path().filename().string().rfind("cudabench-fio-", 0) == 0) dirs.insert(e.path().string());
  return dirs;
}

// Any process whose pid or process group is one of `pids`.
std::vector<int> leftovers(const std::vector<pid_t>& pids) {
  std::vector<int> found;
  for (const auto& e : fs::directory_iterator("/proc")) {
    const std::string name = e.path().filename().string();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    const pid_t pid = std::stoi(name);
    const pid_t pgid = getpgid(pid);
    for (pid_t p : pids)
      if (pid == p || pgid == p) found.push_back(pid);
  }
  return found;
}

// O_DIRECT is refused by some file systems (tmpfs); fio would then fail at start.
bool direct_io_works(const std::string& dir) {
  const std::string path = dir + "/cudabench-direct-probe";
  const int fd = open(path.c_str(), O_CREAT | O_WRONLY | O_DIRECT | O_CLOEXEC, 0600);
  if (fd >= 0) close(fd);
  unlink(path.c_str());
  return fd >= 0;
}

// Interferers as a scenario declares them, read and checked by their kinds.
std::vector<Interferer> interferers_from(const std::string& toml) {
  const std::string head =
      "[scenario]\nname = \"t\"\n[workload]\nkind = \"command\"\ncommand = [\"/bin/true\"]\n";
  return parse_scenario(head + toml, "t.toml", interferer_kinds()).interferers;
}

std::string temp_run_dir() {
  std::string pattern = fs::temp_directory_path().string() + "/cudabench-test-run-XXXXXX";
  REQUIRE(mkdtemp(pattern.data()) != nullptr);
  return pattern;
}

}  // namespace

TEST_SUITE("privileged") {
  TEST_CASE("stress-ng iperf3 and fio run then stop and report their intensity") {
    for (const char* tool : {"stress-ng", "iperf3", "fio"}) {
      if (find_executable(tool).empty()) {
        MESSAGE("skipped: " << tool << " is not installed");
        return;
      }
    }
    const std::string scratch_parent = "/var/tmp";
    const bool direct = direct_io_works(scratch_parent);
    if (!direct) MESSAGE("O_DIRECT fails under ", scratch_parent, ": fio runs with direct=0");
    const auto specs = interferers_from(
        "[[interferer]]\nkind = \"stress-ng\"\nworkers = 2\nmethod = \"fft\"\n"
        "[[interferer]]\nkind = \"iperf3\"\nstreams = 2\n"
        "[[interferer]]\nkind = \"fio\"\nscratch_dir = \"" +
        scratch_parent +
        "\"\n"
        "options = { rw = \"randwrite\", bs = \"4k\", size = \"16M\", ioengine = \"psync\", direct = \"" +
        (direct ? "1" : "0") + "\" }\n");
    const auto dirs_before = fio_scratch_dirs(scratch_parent);
    const std::string run_dir = temp_run_dir();
    std::vector<pid_t> pids;
    {
      InterfererSet set(specs, run_dir, nullptr);
      CHECK(fio_scratch_dirs(scratch_parent).size() == dirs_before.size() + 1);
      pids = set.pids();
      CHECK(pids.size() == 4);                               // stress-ng, iperf3 server and client, fio
      std::this_thread::sleep_for(std::chrono::seconds(2));  // the "workload"
      CHECK(set.check_alive() == "");
      const auto intensity = set.stop();
      for (const auto& w : set.warnings()) MESSAGE("warning: ", w);
      for (const auto& n : set.notes()) MESSAGE("note: ", n);
      REQUIRE(intensity.size() == 3);
      for (const auto& in : intensity) MESSAGE(in.kind, ": ", in.value, " ", in.unit);
      CHECK(intensity[0].kind == "stress-ng");
      CHECK(intensity[0].metric == "bogo_ops_per_s");
      CHECK(intensity[0].value > 100);  // fft: thousands per second on any current CPU
      CHECK(intensity[1].kind == "iperf3");
      CHECK(intensity[1].unit == "Gbit/s");
      CHECK(intensity[1].value > 0.1);  // loopback: several Gbit/s even on two busy cores
      CHECK(intensity[1].value < 1000);
      CHECK(intensity[2].kind == "fio");
      CHECK(intensity[2].metric == "iops");
      CHECK(intensity[2].value > 10);
      CHECK(intensity[2].value < 1e7);
      CHECK(fio_scratch_dirs(scratch_parent) == dirs_before);
      CHECK(leftovers(pids).empty());
    }
    CHECK(leftovers(pids).empty());
    fs::remove_all(run_dir);
  }

  TEST_CASE("an interferer that dies is named with its exit code and stderr") {
    const std::string run_dir = temp_run_dir();
    auto specs = interferers_from(
        "[[interferer]]\nkind = \"command\"\ncommand = [\"sh\", \"-c\", \"sleep 0.8; echo boom >&2; exit "
        "3\"]\n"
        "settle_s = 0.2\n");
    {
      InterfererSet set(specs, run_dir, nullptr);
      CHECK(set.check_alive() == "");
      std::this_thread::sleep_for(std::chrono::milliseconds(1500));
      const std::string reason = set.check_alive();
      CHECK(reason == "interferer 0 (command) exited with code 3: boom");
      CHECK(set.stop().empty());  // a command has no intensity to read
    }
    specs = interferers_from("[[interferer]]\nkind = \"command\"\ncommand = [\"false\"]\n");
    CHECK_THROWS_AS(InterfererSet(specs, run_dir, nullptr), cudabench::RunError);
    fs::remove_all(run_dir);
  }

  TEST_CASE("fio options that could write elsewhere are refused at validation - nothing is made") {
    const auto before = fio_scratch_dirs("/var/tmp");
    CHECK_THROWS_WITH_AS(
        interferers_from(
            "[[interferer]]\nkind = \"fio\"\noptions = { rw = \"write\", filename = \"/dev/sda\" }\n"),
        doctest::Contains("fio option \"filename\" is not allowed"), cudabench::UserError);
    CHECK(fio_scratch_dirs("/var/tmp") == before);
  }
}

TEST_SUITE("unit") {
  TEST_CASE("an interferer's placement reaches its process") {
    const std::string run_dir = temp_run_dir();
    const auto specs = interferers_from(
        "[[interferer]]\nkind = \"command\"\ncommand = [\"sleep\", \"10\"]\nsettle_s = 0.1\ncpus = "
        "\"0\"\nnice = 7\n");
    {
      InterfererSet set(specs, run_dir, nullptr);
      const pid_t pid = set.pids().at(0);
      std::ifstream status("/proc/" + std::to_string(pid) + "/status");
      std::string line, cpus;
      while (std::getline(status, line))
        if (line.rfind("Cpus_allowed_list:", 0) == 0) cpus = line.substr(line.find_first_not_of(" \t", 18));
      CHECK(cpus == "0");
      errno = 0;
      CHECK(getpriority(PRIO_PROCESS, pid) == 7);
      set.stop(std::chrono::milliseconds(500));
    }
    fs::remove_all(run_dir);
  }
}
