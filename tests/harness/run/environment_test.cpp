#include <doctest/doctest.h>
#include <unistd.h>

#include "common/path.h"
#include "harness/process/process.h"
#include "harness/run/environment.h"

using namespace cudabench;
using namespace cudabench::harness;

TEST_SUITE("unit") {
  TEST_CASE("the fingerprint is filled on this machine") {
    const auto env = collect_environment({"stress-ng", "iperf3", "fio", "no-such-tool-cudabench"});
    CHECK(!env.kernel.empty());
    CHECK(env.kernel != "n/a");
    CHECK(!env.cpu_model.empty());
    CHECK(env.cpu_count == sysconf(_SC_NPROCESSORS_ONLN));
    CHECK(env.mem_bytes > 0);
    CHECK(!env.governor.empty());
    CHECK(!env.smt.empty());
    CHECK(!env.git_sha.empty());
    CHECK(env.tool_versions.at("no-such-tool-cudabench") == "not found");
    if (!find_executable("stress-ng").empty())
      CHECK(env.tool_versions.at("stress-ng").find("stress-ng") != std::string::npos);
    if (!find_executable("iperf3").empty())
      CHECK(env.tool_versions.at("iperf3").find("iperf 3") != std::string::npos);
    if (!find_executable("fio").empty()) CHECK(env.tool_versions.at("fio").rfind("fio-", 0) == 0);
    if (find_executable("nvidia-smi").empty()) {
      CHECK(env.gpu_name == "n/a");
      CHECK(env.gpu_driver == "n/a");
    } else {
      CHECK(env.gpu_name != "n/a");
      CHECK(env.gpu_driver != "n/a");
    }
    MESSAGE(env.kernel, " | ", env.cpu_model, " x", env.cpu_count, " | governor ", env.governor, " | smt ",
            env.smt, " | ", env.mem_bytes, " B | gpu ", env.gpu_name, " ", env.gpu_driver, " | git ",
            env.git_sha, " | isolcpus '", env.isolcpus, "' nohz_full '", env.nohz_full, "'");
    // Cached: the second call does not run the tools again and gives the same answer.
    CHECK(collect_environment({"stress-ng", "iperf3", "fio", "no-such-tool-cudabench"}).hash() == env.hash());
  }

  TEST_CASE("command_output returns stdout and nothing for failures or overruns") {
    CHECK(command_output({"echo", "a", "b"}) == std::optional<std::string>("a b\n"));
    CHECK_FALSE(command_output({"false"}));
    CHECK_FALSE(command_output({"no-such-tool-cudabench"}));
    CHECK_FALSE(command_output({"sleep", "5"}, 0.2));
  }
}
