/* Uprobes on the CUDA driver and runtime APIs. The attach cookie carries the API id, so one program
 * serves every entry point with the same argument layout. x86-64 SysV: arguments 1-6 in rdi, rsi,
 * rdx, rcx, r8, r9; at function entry sp points at the return address, so stack argument k (k >= 7)
 * is at sp + 8 * (k - 6). libbpf 1.1 has no PT_REGS_PARM6, hence ctx->r9. */
#ifndef CUDABENCH_CUDA_BPF_H
#define CUDABENCH_CUDA_BPF_H

#include "common.bpf.h"

/* cuLaunchKernel(f, gx, gy, gz, bx, by, bz, sharedMem, hStream, params, extra), its _ptsz variant
 * and cuLaunchCooperativeKernel (same first nine arguments). */
SEC("uprobe")
int launch_kernel(struct pt_regs *ctx)
{
  struct cb_event *e = reserve_current(CB_EV_LAUNCH);
  if (!e)
    return 0;
  __u64 stack[3] = {}; /* bz, sharedMem, hStream */
  bpf_probe_read_user(stack, sizeof(stack), (void *)(PT_REGS_SP(ctx) + 8));
  e->sub = bpf_get_attach_cookie(ctx);
  e->launch.grid[0] = PT_REGS_PARM2(ctx);
  e->launch.grid[1] = PT_REGS_PARM3(ctx);
  e->launch.grid[2] = PT_REGS_PARM4(ctx);
  e->launch.block[0] = PT_REGS_PARM5(ctx);
  e->launch.block[1] = ctx->r9;
  e->launch.block[2] = stack[0];
  e->launch.shared_mem = stack[1];
  e->launch.pad = 0;
  e->launch.stream = stack[2];
  submit_event(e);
  return 0;
}

/* cuLaunchKernelEx(const CUlaunchConfig *config, f, params, extra): CUlaunchConfig starts with
 * grid[3], block[3], sharedMemBytes, (pad), hStream: the layout of struct cb_launch. */
SEC("uprobe")
int launch_kernel_ex(struct pt_regs *ctx)
{
  struct cb_event *e = reserve_current(CB_EV_LAUNCH);
  if (!e)
    return 0;
  e->sub = bpf_get_attach_cookie(ctx);
  if (bpf_probe_read_user(&e->launch, sizeof(e->launch), (void *)PT_REGS_PARM1(ctx)))
    __builtin_memset(&e->launch, 0, sizeof(e->launch));
  e->launch.pad = 0;
  submit_event(e);
  return 0;
}

/* cuGraphLaunch(hGraphExec, hStream) and _ptsz: a graph has no single grid. */
SEC("uprobe")
int launch_graph(struct pt_regs *ctx)
{
  struct cb_event *e = reserve_current(CB_EV_LAUNCH);
  if (!e)
    return 0;
  e->sub = bpf_get_attach_cookie(ctx);
  __builtin_memset(&e->launch, 0, sizeof(e->launch));
  e->launch.stream = PT_REGS_PARM2(ctx);
  submit_event(e);
  return 0;
}

/* cudaLaunchKernel(func, dim3 grid, dim3 block, args, sharedMem, stream): a 12-byte dim3 travels in
 * two registers (x | y << 32, then z), so sharedMem and stream land on the stack. */
SEC("uprobe")
int launch_runtime(struct pt_regs *ctx)
{
  struct cb_event *e = reserve_current(CB_EV_LAUNCH);
  if (!e)
    return 0;
  __u64 stack[2] = {}; /* sharedMem, stream */
  bpf_probe_read_user(stack, sizeof(stack), (void *)(PT_REGS_SP(ctx) + 8));
  __u64 gxy = PT_REGS_PARM2(ctx), bxy = PT_REGS_PARM4(ctx);
  e->sub = CB_cudaLaunchKernel;
  e->launch.grid[0] = (__u32)gxy;
  e->launch.grid[1] = gxy >> 32;
  e->launch.grid[2] = PT_REGS_PARM3(ctx);
  e->launch.block[0] = (__u32)bxy;
  e->launch.block[1] = bxy >> 32;
  e->launch.block[2] = PT_REGS_PARM5(ctx);
  e->launch.shared_mem = stack[0];
  e->launch.pad = 0;
  e->launch.stream = stack[1];
  submit_event(e);
  return 0;
}

/* A scenario's extra launch probe (lib:symbol): counted, arguments unknown. */
SEC("uprobe")
int launch_extra(struct pt_regs *ctx)
{
  struct cb_event *e = reserve_current(CB_EV_LAUNCH);
  if (!e)
    return 0;
  e->sub = CB_extra;
  __builtin_memset(&e->launch, 0, sizeof(e->launch));
  submit_event(e);
  return 0;
}

static __always_inline int sync_event(struct pt_regs *ctx, __u8 type)
{
  struct cb_event *e = reserve_current(type);
  if (!e)
    return 0;
  e->sub = bpf_get_attach_cookie(ctx);
  __builtin_memset(e->raw, 0, sizeof(e->raw));
  submit_event(e);
  return 0;
}

SEC("uprobe")
int sync_enter(struct pt_regs *ctx)
{
  return sync_event(ctx, CB_EV_SYNC_ENTER);
}

SEC("uretprobe")
int sync_exit(struct pt_regs *ctx)
{
  return sync_event(ctx, CB_EV_SYNC_EXIT);
}

/* cudabench_phase_marker(phase, token), exported by our workloads. */
SEC("uprobe")
int phase_marker(struct pt_regs *ctx)
{
  struct cb_event *e = reserve_current(CB_EV_MARKER);
  if (!e)
    return 0;
  __builtin_memset(e->raw, 0, sizeof(e->raw));
  e->marker.phase = PT_REGS_PARM1(ctx);
  e->marker.token = PT_REGS_PARM2(ctx);
  submit_event(e);
  return 0;
}

#endif
