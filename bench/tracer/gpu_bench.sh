#!/bin/bash
# The tracer's GPU-machine figures, in one call of under ~5 minutes:
#   1. added cost per launch: launch_loop (100,000 empty-kernel launches) untraced vs traced,
#      interleaved, 5 rounds, for runtime launches (<<<>>>: static cudart cudaLaunchKernel, which
#      reaches the driver's exported cuLaunchKernel, probed there) and driver launches;
#   2. qwen3 (synthetic weights, eager) tok/s untraced vs traced, interleaved, 3 rounds;
#   3. a trace of a small PyTorch program (launch counts per entry point);
#   4. a trace of qwen3 (its CUDABENCH_RESULT gives its own launch count).
# Usage: bench/tracer/gpu_bench.sh DIR   (DIR holds tracer_overhead, launch_loop, trace_cli, qwen3)
set -u
D=${1:?usage: gpu_bench.sh DIR}
nvidia-smi --query-gpu=name,driver_version --format=csv,noheader
echo "== 1a. runtime launches"
timeout 100 "$D/tracer_overhead" --rounds 5 -- "$D/launch_loop" 100000 runtime
echo "== 1b. driver launches"
timeout 100 "$D/tracer_overhead" --rounds 5 -- "$D/launch_loop" 100000 driver
if [ -x "$D/qwen3" ]; then
  echo "== 2. qwen3 -n 48 tok/s"
  timeout 120 "$D/tracer_overhead" --rounds 3 --metric tokens_per_s -- "$D/qwen3" -n 48
fi
echo "== 3. PyTorch"
timeout 100 "$D/trace_cli" -- "$(command -v python3)" "$(dirname "$0")/torch_small.py" | head -12
if [ -x "$D/qwen3" ]; then
  echo "== 4. qwen3 trace"
  timeout 60 "$D/trace_cli" -- "$D/qwen3" -n 16 | grep -E "CUDABENCH_RESULT|launches|cu|cuda|phase|switches|run-queue|tracer|BPF"
fi
