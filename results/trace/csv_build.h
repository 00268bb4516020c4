// Internal to read_trace_csv: collects parsed rows, then pairs switches and sync calls, recovers
// absolute times and sorts the tables (format and rules in trace_csv.h). Not a public API.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "tracer/model/trace_data.h"

namespace cudabench::results {

class CsvBuilder {
 public:
  // Every row: its relative time, pid, tid and comm. The pid of the first launch row is the tgid.
  void seen(uint64_t ts, uint32_t pid, uint32_t tid, std::string_view comm, bool is_launch);
  void launch(uint64_t ts, uint32_t tid, uint8_t api, const uint32_t dims[7], uint64_t stream);
  void sync(uint64_t ts, uint32_t tid, bool enter);
  // absolute_ns: the row's last_offcpu_ns (out) or last_oncpu_ns (in).
  void sched_switch(uint64_t ts, uint32_t tid, uint32_t cpu, bool out, uint64_t absolute_ns);
  void irq(uint64_t exit_ts, uint32_t tid, uint32_t cpu, uint8_t kind, uint32_t number, std::string_view name,
           uint64_t duration_ns);
  trace::TraceData finish();

 private:
  struct Edge {  // a switch (start = out) or a sync call (start = enter)
    uint64_t ts;
    uint32_t tid, cpu;
    bool start;
  };
  void note_time(uint64_t ts);
  void build_offcpu();
  void build_syncs();

  trace::TraceData t_;
  std::vector<Edge> switches_, syncs_;
  std::unordered_map<uint32_t, std::string> comms_;
  std::unordered_map<std::string, uint32_t> names_;
  uint32_t last_tid_ = UINT32_MAX;
  uint32_t first_pid_ = 0;
  bool have_pid_ = false, have_tgid_ = false, have_base_ = false;
  uint64_t base_ = 0;
  int64_t min_rel_ = INT64_MAX, max_rel_ = INT64_MIN;
};

}  // namespace cudabench::results
