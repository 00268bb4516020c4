// write_trace_csv: every table of TraceData flattened into the original's event rows, merged in
// time order. Formatting goes through std::to_chars into one buffer flushed in 1 MiB blocks, so a
// 10 M-row export is bound by the disk, not by iostreams.
#include <algorithm>
#include <charconv>
#include <ostream>
#include <unordered_map>

#include "results/trace/csv.h"

namespace cudabench::results {
namespace {

enum class Kind : uint8_t { launch, sync_enter, sync_exit, switch_out, switch_in, irq_entry, irq_exit };

struct Event {
  uint64_t ts;
  uint32_t row;
  Kind kind;
};

class Writer {
 public:
  explicit Writer(std::ostream& out) : out_(out) { buf_.reserve(block + 512); }
  ~Writer() { flush(); }
  void flush() {
    out_.write(buf_.data(), static_cast<std::streamsize>(buf_.size()));
    buf_.clear();
  }
  void end_row() {
    buf_.push_back('\n');
    if (buf_.size() >= block) flush();
  }
  void text(std::string_view s) { buf_.append(s); }
  void num(uint64_t v) {
    char tmp[24];
    auto r = std::to_chars(tmp, tmp + sizeof tmp, v);
    buf_.append(tmp, r.ptr);
  }
  void hex(uint64_t v) {
    char tmp[24];
    auto r = std::to_chars(tmp, tmp + sizeof tmp, v, 16);
    buf_.append("0x");
    buf_.append(tmp, r.ptr);
  }
  void field(std::string_view s) {  // RFC 4180 quoting only when needed
    if (s.find_first_of(",\"\n\r") == std::string_view::npos) {
      buf_.append(s);
      return;
    }
    buf_.push_back('"');
    for (char c : s) {
      if (c == '"') buf_.push_back('"');
      buf_.push_back(c);
    }
    buf_.push_back('"');
  }
  void comma() { buf_.push_back(','); }

 private:
  static constexpr size_t block = 1 << 20;
  std::ostream& out_;
  std::string buf_;
};

std::vector<Event> merged_events(const trace::TraceData& t) {
  std::vector<Event> ev;
  ev.reserve(t.launches.size() + 2 * (t.syncs.size() + t.offcpu.size() + t.irqs.size()));
  auto add = [&](uint64_t ts, size_t row, Kind k) { ev.push_back({ts, static_cast<uint32_t>(row), k}); };
  for (size_t i = 0; i < t.launches.size(); ++i) add(t.launches.ts_ns[i], i, Kind::launch);
  for (size_t i = 0; i < t.syncs.size(); ++i) {
    add(t.syncs.enter_ns[i], i, Kind::sync_enter);
    add(t.syncs.exit_ns[i], i, Kind::sync_exit);
  }
  // A row that began before the trace has no switch-out; one whose return was not traced or recovered
  // (InSource evidence, none, unseen) has no switch-in.
  for (size_t i = 0; i < t.offcpu.size(); ++i) {
    if (t.offcpu.out_ns[i]) add(t.offcpu.out_ns[i], i, Kind::switch_out);
    auto source = static_cast<trace::InSource>(t.offcpu.in_source[i]);
    if (source == trace::InSource::traced || source == trace::InSource::recovered)
      add(t.offcpu.in_ns[i], i, Kind::switch_in);
  }
  for (size_t i = 0; i < t.irqs.size(); ++i) {
    add(t.irqs.entry_ns[i], i, Kind::irq_entry);
    add(t.irqs.entry_ns[i] + t.irqs.duration_ns[i], i, Kind::irq_exit);
  }
  // Equal times keep a causal order: out before in, entry before exit.
  std::sort(ev.begin(), ev.end(), [](const Event& a, const Event& b) {
    if (a.ts != b.ts) return a.ts < b.ts;
    if (a.kind != b.kind) return a.kind < b.kind;
    return a.row < b.row;
  });
  return ev;
}

void write_irq(Writer& w, const trace::TraceData& t, uint32_t i, bool exit) {
  bool soft = t.irqs.kind[i] == static_cast<uint8_t>(trace::IrqKind::soft);
  w.num(t.irqs.cpu[i]);
  w.text(",,,,,,,,,,,");  // launch fields and last_*cpu_ns
  w.num(t.irqs.number[i]);
  w.comma();
  uint32_t number = t.irqs.number[i], name = t.irqs.name[i];
  constexpr size_t vectors = sizeof(trace::softirq_names) / sizeof(trace::softirq_names[0]);
  if (soft && number < vectors)
    w.text(trace::softirq_names[number]);
  else if (name < t.strings.size() && !t.strings[name].empty())
    w.field(t.strings[name]);
  else
    w.text("unknown");  // what the original printed for a handler without a name
  w.comma();
  w.num(exit ? t.irqs.duration_ns[i] : 0);
}

const char* event_name(const trace::TraceData& t, const Event& e) {
  switch (e.kind) {
    case Kind::launch: return trace::launch_api_name(static_cast<trace::LaunchApi>(t.launches.api[e.row]));
    case Kind::sync_enter: return "syncEnter";
    case Kind::sync_exit: return "syncExit";
    case Kind::switch_out:
    case Kind::switch_in: return "schedSwitch";
    case Kind::irq_entry:
      return t.irqs.kind[e.row] == static_cast<uint8_t>(trace::IrqKind::soft) ? "softirqEntry"
                                                                              : "hardirqEntry";
    case Kind::irq_exit:
      return t.irqs.kind[e.row] == static_cast<uint8_t>(trace::IrqKind::soft) ? "softirqExit" : "hardirqExit";
  }
  return "unknown";
}

uint32_t event_tid(const trace::TraceData& t, const Event& e) {
  switch (e.kind) {
    case Kind::launch: return t.launches.tid[e.row];
    case Kind::sync_enter:
    case Kind::sync_exit: return t.syncs.tid[e.row];
    case Kind::switch_out:
    case Kind::switch_in: return t.offcpu.tid[e.row];
    default: return t.irqs.tid[e.row];
  }
}

void write_rest(Writer& w, const trace::TraceData& t, const Event& e) {
  const auto& l = t.launches;
  switch (e.kind) {
    case Kind::launch:
      w.comma();  // cpu: not recorded for launches
      for (const auto* col :
           {&l.grid_x, &l.grid_y, &l.grid_z, &l.block_x, &l.block_y, &l.block_z, &l.shared_mem}) {
        w.num((*col)[e.row]);
        w.comma();
      }
      w.hex(l.stream[e.row]);
      w.text(",0,0,,,");
      return;
    case Kind::sync_enter:
    case Kind::sync_exit: w.text(",,,,,,,,,,,,,"); return;
    case Kind::switch_out:
      w.num(t.offcpu.cpu[e.row]);
      w.text(",,,,,,,,,");
      w.num(t.offcpu.out_ns[e.row]);
      w.text(",0,,,");
      return;
    case Kind::switch_in:
      if (t.offcpu.in_cpu[e.row] != trace::no_cpu) w.num(t.offcpu.in_cpu[e.row]);
      w.text(",,,,,,,,,0,");
      w.num(t.offcpu.in_ns[e.row]);
      w.text(",,,");
      return;
    case Kind::irq_entry:
    case Kind::irq_exit: write_irq(w, t, e.row, e.kind == Kind::irq_exit); return;
  }
}

}  // namespace

void write_trace_csv(const trace::TraceData& trace, std::ostream& out) {
  std::unordered_map<uint32_t, std::string_view> comm;
  for (const auto& th : trace.threads) comm.emplace(th.tid, th.comm);
  std::vector<Event> events = merged_events(trace);
  Writer w(out);
  w.text(
      "timestamp_ns,event_type,pid,tid,comm,cpu,grid_x,grid_y,grid_z,block_x,block_y,block_z,"
      "shared_mem,stream,last_offcpu_ns,last_oncpu_ns,irq_num,irq_name,duration_ns");
  w.end_row();
  const uint64_t first = events.empty() ? 0 : events.front().ts;
  for (const Event& e : events) {
    uint32_t tid = event_tid(trace, e);
    w.num(e.ts - first);
    w.comma();
    w.text(event_name(trace, e));
    w.comma();
    w.num(trace.tgid);
    w.comma();
    w.num(tid);
    w.comma();
    auto it = comm.find(tid);
    if (it != comm.end()) w.field(it->second);
    w.comma();
    write_rest(w, trace, e);
    w.end_row();
  }
}

}  // namespace cudabench::results
