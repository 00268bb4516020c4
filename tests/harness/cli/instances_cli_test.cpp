// A workload run as several instances, end to end through the cudabench binary: started together,
// every instance traced, the figures summed and kept per instance, the run ok only when every
// instance is, {instance} substituted, each instance on its own CPUs, and bad input refused with
// exit 2 before anything starts.
#include <doctest/doctest.h>
#include <fmt/format.h>

#include <unistd.h>

#include <algorithm>
#include <filesystem>

#include "cli_process.h"
#include "common/cpu_list.h"
#include "common/path.h"
#include "results/store/store.h"
#include "scenario_text.h"

using namespace testutil;
using namespace cudabench;
namespace fs = std::filesystem;

namespace {

double value(const results::RunRecord& r, const std::string& name) {
  const auto* m = r.metric(name);
  REQUIRE_MESSAGE(m != nullptr, name << " missing from run " << r.id);
  return m->value;
}

// A shell workload printing its figure (10 + instance) and a label; instance 1 exits 3 when `fail`.
std::string shell_instances(const std::string& name, bool fail, const std::string& placement) {
  const std::string script =
      "echo \"CUDABENCH_RESULT {\\\"tokens_per_s\\\": $((10 + RANK)), \\\"name\\\": \\\"$0\\\", "
      "\\\"cpus\\\": "
      "\\\"$(awk '/Cpus_allowed_list/ {print $2}' /proc/self/status)\\\"}\"" +
      std::string(fail ? "; [ \"$RANK\" != 1 ] || exit 3" : "");
  std::string argv = sh(script);
  argv.insert(argv.size() - 1, ", \"copy-{instance}\"");
  return command_scenario(name, argv, "instances = 3\nenv = { RANK = \"{instance}\" }\n" + placement);
}

}  // namespace

TEST_SUITE("privileged") {
  TEST_CASE("three instances of a test program: each traced, figures summed, every instance kept") {
    if (geteuid() != 0) {
      MESSAGE("skipped: needs root (the tracer loads BPF programs)");
      return;
    }
    const std::string dir = temp_dir(), db = dir + "/m.db";
    std::string argv = decoder(20);
    argv.insert(argv.size() - 1, ", \"--launches-per-token\", \"10\"");
    write_file(dir + "/multi.toml", command_scenario("multi", argv, "instances = 3\n"));
    const auto r = run_cli(
        {"run", dir + "/multi.toml", "-r", "1", "-w", "0", "--trace", "launch", "--db", db, "--quiet"});
    REQUIRE_MESSAGE(r.exit_code == 0, r.err);
    const auto runs = results::Store::open(db).runs({});
    REQUIRE(runs.size() == 2);  // one untraced, one traced
    for (const auto& run : runs) {
      CAPTURE(run.reason);
      CHECK(run.status == results::RunStatus::ok);
      const double a = value(run, "instance.0.tokens_per_s"), b = value(run, "instance.1.tokens_per_s"),
                   c = value(run, "instance.2.tokens_per_s");
      CHECK(value(run, "tokens_per_s") == doctest::Approx(a + b + c));
      CHECK(value(run, "instances.slowest") == doctest::Approx(std::min({a, b, c})));
      CHECK(value(run, "launches_total") == 3 * 20 * 10);
      if (!run.traced) continue;
      // One window followed all three processes: the cross-check held against their sum.
      CHECK(value(run, "tracer.launches_seen") == 600);
      for (int i = 0; i < 3; ++i) {
        CHECK(value(run, "instance." + std::to_string(i) + ".launches") == 200);
        CHECK(run.metric("instance." + std::to_string(i) + ".time.window_ms") != nullptr);
      }
    }
    const auto report = run_cli({"report", "--db", db});
    CHECK(report.exit_code == 0);
    CHECK(report.out.find("Instances: each instance of a multi-instance workload") != std::string::npos);
    CHECK(report.out.find("the slowest instance of each run averages") != std::string::npos);
    fs::remove_all(dir);
  }

  TEST_CASE("{instance} in argv and env, each instance on its CPUs, one failing instance fails the run") {
    if (geteuid() != 0) {
      MESSAGE("skipped: needs root (the session lock lives under /run)");
      return;
    }
    const std::string dir = temp_dir(), db = dir + "/m.db";
    write_file(dir + "/fails.toml", shell_instances("fails", true, ""));
    const auto r =
        run_cli({"run", dir + "/fails.toml", "-r", "1", "-w", "0", "--trace", "off", "--db", db, "--quiet"});
    CHECK(r.exit_code == 1);
    auto runs = results::Store::open(db).runs({});
    REQUIRE(runs.size() == 1);
    CHECK(runs[0].status == results::RunStatus::failed);
    CHECK(runs[0].reason == "the workload exited with code 3");
    CHECK(runs[0].notes.find("instance 1: exited with code 3") != std::string::npos);
    CHECK(runs[0].notes.find("workload instance.2.name: copy-2") != std::string::npos);
    CHECK(value(runs[0], "instance.2.tokens_per_s") == 12);  // RANK = 2
    // Every instance printed its figure, so the sum is stored as a failed single workload's figure
    // is: failed runs never reach the statistics.
    CHECK(value(runs[0], "tokens_per_s") == 10 + 11 + 12);

    // Instances 0 and 1 on CPUs of their own (the first and last online), instance 2 beside 0.
    const auto online = online_cpus();
    const std::string lists = fmt::format("[placement]\ninstance_cpus = [\"{}\", \"{}\", \"{}\"]\n",
                                          online[0], online.back(), online[0]);
    write_file(dir + "/pinned.toml", shell_instances("pinned", false, lists));
    const auto p =
        run_cli({"run", dir + "/pinned.toml", "-r", "1", "-w", "0", "--trace", "off", "--db", db, "--quiet"});
    REQUIRE_MESSAGE(p.exit_code == 0, p.err);
    results::RunFilter f;
    f.session = results::Store::open(db).latest_session();
    runs = results::Store::open(db).runs(f);
    REQUIRE(runs.size() == 1);
    CHECK(value(runs[0], "tokens_per_s") == 10 + 11 + 12);
    CHECK(runs[0].notes.find(fmt::format("workload instance.0.cpus: {}", online[0])) != std::string::npos);
    CHECK(runs[0].notes.find(fmt::format("workload instance.1.cpus: {}", online.back())) !=
          std::string::npos);
    fs::remove_all(dir);
  }

  TEST_CASE("bad instances or an unresolvable gpu-numa-node: exit 2, file:line:key, nothing stored") {
    if (geteuid() != 0) {
      MESSAGE("skipped: needs root (the session lock lives under /run)");
      return;
    }
    const std::string dir = temp_dir(), db = dir + "/m.db";
    write_file(dir + "/zero.toml", command_scenario("zero", decoder(), "instances = 0\n"));
    auto r = run_cli({"run", dir + "/zero.toml", "--db", db});
    CHECK(r.exit_code == 2);
    CHECK(
        r.err.find(dir + "/zero.toml:6:13: workload.instances: expected an integer from 1 to 64, found 0") !=
        std::string::npos);
    if (find_executable("nvidia-smi").empty()) {
      write_file(
          dir + "/numa.toml",
          command_scenario("numa", decoder(), "instances = 2\n[placement]\ncpus = \"gpu-numa-node\"\n"));
      r = run_cli({"run", dir + "/numa.toml", "--db", db});
      CHECK(r.exit_code == 2);
      CHECK(r.err.find(dir +
                       "/numa.toml:8:8: placement.cpus: \"gpu-numa-node\" needs the GPUs' PCI bus ids, and "
                       "nvidia-smi was not found") != std::string::npos);
      CHECK(r.err.find("hint: give instance_cpus") != std::string::npos);
    } else {
      MESSAGE("gpu-numa-node refusal not checked: nvidia-smi is installed here");
    }
    CHECK_FALSE(fs::exists(db));
    fs::remove_all(dir);
  }
}
