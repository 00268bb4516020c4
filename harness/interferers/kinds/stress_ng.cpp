// stress-ng --cpu: CPU load. Intensity: bogo-ops/s from its --yaml report.
#include <fmt/format.h>

#include <algorithm>
#include <sstream>

#include "common/cpu_list.h"
#include "common/input.h"
#include "common/path.h"
#include "harness/interferers/intensity.h"
#include "harness/interferers/kind.h"
#include "harness/interferers/readiness.h"
#include "harness/interferers/support.h"
#include "harness/process/process.h"
#include "harness/scenario/scenario_reader.h"

namespace cudabench::harness {
namespace {

struct StressNgConfig : InterfererConfig {
  std::string method = "fft";
  int workers = 0;  // 0 = one per online CPU
};

// The installed stress-ng's own list ("cpu-method must be one of: all ackermann ..."), so a typo
// is refused at validation rather than failing every run. Empty when it cannot be asked.
const std::vector<std::string>& known_methods(const std::string& stress_ng) {
  static const std::vector<std::string> methods = [&] {
    std::vector<std::string> out;
    std::string text = run_for_output({stress_ng, "--cpu-method", "which"}, std::chrono::seconds(10));
    const auto colon = text.find("one of:");
    if (colon == std::string::npos) return out;
    std::istringstream words(text.substr(colon + 7));
    for (std::string w; words >> w;) out.push_back(w);
    return out;
  }();
  return methods;
}

class StressNg : public InterfererKind {
 public:
  std::string_view name() const override { return "stress-ng"; }
  std::vector<std::string_view> keys() const override { return {"method", "workers"}; }
  std::vector<std::string> tools() const override { return {"stress-ng"}; }
  std::string describe(const Interferer& spec) const override {
    const auto& c = config_of<StressNgConfig>(spec);
    return fmt::format("stress-ng {}, {}", c.method,
                       c.workers > 0 ? fmt::format("{} workers", c.workers)
                                     : fmt::format("{} workers (one per online CPU)", online_cpus().size()));
  }

  std::shared_ptr<const InterfererConfig> read(const TomlReader& r) const override {
    auto c = std::make_shared<StressNgConfig>();
    c->method = r.string("method").value_or(c->method);
    c->workers = static_cast<int>(r.integer("workers", 0, 4096).value_or(0));
    const std::string path = find_executable("stress-ng");
    if (path.empty()) r.fail("kind", "executable \"stress-ng\" not found (not in PATH or not executable)");
    const bool word = !c->method.empty() && c->method.find_first_not_of(
                                                "abcdefghijklmnopqrstuvwxyz0123456789") == std::string::npos;
    const auto& methods = known_methods(path);
    if (!word || (!methods.empty() && std::find(methods.begin(), methods.end(), c->method) == methods.end()))
      r.fail("method", fmt::format("\"{}\" is not a stress-ng CPU method (stress-ng --cpu-method which "
                                   "lists them)",
                                   visible(c->method)));
    return c;
  }

  void start(Started& s, const Interferer& spec, const StartContext& ctx) const override {
    const auto& c = config_of<StressNgConfig>(spec);
    s.report = ctx.base + ".yaml";
    // --cpu 0 is stress-ng's "one per online CPU"; the note keeps the real count.
    const int workers = c.workers > 0 ? c.workers : static_cast<int>(online_cpus().size());
    s.workers = workers;
    ctx.notes->push_back(fmt::format("{}: {} {} workers{}", s.name, workers, c.method,
                                     c.workers == 0 ? " (--cpu 0: one per online CPU)" : ""));
    s.main = spawn_tool({tool_path("stress-ng"), "--cpu", std::to_string(c.workers), "--cpu-method", c.method,
                         "--metrics-brief", "--yaml", s.report, "--timeout", run_forever_s},
                        ctx.base, spec.placement, ctx.cgroup_procs, &s.stderr_path);
  }

  // Every worker forked and given CPU time.
  bool ready(const Started& s) const override { return busy_children(s.main->pid()) >= s.workers; }
  std::string_view ready_sign() const override { return "every stress-ng worker on a CPU"; }

  std::optional<results::Intensity> intensity(const Started& s) const override {
    return results::Intensity{s.index, s.kind, "bogo_ops_per_s",
                              stress_ng_bogo_ops_per_s(read_text_file(s.report).value_or("")), "bogo-ops/s"};
  }
};

}  // namespace

const InterfererKind& stress_ng_kind() {
  static const StressNg kind;
  return kind;
}

}  // namespace cudabench::harness
