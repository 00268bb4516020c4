// Real-time placement against cgroups, and what a child does when its placement fails.
#include <doctest/doctest.h>
#include <sched.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <fstream>
#include <thread>

#include "common/error.h"
#include "common/path.h"
#include "harness/placement/realtime.h"
#include "harness/process/process.h"

using namespace cudabench;
using namespace cudabench::harness;
namespace fs = std::filesystem;

TEST_SUITE("unit") {
  TEST_CASE("a child whose placement fails never runs its program and the error names the step") {
    const fs::path marker = fs::temp_directory_path() / ("cudabench-placement-" + std::to_string(getpid()));
    fs::remove(marker);
    SpawnOptions options;
    options.argv = {find_executable("touch"), marker.string()};
    options.placement.cpus = {1000};  // no such CPU: sched_setaffinity fails with EINVAL
    std::string message;
    try {
      Child child(options);
    } catch (const cudabench::RunError& e) {
      message = e.what();
    }
    INFO(message);
    CHECK(message.find("sched_setaffinity") != std::string::npos);
    CHECK(message.find("Invalid argument") != std::string::npos);
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    CHECK_FALSE(fs::exists(marker));
    fs::remove(marker);
  }

}  // TEST_SUITE

TEST_SUITE("privileged") {
  TEST_CASE("probe_realtime: fifo in our own cgroup as root and EPERM where the cgroup has no RT runtime") {
    if (geteuid() != 0) {
      MESSAGE("skipped: needs root");
      return;
    }
    CHECK(probe_realtime("", SCHED_FIFO, 1) == 0);
    CHECK(probe_realtime("/nonexistent/cgroup.procs", SCHED_FIFO, 1) == ENOENT);
    Placement none;
    CHECK(realtime_blocked_by_cgroup(none, "/nonexistent/cgroup.procs").empty());

    // A cgroup v1 cpu group is created with cpu.rt_runtime_us = 0: the same refusal the GPU machine's
    // cgroup v2 gives every child cgroup. Only hosts with the v1 cpu controller mounted have one.
    const fs::path v1 = "/sys/fs/cgroup/cpu";
    if (!fs::exists(v1 / "cpu.rt_runtime_us")) {
      MESSAGE("EPERM part not run here: no cgroup v1 cpu controller with RT group scheduling here");
      return;
    }
    const fs::path group = v1 / ("cudabench-test-rt-" + std::to_string(getpid()));
    REQUIRE(mkdir(group.c_str(), 0755) == 0);
    std::ifstream runtime(group / "cpu.rt_runtime_us");
    long us = -1;
    runtime >> us;
    CHECK(us == 0);
    CHECK(probe_realtime((group / "cgroup.procs").string(), SCHED_FIFO, 1) == EPERM);
    Placement fifo;
    fifo.policy = SchedPolicy::fifo;
    fifo.priority = 10;
    const std::string why = realtime_blocked_by_cgroup(fifo, (group / "cgroup.procs").string());
    if (root_cgroup_procs().empty()) {
      CHECK(why.empty());  // no cgroup v2 root to fall back to
    } else {
      CHECK(why.find("CONFIG_RT_GROUP_SCHED") != std::string::npos);
    }
    CHECK(rmdir(group.c_str()) == 0);
  }

}  // TEST_SUITE
