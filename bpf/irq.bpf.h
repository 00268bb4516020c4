/* Hard and soft IRQs. Each has its own per-CPU entry slot: a hard IRQ can arrive while a softirq
 * runs (softirqs run with interrupts enabled), and one shared slot would corrupt both durations
 * (the original tracer's defect). Per-CPU totals are kept for every IRQ, whoever was running. */
#ifndef CUDABENCH_IRQ_BPF_H
#define CUDABENCH_IRQ_BPF_H

#include "common.bpf.h"

struct irq_slots {
  __u64 hard_entry_ns;
  __u64 soft_entry_ns;
  __u32 soft_vec;
  __u32 pad;
};

struct {
  __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
  __uint(max_entries, 1);
  __type(key, __u32);
  __type(value, struct irq_slots);
} irq_start SEC(".maps");

struct {
  __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
  __uint(max_entries, 1);
  __type(key, __u32);
  __type(value, struct cb_irq_total);
} irq_totals SEC(".maps");

static __always_inline struct irq_slots *slots(void)
{
  __u32 zero = 0;
  return bpf_map_lookup_elem(&irq_start, &zero);
}

static __always_inline struct cb_irq_total *totals(void)
{
  __u32 zero = 0;
  return bpf_map_lookup_elem(&irq_totals, &zero);
}

SEC("tp_btf/irq_handler_entry")
int BPF_PROG(on_hardirq_entry, int irq, struct irqaction *action)
{
  struct irq_slots *s = slots();
  if (s)
    s->hard_entry_ns = bpf_ktime_get_ns();
  return 0;
}

SEC("tp_btf/irq_handler_exit")
int BPF_PROG(on_hardirq_exit, int irq, struct irqaction *action, int ret)
{
  struct irq_slots *s = slots();
  struct cb_irq_total *t = totals();
  if (!s || !t || !s->hard_entry_ns)
    return 0;
  __u64 entry = s->hard_entry_ns, duration = bpf_ktime_get_ns() - entry;
  s->hard_entry_ns = 0;
  t->hard_count++;
  t->hard_ns += duration;
  struct cb_event *e = reserve_current(CB_EV_HARDIRQ);
  if (!e)
    return 0;
  e->ts_ns = entry;
  e->irq.duration_ns = duration;
  e->irq.number = irq;
  e->irq.pad = 0;
  bpf_probe_read_kernel_str(e->irq.name, sizeof(e->irq.name), BPF_CORE_READ(action, name));
  submit_event(e);
  return 0;
}

SEC("tp_btf/softirq_entry")
int BPF_PROG(on_softirq_entry, unsigned int vec_nr)
{
  struct irq_slots *s = slots();
  if (s) {
    s->soft_entry_ns = bpf_ktime_get_ns();
    s->soft_vec = vec_nr;
  }
  return 0;
}

SEC("tp_btf/softirq_exit")
int BPF_PROG(on_softirq_exit, unsigned int vec_nr)
{
  struct irq_slots *s = slots();
  struct cb_irq_total *t = totals();
  if (!s || !t || !s->soft_entry_ns || s->soft_vec != vec_nr)
    return 0;
  __u64 entry = s->soft_entry_ns, duration = bpf_ktime_get_ns() - entry;
  s->soft_entry_ns = 0;
  t->soft_count++;
  t->soft_ns += duration;
  struct cb_event *e = reserve_current(CB_EV_SOFTIRQ);
  if (!e)
    return 0;
  e->ts_ns = entry;
  __builtin_memset(e->raw, 0, sizeof(e->raw));
  e->irq.duration_ns = duration;
  e->irq.number = vec_nr;
  submit_event(e);
  return 0;
}

#endif
