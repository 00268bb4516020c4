#include "harness/run/session_plan.h"

#include <unistd.h>

#include <algorithm>
#include <random>
#include <set>

#include "common/error.h"
#include "common/hash.h"
#include "common/path.h"
#include "harness/interferers/registry.h"
#include "harness/placement/gpu_numa.h"
#include "harness/placement/placement.h"
#include "harness/run/session_scenarios.h"

namespace cudabench::harness {
namespace {

std::vector<Scenario> load_all(const std::vector<std::string>& paths) {
  if (paths.empty()) throw UserError("run needs at least one scenario file", "see 'cudabench help run'");
  std::vector<Scenario> scenarios;
  std::set<std::string> names;
  for (const auto& p : paths) {
    scenarios.push_back(load_scenario(p, interferer_kinds()));
    resolve_gpu_numa(scenarios.back().placement, scenarios.back().workload.instances);
    validate_placement(scenarios.back().placement, "placement");
    for (const auto& i : scenarios.back().interferers) validate_placement(i.placement, "interferer");
    if (!names.insert(scenarios.back().name).second)
      throw UserError(p + ": scenario name \"" + scenarios.back().name +
                      "\" is used by another scenario of this session");
  }
  return scenarios;
}

// "<name>@ref": the scenario with another workload program. Its text records the program and its
// hash covers it, so twins of an A/A pair of scenarios share a hash and the candidate's differs.
Scenario reference_twin(const Scenario& s, const std::string& program) {
  Scenario twin = s;
  twin.name = s.name + "@ref";
  twin.workload.argv[0] = program;
  twin.text = s.text + "\n# cudabench run --reference: this twin ran workload program " + program + "\n";
  twin.hash = hex_digest(twin.text);
  twin.config_hash = hex_digest(s.config_hash + "\n" + program);
  return twin;
}

void add_reference_twins(std::vector<Scenario>& scenarios, const std::string& reference) {
  const std::string program = find_executable(reference);
  if (program.empty())
    throw UserError("--reference " + reference + ": not an executable file",
                    "give the reference build's workload program");
  const size_t n = scenarios.size();
  for (size_t i = 0; i < n; ++i) scenarios.push_back(reference_twin(scenarios[i], program));
}

}  // namespace

SessionPlan prepare_session(const SessionOptions& o) {
  SessionPlan plan;
  plan.scenarios = load_all(o.scenario_paths);
  if (o.aa) add_aa_twin(plan.scenarios, o.baseline);
  if (!o.reference_program.empty()) add_reference_twins(plan.scenarios, o.reference_program);
  plan.blocks = o.blocks.value_or(0);
  plan.warmup = o.warmup.value_or(0);
  for (const auto& s : plan.scenarios) {
    if (!o.blocks) plan.blocks = std::max(plan.blocks, s.runs);
    if (!o.warmup) plan.warmup = std::max(plan.warmup, s.warmup);
  }
  plan.seed = o.seed ? *o.seed : (uint64_t(std::random_device{}()) << 32) ^ std::random_device{}();
  if (o.target_ci_pct) {
    plan.compared = compared_pairs(plan.scenarios, o.baseline);
    if (plan.compared.empty())
      throw UserError("--target-ci: nothing to compare: no scenario named \"" + o.baseline +
                          "\" with another scenario, no --aa and no --reference",
                      "add the baseline scenario, --aa, or name the reference with --baseline");
    plan.blocks = o.min_blocks;  // then blocks are added one at a time
  }
  plan.runs = plan_session(static_cast<int>(plan.scenarios.size()), o.target_ci_pct ? 0 : plan.blocks,
                           plan.warmup, o.trace, plan.seed);
  return plan;
}

// The qwen3 workload needs an NVIDIA GPU; say so before anything starts rather than failing every run.
void check_machine(const SessionPlan& plan) {
  for (const auto& s : plan.scenarios)
    if (s.workload.kind == "qwen3" && access("/dev/nvidiactl", F_OK) != 0)
      throw RunError("no NVIDIA GPU found (/dev/nvidiactl is missing): scenario \"" + s.name +
                         "\" runs the qwen3 CUDA workload, which needs one",
                     "run on a machine with an NVIDIA GPU and driver, or try the CPU examples: "
                     "cudabench run scenarios/examples/*.toml --trace off");
}

}  // namespace cudabench::harness
