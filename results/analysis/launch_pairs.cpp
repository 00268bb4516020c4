// Launch-pair, tail-attribution and burst analysis (STUDY.md "Launch-pair analysis", "Tail
// attribution", "Burst analysis"), per process: one pass over each process's launches, merged with
// each launching thread's off-CPU intervals through a forward-only cursor: O(launches + switches),
// plus linear-time selection for the exact percentiles.
#include <algorithm>
#include <unordered_map>

#include "results/analysis/analysis_detail.h"

namespace cudabench::results::detail {
namespace {

// Off-CPU time of one thread overlapping the open interval (a, b); sets `hit` when any interval
// overlaps. Pairs arrive with non-decreasing a, and one thread's off-CPU intervals are disjoint
// and sorted, so rows that ended by a are never needed again and the cursor only moves forward.
uint64_t overlap_in(const trace::TraceData& t, const std::vector<uint32_t>& rows, size_t& cursor, uint64_t a,
                    uint64_t b, bool& hit) {
  const auto& off = t.offcpu;
  while (cursor < rows.size() && row_end(t, rows[cursor]) <= a) ++cursor;
  uint64_t total = 0;
  for (size_t k = cursor; k < rows.size(); ++k) {
    uint64_t out = off.out_ns[rows[k]];
    if (out >= b) break;
    uint64_t in = row_end(t, rows[k]);
    if (in <= a || in <= out) continue;  // ended before the pair, or a corrupt row
    hit = true;
    total += std::min(in, b) - std::max(out, a);
  }
  return total;
}

uint64_t count_at_or_above(const std::vector<uint64_t>& values, double threshold) {
  return static_cast<uint64_t>(std::count_if(
      values.begin(), values.end(), [&](uint64_t v) { return static_cast<double>(v) >= threshold; }));
}

void attribute_tails(PairSummary& s) {
  std::vector<uint64_t> all;
  all.reserve(s.a.size() + s.b.size());
  all.insert(all.end(), s.a.begin(), s.a.end());
  all.insert(all.end(), s.b.begin(), s.b.end());
  if (all.empty()) return;
  Quantiles q = quantiles(all);
  const double thresholds[2] = {q.p95, q.p99};
  for (int k = 0; k < 2; ++k) {
    double threshold = thresholds[k];
    s.tail_with_switch[k] = count_at_or_above(s.b, threshold);
    s.tail_count[k] = count_at_or_above(s.a, threshold) + s.tail_with_switch[k];
  }
}

// The window's launches split by process (thread -> tgid from the thread table), each in time
// order: pairs never join two processes' launches.
std::vector<std::vector<size_t>> launches_by_process(const trace::TraceData& t, const Window& w) {
  std::unordered_map<uint32_t, size_t> process_of_tgid;
  std::vector<std::vector<size_t>> out;
  uint32_t last_tid = UINT32_MAX;
  size_t last_process = 0;
  for (size_t i = w.launch_begin; i < w.launch_end; ++i) {
    uint32_t tid = t.launches.tid[i];
    if (tid != last_tid) {
      const trace::ThreadInfo* info = t.thread(tid);
      uint32_t tgid = info && info->tgid ? info->tgid : t.tgid;
      auto [it, added] = process_of_tgid.try_emplace(tgid, out.size());
      if (added) out.emplace_back();
      last_tid = tid;
      last_process = it->second;
    }
    out[last_process].push_back(i);
  }
  return out;
}

}  // namespace

PairSummary analyze_pairs(const trace::TraceData& trace, const Window& window,
                          const LaunchingThreads& threads, const AnalysisOptions& options) {
  PairSummary s;
  const auto& launches = trace.launches;
  std::vector<size_t> cursor(threads.offcpu_rows.size(), 0);

  ThreadLookup position(threads);
  auto offcpu_of = [&](int64_t pos, uint64_t a, uint64_t b, bool& hit) -> uint64_t {
    if (pos < 0) return 0;
    auto p = static_cast<size_t>(pos);
    return overlap_in(trace, threads.offcpu_rows[p], cursor[p], a, b, hit);
  };

  for (const auto& process : launches_by_process(trace, window)) {
    uint64_t run_launches = 1;
    bool run_hit = false;
    auto close_run = [&] {
      if (run_launches >= options.burst_min_launches) {
        ++s.bursts;
        if (run_hit) ++s.bursts_interrupted;
      }
    };
    for (size_t k = 0; k + 1 < process.size(); ++k) {
      size_t i = process[k], j = process[k + 1];
      uint64_t a = launches.ts_ns[i], b = launches.ts_ns[j];
      int64_t p = position(launches.tid[i]);
      int64_t q = position(launches.tid[j]);
      bool hit = false;
      uint64_t off = offcpu_of(p, a, b, hit);
      if (q != p) off += offcpu_of(q, a, b, hit);
      if (hit) {
        s.b.push_back(b - a);
        s.b_offcpu_ns += off;
      } else {
        s.a.push_back(b - a);
      }
      if (b - a < options.burst_gap_ns) {
        ++run_launches;
        run_hit = run_hit || hit;
      } else {
        close_run();
        run_launches = 1;
        run_hit = false;
      }
    }
    if (!process.empty()) close_run();
  }

  attribute_tails(s);
  return s;
}

}  // namespace cudabench::results::detail
