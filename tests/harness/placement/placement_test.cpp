#include <doctest/doctest.h>
#include <signal.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "common/cpu_list.h"
#include "common/error.h"
#include "common/path.h"
#include "harness/placement/cgroup.h"
#include "harness/placement/irq_affinity.h"
#include "harness/placement/placement.h"
#include "harness/process/process.h"

using namespace cudabench;
using namespace cudabench::harness;

namespace {

std::string problem(const Placement& p, bool root = true, std::vector<int> online = {0, 1, 2, 3}) {
  auto found = check_placement(p, "placement", online, root);
  return found ? found->message : "";
}

bool contains(const std::vector<std::string>& lines, const std::string& text) {
  for (const auto& line : lines)
    if (line.find(text) != std::string::npos) return true;
  return false;
}

std::string slurp(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

TEST_SUITE("unit") {
  TEST_CASE("check_placement names what is wrong") {
    Placement p;
    CHECK(problem(p, false) == "");
    p.cpus = {1, 5};
    CHECK(problem(p) == "placement.cpus: CPU 5 is not online (online: 0-3)");
    p.cpus = {1};
    p.policy = SchedPolicy::fifo;
    CHECK(problem(p).find("outside 1..99") != std::string::npos);
    p.priority = 100;
    CHECK(problem(p).find("outside 1..99") != std::string::npos);
    p.priority = 50;
    CHECK(problem(p) == "");
    CHECK(problem(p, false) == "placement: a real-time policy (fifo/rr) needs root");
    p = Placement{};
    p.priority = 3;
    CHECK(problem(p).find("not fifo or rr") != std::string::npos);
    p = Placement{};
    p.nice = -5;
    CHECK(problem(p, false) == "placement: nice < 0 needs root");
    p.nice = 5;
    CHECK(problem(p, false) == "");
    p.nice = 30;
    CHECK(problem(p).find("-20..19") != std::string::npos);
    p = Placement{};
    p.cpuset_cgroup = true;
    CHECK(problem(p, false) == "placement: a cpuset cgroup needs root");
    p = Placement{};
    p.irq_move_all = true;
    CHECK(problem(p).find("needs a CPU it does not use") != std::string::npos);  // no cpus = all
    p.cpus = {0, 1, 2, 3};
    CHECK(problem(p).find("needs a CPU it does not use") != std::string::npos);
    p.cpus = {1};
    CHECK(problem(p) == "");
    CHECK(problem(p, false) == "placement: IRQ affinity needs root");
    p.irq_move_all = false;
    p.irqs = {999999};
    CHECK(problem(p).find("IRQ 999999 does not exist") != std::string::npos);
  }
}

TEST_SUITE("privileged") {
  TEST_CASE("IRQ affinity is moved off the workload's CPUs and restored") {
    const std::vector<int> online = online_cpus();
    if (geteuid() != 0 || online.size() < 2) {
      MESSAGE("skipped: needs root and two online CPUs (euid " << geteuid() << ", " << online.size()
                                                               << " CPUs)");
      return;
    }
    const std::vector<int> workload = {online.back()};
    const std::vector<int> rest(online.begin(), online.end() - 1);
    for (int irq : list_irqs()) {
      const std::string before = read_irq_affinity(irq);
      if (before.empty()) continue;
      bool moved = false;
      {
        IrqMover mover({irq}, rest, nullptr);
        moved = mover.moved().count(irq) == 1;
        if (moved) {
          CHECK(mover.moved().at(irq) == before);
          CHECK(parse_cpu_list(read_irq_affinity(irq)) == rest);
        } else {
          CHECK(mover.refused().count(irq) == 1);
          CHECK(read_irq_affinity(irq) == before);
        }
      }
      CHECK(read_irq_affinity(irq) == before);
      if (!moved) continue;
      // The same through PlacementGuard, which reports what it did.
      Placement p;
      p.cpus = workload;
      p.irqs = {irq};
      {
        PlacementGuard guard(p, nullptr);
        CHECK(parse_cpu_list(read_irq_affinity(irq)) == rest);
        CHECK(contains(guard.notes(),
                       "irq: moved 1 to CPUs " + format_cpu_list(rest) + ": " + std::to_string(irq)));
      }
      CHECK(read_irq_affinity(irq) == before);
      MESSAGE("IRQ ", irq, ": ", before, " -> ", format_cpu_list(rest), " -> ", before);
      return;
    }
    MESSAGE("skipped: no IRQ is movable on this machine");
  }

  TEST_CASE("irq_move_all reports the IRQs it could not move and restores the others") {
    const std::vector<int> online = online_cpus();
    if (geteuid() != 0 || online.size() < 2) {
      MESSAGE("skipped: needs root and two online CPUs");
      return;
    }
    std::map<int, std::string> before;
    for (int irq : list_irqs()) before[irq] = read_irq_affinity(irq);
    Placement p;
    p.cpus = {online.back()};
    p.irq_move_all = true;
    {
      PlacementGuard guard(p, nullptr);
      CHECK(contains(guard.notes(), "irq: moved "));
      for (const auto& note : guard.notes()) MESSAGE(note);
    }
    for (const auto& [irq, affinity] : before) {
      CAPTURE(irq);
      CHECK(read_irq_affinity(irq) == affinity);
    }
  }

  TEST_CASE("a cgroup v2 cpuset is applied or else reported as not applied with the reason") {
    if (geteuid() != 0) {
      MESSAGE("skipped: needs root");
      return;
    }
    // Decide independently of cgroup.cpp what this machine offers.
    const std::string mount = cgroup2_mount_point();
    std::istringstream controllers(mount.empty() ? "" : slurp(mount + "/cgroup.controllers"));
    bool available = false;
    for (std::string c; controllers >> c;) available |= c == "cpuset";
    const std::vector<int> online = online_cpus();
    Placement p;
    p.cpus = {online.front()};
    p.cpuset_cgroup = true;
    std::string dir;
    {
      PlacementGuard guard(p, nullptr);
      if (!available) {
        CHECK(guard.cgroup_procs().empty());
        CHECK(contains(guard.notes(), "cpuset: not applied (" + cpuset_unavailable_reason() + ")"));
        CHECK(contains(guard.warnings(), "not applied"));
        MESSAGE("cgroup2 at '", mount, "' has no cpuset controller: ", guard.notes().front());
        return;
      }
      REQUIRE(!guard.cgroup_procs().empty());
      dir = std::filesystem::path(guard.cgroup_procs()).parent_path().string();
      CHECK(parse_cpu_list(slurp(dir + "/cpuset.cpus")) == p.cpus);
      SpawnOptions options;
      options.argv = {find_executable("sleep"), "10"};
      options.cgroup_procs = guard.cgroup_procs();
      Child child(options);
      CHECK(slurp("/proc/" + std::to_string(child.pid()) + "/cgroup").find(dir.substr(mount.size())) !=
            std::string::npos);
      child.stop(SIGKILL, std::chrono::milliseconds(0));
    }
    CHECK_FALSE(std::filesystem::exists(dir));
  }
}
