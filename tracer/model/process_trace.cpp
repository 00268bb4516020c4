#include "tracer/model/process_trace.h"

#include <unordered_set>

namespace cudabench::trace {
namespace {

using Rows = std::vector<size_t>;

Rows rows_of(const std::vector<uint32_t>& tid, const std::unordered_set<uint32_t>& tids) {
  Rows rows;
  for (size_t i = 0; i < tid.size(); ++i)
    if (tids.count(tid[i])) rows.push_back(i);
  return rows;
}

template <typename T>
void take(std::vector<T>& out, const std::vector<T>& in, const Rows& rows) {
  out.reserve(rows.size());
  for (size_t i : rows) out.push_back(in[i]);
}

Launches launches_of(const Launches& in, const Rows& rows) {
  Launches out;
  take(out.ts_ns, in.ts_ns, rows);
  take(out.tid, in.tid, rows);
  take(out.api, in.api, rows);
  take(out.grid_x, in.grid_x, rows);
  take(out.grid_y, in.grid_y, rows);
  take(out.grid_z, in.grid_z, rows);
  take(out.block_x, in.block_x, rows);
  take(out.block_y, in.block_y, rows);
  take(out.block_z, in.block_z, rows);
  take(out.shared_mem, in.shared_mem, rows);
  take(out.stream, in.stream, rows);
  return out;
}

OffCpu offcpu_of(const OffCpu& in, const Rows& rows) {
  OffCpu out;
  take(out.out_ns, in.out_ns, rows);
  take(out.in_ns, in.in_ns, rows);
  take(out.wakeup_ns, in.wakeup_ns, rows);
  take(out.tid, in.tid, rows);
  take(out.cpu, in.cpu, rows);
  take(out.in_cpu, in.in_cpu, rows);
  take(out.state, in.state, rows);
  take(out.in_source, in.in_source, rows);
  take(out.next_pid, in.next_pid, rows);
  take(out.next_name, in.next_name, rows);
  return out;
}

Irqs irqs_of(const Irqs& in, const Rows& rows) {
  Irqs out;
  take(out.entry_ns, in.entry_ns, rows);
  take(out.duration_ns, in.duration_ns, rows);
  take(out.tid, in.tid, rows);
  take(out.cpu, in.cpu, rows);
  take(out.kind, in.kind, rows);
  take(out.number, in.number, rows);
  take(out.name, in.name, rows);
  return out;
}

Syncs syncs_of(const Syncs& in, const Rows& rows) {
  Syncs out;
  take(out.enter_ns, in.enter_ns, rows);
  take(out.exit_ns, in.exit_ns, rows);
  take(out.tid, in.tid, rows);
  take(out.api, in.api, rows);
  take(out.offcpu_ns, in.offcpu_ns, rows);
  return out;
}

Markers markers_of(const Markers& in, const Rows& rows) {
  Markers out;
  take(out.ts_ns, in.ts_ns, rows);
  take(out.tid, in.tid, rows);
  take(out.phase, in.phase, rows);
  take(out.token, in.token, rows);
  return out;
}

}  // namespace

TraceData process_trace(const TraceData& all, uint32_t tgid) {
  TraceData out;
  out.tgid = tgid;
  out.start_ns = all.start_ns;
  out.end_ns = all.end_ns;
  out.strings = all.strings;
  out.cpu_irq = all.cpu_irq;
  out.stats = all.stats;
  std::unordered_set<uint32_t> tids;
  for (const auto& t : all.threads)
    if (t.tgid == tgid) {
      out.threads.push_back(t);
      tids.insert(t.tid);
    }
  out.launches = launches_of(all.launches, rows_of(all.launches.tid, tids));
  out.offcpu = offcpu_of(all.offcpu, rows_of(all.offcpu.tid, tids));
  out.irqs = irqs_of(all.irqs, rows_of(all.irqs.tid, tids));
  out.syncs = syncs_of(all.syncs, rows_of(all.syncs.tid, tids));
  out.markers = markers_of(all.markers, rows_of(all.markers.tid, tids));
  return out;
}

}  // namespace cudabench::trace
