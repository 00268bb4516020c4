// SPDX-License-Identifier: GPL-2.0
/* The cudabench tracer: one BPF object (one skeleton) made of the CUDA uprobes, the scheduler
 * tracepoints and the IRQ tracepoints, sharing one ring buffer and one tgid filter. */
#include "common.bpf.h"
#include "cuda.bpf.h"
#include "sched.bpf.h"
#include "irq.bpf.h"

/* Synthetic producer run through BPF_PROG_TEST_RUN: pushes args->count launch records of the
 * calling thread through the same reserve/submit path, to measure the ring buffer and decoder
 * throughput and to force drops on purpose. Never attached. */
static long burst_one(__u32 i, void *unused)
{
  struct cb_event *e = reserve_current(CB_EV_LAUNCH);
  if (!e)
    return 0;
  e->sub = CB_cuLaunchKernel;
  __builtin_memset(&e->launch, 0, sizeof(e->launch));
  e->launch.grid[0] = i;
  submit_event(e);
  return 0;
}

SEC("syscall")
int produce_burst(struct cb_burst_args *args)
{
  bpf_loop(args->count, burst_one, NULL, 0);
  return 0;
}

char LICENSE[] SEC("license") = "GPL";
