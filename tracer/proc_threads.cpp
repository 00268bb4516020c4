#include "tracer/proc_threads.h"

#include <dirent.h>
#include <time.h>

#include <fstream>
#include <sstream>

namespace cudabench::tracer {
namespace {

uint64_t monotonic_ns() {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return uint64_t(ts.tv_sec) * 1000000000u + uint64_t(ts.tv_nsec);
}

// "voluntary_ctxt_switches:\t12" -> 12
bool status_field(const std::string& line, const char* key, uint64_t& out) {
  size_t n = std::char_traits<char>::length(key);
  if (line.compare(0, n, key) != 0) return false;
  out = std::strtoull(line.c_str() + n, nullptr, 10);
  return true;
}

}  // namespace

std::vector<uint32_t> process_threads(uint32_t tgid) {
  std::vector<uint32_t> tids;
  std::string dir = "/proc/" + std::to_string(tgid) + "/task";
  DIR* d = opendir(dir.c_str());
  if (!d) return tids;
  while (dirent* entry = readdir(d))
    if (entry->d_name[0] >= '0' && entry->d_name[0] <= '9')
      tids.push_back(uint32_t(std::strtoul(entry->d_name, nullptr, 10)));
  closedir(d);
  return tids;
}

std::optional<trace::KernelAccounting> read_thread_accounting(uint32_t tid) {
  trace::KernelAccounting k;
  k.at_ns = monotonic_ns();
  std::string base = "/proc/" + std::to_string(tid);
  std::ifstream schedstat(base + "/schedstat");
  if (!(schedstat >> k.sum_exec_ns >> k.run_delay_ns >> k.pcount)) return std::nullopt;
  std::ifstream status(base + "/status");
  for (std::string line; std::getline(status, line);)
    status_field(line, "voluntary_ctxt_switches:", k.nvcsw) ||
        status_field(line, "nonvoluntary_ctxt_switches:", k.nivcsw);
  return k;
}

std::string thread_comm(uint32_t tid) {
  std::ifstream in("/proc/" + std::to_string(tid) + "/comm");
  std::string comm;
  std::getline(in, comm);
  return comm;
}

}  // namespace cudabench::tracer
