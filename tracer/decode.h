// Turns ring-buffer records (bpf/events.h) into the columnar trace::TraceData, incrementally: the
// consumer thread feeds records as they arrive, so memory grows with the columns, not the records.
#pragma once

#include <cstdint>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "events.h"
#include "tracer/model/trace_data.h"

namespace cudabench::tracer {

class Decoder {
 public:
  Decoder(uint32_t tgid, uint64_t start_ns);
  void add(const cb_event& e);
  // Sorts the tables, pairs syncs with the off-CPU time inside them and names the threads.
  trace::TraceData finish(uint64_t end_ns);
  uint64_t records() const { return records_; }
  const std::unordered_set<uint32_t>& tgids() const { return tgids_; }

 private:
  void add_switch_out(const cb_event& e);
  void add_switch_in(const cb_event& e);
  void add_irq(const cb_event& e);
  void add_sync(const cb_event& e);
  void name_threads();
  void attribute_sync_offcpu();

  trace::TraceData data_;
  uint64_t records_ = 0;
  std::unordered_set<uint32_t> tgids_;
  std::unordered_map<uint32_t, size_t> open_offcpu_;  // tid -> row of its pending switch-out
  std::unordered_map<uint32_t, std::vector<std::pair<uint64_t, uint8_t>>> open_syncs_;  // tid -> stack
  std::unordered_map<uint32_t, std::string> comms_;  // tid -> last known comm
};

// Drop-counter name of an event type ("launch", "switch_out", ...).
const char* event_type_name(uint32_t type);

}  // namespace cudabench::tracer
