#include "tracer/bpf_stats.h"

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <unistd.h>

#include "common/cpu_list.h"
#include "common/log.h"
#include "tracer/decode.h"
#include "tracer_bpf.skel.h"

namespace cudabench::tracer {

void BpfStats::open(tracer_bpf* skel) {
  skel_ = skel;
  ncpus_ = libbpf_num_possible_cpus();
}

void BpfStats::close() {
  if (stats_fd_ >= 0) ::close(stats_fd_);
  stats_fd_ = -1;
}

BpfStats::ProgTotals BpfStats::prog_totals() const {
  ProgTotals totals;
  bpf_program* prog;
  bpf_object__for_each_program(prog, skel_->obj) {
    int fd = bpf_program__fd(prog);
    if (fd < 0) continue;
    bpf_prog_info info = {};
    __u32 len = sizeof(info);
    if (bpf_obj_get_info_by_fd(fd, &info, &len)) continue;
    totals.run_ns += info.run_time_ns;
    totals.run_count += info.run_cnt;
    totals.misses += info.recursion_misses;
  }
  return totals;
}

std::vector<uint64_t> BpfStats::drop_counts() const {
  std::vector<uint64_t> counts(CB_EV_TYPES, 0), per_cpu(ncpus_);
  int fd = bpf_map__fd(skel_->maps.drops);
  for (uint32_t type = 0; type < CB_EV_TYPES; ++type) {
    if (bpf_map_lookup_elem(fd, &type, per_cpu.data())) continue;
    for (uint64_t c : per_cpu) counts[type] += c;
  }
  return counts;
}

std::vector<uint64_t> BpfStats::irq_totals() const {
  std::vector<cb_irq_total> per_cpu(ncpus_);
  std::vector<uint64_t> flat(4 * ncpus_, 0);
  uint32_t zero = 0;
  if (bpf_map_lookup_elem(bpf_map__fd(skel_->maps.irq_totals), &zero, per_cpu.data())) return flat;
  for (int c = 0; c < ncpus_; ++c) {
    flat[4 * c] = per_cpu[c].hard_count;
    flat[4 * c + 1] = per_cpu[c].hard_ns;
    flat[4 * c + 2] = per_cpu[c].soft_count;
    flat[4 * c + 3] = per_cpu[c].soft_ns;
  }
  return flat;
}

void BpfStats::begin() {
  if (stats_fd_ < 0) {
    stats_fd_ = bpf_enable_stats(BPF_STATS_RUN_TIME);
    if (stats_fd_ < 0) log::debug("tracer: BPF run-time statistics unavailable: {}", strerror(errno));
  }
  prog_before_ = prog_totals();
  drops_before_ = drop_counts();
  irq_before_ = irq_totals();
}

void BpfStats::end(const std::vector<uint32_t>& irq_cpus, trace::TraceBuilder& builder) {
  trace::TracerStats& stats = builder.stats();
  ProgTotals now = prog_totals();
  if (stats_fd_ >= 0) {
    stats.bpf_run_ns = now.run_ns - prog_before_.run_ns;
    stats.bpf_run_count = now.run_count - prog_before_.run_count;
  }
  // A program the kernel skipped because it was already running on that CPU lost its event too.
  if (uint64_t missed = now.misses - prog_before_.misses) stats.drops["recursion_miss"] = missed;
  close();
  auto drops = drop_counts();
  for (uint32_t type = 0; type < CB_EV_TYPES; ++type)
    if (uint64_t lost = drops[type] - drops_before_[type]) stats.drops[event_type_name(type)] = lost;
  auto irq = irq_totals();
  std::vector<uint32_t> cpus = irq_cpus;
  if (cpus.empty())
    for (int cpu : online_cpus()) cpus.push_back(static_cast<uint32_t>(cpu));
  for (uint32_t cpu : cpus) {
    if (int(cpu) >= ncpus_) continue;
    const uint64_t* a = &irq_before_[4 * cpu];
    const uint64_t* b = &irq[4 * cpu];
    builder.cpu_irq().push_back({cpu, b[0] - a[0], b[1] - a[1], b[2] - a[2], b[3] - a[3]});
  }
}

}  // namespace cudabench::tracer
