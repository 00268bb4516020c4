#include "results/stats/outlier_cause.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "results/stats/stats.h"

namespace cudabench::results::stats {
namespace {

struct Covariate {
  const char* metric;
  const char* words;  // what a high value means
  const char* unit;
};

// Each a cost the run paid that the workload did not cause.
constexpr Covariate covariates[] = {
    {"steal.ms", "hypervisor steal", "ms"},
    {"irq_time.ms", "hard IRQ time on its CPUs", "ms"},
    {"softirq_time.ms", "soft IRQ time on its CPUs", "ms"},
    {"rusage.nivcsw", "involuntary switches (preempted)", ""},
};

double median_of(std::vector<double> xs) {
  std::sort(xs.begin(), xs.end());
  const size_t n = xs.size();
  return n % 2 ? xs[n / 2] : (xs[n / 2 - 1] + xs[n / 2]) / 2;
}

// "hypervisor steal 120 ms (others: median 3 ms)" when the run's value stands out; else "".
std::string standing_out(const Covariate& c, const RunRecord& run, const std::vector<const RunRecord*>& peers) {
  const auto* mine = run.metric(c.metric);
  if (!mine) return "";
  std::vector<double> xs;
  size_t at = 0;
  for (const auto* p : peers)
    if (const auto* m = p->metric(c.metric); m && std::isfinite(m->value)) {
      if (p == &run) at = xs.size();
      xs.push_back(m->value);
    }
  if (xs.size() < 3) return "";
  const auto z = modified_z_scores(xs);
  const double median = median_of(xs);
  if (z[at] <= outlier_z || xs[at] <= median) return "";
  return fmt::format("{} {:.0f}{}{} (others: median {:.0f}{}{})", c.words, mine->value, *c.unit ? " " : "",
                     c.unit, median, *c.unit ? " " : "", c.unit);
}

// The CPU a traced run's critical thread ran on most (cpu.<n>.residency_pct); -1 when unknown.
int main_cpu(const RunRecord& run) {
  int cpu = -1;
  double best = 0;
  for (const auto& m : run.metrics)
    if (m.name.rfind("cpu.", 0) == 0 && m.name.size() > 18 && m.name.ends_with(".residency_pct") &&
        m.value > best) {
      best = m.value;
      cpu = std::atoi(m.name.c_str() + 4);
    }
  return cpu;
}

// "ran mostly on CPU 5 (the others on CPU 2)" when the run's main CPU is not its peers' usual one.
std::string other_cpu(const RunRecord& run, const std::vector<const RunRecord*>& peers) {
  const int mine = main_cpu(run);
  if (mine < 0) return "";
  std::map<int, int> count;
  for (const auto* p : peers)
    if (p != &run)
      if (int c = main_cpu(*p); c >= 0) ++count[c];
  if (count.empty()) return "";
  const auto usual = std::max_element(count.begin(), count.end(),
                                      [](const auto& a, const auto& b) { return a.second < b.second; });
  if (usual->first == mine) return "";
  return fmt::format("ran mostly on CPU {} (the others on CPU {})", mine, usual->first);
}

}  // namespace

std::string likely_outlier_cause(const RunRecord& run, const std::vector<const RunRecord*>& peers) {
  std::string out;
  auto add = [&](const std::string& part) {
    if (!part.empty()) out += (out.empty() ? "" : "; ") + part;
  };
  for (const auto& c : covariates) add(standing_out(c, run, peers));
  add(other_cpu(run, peers));
  return out.empty() ? "no covariate stands out" : out;
}

}  // namespace cudabench::results::stats
