#include "results/trace/csv_build.h"

#include <algorithm>

#include "tracer/model/builder.h"

namespace cudabench::results {

// Open IRQ entries per CPU and kind: a stack each, so nesting pairs the right rows.
class IrqPairs {
 public:
  void enter(uint32_t cpu, uint8_t kind, uint64_t ts) { open_[key(cpu, kind)].push_back(ts); }
  // The entry time of the handler ending now, or 0 when its entry is not in the trace.
  uint64_t exit(uint32_t cpu, uint8_t kind) {
    auto it = open_.find(key(cpu, kind));
    if (it == open_.end() || it->second.empty()) return 0;
    uint64_t ts = it->second.back();
    it->second.pop_back();
    return ts;
  }

 private:
  static uint64_t key(uint32_t cpu, uint8_t kind) { return uint64_t(cpu) << 8 | kind; }
  std::unordered_map<uint64_t, std::vector<uint64_t>> open_;
};

void CsvBuilder::note_time(uint64_t ts) {
  auto rel = static_cast<int64_t>(ts);  // the original's relative times wrap below its first event
  min_rel_ = std::min(min_rel_, rel);
  max_rel_ = std::max(max_rel_, rel);
}

void CsvBuilder::seen(uint64_t ts, uint32_t pid, uint32_t tid, std::string_view comm, bool is_launch) {
  note_time(ts);
  if (!have_pid_) {
    first_pid_ = pid;
    have_pid_ = true;
  }
  if (is_launch && !have_tgid_) {
    tgid_ = pid;
    have_tgid_ = true;
  }
  if (tid != last_tid_) {
    threads_.try_emplace(tid, pid, std::string(comm));
    last_tid_ = tid;
  }
}

void CsvBuilder::launch(uint64_t ts, uint32_t tid, uint8_t api, const uint32_t dims[7], uint64_t stream) {
  LaunchRow row;
  std::copy(dims, dims + 7, row.dims);
  row.stream = stream;
  events_.push_back({ts, Kind::launch, api, tid, 0, static_cast<uint32_t>(launches_.size())});
  launches_.push_back(row);
}

void CsvBuilder::sync(uint64_t ts, uint32_t tid, bool enter) {
  events_.push_back({ts, enter ? Kind::sync_enter : Kind::sync_exit, 0, tid, 0, 0});
}

void CsvBuilder::sched_switch(uint64_t ts, uint32_t tid, uint32_t cpu, bool out, uint64_t absolute_ns) {
  if (!have_base_) {
    base_ = absolute_ns - ts;  // absolute = base + relative
    have_base_ = true;
  }
  events_.push_back({ts, out ? Kind::out : Kind::in, 0, tid, cpu, 0});
}

void CsvBuilder::irq_entry(uint64_t ts, uint32_t cpu, uint8_t kind) {
  note_time(ts);
  events_.push_back({ts, Kind::irq_entry, kind, 0, cpu, 0});
}

void CsvBuilder::irq_exit(uint64_t ts, uint32_t tid, uint32_t cpu, uint8_t kind, uint32_t number,
                          std::string_view name, uint64_t duration_ns) {
  auto [it, added] = name_index_.try_emplace(std::string(name), static_cast<uint32_t>(names_.size()));
  if (added) names_.emplace_back(name);
  events_.push_back({ts, Kind::irq_exit, kind, tid, cpu, static_cast<uint32_t>(irqs_.size())});
  irqs_.push_back({number, it->second, duration_ns});
}

void CsvBuilder::replay(IrqPairs& irqs, trace::TraceBuilder& b, const Event& e) {
  switch (e.kind) {
    case Kind::launch: {
      const LaunchRow& l = launches_[e.index];
      b.launch(e.ts, e.tid, e.detail, l.dims, l.stream);
      return;
    }
    case Kind::sync_enter:  // all the original probed
      b.sync_enter(e.ts, e.tid, static_cast<uint8_t>(trace::SyncApi::cudaDeviceSynchronize));
      return;
    case Kind::sync_exit: b.sync_exit(e.ts, e.tid); return;
    case Kind::out: {
      trace::SwitchOut s;  // the CSV does not carry prev_state, the next task or accounting
      s.ts_ns = e.ts;
      s.tid = e.tid;
      s.cpu = e.cpu;
      b.switch_out(s);
      return;
    }
    case Kind::in: b.switch_in(e.ts, e.tid, e.cpu, 0); return;
    case Kind::irq_entry: irqs.enter(e.cpu, e.detail, e.ts); return;
    case Kind::irq_exit: {
      const IrqRow& q = irqs_[e.index];
      uint64_t entry = irqs.exit(e.cpu, e.detail);
      uint64_t duration = entry ? e.ts - entry : q.duration_ns;
      b.irq(e.ts - duration, duration, e.tid, e.cpu, static_cast<trace::IrqKind>(e.detail), q.number,
            names_[q.name]);
      return;
    }
  }
}

trace::TraceData CsvBuilder::finish() {
  // Without a schedSwitch row the absolute origin is unknown: start at 0, or above 0 when some
  // relative times wrapped below the first event.
  if (!have_base_) base_ = min_rel_ < 0 ? static_cast<uint64_t>(-min_rel_) : 0;
  // Time order; at equal times an entry before the exit it pairs with.
  std::stable_sort(events_.begin(), events_.end(),
                   [](const Event& a, const Event& b) { return a.ts < b.ts; });
  trace::TraceBuilder b(have_tgid_ ? tgid_ : first_pid_, base_ + static_cast<uint64_t>(min_rel_));
  for (auto& [tid, who] : threads_) b.thread(tid, who.first, who.second);
  IrqPairs irqs;
  for (Event e : events_) {
    e.ts += base_;
    replay(irqs, b, e);
  }
  return b.finish(base_ + static_cast<uint64_t>(max_rel_));
}

}  // namespace cudabench::results
