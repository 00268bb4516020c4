#include "results/report/trace_summary.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <map>
#include <vector>

namespace cudabench::results {
namespace {

using trace::TraceData;

double ms(uint64_t ns) {
  return ns / 1e6;
}
double us(uint64_t ns) {
  return ns / 1e3;
}

// Nearest-rank percentile of a sorted sample.
uint64_t percentile(const std::vector<uint64_t>& sorted, double p) {
  if (sorted.empty()) return 0;
  size_t rank = size_t(p / 100.0 * (sorted.size() - 1) + 0.5);
  return sorted[std::min(rank, sorted.size() - 1)];
}

void print_launches(const TraceData& d, std::ostream& out) {
  std::array<uint64_t, trace::launch_api_count> by_api{};
  for (uint8_t api : d.launches.api)
    if (api < by_api.size()) ++by_api[api];
  out << fmt::format("launches: {} kernel launches ({} probe hits)\n", trace::kernel_launches(d),
                     d.launches.size());
  for (int i = 0; i < trace::launch_api_count; ++i)
    if (by_api[i])
      out << fmt::format("  {:<28}{:>10}\n", trace::launch_api_name(trace::LaunchApi(i)), by_api[i]);
  std::array<uint64_t, trace::sync_api_count> count{}, total{}, off{};
  for (size_t i = 0; i < d.syncs.size(); ++i) {
    uint8_t api = d.syncs.api[i];
    if (api >= count.size()) continue;
    ++count[api];
    total[api] += d.syncs.exit_ns[i] - d.syncs.enter_ns[i];
    off[api] += d.syncs.offcpu_ns[i];
  }
  for (int i = 0; i < trace::sync_api_count; ++i)
    if (count[i])
      out << fmt::format("  {:<28}{:>10} calls  {:10.3f} ms inside  {:10.3f} ms off-CPU\n",
                         trace::sync_api_name(trace::SyncApi(i)), count[i], ms(total[i]), ms(off[i]));
}

void print_sched(const TraceData& d, std::ostream& out) {
  const auto& o = d.offcpu;
  uint64_t preempted = 0, off_ns = 0;
  std::map<std::string, uint64_t> preemptors;
  for (size_t i = 0; i < o.size(); ++i) {
    preempted += o.preempted[i] == 1;
    off_ns += (o.in_ns[i] ? o.in_ns[i] : d.end_ns) - o.out_ns[i];
    if (o.preempted[i] == 1) ++preemptors[d.strings[o.next_name[i]]];
  }
  double pct = d.duration_ns() ? 100.0 * off_ns / d.duration_ns() : 0;
  out << fmt::format(
      "switches: {} out ({} preempted, {} not preempted), off-CPU {:.3f} ms summed over "
      "threads ({:.2f}% of the window)\n",
      o.size(), preempted, o.size() - preempted, ms(off_ns), pct);
  std::vector<std::pair<uint64_t, std::string>> top;
  for (auto& [name, n] : preemptors) top.emplace_back(n, name);
  std::sort(top.rbegin(), top.rend());
  for (size_t i = 0; i < std::min<size_t>(top.size(), 5); ++i)
    out << fmt::format("  preempted by {:<20}{:>8}\n", top[i].second, top[i].first);
  std::vector<uint64_t> lat;
  for (size_t i = 0; i < d.wakeups.size(); ++i) lat.push_back(d.wakeups.run_ns[i] - d.wakeups.wakeup_ns[i]);
  std::sort(lat.begin(), lat.end());
  out << fmt::format("run-queue latency: {} wakeups", lat.size());
  if (!lat.empty())
    out << fmt::format(", p50 {:.1f} us  p90 {:.1f} us  p99 {:.1f} us  max {:.1f} us",
                       us(percentile(lat, 50)), us(percentile(lat, 90)), us(percentile(lat, 99)),
                       us(lat.back()));
  out << "\n";
}

void print_irqs(const TraceData& d, std::ostream& out) {
  struct Row {
    uint64_t count = 0, total = 0, max = 0;
  };
  std::map<std::pair<int, std::string>, Row> rows;  // (kind, name)
  for (size_t i = 0; i < d.irqs.size(); ++i) {
    Row& r = rows[{d.irqs.kind[i], d.strings[d.irqs.name[i]]}];
    ++r.count;
    r.total += d.irqs.duration_ns[i];
    r.max = std::max(r.max, d.irqs.duration_ns[i]);
  }
  out << fmt::format("IRQs while a traced thread ran: {}\n", d.irqs.size());
  for (auto& [key, r] : rows)
    out << fmt::format("  {:<5}{:<16}{:>8}  total {:9.3f} ms  mean {:8.2f} us  max {:8.2f} us\n",
                       key.first == int(trace::IrqKind::hard) ? "hard" : "soft", key.second, r.count,
                       ms(r.total), us(r.total) / r.count, us(r.max));
  for (const auto& c : d.cpu_irq)
    out << fmt::format("  cpu{:<3} all IRQs: {} hard ({:.3f} ms), {} soft ({:.3f} ms)\n", c.cpu, c.hard_count,
                       ms(c.hard_ns), c.soft_count, ms(c.soft_ns));
}

void print_tracer(const TraceData& d, std::ostream& out) {
  const auto& s = d.stats;
  uint64_t dropped = 0;
  for (auto& [type, n] : s.drops) dropped += n;
  out << fmt::format("tracer: {} records, {} dropped", s.events, dropped);
  for (auto& [type, n] : s.drops) out << fmt::format(" [{} {}]", type, n);
  out << fmt::format(", ring buffer {} MiB\n", s.ringbuf_bytes >> 20);
  if (s.bpf_run_count)
    out << fmt::format("  BPF: {} program runs, {:.3f} ms, {:.0f} ns per run; consumer CPU {:.3f} ms\n",
                       s.bpf_run_count, ms(s.bpf_run_ns), double(s.bpf_run_ns) / s.bpf_run_count,
                       ms(s.consumer_cpu_ns));
}

}  // namespace

void print_summary(const TraceData& d, std::ostream& out) {
  out << fmt::format("traced pid {}: {:.3f} s, {} threads\n", d.tgid, d.duration_ns() / 1e9,
                     d.threads.size());
  print_launches(d, out);
  if (d.markers.size()) {
    size_t tokens = std::count(d.markers.phase.begin(), d.markers.phase.end(), uint32_t(trace::Phase::token));
    out << fmt::format("phase markers: {} ({} token boundaries)\n", d.markers.size(), tokens);
  }
  print_sched(d, out);
  print_irqs(d, out);
  print_tracer(d, out);
}

}  // namespace cudabench::results
