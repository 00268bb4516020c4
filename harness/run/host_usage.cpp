#include "harness/run/host_usage.h"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <string>

namespace cudabench::harness {
namespace {

double ms(const timeval& t) {
  return static_cast<double>(t.tv_sec) * 1e3 + static_cast<double>(t.tv_usec) / 1e3;
}

}  // namespace

ChildUsage::ChildUsage() {
  getrusage(RUSAGE_CHILDREN, &before_);
}

std::vector<results::Metric> ChildUsage::finish(double wall_s) const {
  rusage after{};
  getrusage(RUSAGE_CHILDREN, &after);
  double user = ms(after.ru_utime) - ms(before_.ru_utime);
  double sys = ms(after.ru_stime) - ms(before_.ru_stime);
  std::vector<results::Metric> m = {
      {"rusage.user_ms", user, "ms"},
      {"rusage.sys_ms", sys, "ms"},
      {"rusage.nvcsw", static_cast<double>(after.ru_nvcsw - before_.ru_nvcsw), "count"},
      {"rusage.nivcsw", static_cast<double>(after.ru_nivcsw - before_.ru_nivcsw), "count"},
  };
  if (wall_s > 0) m.push_back({"rusage.cpu_pct", (user + sys) / (wall_s * 1e3) * 100, "%"});
  return m;
}

CpuTimes CpuTimes::read() {
  CpuTimes t;
  std::ifstream in("/proc/stat");
  for (std::string line; std::getline(in, line);) {
    // "cpuN user nice system idle iowait irq softirq steal ..."
    if (line.compare(0, 3, "cpu") != 0 || line.size() < 4 || line[3] < '0' || line[3] > '9') continue;
    std::istringstream fields(line.substr(3));
    Cpu c;
    uint64_t user, nice, system, idle, iowait;
    if (fields >> c.cpu >> user >> nice >> system >> idle >> iowait >> c.irq >> c.softirq >> c.steal)
      t.cpus.push_back(c);
  }
  return t;
}

std::vector<results::Metric> cpu_time_metrics(const CpuTimes& before, const CpuTimes& after,
                                              const std::vector<int>& cpus) {
  const double tick_ms = 1000.0 / static_cast<double>(sysconf(_SC_CLK_TCK));
  double steal = 0, irq = 0, softirq = 0;
  std::vector<results::Metric> m;
  for (const auto& a : after.cpus) {
    if (!cpus.empty() && std::find(cpus.begin(), cpus.end(), a.cpu) == cpus.end()) continue;
    auto b = std::find_if(before.cpus.begin(), before.cpus.end(),
                          [&](const CpuTimes::Cpu& x) { return x.cpu == a.cpu; });
    if (b == before.cpus.end()) continue;
    double s = static_cast<double>(a.steal - b->steal) * tick_ms;
    steal += s;
    irq += static_cast<double>(a.irq - b->irq) * tick_ms;
    softirq += static_cast<double>(a.softirq - b->softirq) * tick_ms;
    if (s > 0) m.push_back({fmt::format("steal.{}_ms", a.cpu), s, "ms"});
  }
  m.push_back({"steal.ms", steal, "ms"});
  m.push_back({"irq_time.ms", irq, "ms"});
  m.push_back({"softirq_time.ms", softirq, "ms"});
  return m;
}

}  // namespace cudabench::harness
