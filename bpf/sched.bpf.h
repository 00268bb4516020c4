/* Scheduling of the traced processes: switch out/in, run-queue latency, forks and exits.
 *
 * sched_switch is not a complete record of who ran: on the Firecracker guest kernels we measure on
 * (6.18-fc), a switch away from the guest agent's threads never reaches the tracepoint, so a traced
 * thread that follows one of them on a CPU runs again without a switch-in naming it (seen with
 * ftrace and bpftrace too, not only here). Every switch-out therefore carries the kernel's own
 * accounting of the thread (arrivals so far, CPU time, run delay), from which tracer/model recovers
 * the missing switch-ins, and a thread's final switch-out carries its totals for the cross-check
 * of the reconstructed states. (sched_info.last_arrival would give the arrival directly, but in
 * the runqueue clock; converting it needs the per-CPU `runqueues`, which kernels without
 * CONFIG_KALLSYMS_ALL, like the 6.18-fc guests, do not let BPF address.) */
#ifndef CUDABENCH_SCHED_BPF_H
#define CUDABENCH_SCHED_BPF_H

#include "common.bpf.h"

/* When each traced thread was last woken (keyed by tid), consumed by its next switch-in. */
struct {
  __uint(type, BPF_MAP_TYPE_LRU_HASH);
  __uint(max_entries, CB_MAX_THREADS);
  __type(key, __u32);
  __type(value, __u64);
} wakeup_ts SEC(".maps");

/* task_struct::state was renamed __state in 5.14 (commit 2f064a59a11f). */
struct task_struct___o {
  volatile long int state;
} __attribute__((preserve_access_index));

static __always_inline long task_state(struct task_struct *t)
{
  if (bpf_core_field_exists(t->__state))
    return BPF_CORE_READ(t, __state);
  return BPF_CORE_READ((struct task_struct___o *)t, state);
}

#define CB_TASK_DEAD 0x80 /* TASK_DEAD: do_task_dead()'s final __schedule() */

static __always_inline void thread_stats(struct task_struct *t, __u64 now)
{
  struct cb_event *e = reserve_event(CB_EV_THREAD_STATS, t->tgid, t->pid);
  if (!e)
    return;
  __builtin_memset(e->raw, 0, sizeof(e->raw));
  e->ts_ns = now;
  e->thread_stats.sum_exec_ns = BPF_CORE_READ(t, se.sum_exec_runtime);
  e->thread_stats.run_delay_ns = BPF_CORE_READ(t, sched_info.run_delay);
  e->thread_stats.pcount = BPF_CORE_READ(t, sched_info.pcount);
  e->thread_stats.nvcsw = BPF_CORE_READ(t, nvcsw);
  e->thread_stats.nivcsw = BPF_CORE_READ(t, nivcsw);
  submit_event(e);
}

static __always_inline void switch_out(struct task_struct *prev, struct task_struct *next,
                                       bool preempt)
{
  long state = task_state(prev);
  struct cb_event *e = reserve_event(CB_EV_SWITCH_OUT, prev->tgid, prev->pid);
  if (!e)
    return;
  /* Still runnable (TASK_RUNNING) means it lost the CPU; TASK_DEAD that it exited; anything else
   * that it blocked. put_prev_task() ran before this tracepoint, so the accounting is current. */
  e->sub = state & CB_TASK_DEAD    ? CB_OUT_DEAD
           : preempt || state == 0 ? CB_OUT_PREEMPTED
                                   : CB_OUT_BLOCKED;
  e->switch_out.next_pid = next->pid;
  e->switch_out.pcount = BPF_CORE_READ(prev, sched_info.pcount);
  bpf_probe_read_kernel_str(e->switch_out.next_comm, sizeof(e->switch_out.next_comm), next->comm);
  e->switch_out.sum_exec_ns = BPF_CORE_READ(prev, se.sum_exec_runtime);
  e->switch_out.run_delay_ns = BPF_CORE_READ(prev, sched_info.run_delay);
  __u8 sub = e->sub;
  __u64 now = e->ts_ns;
  submit_event(e);
  if (sub == CB_OUT_DEAD)
    thread_stats(prev, now);
}

static __always_inline void switch_in(struct task_struct *next)
{
  __u32 tid = next->pid;
  __u64 *woken = bpf_map_lookup_elem(&wakeup_ts, &tid);
  __u64 wakeup_ns = woken ? *woken : 0;
  if (woken)
    bpf_map_delete_elem(&wakeup_ts, &tid);
  struct cb_event *e = reserve_event(CB_EV_SWITCH_IN, next->tgid, tid);
  if (!e)
    return;
  __builtin_memset(e->raw, 0, sizeof(e->raw));
  e->switch_in.wakeup_ns = wakeup_ns;
  submit_event(e);
}

SEC("tp_btf/sched_switch")
int BPF_PROG(on_sched_switch, bool preempt, struct task_struct *prev, struct task_struct *next)
{
  if (is_traced(prev->tgid))
    switch_out(prev, next, preempt);
  if (is_traced(next->tgid))
    switch_in(next);
  return 0;
}

/* Filter on the woken task, not on the waker (the current task). */
static __always_inline void on_wakeup(struct task_struct *p)
{
  if (!is_traced(p->tgid))
    return;
  __u32 tid = p->pid;
  __u64 now = bpf_ktime_get_ns();
  bpf_map_update_elem(&wakeup_ts, &tid, &now, BPF_ANY);
}

SEC("tp_btf/sched_wakeup")
int BPF_PROG(on_sched_wakeup, struct task_struct *p)
{
  on_wakeup(p);
  return 0;
}

SEC("tp_btf/sched_wakeup_new")
int BPF_PROG(on_sched_wakeup_new, struct task_struct *p)
{
  on_wakeup(p);
  return 0;
}

/* A traced process that forks a new process: follow the child (threads share the tgid already). */
SEC("tp_btf/sched_process_fork")
int BPF_PROG(on_sched_fork, struct task_struct *parent, struct task_struct *child)
{
  __u32 parent_tgid = parent->tgid, child_tgid = child->tgid;
  if (child_tgid == parent_tgid || !is_traced(parent_tgid))
    return 0;
  __u8 one = 1;
  bpf_map_update_elem(&traced_tgids, &child_tgid, &one, BPF_ANY);
  struct cb_event *e = reserve_event(CB_EV_FORK, parent_tgid, parent->pid);
  if (!e)
    return 0;
  __builtin_memset(e->raw, 0, sizeof(e->raw));
  e->task.child_tgid = child_tgid;
  submit_event(e);
  return 0;
}

/* A traced thread's last comm, so the trace can name threads after they are gone. */
SEC("tp_btf/sched_process_exit")
int BPF_PROG(on_sched_exit, struct task_struct *p)
{
  if (!is_traced(p->tgid))
    return 0;
  struct cb_event *e = reserve_event(CB_EV_EXIT, p->tgid, p->pid);
  if (!e)
    return 0;
  __builtin_memset(e->raw, 0, sizeof(e->raw));
  bpf_probe_read_kernel_str(e->task.comm, sizeof(e->task.comm), p->comm);
  submit_event(e);
  return 0;
}

#endif
