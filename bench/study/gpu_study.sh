#!/usr/bin/env bash
# The study on the GPU machine (run through the device tool from the repository root), from the
# portable bundle built here (`ci/bundle --out .carry`: cudabench, qwen3, and Debian's stress-ng, fio
# and iperf3 with the shared libraries they need, which that machine lacks; see bundle.sh).
# Usage: bench/study/gpu_study.sh OUT_DIR BLOCKS SECONDS SCENARIO...
# SECONDS bounds the session: then it gets SIGINT, keeps every finished run, and the report is made
# from those.
set -uo pipefail
out=$1 blocks=$2 seconds=$3
shift 3
. "$(dirname "$0")/bundle.sh"
stress-ng --version && fio --version && iperf3 --version | head -1 || exit 1
nvidia-smi --query-gpu=name,driver_version,clocks.sm,clocks.mem --format=csv,noheader
nproc
files=()
for s in "$@"; do files+=("scenarios/$s.toml"); done
timeout -s INT "$seconds" "$cudabench" run "${files[@]}" --runs "$blocks" --warmup 1 \
  --db "$out/study.db" --seed 20261124 2>&1 | tee "$out/progress.txt"
echo "run exit ${PIPESTATUS[0]}"
"$cudabench" report --db "$out/study.db" | tee "$out/report.txt"
"$cudabench" report --db "$out/study.db" --format markdown -o "$out/report.md"
"$cudabench" report --db "$out/study.db" --format html -o "$out/report.html"
"$cudabench" report --db "$out/study.db" --format json -o "$out/report.json"
