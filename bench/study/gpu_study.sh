#!/usr/bin/env bash
# The study on the GPU machine (run through the device tool from the repository root), from binaries
# built here: build-gpu/ (cudabench, qwen3) and .carry/tools.tar.xz (Debian's stress-ng, fio and
# iperf3 with the shared libraries they need, which that machine lacks).
# Usage: bench/study/gpu_study.sh OUT_DIR BLOCKS SCENARIO...
set -uo pipefail
out=$1 blocks=$2
shift 2
tar -C /tmp -xJf .carry/tools.tar.xz
mkdir -p /tmp/tools/wrap
for tool in stress-ng fio iperf3; do
  printf '#!/bin/sh\nLD_LIBRARY_PATH=/tmp/tools/lib exec /tmp/tools/bin/%s.real "$@"\n' "$tool" >/tmp/tools/wrap/$tool
  chmod +x /tmp/tools/wrap/$tool
done
export PATH=/tmp/tools/wrap:$PATH
stress-ng --version && fio --version && iperf3 --version | head -1 || exit 1
nvidia-smi --query-gpu=name,driver_version,clocks.sm,clocks.mem --format=csv,noheader
nproc
files=()
for s in "$@"; do files+=("scenarios/$s.toml"); done
build-gpu/cudabench run "${files[@]}" --runs "$blocks" --warmup 1 --db "$out/study.db" --seed 20261124
echo "run exit $?"
build-gpu/cudabench report --db "$out/study.db" | tee "$out/report.txt"
build-gpu/cudabench report --db "$out/study.db" --format markdown -o "$out/report.md"
build-gpu/cudabench report --db "$out/study.db" --format html -o "$out/report.html"
build-gpu/cudabench report --db "$out/study.db" --format json -o "$out/report.json"
