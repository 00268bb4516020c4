// A workload run as several instances: what each instance runs ({instance}, qwen3's --device), on
// which CPUs, how the run's figures come from the instances' (sum, slowest, every instance ok), and
// each instance's part of a shared trace.
#include <doctest/doctest.h>

#include "harness/run/instances.h"
#include "tests/results/trace_builder.h"

using namespace cudabench;
using namespace cudabench::harness;

namespace {

Workload command(int instances) {
  Workload w;
  w.kind = "command";
  w.instances = instances;
  w.argv = {"/bin/decoder", "--out", "/tmp/run-{instance}.log", "--gpu={instance}{instance}"};
  w.env = {{"RANK", "{instance}"}, {"PLAIN", "x"}};
  return w;
}

InstanceOutcome ok(double figure, double launches = 0) {
  InstanceOutcome o{0, {}};
  o.result.figure = figure;
  o.result.metrics.push_back({"tokens_per_s", figure, "tok/s"});
  if (launches > 0) o.result.launches = launches;
  return o;
}

const results::Metric* find(const std::vector<results::Metric>& ms, const std::string& name) {
  for (const auto& m : ms)
    if (m.name == name) return &m;
  return nullptr;
}

}  // namespace

TEST_SUITE("unit") {
  TEST_CASE("{instance} becomes the index in every argv element and env value") {
    const Workload w = instance_workload(command(3), 2);
    CHECK(w.argv == std::vector<std::string>{"/bin/decoder", "--out", "/tmp/run-2.log", "--gpu=22"});
    CHECK(w.env.at("RANK") == "2");
    CHECK(w.env.at("PLAIN") == "x");
    CHECK(w.env.count("CUDA_DEVICE_ORDER") == 0);  // a command picks its device itself
    // Without the placeholder, N identical copies.
    Workload plain = command(2);
    plain.argv = {"/bin/true"};
    CHECK(instance_workload(plain, 1).argv == std::vector<std::string>{"/bin/true"});
  }

  TEST_CASE("qwen3: --device i appended or replacing the scenario's, devices in PCI bus order") {
    Workload w;
    w.kind = "qwen3";
    w.instances = 8;
    w.argv = {"/bin/qwen3", "-q", "hi"};
    const Workload fifth = instance_workload(w, 5);
    CHECK(fifth.argv == std::vector<std::string>{"/bin/qwen3", "-q", "hi", "--device", "5"});
    CHECK(fifth.env.at("CUDA_DEVICE_ORDER") == "PCI_BUS_ID");
    w.argv = {"/bin/qwen3", "--device", "0", "-n", "48"};
    w.env["CUDA_DEVICE_ORDER"] = "FASTEST_FIRST";  // the scenario's own choice stays
    const Workload third = instance_workload(w, 3);
    CHECK(third.argv == std::vector<std::string>{"/bin/qwen3", "--device", "3", "-n", "48"});
    CHECK(third.env.at("CUDA_DEVICE_ORDER") == "FASTEST_FIRST");
    w.instances = 1;  // one instance: the workload exactly as written
    CHECK(instance_workload(w, 0).argv == w.argv);
  }

  TEST_CASE("each instance on its own CPUs when instance_cpus gives them, else the shared ones") {
    Placement p;
    p.cpus = {0, 1, 2, 3};
    p.nice = -5;
    CHECK(instance_placement(p, 1).cpus == std::vector<int>{0, 1, 2, 3});
    p.instance_cpus = {{0, 1}, {2, 3}};
    const Placement second = instance_placement(p, 1);
    CHECK(second.cpus == std::vector<int>{2, 3});
    CHECK(second.nice == -5);  // the rest of the placement applies to every instance
    CHECK(instance_placement(p, 0).cpus == std::vector<int>{0, 1});
  }

  TEST_CASE("the run's figure is the instances' sum; the slowest and each instance are kept") {
    Workload w = command(3);
    const auto r = combine_instances(w, {ok(50, 1000), ok(40, 1000), ok(45, 1000)});
    REQUIRE(r.figure);
    CHECK(*r.figure == 135);
    CHECK(r.error.empty());
    CHECK(r.metrics.front().name == "tokens_per_s");  // the figure first, as a single workload's
    CHECK(find(r.metrics, "tokens_per_s")->value == 135);
    CHECK(find(r.metrics, "instances.slowest")->value == 40);
    CHECK(find(r.metrics, "instance.1.tokens_per_s")->value == 40);
    CHECK(find(r.metrics, "instance.2.tokens_per_s")->unit == "tok/s");
    REQUIRE(r.launches);
    CHECK(*r.launches == 3000);  // the trace of all three is checked against the sum
    CHECK(find(r.metrics, "launches_total")->value == 3000);
  }

  TEST_CASE("the run has no figure unless every instance has one: the first without is named") {
    Workload w = command(3);
    InstanceOutcome silent{0, {}};
    silent.result.error = "the workload printed no CUDABENCH_RESULT line";
    const auto r = combine_instances(w, {ok(50), silent, ok(45)});
    CHECK_FALSE(r.figure);
    CHECK(r.error == "instance 1: the workload printed no CUDABENCH_RESULT line");
    CHECK(find(r.metrics, "tokens_per_s") == nullptr);
    CHECK(find(r.metrics, "instances.slowest") == nullptr);
    CHECK(find(r.metrics, "instance.0.tokens_per_s")->value == 50);  // what the others did is kept
    CHECK_FALSE(r.launches);                                         // not every instance counted
  }

  TEST_CASE("one instance: its result exactly, no instance.* names") {
    const auto r = combine_instances(command(1), {ok(50, 10)});
    CHECK(*r.figure == 50);
    CHECK(r.metrics.size() == 1);
    CHECK(*r.launches == 10);
  }

  TEST_CASE("a shared trace is analysed per instance process") {
    test::TraceBuilder b;
    b.start_us = 0;
    b.end_us = 1000;
    b.thread(100, "decoder", 100);
    b.thread(200, "decoder", 200);
    for (double us : {0.0, 10.0, 20.0}) b.launch(100, us);
    for (double us : {5.0, 400.0}) b.launch(200, us);
    b.offcpu(200, 100, 300, trace::OutState::preempted, "stress-ng");
    const auto data = b.build();
    const auto m = instance_trace_metrics(data, {100, 200}, {ok(1), ok(1)});
    CHECK(find(m, "instance.0.launches")->value == 3);
    CHECK(find(m, "instance.1.launches")->value == 2);
    CHECK(find(m, "instance.0.switches")->value == 0);
    CHECK(find(m, "instance.1.switches")->value == 1);
    REQUIRE(find(m, "instance.1.time.preempted_ms") != nullptr);
    CHECK(find(m, "instance.1.time.preempted_ms")->value == doctest::Approx(0.2));
    CHECK(instance_trace_metrics(data, {100}, {ok(1)}).empty());  // one instance: the run's figures say it
  }
}
