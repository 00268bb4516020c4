#include "harness/run/environment.h"

#include <signal.h>
#include <stdlib.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <fstream>
#include <map>
#include <mutex>

#include "common/cpu_list.h"
#include "common/path.h"
#include "harness/interferers/support.h"
#include "harness/process/process.h"

#ifndef CUDABENCH_GIT_SHA
#define CUDABENCH_GIT_SHA "unknown"
#endif

namespace cudabench::harness {
namespace {

std::string first_line(const std::string& text) {
  std::string line = text.substr(0, text.find('\n'));
  while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
  return line;
}

std::string read_line_or(const std::string& path, const std::string& fallback) {
  std::ifstream in(path);
  std::string line;
  if (!in || !std::getline(in, line)) return fallback;
  return first_line(line);
}

// "model name	: AMD EPYC ..." in /proc/cpuinfo; other architectures name it differently.
std::string cpu_model() {
  std::ifstream in("/proc/cpuinfo");
  std::string line;
  while (std::getline(in, line)) {
    const size_t colon = line.find(':');
    if (colon == std::string::npos) continue;
    std::string key = line.substr(0, colon);
    while (!key.empty() && (key.back() == ' ' || key.back() == '\t')) key.pop_back();
    if (key == "model name" || key == "Processor" || key == "cpu model") {
      const size_t start = line.find_first_not_of(" \t", colon + 1);
      return start == std::string::npos ? "n/a" : line.substr(start);
    }
  }
  return "n/a";
}

int64_t mem_total_bytes() {
  std::ifstream in("/proc/meminfo");
  std::string key, unit;
  int64_t value = 0;
  while (in >> key >> value >> unit) {
    if (key == "MemTotal:") return value * 1024;  // the kernel's "kB" is KiB
  }
  return 0;
}

std::string smt_state() {
  const std::string active = read_line_or("/sys/devices/system/cpu/smt/active", "");
  const std::string control = read_line_or("/sys/devices/system/cpu/smt/control", "");
  if (active.empty() && control.empty()) return "n/a";
  if (control.empty()) return "active=" + active;
  return (active.empty() ? std::string() : "active=" + active + " ") + "control=" + control;
}

void gpu_fields(results::Environment& env) {
  env.gpu_name = env.gpu_driver = "n/a";
  auto out = command_output({"nvidia-smi", "--query-gpu=name,driver_version", "--format=csv,noheader"});
  if (!out) return;
  // One line per GPU; the first is the one the workload uses unless CUDA_VISIBLE_DEVICES says
  // otherwise, and the count is kept so a multi-GPU host is not mistaken for a single-GPU one.
  const std::string line = first_line(*out);
  const size_t comma = line.rfind(',');
  if (comma == std::string::npos) return;
  env.gpu_name = line.substr(0, comma);
  env.gpu_driver = line.substr(line.find_first_not_of(' ', comma + 1));
  int gpus = 0;
  for (char c : *out) gpus += c == '\n';
  if (gpus > 1) env.gpu_name += " (x" + std::to_string(gpus) + ")";
}

std::string tool_version(const std::string& tool) {
  auto out = command_output({tool, "--version"});
  if (!out) return "not found";
  const std::string line = first_line(*out);
  return line.empty() ? "n/a" : line;
}

results::Environment collect(const std::vector<std::string>& tools) {
  results::Environment env;
  utsname u{};
  env.kernel = uname(&u) == 0 ? std::string(u.release) + " " + u.version : "n/a";
  env.cpu_model = cpu_model();
  try {
    env.cpu_count = static_cast<int>(online_cpus().size());
  } catch (const std::exception&) {
    env.cpu_count = static_cast<int>(sysconf(_SC_NPROCESSORS_ONLN));
  }
  env.governor = read_line_or("/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor", "n/a");
  env.smt = smt_state();
  env.mem_bytes = mem_total_bytes();
  gpu_fields(env);
  env.git_sha = CUDABENCH_GIT_SHA;
  env.isolcpus = read_line_or("/sys/devices/system/cpu/isolated", "");
  env.nohz_full = read_line_or("/sys/devices/system/cpu/nohz_full", "");
  if (env.nohz_full == "(null)") env.nohz_full.clear();  // what the kernel prints for none
  for (const std::string& tool : tools) env.tool_versions[tool] = tool_version(tool);
  return env;
}

}  // namespace

std::optional<std::string> command_output(const std::vector<std::string>& argv, double timeout_s) {
  if (argv.empty()) return std::nullopt;
  const std::string exe = find_executable(argv[0]);
  if (exe.empty()) return std::nullopt;
  char pattern[] = "/tmp/cudabench-out-XXXXXX";
  const int fd = mkstemp(pattern);
  if (fd < 0) return std::nullopt;
  close(fd);
  SpawnOptions options;
  options.argv = argv;
  options.argv[0] = exe;
  options.stdout_path = pattern;
  std::optional<std::string> out;
  try {
    Child child(options);
    const auto deadline =
        std::chrono::steady_clock::now() + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                                               std::chrono::duration<double>(timeout_s));
    if (child.wait_until(deadline) && child.exit_code() == 0)
      out = read_text_file(pattern);
    else
      child.stop(SIGKILL, std::chrono::milliseconds(0));
  } catch (const std::exception&) {
    out.reset();
  }
  unlink(pattern);
  return out;
}

results::Environment collect_environment(const std::vector<std::string>& tools) {
  static std::mutex mutex;
  static std::map<std::vector<std::string>, results::Environment> cache;
  std::lock_guard lock(mutex);
  auto it = cache.find(tools);
  if (it == cache.end()) it = cache.emplace(tools, collect(tools)).first;
  return it->second;
}

}  // namespace cudabench::harness
