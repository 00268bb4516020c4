// Turns ring-buffer records (bpf/events.h) into calls of the one trace builder
// (tracer/model/builder.h), incrementally: the consumer thread feeds records as they arrive, so
// memory grows with the columns, not the records.
#pragma once

#include <cstdint>
#include <unordered_set>
#include <vector>

#include "events.h"
#include "tracer/model/builder.h"

namespace cudabench::tracer {

class Decoder {
 public:
  Decoder(uint32_t tgid, uint64_t start_ns) : Decoder(std::vector<uint32_t>{tgid}, start_ns) {}
  // Several processes followed at once; the first is the trace's tgid.
  Decoder(const std::vector<uint32_t>& tgids, uint64_t start_ns);
  void add(const cb_event& e);
  trace::TraceBuilder& builder() { return builder_; }
  uint64_t records() const { return records_; }
  const std::unordered_set<uint32_t>& tgids() const { return tgids_; }
  // The threads seen so far (their kernel accounting is read at the end while they still live).
  const std::unordered_set<uint32_t>& tids() const { return tids_; }

 private:
  void add_switch_out(const cb_event& e);
  void add_irq(const cb_event& e);

  trace::TraceBuilder builder_;
  uint64_t start_ns_;
  uint64_t records_ = 0;
  std::unordered_set<uint32_t> tgids_;
  std::unordered_set<uint32_t> tids_;
};

// Drop-counter name of an event type ("launch", "switch_out", ...).
const char* event_type_name(uint32_t type);

}  // namespace cudabench::tracer
