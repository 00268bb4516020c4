// IRQ figures of analyze_run: hard and soft IRQs that hit traced threads, the soft-IRQ breakdown
// per vector (STUDY.md "Soft-IRQ breakdown per vector"), and the per-CPU whole-window totals.
#include <algorithm>
#include <map>

#include "results/analysis/analysis_detail.h"

namespace cudabench::results::detail {
namespace {

struct IrqTotals {
  uint64_t count = 0, total_ns = 0, max_ns = 0;
  void add(uint64_t d) {
    ++count;
    total_ns += d;
    max_ns = std::max(max_ns, d);
  }
};

void put_totals(std::vector<Metric>& m, const std::string& prefix, const IrqTotals& t) {
  put(m, prefix + ".count", static_cast<double>(t.count), "count");
  put(m, prefix + ".total_ms", static_cast<double>(t.total_ns) / 1e6, "ms");
  if (t.count) {
    put(m, prefix + ".mean_us", static_cast<double>(t.total_ns) / static_cast<double>(t.count) / 1e3, "us");
    put(m, prefix + ".max_us", static_cast<double>(t.max_ns) / 1e3, "us");
  }
}

constexpr size_t known_vectors = sizeof(trace::softirq_names) / sizeof(trace::softirq_names[0]);

// A vector outside the kernel's list (a newer kernel): its name from the trace, else its number.
std::string other_vector_name(const trace::TraceData& t, size_t row) {
  uint32_t name = t.irqs.name[row];
  return name < t.strings.size() && !t.strings[name].empty() ? t.strings[name]
                                                             : "VEC" + std::to_string(t.irqs.number[row]);
}

}  // namespace

void add_irq_metrics(Context& c) {
  const auto& irqs = c.trace.irqs;
  const Window& w = c.window;
  IrqTotals hard, soft;
  IrqTotals known[known_vectors];  // indexed by vector number: no string per IRQ
  std::map<std::string, IrqTotals> per_vector;
  std::vector<uint64_t> hard_ns, soft_ns;
  for (size_t i = 0; i < irqs.size(); ++i) {
    if (irqs.entry_ns[i] < w.start_ns || irqs.entry_ns[i] > w.end_ns) continue;
    uint64_t d = irqs.duration_ns[i];
    if (irqs.kind[i] == static_cast<uint8_t>(trace::IrqKind::hard)) {
      hard.add(d);
      hard_ns.push_back(d);
    } else {
      soft.add(d);
      soft_ns.push_back(d);
      uint32_t vec = irqs.number[i];
      if (vec < known_vectors)
        known[vec].add(d);
      else
        per_vector[other_vector_name(c.trace, i)].add(d);
    }
  }

  for (size_t v = 0; v < known_vectors; ++v)
    if (known[v].count) per_vector[trace::softirq_names[v]] = known[v];
  auto& m = c.out.metrics;
  put_totals(m, "irq.hard", hard);
  put_totals(m, "irq.soft", soft);
  if (c.launches > 0) {
    double per_1k = 1000.0 / static_cast<double>(c.launches);
    put(m, "hardirq_per_1k", static_cast<double>(hard.count) * per_1k, "per_1k");
    put(m, "softirq_per_1k", static_cast<double>(soft.count) * per_1k, "per_1k");
  }
  if (w.length_ns() > 0)  // STUDY.md: total IRQ time (sum of exit durations) as % of runtime
    put(m, "irq_time_pct",
        static_cast<double>(hard.total_ns + soft.total_ns) / static_cast<double>(w.length_ns()) * 100, "%");
  for (const auto& [name, t] : per_vector) {
    std::string prefix = "softirq." + name;
    put(m, prefix + ".count", static_cast<double>(t.count), "count");
    put(m, prefix + ".total_us", static_cast<double>(t.total_ns) / 1e3, "us");
    put(m, prefix + ".mean_us", static_cast<double>(t.total_ns) / static_cast<double>(t.count) / 1e3, "us");
    put(m, prefix + ".max_us", static_cast<double>(t.max_ns) / 1e3, "us");
    put(m, prefix + ".share_pct", static_cast<double>(t.count) / static_cast<double>(soft.count) * 100, "%");
  }
  add_distribution(c.out, "irq.soft.duration", soft_ns);
  add_distribution(c.out, "irq.hard.duration", hard_ns);

  // Whole-window totals on the placement CPUs, whoever was running (trace_data.h CpuIrqTotal).
  for (const auto& cpu : c.trace.cpu_irq) {
    std::string prefix = "cpu_irq." + std::to_string(cpu.cpu);
    put(m, prefix + ".hard_count", static_cast<double>(cpu.hard_count), "count");
    put(m, prefix + ".hard_ms", static_cast<double>(cpu.hard_ns) / 1e6, "ms");
    put(m, prefix + ".soft_count", static_cast<double>(cpu.soft_count), "count");
    put(m, prefix + ".soft_ms", static_cast<double>(cpu.soft_ns) / 1e6, "ms");
  }
}

}  // namespace cudabench::results::detail
