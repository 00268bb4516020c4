// Internal to read_trace_csv: collects parsed rows, recovers absolute times, then replays them in
// time order through the one trace builder (tracer/model/builder.h). Not a public API.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "tracer/model/builder.h"

namespace cudabench::results {

class IrqPairs;

class CsvBuilder {
 public:
  // Every row: its relative time, pid, tid and comm. The pid of the first launch row is the tgid.
  void seen(uint64_t ts, uint32_t pid, uint32_t tid, std::string_view comm, bool is_launch);
  void launch(uint64_t ts, uint32_t tid, uint8_t api, const uint32_t dims[7], uint64_t stream);
  void sync(uint64_t ts, uint32_t tid, bool enter);
  // absolute_ns: the row's last_offcpu_ns (out) or last_oncpu_ns (in).
  void sched_switch(uint64_t ts, uint32_t tid, uint32_t cpu, bool out, uint64_t absolute_ns);
  // IRQs come as Entry and Exit rows. Durations are rebuilt from the pair (per CPU and kind, so a
  // hard IRQ nested in a softirq is right): the original tracer's duration_ns is corrupt when they
  // nest, since it keeps one per-CPU start slot for both. An Exit without its Entry (the trace began
  // inside the handler) falls back on duration_ns.
  void irq_entry(uint64_t ts, uint32_t cpu, uint8_t kind);
  void irq_exit(uint64_t ts, uint32_t tid, uint32_t cpu, uint8_t kind, uint32_t number, std::string_view name,
                uint64_t duration_ns);
  trace::TraceData finish();

 private:
  enum class Kind : uint8_t { launch, sync_enter, sync_exit, out, in, irq_entry, irq_exit };
  struct Event {  // one row, in the order the builder needs
    uint64_t ts;
    Kind kind;
    uint8_t detail;  // LaunchApi or IrqKind
    uint32_t tid, cpu;
    uint32_t index;  // into launches_ or irqs_
  };
  struct LaunchRow {
    uint32_t dims[7];
    uint64_t stream;
  };
  struct IrqRow {
    uint32_t number;
    uint32_t name;  // into names_
    uint64_t duration_ns;
  };
  void note_time(uint64_t ts);
  void replay(IrqPairs& irqs, trace::TraceBuilder& b, const Event& e);

  std::vector<Event> events_;
  std::vector<LaunchRow> launches_;
  std::vector<IrqRow> irqs_;
  std::vector<std::string> names_;
  std::unordered_map<std::string, uint32_t> name_index_;
  std::unordered_map<uint32_t, std::pair<uint32_t, std::string>> threads_;  // tid -> pid, comm
  uint32_t last_tid_ = UINT32_MAX;
  uint32_t first_pid_ = 0, tgid_ = 0;
  bool have_pid_ = false, have_tgid_ = false, have_base_ = false;
  uint64_t base_ = 0;
  int64_t min_rel_ = INT64_MAX, max_rel_ = INT64_MIN;
};

}  // namespace cudabench::results
