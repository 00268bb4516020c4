#include "results/stats/attribution.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "results/stats/cpu_speed.h"

namespace cudabench::results {
namespace {

using stats::Interval;

// Per-block means of one figure of one scenario's runs of one kind.
using ByBlock = std::map<int, double>;

const Metric* find(const RunRecord& r, const std::string& name) {
  return r.metric(name);
}

// The decode time of a run in ms: the workload's own decode time, else tokens / tok/s.
std::optional<double> decode_ms(const RunRecord& r) {
  if (const Metric* m = find(r, "decode_ms")) return m->value;
  const Metric* tokens = find(r, "tokens");
  const Metric* tps = find(r, "tokens_per_s");
  if (tokens && tps && tps->value > 0) return tokens->value / tps->value * 1e3;
  return std::nullopt;
}

template <typename F>
ByBlock per_block(const std::vector<const RunRecord*>& runs, F value) {
  std::map<int, std::pair<double, int>> sum;
  for (const RunRecord* r : runs)
    if (auto v = value(*r)) {
      sum[r->block].first += *v;
      sum[r->block].second += 1;
    }
  ByBlock out;
  for (const auto& [block, s] : sum) out[block] = s.first / s.second;
  return out;
}

ByBlock metric_by_block(const std::vector<const RunRecord*>& runs, const std::string& name,
                        bool absent_is_zero) {
  return per_block(runs, [&](const RunRecord& r) -> std::optional<double> {
    if (const Metric* m = find(r, name)) return m->value;
    return absent_is_zero ? std::optional<double>(0) : std::nullopt;
  });
}

double mean_of(const ByBlock& b) {
  double s = 0;
  for (const auto& [block, v] : b) s += v;
  return b.empty() ? NAN : s / static_cast<double>(b.size());
}

// scenario - baseline: paired by block when two or more blocks hold both, else Welch on the
// blocks' values.
Interval difference(const ByBlock& base, const ByBlock& scen, double level) {
  std::vector<double> d;
  for (const auto& [block, v] : scen)
    if (auto it = base.find(block); it != base.end()) d.push_back(v - it->second);
  if (d.size() >= 2) return stats::t_interval(d, level);
  std::vector<double> a, b;
  for (const auto& [block, v] : base) a.push_back(v);
  for (const auto& [block, v] : scen) b.push_back(v);
  Interval out{NAN, NAN, NAN, 0};
  if (a.size() < 2 || b.size() < 2) return out;  // invalid
  const double sa = stats::stddev(a), sb = stats::stddev(b);
  const double va = sa * sa / static_cast<double>(a.size());
  const double vb = sb * sb / static_cast<double>(b.size());
  const double se = std::sqrt(va + vb);
  const double df =
      (va + vb) * (va + vb) /
      (va * va / static_cast<double>(a.size() - 1) + vb * vb / static_cast<double>(b.size() - 1));
  const double half = stats::student_t_quantile(1 - (1 - level) / 2, df) * se;
  out.estimate = stats::mean(b) - stats::mean(a);
  out.lo = out.estimate - half;
  out.hi = out.estimate + half;
  out.n = static_cast<int>(std::min(a.size(), b.size()));
  return out;
}

// A traced run of `level` (databases from before the sched level stored every traced run as
// launch-level).
bool traced_at(const RunRecord& r, TraceLevel level) {
  return r.trace == level || (level == TraceLevel::launch && r.trace == TraceLevel::none && r.traced);
}

bool counted(const RunRecord& r) {
  return !r.warmup && r.status == RunStatus::ok;
}

struct Side {
  std::vector<const RunRecord*> untraced, traced;
};

std::map<std::string, Side> split(const std::vector<RunRecord>& runs, TraceLevel level) {
  std::map<std::string, Side> by;
  for (const auto& r : runs) {
    if (!counted(r)) continue;
    if (!r.traced && r.trace == TraceLevel::none)
      by[r.scenario].untraced.push_back(&r);
    else if (traced_at(r, level))
      by[r.scenario].traced.push_back(&r);
  }
  return by;
}

// The level both the scenario and the baseline have traced runs of, sched preferred (cheaper).
std::optional<TraceLevel> common_level(const std::vector<RunRecord>& runs, const std::string& a,
                                       const std::string& b) {
  for (TraceLevel level : {TraceLevel::sched, TraceLevel::launch}) {
    std::set<std::string> have;
    for (const auto& r : runs)
      if (counted(r) && traced_at(r, level)) have.insert(r.scenario);
    if (have.count(a) && have.count(b)) return level;
  }
  return std::nullopt;
}

std::optional<double> mean_speed(const std::vector<const RunRecord*>& runs,
                                 const std::map<int, double>& speed) {
  double sum = 0;
  int n = 0;
  for (const RunRecord* r : runs)
    if (auto s = residency_speed(*r, speed)) sum += *s, ++n;
  if (n == 0) return std::nullopt;
  return sum / n;
}

void add_preemptors(const Side& base, const Side& scen, double level, Decomposition& d) {
  std::set<std::string> comms;
  for (const auto* side : {&base, &scen})
    for (const RunRecord* r : side->traced)
      for (const auto& m : r->metrics)
        if (m.name.rfind("preemptor.", 0) == 0 && m.name.size() > 18 &&
            m.name.compare(m.name.size() - 8, 8, ".time_ms") == 0)
          comms.insert(m.name.substr(10, m.name.size() - 18));
  for (const auto& comm : comms) {
    std::string name = "preemptor." + comm + ".time_ms";
    auto delta =
        difference(metric_by_block(base.traced, name, true), metric_by_block(scen.traced, name, true), level);
    // A preemptor whose change is neither measurable nor a tenth of a ms says nothing.
    if (delta.valid() && (delta.excludes(0) || std::fabs(delta.estimate) >= 0.1)) d.preemptors.emplace_back(comm, delta);
  }
  std::sort(d.preemptors.begin(), d.preemptors.end(), [](const auto& x, const auto& y) {
    return std::fabs(x.second.estimate) > std::fabs(y.second.estimate);
  });
  if (d.preemptors.size() > 5) d.preemptors.resize(5);
}

// loss - sum of the known parts, per block where both kinds of run exist.
std::optional<Interval> unexplained(const ByBlock& loss, const std::vector<ByBlock>& part_deltas,
                                    double level) {
  std::vector<double> rest;
  for (const auto& [block, l] : loss) {
    double sum = 0;
    bool all = true;
    for (const auto& p : part_deltas) {
      auto it = p.find(block);
      if (it == p.end()) {
        all = false;
        break;
      }
      sum += it->second;
    }
    if (all) rest.push_back(l - sum);
  }
  if (rest.size() < 2) return std::nullopt;
  return stats::t_interval(rest, level);
}

// Per-block differences scenario - baseline (blocks holding both).
ByBlock deltas(const ByBlock& base, const ByBlock& scen) {
  ByBlock d;
  for (const auto& [block, v] : scen)
    if (auto it = base.find(block); it != base.end()) d[block] = v - it->second;
  return d;
}

}  // namespace

const std::vector<AttributionPart>& attribution_parts() {
  static const std::vector<AttributionPart> parts = {
      {"time.oncpu_ms", "on-CPU"},
      {"time.irq_ms", "IRQ handlers on its CPU"},
      {"time.preempted_ms", "preempted (runnable)"},
      {"time.waiting_ms", "woken, waiting for a CPU"},
      {"time.blocked_ms", "blocked"},
      {"time.sync_ms", "blocked in a sync call"},
      {"time.off_ms", "off-CPU, reason unknown"},
      {"time.unknown_ms", "unknown"},
  };
  return parts;
}

std::vector<Decomposition> decompose_losses(const std::vector<RunRecord>& runs, const std::string& baseline,
                                            const std::vector<CpuCalibration>& calibration, double level) {
  std::vector<Decomposition> out;
  std::set<std::string> names;
  for (const auto& r : runs) names.insert(r.scenario);
  const auto speed = relative_cpu_speed(calibration);
  for (const auto& name : names) {
    if (name == baseline) continue;
    auto lvl = common_level(runs, name, baseline);
    if (!lvl) continue;
    auto sides = split(runs, *lvl);
    const Side& base = sides[baseline];
    const Side& scen = sides[name];
    Decomposition d;
    d.scenario = name;
    d.level = *lvl;
    auto window_b = metric_by_block(base.traced, "time.window_ms", false);
    auto window_s = metric_by_block(scen.traced, "time.window_ms", false);
    d.paired_blocks = static_cast<int>(deltas(window_b, window_s).size());
    d.window_delta_ms = difference(window_b, window_s, level);
    if (!d.window_delta_ms.valid()) continue;
    auto loss_b = per_block(base.untraced, decode_ms), loss_s = per_block(scen.untraced, decode_ms);
    auto loss = difference(loss_b, loss_s, level);
    if (loss.valid()) d.loss_ms = loss;
    std::vector<ByBlock> known_deltas;
    for (const auto& p : attribution_parts()) {
      auto b = metric_by_block(base.traced, p.metric, true), s = metric_by_block(scen.traced, p.metric, true);
      d.parts.push_back({p.metric, p.label, difference(b, s, level), mean_of(b), mean_of(s)});
      if (std::string_view(p.metric) != "time.unknown_ms") known_deltas.push_back(deltas(b, s));
    }
    d.unexplained_ms = unexplained(deltas(loss_b, loss_s), known_deltas, level);
    // Per launch compares like with like only: a CUDA Graph variant launches far less per token.
    const double lb = mean_of(metric_by_block(base.traced, "launches", false)),
                 ls = mean_of(metric_by_block(scen.traced, "launches", false));
    const bool same_pattern = !(lb > 0 && ls > 0) || (ls / lb > 0.5 && ls / lb < 2);
    auto per_launch = difference(metric_by_block(base.traced, "time.oncpu_per_launch_us", false),
                                 metric_by_block(scen.traced, "time.oncpu_per_launch_us", false), level);
    if (per_launch.valid() && same_pattern) d.oncpu_per_launch_delta_us = per_launch;
    auto steal = difference(metric_by_block(base.traced, "steal.ms", false),
                            metric_by_block(scen.traced, "steal.ms", false), level);
    if (steal.valid()) d.steal_delta_ms = steal;
    add_preemptors(base, scen, level, d);
    auto sb = mean_speed(base.traced, speed), ss = mean_speed(scen.traced, speed);
    if (sb && ss && *sb > 0) d.cpu_speed_ratio = *ss / *sb;
    auto speed_of = [&](const RunRecord& r) -> std::optional<double> {
      auto v = residency_speed(r, speed);
      return v ? std::optional<double>(*v * 100) : std::nullopt;
    };
    auto speed_delta = difference(per_block(base.traced, speed_of), per_block(scen.traced, speed_of), level);
    if (speed_delta.valid()) d.cpu_speed_delta_pct = speed_delta;
    out.push_back(std::move(d));
  }
  return out;
}

}  // namespace cudabench::results
