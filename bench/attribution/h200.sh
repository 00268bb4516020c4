#!/usr/bin/env bash
# Issue 9's figures on the H200 machine, through the device tool from the repository root, with the
# portable bundle (`ci/bundle --out .carry`) and launch_loop (`cp build/bench/tracer/launch_loop
# .carry/`) carried:
#   1. the cost of one CUDA launch on every vCPU (launch_loop pinned to each), beside cudabench's
#      own CPU calibration of the same machine (stored with each session below);
#   2. what tracing costs: the pinned baseline, untraced, sched-level and launch-level runs
#      interleaved in one session (cost.db);
#   3. where the time went: baseline, noisy_cpu, heavy, optimized and isolated with sched-level
#      traced runs in every block (attribution.db), bounded by SIGINT after ATTRIBUTION_S seconds.
# Outputs in $OUT: env.txt, launch_per_cpu.txt, the two databases, their text reports, and
# traces.tar.xz (the kept sched-level traces).
set -uo pipefail
out=${OUT:?run through the device tool}
cost_s=${COST_S:-120} attribution_s=${ATTRIBUTION_S:-270}
. "$(dirname "$0")/../study/bundle.sh"
{
  uname -r; nproc; nvidia-smi --query-gpu=name,driver_version,clocks.sm --format=csv,noheader
  grep -E 'steal|^cpu ' /proc/stat | head -2
} 2>&1 | tee "$out/env.txt"
for c in $(seq 0 $(($(nproc) - 1))); do
  printf 'cpu %s ' "$c"
  taskset -c "$c" .carry/launch_loop 20000 | grep ns_per_launch
done 2>&1 | tee "$out/launch_per_cpu.txt"
timeout -s INT "$cost_s" "$cudabench" run bench/attribution/baseline_cpu5.toml --trace all --runs 40 --warmup 1 \
  --db "$out/cost.db" --seed 9 2>&1 | tail -4
files=()
for s in baseline noisy_cpu heavy optimized isolated; do files+=("scenarios/$s.toml"); done
timeout -s INT "$attribution_s" "$cudabench" run "${files[@]}" --trace sched --runs 20 --warmup 1 \
  --db "$out/attribution.db" --keep-trace --seed 10 2>&1 | tail -4
"$cudabench" report --db "$out/cost.db" > "$out/cost_report.txt" 2>&1
"$cudabench" report --db "$out/attribution.db" > "$out/attribution_report.txt" 2>&1
tar -C "$out" -cJf "$out/traces.tar.xz" attribution.db.traces && rm -rf "$out/attribution.db.traces"
tail -60 "$out/attribution_report.txt"
