#include "results/report/trace_summary.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <map>
#include <optional>
#include <vector>

namespace cudabench::results {
namespace {

using trace::TraceData;

double ms(uint64_t ns) {
  return static_cast<double>(ns) / 1e6;
}

class Figures {
 public:
  explicit Figures(const RunAnalysis& a) : a_(a) {}
  std::optional<double> get(const std::string& name) const {
    const Metric* m = a_.metric(name);
    return m ? std::optional<double>(m->value) : std::nullopt;
  }
  double or0(const std::string& name) const { return get(name).value_or(0); }

 private:
  const RunAnalysis& a_;
};

std::string thread_name(const TraceData& d, uint32_t tid) {
  const trace::ThreadInfo* t = d.thread(tid);
  return t && !t->comm.empty() ? fmt::format("{} ({})", tid, t->comm) : std::to_string(tid);
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

// The critical thread's window by state (analysis.h "Critical thread"), and the kernel's verdict.
void print_time(const TraceData& d, const RunAnalysis& a, const Figures& f, std::ostream& out) {
  if (!a.critical_tid || !f.get("time.window_ms")) return;
  double window = f.or0("time.window_ms");
  out << fmt::format("where the time went: thread {}, {:.3f} ms\n", thread_name(d, a.critical_tid), window);
  struct Part {
    const char* label;
    const char* metric;
  };
  const Part parts[] = {{"on-CPU", "time.oncpu_ms"},
                        {"IRQ handlers", "time.irq_ms"},
                        {"preempted", "time.preempted_ms"},
                        {"woken, waiting for a CPU", "time.waiting_ms"},
                        {"blocked", "time.blocked_ms"},
                        {"blocked in a sync call", "time.sync_ms"},
                        {"off-CPU (why unknown)", "time.off_ms"},
                        {"unknown", "time.unknown_ms"}};
  for (const Part& p : parts) {
    double v = f.or0(p.metric);
    if (v == 0 && std::string_view(p.metric) != "time.oncpu_ms") continue;
    out << fmt::format("  {:<26}{:>11.3f} ms {:>6.2f}%", p.label, v, window > 0 ? v / window * 100 : 0);
    if (std::string_view(p.metric) == "time.oncpu_ms" && f.get("time.oncpu_per_launch_us"))
      out << fmt::format("  ({:.2f} us per launch)", *f.get("time.oncpu_per_launch_us"));
    out << "\n";
  }
  for (const auto& p : a.top_preemptors)
    out << fmt::format("    preempted by {:<20}{:>6}x {:>10.3f} ms\n", p.comm.empty() ? "?" : p.comm, p.count,
                       ms(p.time_ns));
  if (auto n = f.get("tracer.preemptions"); n && *n > 0)
    out << fmt::format("    of which by the tracer's consumer {:>6.0f}x {:>10.3f} ms\n", *n,
                       f.or0("tracer.preempted_ms"));
  if (auto span = f.get("check.span_ms"))
    out << fmt::format(
        "  kernel check over {:.3f} ms: on-CPU {:.3f} vs kernel {:.3f} ms, runnable {:.3f} vs {:.3f} ms, "
        "{}\n",
        *span, f.or0("check.trace_running_ms"), f.or0("check.kernel_running_ms"),
        f.or0("check.trace_runnable_ms"), f.or0("check.kernel_runnable_ms"),
        a.disagreement.empty() ? "agrees" : "DISAGREES: " + a.disagreement);
}

void print_sched(const Figures& f, std::ostream& out) {
  out << fmt::format("switches: {:.0f} out ({:.0f} preempted, {:.0f} blocked)", f.or0("switches"),
                     f.or0("switches.preempted"), f.or0("switches.blocked"));
  if (auto s = f.get("sched_per_1k"))
    out << fmt::format(", Sched/1K {:.2f} ({:.2f} in the original's convention)", *s,
                       f.or0("sched_per_1k_orig"));
  if (auto off = f.get("offcpu_pct"))
    out << fmt::format(", critical thread off-CPU {:.2f}% of the window", *off);
  out << "\n";
  out << fmt::format("run-queue latency: {:.0f} wakeups", f.or0("runq.count"));
  if (f.get("runq.p50_us"))
    out << fmt::format(", p50 {:.1f} us  p90 {:.1f} us  p99 {:.1f} us  max {:.1f} us", f.or0("runq.p50_us"),
                       f.or0("runq.p90_us"), f.or0("runq.p99_us"), f.or0("runq.max_us"));
  out << "\n";
}

void print_irqs(const TraceData& d, const RunAnalysis& a, std::ostream& out) {
  struct Row {
    uint64_t count = 0, total = 0, max = 0;
  };
  std::map<std::pair<int, std::string>, Row> rows;  // (kind, name)
  size_t n = 0;
  for (size_t i = 0; i < d.irqs.size(); ++i) {
    if (d.irqs.entry_ns[i] < a.window_start_ns || d.irqs.entry_ns[i] > a.window_end_ns) continue;
    ++n;
    Row& r = rows[{d.irqs.kind[i], d.strings[d.irqs.name[i]]}];
    ++r.count;
    r.total += d.irqs.duration_ns[i];
    r.max = std::max(r.max, d.irqs.duration_ns[i]);
  }
  out << fmt::format("IRQs while a traced thread ran: {}\n", n);
  for (auto& [key, r] : rows)
    out << fmt::format("  {:<5}{:<16}{:>8}  total {:9.3f} ms  mean {:8.2f} us  max {:8.2f} us\n",
                       key.first == int(trace::IrqKind::hard) ? "hard" : "soft", key.second, r.count,
                       ms(r.total), ms(r.total) * 1e3 / double(r.count), ms(r.max) * 1e3);
  for (const auto& c : d.cpu_irq)
    out << fmt::format("  cpu{:<3} all IRQs (whole trace): {} hard ({:.3f} ms), {} soft ({:.3f} ms)\n", c.cpu,
                       c.hard_count, ms(c.hard_ns), c.soft_count, ms(c.soft_ns));
}

void print_tracer(const TraceData& d, const Figures& f, std::ostream& out) {
  const auto& s = d.stats;
  uint64_t dropped = 0;
  for (auto& [type, n] : s.drops) dropped += n;
  out << fmt::format("tracer: {} records, {} dropped", s.events, dropped);
  for (auto& [type, n] : s.drops) out << fmt::format(" [{} {}]", type, n);
  out << fmt::format(", ring buffer {} MiB", s.ringbuf_bytes >> 20);
  if (auto r = f.get("tracer.switch_ins_recovered"); r && *r > 0)
    out << fmt::format(", {:.0f} switch-ins recovered from the kernel's accounting", *r);
  if (auto u = f.get("tracer.switch_ins_unknown"); u && *u > 0)
    out << fmt::format(", {:.0f} switch-ins not placed", *u);
  out << "\n";
  if (s.bpf_run_count)
    out << fmt::format("  BPF: {} program runs, {:.3f} ms, {:.0f} ns per run; consumer CPU {:.3f} ms\n",
                       s.bpf_run_count, ms(s.bpf_run_ns), double(s.bpf_run_ns) / double(s.bpf_run_count),
                       ms(s.consumer_cpu_ns));
}

}  // namespace

void print_summary(const TraceData& d, const RunAnalysis& a, std::ostream& out) {
  Figures f(a);
  out << fmt::format("traced pid {}: {:.3f} s, {} threads; analysis window {:.3f} s ({})\n", d.tgid,
                     double(d.duration_ns()) / 1e9, d.threads.size(),
                     double(a.window_end_ns - a.window_start_ns) / 1e9,
                     a.decode_window ? "the decode phase, from the workload's markers" : "the whole trace");
  print_launches(d, out);
  if (d.markers.size()) {
    size_t tokens = std::count(d.markers.phase.begin(), d.markers.phase.end(), uint32_t(trace::Phase::token));
    out << fmt::format("phase markers: {} ({} token boundaries)\n", d.markers.size(), tokens);
  }
  print_time(d, a, f, out);
  print_sched(f, out);
  print_irqs(d, a, out);
  print_tracer(d, f, out);
}

}  // namespace cudabench::results
