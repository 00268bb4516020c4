/* The ABI between the BPF programs and tracer/: fixed-size 64-byte records in one ring buffer.
 * Plain C, fixed-width fields and explicit padding; tracer/decode.cpp pins the layout with
 * static_asserts. Shared by both sides, so it includes <linux/types.h> only outside BPF. */
#ifndef CUDABENCH_BPF_EVENTS_H
#define CUDABENCH_BPF_EVENTS_H

#ifndef __VMLINUX_H__
#include <linux/types.h>
#endif

#define CB_COMM_LEN 16
#define CB_NAME_LEN 16
#define CB_MAX_TGIDS 1024
#define CB_MAX_THREADS 65536

enum cb_event_type {
  CB_EV_LAUNCH = 1,     /* sub: LaunchApi */
  CB_EV_SYNC_ENTER = 2, /* sub: SyncApi */
  CB_EV_SYNC_EXIT = 3,
  CB_EV_SWITCH_OUT = 4, /* sub: enum cb_out_state */
  CB_EV_SWITCH_IN = 5,
  CB_EV_HARDIRQ = 6,
  CB_EV_SOFTIRQ = 7,
  CB_EV_MARKER = 8,
  CB_EV_FORK = 9,          /* a traced process forked a new process: it is followed */
  CB_EV_EXIT = 10,         /* a traced thread exited: its final comm */
  CB_EV_THREAD_STATS = 11, /* the kernel's own accounting of a thread at its last switch-out */
  CB_EV_TYPES = 12,
};

/* Why a traced thread left the CPU (CB_EV_SWITCH_OUT's sub). */
enum cb_out_state {
  CB_OUT_BLOCKED = 0,   /* went to sleep */
  CB_OUT_PREEMPTED = 1, /* still runnable: lost the CPU */
  CB_OUT_DEAD = 2,      /* its final switch: the thread exited */
};

/* Launch and sync API ids; the same numbering as trace::LaunchApi and trace::SyncApi. */
enum cb_launch_api {
  CB_cuLaunchKernel = 0,
  CB_cuLaunchKernel_ptsz = 1,
  CB_cuLaunchKernelEx = 2,
  CB_cuLaunchKernelEx_ptsz = 3,
  CB_cuLaunchCooperativeKernel = 4,
  CB_cuGraphLaunch = 5,
  CB_cuGraphLaunch_ptsz = 6,
  CB_cudaLaunchKernel = 7,
  CB_extra = 8,
};

struct cb_launch {
  __u32 grid[3];
  __u32 block[3];
  __u32 shared_mem;
  __u32 pad;
  __u64 stream;
};

/* The kernel's accounting of the thread leaving the CPU rides along, so the decoder can recover a
 * switch-in the tracepoint stream lacks (some kernels run a task without a sched_switch that names
 * it, see sched.bpf.h): with exactly one arrival since its previous switch-out, it arrived
 * (sum_exec now - sum_exec then) before this switch-out. */
struct cb_switch_out {
  __u32 next_pid;
  __u32 pcount; /* sched_info.pcount: how many times the thread has arrived on a CPU */
  char next_comm[CB_COMM_LEN];
  __u64 sum_exec_ns;  /* se.sum_exec_runtime: its CPU time so far */
  __u64 run_delay_ns; /* sched_info.run_delay: its time runnable, waiting for a CPU, so far */
};

struct cb_switch_in {
  __u64 wakeup_ns; /* the wakeup that made it runnable; 0 when it was preempted, not woken */
};

struct cb_irq {
  __u64 duration_ns;
  __u32 number; /* IRQ number or softirq vector */
  __u32 pad;
  char name[CB_NAME_LEN]; /* hard IRQ handler name (softirq names are known in userspace) */
};

struct cb_thread_stats {
  __u64 sum_exec_ns;  /* se.sum_exec_runtime */
  __u64 run_delay_ns; /* sched_info.run_delay: time spent runnable, waiting for a CPU */
  __u32 pcount;       /* sched_info.pcount */
  __u32 nvcsw;        /* voluntary switches */
  __u32 nivcsw;       /* involuntary switches */
  __u32 pad;
};

struct cb_marker {
  __u32 phase;
  __u32 token;
};

struct cb_task {
  __u32 child_tgid; /* CB_EV_FORK only */
  __u32 pad;
  char comm[CB_COMM_LEN];
};

struct cb_event {
  __u64 ts_ns; /* bpf_ktime_get_ns: CLOCK_MONOTONIC */
  __u32 tgid;
  __u32 tid;
  __u32 cpu;
  __u8 type; /* enum cb_event_type */
  __u8 sub;
  __u16 pad;
  union {
    struct cb_launch launch;
    struct cb_switch_out switch_out;
    struct cb_switch_in switch_in;
    struct cb_irq irq;
    struct cb_marker marker;
    struct cb_task task;
    struct cb_thread_stats thread_stats;
    __u8 raw[40];
  };
};

/* IRQ time per CPU, whoever was running (a per-CPU array; userspace diffs two snapshots). */
struct cb_irq_total {
  __u64 hard_count;
  __u64 hard_ns;
  __u64 soft_count;
  __u64 soft_ns;
};

/* Arguments of the synthetic producer (BPF_PROG_TEST_RUN), used by the throughput benchmark and the
 * forced-drop test to push records through the real reserve/submit path. */
struct cb_burst_args {
  __u32 count;
  __u32 pad;
};

#endif
