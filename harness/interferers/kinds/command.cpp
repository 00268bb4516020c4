// Any program as an interferer (argv, no shell). It reports no intensity cudabench can read.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include "common/path.h"
#include "harness/interferers/kind.h"
#include "harness/interferers/support.h"
#include "harness/scenario/scenario_reader.h"
#include "harness/scenario/sections.h"

namespace cudabench::harness {
namespace {

struct CommandConfig : InterfererConfig {
  std::vector<std::string> argv;  // argv[0] absolute, resolved at validation
};

class Command : public InterfererKind {
 public:
  std::string_view name() const override { return "command"; }
  std::vector<std::string_view> keys() const override { return {"command"}; }
  // Any program: nothing says when its load begins, so it is given a second (settle_s overrides).
  double default_settle_s() const override { return 1.0; }
  std::string describe(const Interferer& spec) const override {
    return fmt::format("command {}", fmt::join(config_of<CommandConfig>(spec).argv, " "));
  }

  std::shared_ptr<const InterfererConfig> read(const TomlReader& r) const override {
    auto c = std::make_shared<CommandConfig>();
    auto argv = r.strings("command");
    if (!argv || argv->empty()) r.fail_at(nullptr, "command", "missing (expected an argv array)");
    for (const auto& a : *argv) check_printable(r, "command", a, true);
    c->argv = *argv;
    c->argv[0] = find_executable(c->argv[0]);
    if (c->argv[0].empty())
      r.fail("command", "executable \"" + (*argv)[0] + "\" not found (not in PATH or not executable)");
    return c;
  }

  void start(Started& s, const Interferer& spec, const StartContext& ctx) const override {
    s.main = spawn_tool(config_of<CommandConfig>(spec).argv, ctx.base, spec.placement, ctx.cgroup_procs,
                        &s.stderr_path);
  }
};

}  // namespace

const InterfererKind& command_kind() {
  static const Command kind;
  return kind;
}

}  // namespace cudabench::harness
