// analyze_run: the window, launches, launch pairs and token markers; the scheduler and IRQ figures
// live in analysis_sched.cpp and analysis_irq.cpp. Definitions are in analysis.h.
#include "results/analysis/analysis.h"

#include <algorithm>
#include <cmath>
#include <tuple>

#include "common/percentile.h"
#include "results/analysis/analysis_detail.h"

namespace cudabench::results {
namespace detail {

void put(std::vector<Metric>& out, std::string name, double value, const char* unit) {
  out.push_back({std::move(name), value, unit});
}

void put_quantiles_us(std::vector<Metric>& out, const std::string& prefix, const Quantiles& q) {
  put(out, prefix + ".p50_us", q.p50 / 1e3, "us");
  put(out, prefix + ".p90_us", q.p90 / 1e3, "us");
  put(out, prefix + ".p95_us", q.p95 / 1e3, "us");
  put(out, prefix + ".p99_us", q.p99 / 1e3, "us");
  put(out, prefix + ".max_us", static_cast<double>(q.max) / 1e3, "us");
  put(out, prefix + ".mean_us", q.mean / 1e3, "us");
}

void add_distribution(RunAnalysis& out, std::string name, const std::vector<uint64_t>& values_ns) {
  if (values_ns.empty()) return;
  RunDistribution d{std::move(name), "ns", {}};
  for (uint64_t v : values_ns) d.histogram.add(v);
  out.distributions.push_back(std::move(d));
}

uint64_t clipped_ns(uint64_t from, uint64_t to, const Window& window) {
  uint64_t lo = std::max(from, window.start_ns), hi = std::min(to, window.end_ns);
  return hi > lo ? hi - lo : 0;
}

Quantiles quantiles(std::vector<uint64_t>& values) {
  Quantiles q;
  long double sum = 0;
  for (uint64_t v : values) {
    sum += v;
    q.max = std::max(q.max, v);
  }
  q.mean = static_cast<double>(sum / values.size());
  auto p = percentiles(values, {50, 90, 95, 99});
  q.p50 = p[0], q.p90 = p[1], q.p95 = p[2], q.p99 = p[3];
  return q;
}

namespace {

Window find_window(const trace::TraceData& t, const AnalysisOptions& options) {
  Window w{t.start_ns, t.end_ns};
  if (w.end_ns <= w.start_ns && t.launches.size()) {
    // A trace without bounds (built by hand, imported): its launches bound it.
    w.start_ns = t.launches.ts_ns.front();
    w.end_ns = t.launches.ts_ns.back();
  }
  if (options.decode_phase_only) {
    const auto& m = t.markers;
    uint64_t start = UINT64_MAX, end = 0;
    for (size_t i = 0; i < m.size(); ++i)
      if (m.phase[i] == static_cast<uint32_t>(trace::Phase::decode_start))
        start = std::min(start, m.ts_ns[i]);
    for (size_t i = 0; i < m.size(); ++i)
      if (m.phase[i] == static_cast<uint32_t>(trace::Phase::end) && m.ts_ns[i] > start && start != UINT64_MAX)
        end = std::max(end, m.ts_ns[i]);
    if (end > start) w = {start, end, true};
  }
  const auto& ts = t.launches.ts_ns;
  w.launch_begin = static_cast<size_t>(std::lower_bound(ts.begin(), ts.end(), w.start_ns) - ts.begin());
  w.launch_end = static_cast<size_t>(std::upper_bound(ts.begin(), ts.end(), w.end_ns) - ts.begin());
  w.launch_end = std::max(w.launch_end, w.launch_begin);
  return w;
}

LaunchingThreads find_launching_threads(const trace::TraceData& t, const Window& w) {
  LaunchingThreads threads;
  uint32_t last = 0;
  bool have_last = false;
  for (size_t i = w.launch_begin; i < w.launch_end; ++i) {
    uint32_t tid = t.launches.tid[i];
    if (have_last && tid == last) continue;
    last = tid;
    have_last = true;
    if (threads.index.emplace(tid, static_cast<uint32_t>(threads.offcpu_rows.size())).second) {
      threads.offcpu_rows.emplace_back();
      threads.tids.push_back(tid);
    }
  }
  const auto& off = t.offcpu;
  ThreadLookup position(threads);
  for (size_t r = 0; r < off.size(); ++r) {
    int64_t pos = position(off.tid[r]);
    if (pos >= 0) threads.offcpu_rows[static_cast<size_t>(pos)].push_back(static_cast<uint32_t>(r));
  }
  // The contract says the table is sorted by out_ns; an unsorted one (a hand-edited import)
  // would silently break the forward-only merge in launch_pairs.cpp, so restore the order.
  for (auto& rows : threads.offcpu_rows) {
    auto by_out = [&](uint32_t x, uint32_t y) { return off.out_ns[x] < off.out_ns[y]; };
    if (!std::is_sorted(rows.begin(), rows.end(), by_out)) std::sort(rows.begin(), rows.end(), by_out);
  }
  return threads;
}

void add_launch_metrics(Context& c) {
  auto& out = c.out.metrics;
  if (c.window.launch_end == c.window.launch_begin) return;  // a sched-level trace: none recorded
  put(out, "launches", static_cast<double>(c.window.launch_end - c.window.launch_begin), "count");
  uint64_t per_api[trace::launch_api_count] = {};
  for (size_t i = c.window.launch_begin; i < c.window.launch_end; ++i) {
    uint8_t api = c.trace.launches.api[i];
    if (api < trace::launch_api_count) ++per_api[api];
  }
  for (int a = 0; a < trace::launch_api_count; ++a)
    if (per_api[a])
      put(out, std::string("launches.") + trace::launch_api_name(static_cast<trace::LaunchApi>(a)),
          static_cast<double>(per_api[a]), "count");
}

void add_pair_metrics(Context& c) {
  if (c.window.launch_end - c.window.launch_begin < 2) return;
  PairSummary s = analyze_pairs(c.trace, c.window, c.threads, c.options);
  auto& out = c.out.metrics;
  const double total = static_cast<double>(s.a.size() + s.b.size());
  put(out, "pairs.total", total, "count");
  add_distribution(c.out, "launch_interval.a", s.a);
  add_distribution(c.out, "launch_interval.b", s.b);
  Quantiles qa, qb;
  for (auto [group, values, q] : {std::tuple{"a", &s.a, &qa}, std::tuple{"b", &s.b, &qb}}) {
    std::string prefix = std::string("pairs.") + group;
    put(out, prefix + ".count", static_cast<double>(values->size()), "count");
    put(out, prefix + ".share_pct", static_cast<double>(values->size()) / total * 100, "%");
    if (!values->empty()) {
      *q = quantiles(*values);
      put_quantiles_us(out, prefix, *q);
    }
  }
  put(out, "pairs.b.offcpu_ms", static_cast<double>(s.b_offcpu_ns) / 1e6, "ms");
  if (c.window.length_ns() > 0)
    put(out, "pairs.b.offcpu_pct",
        static_cast<double>(s.b_offcpu_ns) / static_cast<double>(c.window.length_ns()) * 100, "%");
  if (!s.a.empty() && !s.b.empty()) {
    put(out, "penalty.p50_us", (qb.p50 - qa.p50) / 1e3, "us");
    put(out, "penalty.p90_us", (qb.p90 - qa.p90) / 1e3, "us");
    double runtime_ns = static_cast<double>(c.window.length_ns());
    if (runtime_ns > 0)  // STUDY.md: |B| x penalty / runtime (62 x 15 ms / 79.5 s = 1.2%)
      put(out, "sched_impact_pct", static_cast<double>(s.b.size()) * (qb.p50 - qa.p50) / runtime_ns * 100,
          "%");
  }
  const char* levels[2] = {"p95", "p99"};
  for (int k = 0; k < 2; ++k) {
    std::string prefix = std::string("tail.") + levels[k];
    put(out, prefix + ".count", static_cast<double>(s.tail_count[k]), "count");
    put(out, prefix + ".with_switch", static_cast<double>(s.tail_with_switch[k]), "count");
    if (s.tail_count[k])
      put(out, prefix + ".switch_share_pct",
          static_cast<double>(s.tail_with_switch[k]) / static_cast<double>(s.tail_count[k]) * 100, "%");
  }
  put(out, "bursts.count", static_cast<double>(s.bursts), "count");
  put(out, "bursts.interrupted", static_cast<double>(s.bursts_interrupted), "count");
}

// Per-token latency: gaps between consecutive Phase::token markers inside the window.
void add_token_metrics(Context& c) {
  const auto& m = c.trace.markers;
  std::vector<uint64_t> ts;
  for (size_t i = 0; i < m.size(); ++i)
    if (m.phase[i] == static_cast<uint32_t>(trace::Phase::token) && m.ts_ns[i] >= c.window.start_ns &&
        m.ts_ns[i] <= c.window.end_ns)
      ts.push_back(m.ts_ns[i]);
  if (ts.empty()) return;
  std::sort(ts.begin(), ts.end());
  put(c.out.metrics, "tokens.count", static_cast<double>(ts.size()), "count");
  std::vector<uint64_t> gaps;
  for (size_t i = 1; i < ts.size(); ++i) gaps.push_back(ts[i] - ts[i - 1]);
  if (gaps.empty()) return;
  add_distribution(c.out, "token_latency", gaps);
  put_quantiles_us(c.out.metrics, "token.latency", quantiles(gaps));
}

// What the tracer cost and lost (trace_data.h TracerStats): drops make a run invalid
// (METHODOLOGY.md), so the store needs them next to the figures they would have distorted.
void add_tracer_metrics(Context& c) {
  const auto& st = c.trace.stats;
  if (st.events == 0 && st.drops.empty()) return;  // not recorded (an imported trace)
  auto& m = c.out.metrics;
  uint64_t drops = 0;
  for (const auto& [type, n] : st.drops) {
    drops += n;
    put(m, "tracer.drops." + type, static_cast<double>(n), "count");
  }
  put(m, "tracer.events", static_cast<double>(st.events), "count");
  put(m, "tracer.drops", static_cast<double>(drops), "count");
  if (st.bpf_run_count) {
    put(m, "tracer.bpf_run_ms", static_cast<double>(st.bpf_run_ns) / 1e6, "ms");
    put(m, "tracer.bpf_runs", static_cast<double>(st.bpf_run_count), "count");
  }
  if (st.consumer_cpu_ns)
    put(m, "tracer.consumer_cpu_ms", static_cast<double>(st.consumer_cpu_ns) / 1e6, "ms");
  uint64_t recovered = 0, unknown = 0;
  for (uint8_t source : c.trace.offcpu.in_source) {
    recovered += source == uint8_t(trace::InSource::recovered);
    unknown += source == uint8_t(trace::InSource::evidence) || source == uint8_t(trace::InSource::unseen);
  }
  put(m, "tracer.switch_ins_recovered", static_cast<double>(recovered), "count");
  put(m, "tracer.switch_ins_unknown", static_cast<double>(unknown), "count");
}

// The thread whose time the run is about (analysis.h "Critical thread").
uint32_t critical_thread(const trace::TraceData& t, const Window& w) {
  std::unordered_map<uint32_t, uint64_t> count;
  for (size_t i = w.launch_begin; i < w.launch_end; ++i) ++count[t.launches.tid[i]];
  uint32_t best = 0;
  uint64_t most = 0;
  for (auto [tid, n] : count)
    if (n > most || (n == most && tid < best)) best = tid, most = n;
  if (best) return best;
  for (size_t i = 0; i < t.markers.size(); ++i)
    if (t.markers.phase[i] == static_cast<uint32_t>(trace::Phase::decode_start)) return t.markers.tid[i];
  uint64_t longest = 0;
  for (const auto& th : t.threads) {
    if (th.tgid && th.tgid != t.tgid) continue;
    auto states = trace::state_totals(t, th.tid, trace::thread_timeline(t, th.tid, w.start_ns, w.end_ns));
    if (states.at(trace::ThreadState::running) > longest)
      best = th.tid, longest = states.at(trace::ThreadState::running);
  }
  return best;
}

}  // namespace
}  // namespace detail

const Metric* RunAnalysis::metric(const std::string& name) const {
  for (const auto& m : metrics)
    if (m.name == name) return &m;
  return nullptr;
}

RunAnalysis analyze_run(const trace::TraceData& trace, const AnalysisOptions& options) {
  using namespace detail;
  RunAnalysis result;
  Window window = find_window(trace, options);
  uint64_t launches = window.launch_end - window.launch_begin;
  Context c{trace,  options,
            window, find_launching_threads(trace, window),
            result, launches ? launches : options.launches,
            0,      {}};
  c.critical = critical_thread(trace, window);
  if (c.critical)
    c.critical_states = trace::state_totals(
        trace, c.critical, trace::thread_timeline(trace, c.critical, window.start_ns, window.end_ns));
  result.window_start_ns = window.start_ns;
  result.window_end_ns = window.end_ns;
  result.decode_window = window.decode;
  result.critical_tid = c.critical;
  put(result.metrics, "window.decode_only", window.decode ? 1 : 0, "bool");
  if (window.length_ns() > 0)
    put(result.metrics, "runtime_s", static_cast<double>(window.length_ns()) / 1e9, "s");
  add_launch_metrics(c);
  add_sched_metrics(c);
  add_attribution_metrics(c);
  add_pair_metrics(c);
  add_irq_metrics(c);
  add_token_metrics(c);
  add_tracer_metrics(c);
  return result;
}

std::vector<Metric> preemptor_metrics(const std::vector<Preemptor>& preemptors) {
  std::vector<Metric> out;
  for (const auto& p : preemptors) {
    std::string comm = p.comm.empty() ? "unknown" : p.comm;
    for (char& ch : comm)
      if (ch == '.' || ch == ' ' || ch == '\t') ch = '_';
    out.push_back({"preemptor." + comm + ".count", static_cast<double>(p.count), "count"});
    out.push_back({"preemptor." + comm + ".time_ms", static_cast<double>(p.time_ns) / 1e6, "ms"});
  }
  return out;
}

}  // namespace cudabench::results
