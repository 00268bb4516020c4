#include "harness/interferers/readiness.h"

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace cudabench::harness {
namespace {

struct ProcStat {
  pid_t ppid = 0;
  uint64_t cpu_ticks = 0;  // utime + stime
};

// /proc/PID/stat; the command name may hold spaces and parentheses, so fields count from its end.
bool read_stat(pid_t pid, ProcStat& out) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string text;
  if (!std::getline(in, text)) return false;
  const auto close = text.rfind(')');
  if (close == std::string::npos) return false;
  std::istringstream fields(text.substr(close + 2));
  std::string field;
  uint64_t utime = 0, stime = 0;
  // state ppid pgrp session tty_nr tpgid flags minflt cminflt majflt cmajflt utime stime
  for (int i = 1; i <= 13 && fields >> field; ++i) {
    if (i == 2) out.ppid = static_cast<pid_t>(std::stol(field));
    if (i == 12) utime = std::stoull(field);
    if (i == 13) stime = std::stoull(field);
  }
  out.cpu_ticks = utime + stime;
  return static_cast<bool>(fields);
}

template <typename F>
void for_each_child(pid_t parent, F f) {
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator("/proc", ec)) {
    const std::string name = entry.path().filename().string();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    ProcStat st;
    const auto pid = static_cast<pid_t>(std::stol(name));
    if (read_stat(pid, st) && st.ppid == parent) f(pid, st);
  }
}

}  // namespace

std::vector<pid_t> child_pids(pid_t parent) {
  std::vector<pid_t> out;
  for_each_child(parent, [&](pid_t pid, const ProcStat&) { out.push_back(pid); });
  return out;
}

int busy_children(pid_t parent) {
  int busy = 0;
  for_each_child(parent, [&](pid_t, const ProcStat& st) { busy += st.cpu_ticks > 0; });
  return busy;
}

uint64_t io_bytes(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/io");
  uint64_t total = 0;
  std::string key;
  uint64_t value = 0;
  while (in >> key >> value)
    if (key == "rchar:" || key == "wchar:" || key == "read_bytes:" || key == "write_bytes:") total += value;
  return total;
}

uint64_t children_io_bytes(pid_t parent) {
  uint64_t total = 0;
  for (pid_t pid : child_pids(parent)) total += io_bytes(pid);
  return total;
}

}  // namespace cudabench::harness
