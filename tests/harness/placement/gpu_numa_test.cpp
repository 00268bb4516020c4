// cpus = "gpu-numa-node" against a fake sysfs tree: the bus ids as nvidia-smi writes them, the
// NUMA node of each GPU, the node's CPUs; and every way it cannot be resolved, refused with exit 2.
#include <doctest/doctest.h>

#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <stdexcept>

#include "common/error.h"
#include "harness/placement/gpu_numa.h"

namespace fs = std::filesystem;
using namespace cudabench::harness;

namespace {

// A sysfs root with two NUMA nodes and GPUs on them, removed at the end of the test.
struct FakeSysfs {
  std::string root;
  FakeSysfs() {
    std::string tmpl = (fs::temp_directory_path() / "cudabench-sysfs-XXXXXX").string();
    REQUIRE(mkdtemp(tmpl.data()) != nullptr);
    root = tmpl;
    node(0, "0-3,8-11");
    node(1, "4-7,12-15");
  }
  ~FakeSysfs() { fs::remove_all(root); }
  void write(const std::string& path, const std::string& text) const {
    fs::create_directories(fs::path(root + path).parent_path());
    std::ofstream(root + path) << text;
  }
  void node(int n, const std::string& cpus) const {
    write("/devices/system/node/node" + std::to_string(n) + "/cpulist", cpus + "\n");
  }
  void gpu(const std::string& sysfs_id, const std::string& numa_node) const {
    write("/bus/pci/devices/" + sysfs_id + "/numa_node", numa_node + "\n");
  }
};

std::string failure(const std::vector<std::string>& ids, int count, const std::string& root) {
  try {
    gpu_numa_cpus(ids, count, root);
  } catch (const std::runtime_error& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_SUITE("unit") {
  TEST_CASE("nvidia-smi's bus ids as sysfs names them") {
    CHECK(sysfs_bus_id("00000000:18:00.0") == "0000:18:00.0");
    CHECK(sysfs_bus_id("00000001:AF:00.1") == "0001:af:00.1");
    CHECK(sysfs_bus_id("0000:3b:00.0") == "0000:3b:00.0");
    CHECK(sysfs_bus_id("10000000:18:00.0").empty());  // a domain beyond 16 bits is not sysfs's
    CHECK(sysfs_bus_id("No devices were found").empty());
    CHECK(sysfs_bus_id("00000000:18:00").empty());
  }

  TEST_CASE("each GPU's NUMA node's CPUs, in nvidia-smi's order") {
    FakeSysfs sys;
    sys.gpu("0000:18:00.0", "0");
    sys.gpu("0000:af:00.0", "1");
    const std::vector<std::string> ids = {"00000000:18:00.0", "00000000:AF:00.0"};
    const auto cpus = gpu_numa_cpus(ids, 2, sys.root);
    REQUIRE(cpus.size() == 2);
    CHECK(cpus[0] == std::vector<int>{0, 1, 2, 3, 8, 9, 10, 11});
    CHECK(cpus[1] == std::vector<int>{4, 5, 6, 7, 12, 13, 14, 15});
    CHECK(gpu_numa_cpus(ids, 1, sys.root).size() == 1);  // fewer instances than GPUs
  }

  TEST_CASE("what cannot be resolved says which GPU and which file") {
    FakeSysfs sys;
    sys.gpu("0000:18:00.0", "-1");
    sys.gpu("0000:3b:00.0", "2");
    sys.gpu("0000:5e:00.0", "zero");
    CHECK(failure({"00000000:18:00.0"}, 2, sys.root) == "2 instances need 2 GPUs, but 1 were found");
    CHECK(failure({"00000000:18:00.0"}, 1, sys.root) ==
          "GPU 0 (00000000:18:00.0): the kernel reports no NUMA node (" + sys.root +
              "/bus/pci/devices/0000:18:00.0/numa_node is -1)");
    CHECK(failure({"00000000:3B:00.0"}, 1, sys.root) ==
          "GPU 0 (00000000:3B:00.0) is on NUMA node 2, but " + sys.root +
              "/devices/system/node/node2/cpulist cannot be read");
    CHECK(failure({"00000000:5E:00.0"}, 1, sys.root).find("holds \"zero\", not a node number") !=
          std::string::npos);
    CHECK(failure({"00000000:86:00.0"}, 1, sys.root) ==
          "GPU 0 (00000000:86:00.0): " + sys.root + "/bus/pci/devices/0000:86:00.0/numa_node cannot be read");
  }

  TEST_CASE("resolve_gpu_numa fills the instances' CPUs, or refuses the scenario at placement.cpus") {
    FakeSysfs sys;
    sys.gpu("0000:18:00.0", "1");
    sys.gpu("0000:af:00.0", "0");
    Placement p;
    p.cpus_from_gpu_numa = true;
    p.where["cpus"] = "multi.toml:12:8";
    resolve_gpu_numa(p, 2, std::vector<std::string>{"00000000:18:00.0", "00000000:AF:00.0"}, sys.root);
    REQUIRE(p.instance_cpus.size() == 2);
    CHECK(p.instance_cpus[0] == std::vector<int>{4, 5, 6, 7, 12, 13, 14, 15});
    CHECK(p.cpus.size() == 16);  // the union: the run's cpuset and IRQ moves use it

    Placement q;
    q.cpus_from_gpu_numa = true;
    q.where["cpus"] = "multi.toml:12:8";
    try {
      resolve_gpu_numa(q, 2, std::nullopt, sys.root);
      FAIL("no nvidia-smi must refuse the scenario");
    } catch (const cudabench::UserError& e) {
      CHECK(std::string(e.what()) ==
            "multi.toml:12:8: placement.cpus: \"gpu-numa-node\" needs the GPUs' PCI bus ids, and nvidia-smi "
            "was "
            "not found");
      CHECK(e.exit_code() == 2);
      CHECK(e.hint().find("instance_cpus") != std::string::npos);
    }
    CHECK_THROWS_WITH_AS(
        resolve_gpu_numa(q, 3, std::vector<std::string>{"00000000:18:00.0"}, sys.root),
        "multi.toml:12:8: placement.cpus: \"gpu-numa-node\" cannot be resolved: 3 instances need 3 "
        "GPUs, but 1 were found",
        cudabench::UserError);

    Placement plain;  // no policy: nothing read, nothing changed
    resolve_gpu_numa(plain, 2, std::nullopt, sys.root);
    CHECK(plain.cpus.empty());
  }
}
