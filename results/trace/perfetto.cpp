#include "results/trace/perfetto.h"

#include <fmt/format.h>

#include <algorithm>
#include <ostream>
#include <string_view>
#include <unordered_map>

#include <nlohmann/json.hpp>

#include "tracer/model/thread_states.h"

namespace cudabench::results {
namespace {

const char* phase_name(uint32_t phase) {
  switch (static_cast<trace::Phase>(phase)) {
    case trace::Phase::load: return "load";
    case trace::Phase::prefill: return "prefill";
    case trace::Phase::decode_start: return "decode_start";
    case trace::Phase::token: return "token";
    case trace::Phase::end: return "end";
  }
  return "marker";
}

class JsonOut {
 public:
  JsonOut(std::ostream& out, uint64_t origin) : out_(out), origin_(origin) {}
  ~JsonOut() { flush(); }

  // Starts one event object: the comma between events and the fields every event has.
  void begin(std::string_view ph, std::string_view name, uint32_t pid, uint32_t tid) {
    buf_.append(first_ ? "\n" : ",\n");
    first_ = false;
    buf_.append("{\"ph\":\"");
    buf_.append(ph);
    buf_.append("\",\"name\":");
    string(name);
    fmt::format_to(std::back_inserter(buf_), ",\"pid\":{},\"tid\":{}", pid, tid);
  }
  void time(const char* key, uint64_t ns) {  // µs with ns decimals, relative to the origin
    uint64_t rel = ns > origin_ ? ns - origin_ : 0;
    fmt::format_to(std::back_inserter(buf_), ",\"{}\":{}.{:03}", key, rel / 1000, rel % 1000);
  }
  void duration(uint64_t from, uint64_t to) {
    uint64_t d = to > from ? to - from : 0;
    fmt::format_to(std::back_inserter(buf_), ",\"dur\":{}.{:03}", d / 1000, d % 1000);
  }
  void raw(std::string_view s) { buf_.append(s); }
  // A JSON string literal; non-ASCII names stay as they are, and bytes that are not UTF-8 (a comm
  // cut mid-character at 15 bytes) become U+FFFD.
  void string(std::string_view s) {
    buf_.append(nlohmann::json(std::string(s)).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  }
  void end() {
    buf_.push_back('}');
    if (buf_.size() > (1 << 20)) flush();
  }
  void flush() {
    out_.write(buf_.data(), static_cast<std::streamsize>(buf_.size()));
    buf_.clear();
  }

 private:
  std::ostream& out_;
  uint64_t origin_;
  std::string buf_;
  bool first_ = true;
};

void write_bursts(JsonOut& j, const trace::TraceData& t, uint64_t gap_ns) {
  struct Run {
    uint64_t first = 0, last = 0, count = 0;
  };
  auto emit = [&](uint32_t tid, const Run& r) {
    j.begin("X", r.count >= 3 ? "launch burst" : "launch", t.tgid, tid);
    j.time("ts", r.first);
    j.duration(r.first, r.last);
    j.raw(",\"cat\":\"launch\"");
    j.raw(fmt::format(",\"args\":{{\"launches\":{}}}", r.count));
    j.end();
  };
  std::unordered_map<uint32_t, Run> open;  // per thread: bursts are a thread's own launches
  for (size_t i = 0; i < t.launches.size(); ++i) {
    uint64_t ts = t.launches.ts_ns[i];
    Run& r = open[t.launches.tid[i]];
    if (r.count && ts - r.last < gap_ns) {
      r.last = ts;
      ++r.count;
      continue;
    }
    if (r.count) emit(t.launches.tid[i], r);
    r = {ts, ts, 1};
  }
  for (const auto& [tid, r] : open) emit(tid, r);
}

// Thread-state slices from the one state machine (tracer/model/thread_states.h): everything but
// running, which is the thread's own track. Unknown time is drawn only where a switch-in is
// missing, not before a thread's first event.
void write_states(JsonOut& j, const trace::TraceData& t) {
  for (const auto& th : t.threads) {
    for (const auto& s : trace::thread_timeline(t, th.tid, t.start_ns, t.end_ns)) {
      if (s.state == trace::ThreadState::running) continue;
      if (s.state == trace::ThreadState::unknown && s.row == trace::StateSlice::no_row) continue;
      std::string name;
      switch (s.state) {
        case trace::ThreadState::preempted: {
          uint32_t next = t.offcpu.next_name[s.row];
          std::string_view who = next < t.strings.size() ? t.strings[next] : "";
          name = "preempted by " + std::string(who.empty() ? "?" : who);
          break;
        }
        case trace::ThreadState::waiting: name = "runnable (woken, waiting for a CPU)"; break;
        case trace::ThreadState::blocked: name = "blocked"; break;
        case trace::ThreadState::sync: name = "blocked in a sync call"; break;
        case trace::ThreadState::off: name = "off-CPU"; break;
        default: name = "unknown (no switch-in traced)"; break;
      }
      j.begin("X", name, th.tgid ? th.tgid : t.tgid, th.tid);
      j.time("ts", s.start_ns);
      j.duration(s.start_ns, s.end_ns);
      uint32_t next_pid = s.row != trace::StateSlice::no_row ? t.offcpu.next_pid[s.row] : 0;
      j.raw(fmt::format(",\"cat\":\"sched\",\"args\":{{\"state\":\"{}\",\"cpu\":{},\"next_pid\":{}}}",
                        trace::thread_state_name(s.state), s.cpu == trace::no_cpu ? -1 : int64_t(s.cpu),
                        next_pid));
      j.end();
    }
  }
}

void write_irqs_syncs_markers(JsonOut& j, const trace::TraceData& t) {
  const auto& q = t.irqs;
  constexpr size_t vectors = sizeof(trace::softirq_names) / sizeof(trace::softirq_names[0]);
  for (size_t i = 0; i < q.size(); ++i) {
    bool soft = q.kind[i] == static_cast<uint8_t>(trace::IrqKind::soft);
    std::string handler = soft && q.number[i] < vectors  ? trace::softirq_names[q.number[i]]
                          : q.name[i] < t.strings.size() ? t.strings[q.name[i]]
                                                         : std::to_string(q.number[i]);
    j.begin("X", (soft ? "softirq " : "hardirq ") + handler, t.tgid, q.tid[i]);
    j.time("ts", q.entry_ns[i]);
    j.duration(0, q.duration_ns[i]);
    j.raw(fmt::format(",\"cat\":\"irq\",\"args\":{{\"irq\":{},\"cpu\":{}}}", q.number[i], q.cpu[i]));
    j.end();
  }
  const auto& s = t.syncs;
  for (size_t i = 0; i < s.size(); ++i) {
    j.begin("X", trace::sync_api_name(static_cast<trace::SyncApi>(s.api[i])), t.tgid, s.tid[i]);
    j.time("ts", s.enter_ns[i]);
    j.duration(s.enter_ns[i], s.exit_ns[i]);
    j.raw(fmt::format(",\"cat\":\"sync\",\"args\":{{\"offcpu_us\":{:.3f}}}", s.offcpu_ns[i] / 1e3));
    j.end();
  }
  const auto& m = t.markers;
  for (size_t i = 0; i < m.size(); ++i) {
    std::string name = phase_name(m.phase[i]);
    if (m.phase[i] == static_cast<uint32_t>(trace::Phase::token)) name += " " + std::to_string(m.token[i]);
    j.begin("i", name, t.tgid, m.tid[i]);
    j.time("ts", m.ts_ns[i]);
    j.raw(",\"s\":\"t\",\"cat\":\"marker\"");
    j.end();
  }
}

}  // namespace

void write_perfetto(const trace::TraceData& trace, std::ostream& out, uint64_t burst_gap_ns) {
  uint64_t origin = trace.start_ns;
  if (!trace.launches.ts_ns.empty()) origin = std::min(origin, trace.launches.ts_ns.front());
  for (uint64_t out : trace.offcpu.out_ns)  // rows that began before the trace have out_ns 0
    if (out) {
      origin = std::min(origin, out);
      break;
    }
  if (!trace.irqs.entry_ns.empty()) origin = std::min(origin, trace.irqs.entry_ns.front());
  JsonOut j(out, origin);
  j.raw("{\"displayTimeUnit\":\"ns\",\"traceEvents\":[");
  std::string_view process = "cudabench workload";
  for (const auto& th : trace.threads)
    if (th.tid == trace.tgid) process = th.comm;
  j.begin("M", "process_name", trace.tgid, trace.tgid);
  j.raw(",\"args\":{\"name\":");
  j.string(process);
  j.raw("}");
  j.end();
  for (const auto& th : trace.threads) {
    j.begin("M", "thread_name", trace.tgid, th.tid);
    j.raw(",\"args\":{\"name\":");
    j.string(th.comm);
    j.raw("}");
    j.end();
  }
  write_bursts(j, trace, burst_gap_ns);
  write_states(j, trace);
  write_irqs_syncs_markers(j, trace);
  j.raw("\n]}\n");
}

}  // namespace cudabench::results
