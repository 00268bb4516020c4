/* Maps and the record helpers every program of the tracer shares. */
#ifndef CUDABENCH_COMMON_BPF_H
#define CUDABENCH_COMMON_BPF_H

#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_tracing.h>
#include "events.h"

/* Force a consumer wakeup only once this many bytes wait in the ring buffer; below it records are
 * submitted with BPF_RB_NO_WAKEUP and the consumer finds them on its short poll timer. A wakeup per
 * record costs ~1 us and puts a sched_switch of the consumer into the trace. */
const volatile __u64 wakeup_bytes = 1 << 20;

struct {
  __uint(type, BPF_MAP_TYPE_RINGBUF);
  __uint(max_entries, 64 << 20); /* resized by userspace before load */
} rb SEC(".maps");

/* Processes being traced (by tgid, so every thread counts; forks are added by sched_process_fork).
 */
struct {
  __uint(type, BPF_MAP_TYPE_HASH);
  __uint(max_entries, CB_MAX_TGIDS);
  __type(key, __u32);
  __type(value, __u8);
} traced_tgids SEC(".maps");

/* Records that could not be reserved, per event type. */
struct {
  __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
  __uint(max_entries, CB_EV_TYPES);
  __type(key, __u32);
  __type(value, __u64);
} drops SEC(".maps");

static __always_inline bool is_traced(__u32 tgid)
{
  return bpf_map_lookup_elem(&traced_tgids, &tgid) != NULL;
}

static __always_inline struct cb_event *reserve_event(__u8 type, __u32 tgid, __u32 tid)
{
  struct cb_event *e = bpf_ringbuf_reserve(&rb, sizeof(*e), 0);
  if (!e) {
    __u32 key = type;
    __u64 *count = bpf_map_lookup_elem(&drops, &key);
    if (count)
      __sync_fetch_and_add(count, 1);
    return NULL;
  }
  e->ts_ns = bpf_ktime_get_ns();
  e->tgid = tgid;
  e->tid = tid;
  e->cpu = bpf_get_smp_processor_id();
  e->type = type;
  e->sub = 0;
  e->pad = 0;
  return e;
}

/* The current task's record, or NULL when it is not traced or the buffer is full. */
static __always_inline struct cb_event *reserve_current(__u8 type)
{
  __u64 id = bpf_get_current_pid_tgid();
  __u32 tgid = id >> 32;
  if (!is_traced(tgid))
    return NULL;
  return reserve_event(type, tgid, (__u32)id);
}

static __always_inline void submit_event(struct cb_event *e)
{
  __u64 flags = bpf_ringbuf_query(&rb, BPF_RB_AVAIL_DATA) >= wakeup_bytes ? BPF_RB_FORCE_WAKEUP
                                                                          : BPF_RB_NO_WAKEUP;
  bpf_ringbuf_submit(e, flags);
}

#endif
