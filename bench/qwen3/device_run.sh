#!/usr/bin/env bash
# One full measurement of the qwen3 workload on the GPU machine: the kernels against the CPU
# reference, the kernel micro-benchmarks, then eager / graph (PDL edges) / graph --no-pdl runs,
# ending in a table.
# Built here, run there (binaries carried in the build directory):
#   cmake --build build-qwen3 --target qwen3 qwen3_gpu_check qwen3_kernel_bench
#   device run: bash bench/qwen3/device_run.sh build-qwen3      (about 1 minute)
# Files land in $OUT (the device tool's output folder) or /tmp/qwen3_bench.
set -u
B=${1:-build-qwen3}
REPS=${REPS:-5}
N=${N:-48}
OUT=${OUT:-/tmp/qwen3_bench}
mkdir -p "$OUT"
QWEN3=$B/workloads/qwen3/qwen3

nvidia-smi --query-gpu=name,driver_version,memory.used,memory.total,clocks.sm,clocks.max.sm,clocks.mem \
  --format=csv | tee "$OUT/gpu.txt"
base_mib=$(nvidia-smi --query-gpu=memory.used --format=csv,noheader,nounits 2>/dev/null | head -1)
base_mib=${base_mib:-0}

echo "== correctness: CUDA logits vs the CPU reference"
timeout 300 "$B/tests/workloads/qwen3/qwen3_gpu_check" --full 2>&1 | tee "$OUT/gpu_check.txt"
check_rc=${PIPESTATUS[0]}

echo "== kernel micro-benchmarks"
timeout 120 "$B/bench/qwen3/qwen3_kernel_bench" 2>&1 | tee "$OUT/kernel_bench.txt"

echo "== runs: -n $N, $REPS repetitions, modes interleaved"
: > "$OUT/results.jsonl"
run() {  # label, args...
  local label=$1
  shift
  local log="$OUT/run_${label}.txt"
  timeout 120 "$QWEN3" "$@" > "$log" 2>&1
  local rc=$?
  local line
  line=$(grep '^CUDABENCH_RESULT ' "$log" | tail -1)
  echo "$label rc=$rc ${line:0:160}"
  [ -n "$line" ] && echo "{\"label\": \"$label\", \"rc\": $rc, \"r\": ${line#CUDABENCH_RESULT }}" >> "$OUT/results.jsonl"
}
for i in $(seq 1 "$REPS"); do
  run "eager_$i" -n "$N"
  run "graph_$i" -n "$N" --graph
  run "graphplain_$i" -n "$N" --graph --no-pdl
done
run eager_n256 -n 256
run graph_n256 -n 256 --graph
run graphplain_n256 -n 256 --graph --no-pdl
head -3 "$OUT/run_eager_1.txt"

echo "== phase markers, as a probe on the exported symbol sees them (cuda-gdb dprintf)"
if command -v cuda-gdb > /dev/null; then
  timeout 120 cuda-gdb -batch -ex 'set breakpoint pending on' \
    -ex 'dprintf cudabench_phase_marker,"marker phase=%u token=%u\n",phase,token' \
    -ex run --args "$QWEN3" -n 3 --ctx 64 2>&1 | grep -E '^marker|CUDABENCH_RESULT' | cut -c1-120
else
  echo "cuda-gdb not found"
fi

python3 - "$OUT/results.jsonl" "$base_mib" "$check_rc" <<'PY'
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
base = float(sys.argv[2]) * 2**20
print(f"\ncorrectness (qwen3_gpu_check --full): {'PASS' if sys.argv[3] == '0' else 'FAIL rc=' + sys.argv[3]}")
groups = {}
for row in rows:
    groups.setdefault(row["label"].rsplit("_", 1)[0] + ("" if "n256" not in row["label"] else "_n256"), []).append(row["r"])
print(f"{'mode':<10} {'runs':>4} {'tok/s median':>12} {'min':>8} {'max':>8} {'p50 ms':>7} {'p99 ms':>7} "
      f"{'launch/tok':>10} {'prefill ms':>10} {'alloc GB':>8} {'used-base GB':>12}")
for name, rs in groups.items():
    tps = [r["tokens_per_s"] for r in rs]
    r0 = rs[0]
    print(f"{name:<10} {len(rs):>4} {statistics.median(tps):>12.1f} {min(tps):>8.1f} {max(tps):>8.1f} "
          f"{statistics.median(r['token_ms_p50'] for r in rs):>7.3f} {statistics.median(r['token_ms_p99'] for r in rs):>7.3f} "
          f"{r0['launches_per_token']:>10.1f} {statistics.median(r['prefill_ms'] for r in rs):>10.1f} "
          f"{r0['gpu_mem_bytes'] / 1e9:>8.3f} {(r0['gpu_mem_used_bytes'] - base) / 1e9:>12.3f}")
print(f"gpu: {rows[0]['r']['gpu'] if rows else '?'}; weights: {rows[0]['r']['weights'] if rows else '?'}; "
      f"KV cache {rows[0]['r']['kv_cache_tokens'] if rows else '?'} tokens; launches_total eager "
      f"{next((r['r']['launches_total'] for r in rows if r['label'].startswith('eager_1')), '?')}")
PY
