// [workload] instances and the per-instance CPUs of [placement]: what parses, and what is refused
// with file:line:col, the key and what was expected.
#include <doctest/doctest.h>

#include <string>

#include "common/cpu_list.h"
#include "common/error.h"
#include "harness/interferers/registry.h"
#include "harness/scenario/scenario.h"

using cudabench::UserError;
using cudabench::harness::interferer_kinds;
using cudabench::harness::parse_scenario;

namespace {

std::string workload(const std::string& instances_line) {
  return "[scenario]\nname = \"m\"\n[workload]\nkind = \"command\"\ncommand = [\"/bin/echo\", "
         "\"{instance}\"]\n" +
         instances_line + "\n";
}

std::string error_of(const std::string& text) {
  try {
    parse_scenario(text, "m.toml", interferer_kinds());
  } catch (const UserError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_SUITE("unit") {
  TEST_CASE("instances: 1 by default, up to 64, the argv kept with its {instance} placeholder") {
    const auto one = parse_scenario(workload(""), "m.toml", interferer_kinds());
    CHECK(one.workload.instances == 1);
    const auto three = parse_scenario(workload("instances = 3"), "m.toml", interferer_kinds());
    CHECK(three.workload.instances == 3);
    CHECK(three.workload.argv.back() == "{instance}");  // substituted per instance at spawn time
    CHECK(parse_scenario(workload("instances = 64"), "m.toml", interferer_kinds()).workload.instances == 64);
  }

  TEST_CASE("instances out of range or of the wrong type: file:line:col and the range") {
    CHECK(error_of(workload("instances = 0")) ==
          "m.toml:6:13: workload.instances: expected an integer from 1 to 64, found 0");
    CHECK(error_of(workload("instances = 65")) ==
          "m.toml:6:13: workload.instances: expected an integer from 1 to 64, found 65");
    CHECK(error_of(workload("instances = \"8\"")) ==
          "m.toml:6:13: workload.instances: expected an integer, found a string");
  }

  TEST_CASE("instance_cpus: one CPU list per instance; cpus becomes their union") {
    if (cudabench::online_cpus().size() < 2) {
      MESSAGE("skipped: needs two online CPUs");
      return;
    }
    const auto s =
        parse_scenario(workload("instances = 2") + "[placement]\ninstance_cpus = [\"0\", \"0-1\"]\n",
                       "m.toml", interferer_kinds());
    REQUIRE(s.placement.instance_cpus.size() == 2);
    CHECK(s.placement.instance_cpus[0] == std::vector<int>{0});
    CHECK(s.placement.instance_cpus[1] == std::vector<int>{0, 1});
    CHECK(s.placement.cpus == std::vector<int>{0, 1});
    CHECK_FALSE(s.placement.cpus_from_gpu_numa);
  }

  TEST_CASE("instance_cpus refused: wrong count, not a list, offline CPU, beside cpus") {
    const std::string two = workload("instances = 2") + "[placement]\n";
    CHECK(error_of(two + "instance_cpus = [\"0\"]\n") ==
          "m.toml:8:17: placement.instance_cpus: expected 2 CPU lists (workload.instances = 2), found 1");
    CHECK(error_of(two + "instance_cpus = \"0,1\"\n") ==
          "m.toml:8:17: placement.instance_cpus: expected an array of CPU lists, one per instance");
    CHECK(error_of(two + "instance_cpus = [\"0\", 1]\n") ==
          "m.toml:8:23: placement.instance_cpus[1]: expected a CPU list string like \"0-3,8\"");
    CHECK(error_of(two + "instance_cpus = [\"0\", \"3-1\"]\n")
              .find("m.toml:8:23: placement.instance_cpus[1]: "
                    "expected a CPU list like \"0-3,8\"") == 0);
    CHECK(error_of(two + "instance_cpus = [\"0\", \"8000\"]\n")
              .find("m.toml:8:23: placement.instance_cpus[1]: CPU 8000 does not exist or is offline") == 0);
    CHECK(
        error_of(two + "cpus = \"0\"\ninstance_cpus = [\"0\", \"0\"]\n") ==
        "m.toml:9:17: placement.instance_cpus: give either cpus (every instance) or instance_cpus (one list "
        "per instance)");
  }

  TEST_CASE("cpus = \"gpu-numa-node\" is a policy left for validation on the machine") {
    const auto s = parse_scenario(
        workload("instances = 2") + "[placement]\ncpus = \"gpu-numa-node\"\ncpuset = true\nnice = -5\n",
        "m.toml", interferer_kinds());
    CHECK(s.placement.cpus_from_gpu_numa);
    CHECK(s.placement.cpus.empty());
    CHECK(s.placement.cpuset_cgroup);
    CHECK(s.placement.where.at("cpus") == "m.toml:8:8");
    // Any other word is still a CPU list, and wrong.
    CHECK(error_of(workload("") + "[placement]\ncpus = \"gpu-numa\"\n")
              .find("m.toml:8:8: placement.cpus: expected a CPU list") == 0);
  }
}
