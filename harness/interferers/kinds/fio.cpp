// fio: disk load on a file in a private scratch directory. Intensity: IOPS from its JSON report.
#include <fmt/format.h>
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>

#include "common/error.h"
#include "common/input.h"
#include "common/path.h"
#include "harness/interferers/fio_options.h"
#include "harness/interferers/intensity.h"
#include "harness/interferers/kind.h"
#include "harness/interferers/readiness.h"
#include "harness/interferers/session_scratch.h"
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
// Laying out 4 x 1 GB takes 8-9 s on the H200 machine's disk; a disk 30 times slower is broken.
constexpr std::chrono::seconds layout_timeout{300};

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

// A private directory for this run alone, removed when it ends (no session to keep files for).
std::string run_directory(Started& s, const FioConfig& c, const StartContext& ctx) {
  std::string pattern = c.scratch_parent + "/cudabench-fio-XXXXXX";
  if (!mkdtemp(pattern.data())) throw_errno("mkdtemp " + pattern);
  s.scratch = pattern;
  if (ctx.janitor) ctx.janitor->record_path(s.scratch);
  return s.scratch;
}

// The session's directory for this job (same job, same files): on first use fio lays its files out
// there (--create_only) before the run goes on, so no run but the session's first pays for it.
std::string session_directory(const Started& s, const std::vector<std::string>& job, const Interferer& spec,
                              const FioConfig& c, const StartContext& ctx) {
  std::string key = c.scratch_parent;
  for (const auto& a : job) key += '\n' + a;
  bool fresh = false;
  const std::string dir = ctx.session_scratch->directory(key, c.scratch_parent, &fresh);
  if (!fresh) return dir;
  std::vector<std::string> layout = job;
  layout.insert(layout.end(), {"--directory=" + dir, "--create_only=1", "--output=" + ctx.base + "-layout.out"});
  const auto t0 = std::chrono::steady_clock::now();
  std::string stderr_path;
  auto child = spawn_tool(layout, ctx.base + "-layout", spec.placement, ctx.cgroup_procs, &stderr_path);
  child->wait_until(t0 + layout_timeout);
  if (child->running() || child->exit_code() != 0) {
    if (child->running()) child->stop(SIGKILL, std::chrono::milliseconds(0));
    ctx.session_scratch->discard(key);
    throw RunError(s.name + ": laying out its files failed: " + death_reason("fio --create_only", *child, stderr_path),
                   "run the job by hand with --create_only=1 to see why");
  }
  ctx.notes->push_back(fmt::format("{}: files laid out in {} in {:.1f} s, kept for the session", s.name, dir,
                                   std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count()));
  return dir;
}

class Fio : public InterfererKind {
 public:
  std::string_view name() const override { return "fio"; }
  std::vector<std::string_view> keys() const override { return {"options", "scratch_dir"}; }
  std::vector<std::string> tools() const override { return {"fio"}; }
  std::string describe(const Interferer& spec) const override {
    const auto& c = config_of<FioConfig>(spec);
    auto rw = c.options.find("rw"), size = c.options.find("size");
    return fmt::format("fio {} writing {} into a scratch directory under {} (laid out once, removed at the session's end)",
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
    std::vector<std::string> job = {tool_path("fio")};
    const std::vector<std::string> options = fio_job_arguments(c.options);
    if (!c.options.count("name")) job.push_back("--name=interferer" + std::to_string(s.index));
    job.insert(job.end(), options.begin(), options.end());
    const std::string dir = ctx.session_scratch ? session_directory(s, job, spec, c, ctx) : run_directory(s, c, ctx);
    s.report = ctx.base + ".json";
    job.insert(job.end(),
               {"--directory=" + dir, "--time_based", std::string("--runtime=") + run_forever_s,
                "--output-format=json", "--output=" + s.report});
    s.main = spawn_tool(job, ctx.base, spec.placement, ctx.cgroup_procs, &s.stderr_path);
  }

  // Its job processes have moved their first MiB: past the file checks, I/O is being issued.
  bool ready(const Started& s) const override { return children_io_bytes(s.main->pid()) >= flowing_bytes; }
  std::string_view ready_sign() const override { return "fio issuing I/O"; }

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
