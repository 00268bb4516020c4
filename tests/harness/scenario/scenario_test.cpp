// Scenario validation: a corpus of bad files, each with the message a user must see.
#include <doctest/doctest.h>

#include <string>

#include "common/error.h"
#include "harness/interferers/registry.h"
#include "harness/scenario/scenario.h"

using cudabench::UserError;
using cudabench::harness::interferer_kinds;

namespace {
cudabench::harness::Scenario parse_scenario(const std::string& text, const std::string& path) {
  return cudabench::harness::parse_scenario(text, path, interferer_kinds());
}
}  // namespace

namespace {

const std::string head = R"(
[scenario]
name = "t"
[workload]
kind = "command"
command = ["/bin/true"]
)";

// The UserError text for `text`, or "" when it parsed.
std::string error_of(const std::string& text) {
  try {
    parse_scenario(text, "s.toml");
  } catch (const UserError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_SUITE("unit") {
  TEST_CASE("scenarios that differ only in name - description and layout share a configuration hash") {
    const std::string body = "[workload]\nkind = \"command\"\ncommand = [\"/bin/true\", \"-n\", \"48\"]\n";
    const auto a = parse_scenario("[scenario]\nname = \"a\"\n" + body, "a.toml");
    const auto b = parse_scenario(
        "# the same experiment\n[scenario]\nname = \"b\"\ndescription = \"A/A twin\"\n\n" + body, "b.toml");
    const auto c = parse_scenario(
        "[scenario]\nname = \"c\"\n[workload]\nkind = \"command\"\n"
        "command = [\"/bin/true\", \"-n\", \"64\"]\n",
        "c.toml");
    CHECK(a.config_hash == b.config_hash);
    CHECK(a.hash != b.hash);  // the stored text differs
    CHECK(a.config_hash != c.config_hash);
  }

  TEST_CASE("a complete scenario parses into the model") {
    auto s = parse_scenario(R"(
[scenario]
name = "optimized"
description = "noisy_cpu with the workload pinned"
[workload]
kind = "command"
command = ["/bin/echo", "CUDABENCH_RESULT {\"tokens_per_s\": 1}"]
env = { OMP_NUM_THREADS = "1" }
[[interferer]]
kind = "stress-ng"
workers = 0
method = "fft"
[[interferer]]
kind = "iperf3"
streams = 4
[[interferer]]
kind = "fio"
options = { rw = "randwrite", bs = "4k", size = "16M" }
[placement]
cpus = "0"
nice = -10
policy = "fifo"
priority = 10
[run]
runs = 7
warmup = 2
timeout_s = 30
[tracer]
probes = ["libamdhip64.so:hipLaunchKernel"]
)",
                            "opt.toml");
    CHECK(s.name == "optimized");
    CHECK(s.workload.argv.size() == 2);
    CHECK(s.workload.argv[0].ends_with("/echo"));
    CHECK(s.workload.env.at("OMP_NUM_THREADS") == "1");
    REQUIRE(s.interferers.size() == 3);
    CHECK(s.interferers[0].kind == "stress-ng");
    CHECK(s.interferers[1].kind == "iperf3");
    CHECK(s.interferers[2].kind == "fio");
    CHECK(s.interferers[2].config != nullptr);
    CHECK(s.placement.cpus == std::vector<int>{0});
    CHECK(s.placement.nice == -10);
    CHECK(s.placement.policy == cudabench::harness::SchedPolicy::fifo);
    CHECK(s.runs == 7);
    CHECK(s.warmup == 2);
    CHECK(s.timeout_s == 30);
    CHECK(s.tracer.extra_probes.size() == 1);
    CHECK(s.hash.size() == 16);
  }

  TEST_CASE("bad scenarios are rejected with file:line:col - the key and what was expected") {
    struct Case {
      std::string text, expected;
    };
    const Case cases[] = {
        {"[scenario]\nname = \"x\"\n", "s.toml:1:1: workload: missing section"},
        {head + "[run]\nruns = \"five\"\n", "s.toml:8:8: run.runs: expected an integer, found a string"},
        {head + "[run]\nruns = 0\n", "s.toml:8:8: run.runs: expected an integer from 1 to 100000, found 0"},
        {head + "[run]\nrepeat = 3\n",
         "s.toml:8:1: run.repeat: unknown key (expected one of: runs, warmup, timeout_s)"},
        {head + "[placement]\ncpus = \"3-1\"\n", "s.toml:8:8: placement.cpus: expected a CPU list"},
        {head + "[placement]\ncpus = \"4096\"\n", "placement.cpus: CPU 4096 does not exist or is offline"},
        {head + "[placement]\npolicy = \"fifo\"\n",
         "placement.policy: a real-time policy needs priority = 1..99"},
        {head + "[placement]\nnice = -40\n", "placement.nice: expected an integer from -20 to 19, found -40"},
        {head + "[placement]\nirq_affinity = \"all\"\n",
         "placement.irq_affinity: moving IRQs away from the workload needs cpus"},
        {head + "[[interferer]]\nkind = \"stress\"\n",
         "interferer.kind: expected \"stress-ng\", \"iperf3\", \"fio\" or \"command\", found \"stress\""},
        {head + "[[interferer]]\nkind = \"iperf3\"\nmethod = \"fft\"\n",
         "interferer.method: not a key of kind = \"iperf3\""},
        {head + "[[interferer]]\nkind = \"fio\"\noptions = { filename = \"/dev/sda\" }\n",
         "fio option \"filename\" is not allowed"},
        {head + "[[interferer]]\nkind = \"fio\"\noptions = { rw = \"/etc/passwd\" }\n",
         "fio option rw = \"/etc/passwd\": expected read, write"},
        {head + "[[interferer]]\nkind = \"command\"\ncommand = [\"no-such-binary-x\"]\n",
         "interferer.command: executable \"no-such-binary-x\" not found"},
        {"[scenario]\nname = \"t\"\n[workload]\nkind = \"command\"\ncommand = []\n",
         "workload.command: missing (expected an argv array)"},
        {"[scenario]\nname = \"t\"\n[workload]\nkind = \"shell\"\n",
         "s.toml:4:8: workload.kind: expected \"command\" or \"qwen3\", found \"shell\""},
        {"[scenario]\nname = \"a b\"\n[workload]\nkind = \"command\"\ncommand = [\"/bin/true\"]\n",
         "scenario.name: expected a name without spaces, slashes or '@' (it marks reference twins)"},
        {head + "[workload2]\n",
         "s.toml:7:2: workload2: unknown key (expected one of: scenario, workload, interferer, placement, "
         "run, tracer)"},
        {head + "[tracer]\nprobes = [\"nocolon\"]\n", "tracer.probes: expected \"library:symbol\""},
        {head + "[run\n", "s.toml:7:5: TOML syntax error"},
        {"[scenario]\nname = \"t\"\n[workload]\nkind = \"command\"\ncommand = [\"/bin/true\"]\nmetric_regex "
         "= \"([0-9\"\n",
         "workload.metric_regex: not a valid regular expression (RE2 syntax)"},
    };
    for (const auto& c : cases) {
      CAPTURE(c.text);
      std::string message = error_of(c.text);
      CHECK_MESSAGE(message.find(c.expected) != std::string::npos, message);
    }
  }

}  // TEST_SUITE
