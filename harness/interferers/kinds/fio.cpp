// fio: disk load on a file in a private scratch directory. Intensity: IOPS from its JSON report.
#include <fmt/format.h>
#include <stdlib.h>
#include <unistd.h>

#include <filesystem>

#include "common/error.h"
#include "common/input.h"
#include "common/path.h"
#include "harness/interferers/fio_options.h"
#include "harness/interferers/intensity.h"
#include "harness/interferers/kind.h"
#include "harness/interferers/support.h"
#include "harness/process/janitor.h"
#include "harness/scenario/scenario_reader.h"

namespace cudabench::harness {
namespace {

struct FioConfig : InterfererConfig {
  std::map<std::string, std::string> options;  // job options, checked against the allow-list
  std::string scratch_parent = "/var/tmp";
};

// Where each run's scratch directory will be made: proven by making one now (mkdtemp) and removing
// it, so /proc, read-only mounts and directories we may not write into are refused at validation.
void check_scratch_parent(const TomlReader& r, const std::string& parent) {
  std::error_code ec;
  if (!std::filesystem::is_directory(parent, ec))
    r.fail("scratch_dir", "\"" + visible(parent) + "\" is not an existing directory");
  std::string probe = parent + "/cudabench-fio-XXXXXX";
  if (!mkdtemp(probe.data()))
    r.fail("scratch_dir",
           "cannot create a scratch directory in \"" + visible(parent) + "\": " + errno_text(errno));
  rmdir(probe.c_str());
}

class Fio : public InterfererKind {
 public:
  std::string_view name() const override { return "fio"; }
  std::vector<std::string_view> keys() const override { return {"options", "scratch_dir"}; }
  std::vector<std::string> tools() const override { return {"fio"}; }
  std::string describe(const Interferer& spec) const override {
    const auto& c = config_of<FioConfig>(spec);
    auto rw = c.options.find("rw"), size = c.options.find("size");
    return fmt::format("fio {} writing {} into a scratch directory under {} (removed after each run)",
                       rw != c.options.end() ? rw->second : "job",
                       size != c.options.end() ? size->second : "its job's size", c.scratch_parent);
  }

  std::shared_ptr<const InterfererConfig> read(const TomlReader& r) const override {
    auto c = std::make_shared<FioConfig>();
    c->options = r.string_table("options").value_or(std::map<std::string, std::string>{});
    for (const auto& [key, value] : c->options)
      if (auto why = fio_option_problem(key, value))
        r.fail_at(r.node("options")->as_table()->get(key), "options." + visible(key), *why);
    c->scratch_parent = r.string("scratch_dir").value_or(c->scratch_parent);
    check_scratch_parent(r, c->scratch_parent);
    if (find_executable("fio").empty())
      r.fail("kind", "executable \"fio\" not found (not in PATH or not executable)");
    return c;
  }

  void start(Started& s, const Interferer& spec, const StartContext& ctx) const override {
    const auto& c = config_of<FioConfig>(spec);
    std::vector<std::string> argv = {tool_path("fio")};
    const std::vector<std::string> job = fio_job_arguments(c.options);
    if (!c.options.count("name")) argv.push_back("--name=interferer" + std::to_string(s.index));
    argv.insert(argv.end(), job.begin(), job.end());
    std::string pattern = c.scratch_parent + "/cudabench-fio-XXXXXX";
    if (!mkdtemp(pattern.data())) throw_errno("mkdtemp " + pattern);
    s.scratch = pattern;
    if (ctx.janitor) ctx.janitor->record_path(s.scratch);
    s.report = ctx.base + ".json";
    argv.insert(argv.end(),
                {"--directory=" + s.scratch, "--time_based", std::string("--runtime=") + run_forever_s,
                 "--output-format=json", "--output=" + s.report});
    s.main = spawn_tool(argv, ctx.base, spec.placement, ctx.cgroup_procs, &s.stderr_path);
  }

  std::optional<results::Intensity> intensity(const Started& s) const override {
    return results::Intensity{s.index, s.kind, "iops", fio_iops(read_text_file(s.report).value_or("")),
                              "IOPS"};
  }
};

}  // namespace

const InterfererKind& fio_kind() {
  static const Fio kind;
  return kind;
}

}  // namespace cudabench::harness
