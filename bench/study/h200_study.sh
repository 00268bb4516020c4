#!/usr/bin/env bash
# The study on the H200 machine (issues 12 and 14), through the device tool from the repository
# root with the portable bundle carried (`ci/bundle --out .carry`, the folder removed, the tarball
# and .carry/cuda_sched_trace kept):
#   1. the study's nine scenarios and an A/A twin of the baseline (--aa) in one session with the
#      precision target (--target-ci, default 2%) and a time budget (STUDY_TIME, default 5m30s);
#   2. the original study's tracer beside the workload (bench/study/observer), OBSERVER_S seconds.
# Outputs in $OUT (the device tool returns at most eight files): study.db (rollback journal, no
# -wal/-shm), study_report.txt, and extra.tar (the markdown, HTML and graph-baseline reports, the
# observer's files).
set -uo pipefail
out=${OUT:?run through the device tool}
target=${TARGET_CI:-2} study_time=${STUDY_TIME:-5m30s} observer_s=${OBSERVER_S:-120}
. "$(dirname "$0")/bundle.sh"
extra=$out/extra && mkdir -p "$extra"
trap 'tar -C "$out" -cf "$out/extra.tar" extra && rm -rf "$extra"' EXIT

files=()
for s in baseline noisy_cpu noisy_network noisy_disk heavy optimized isolated graph_baseline graph_noisy_cpu; do
  files+=("scenarios/$s.toml")
done
"$cudabench" run "${files[@]}" --aa --target-ci "$target" --max-time "$study_time" --db "$out/study.db" \
  --seed 14 --quiet 2>&1 | tail -20
python3 -c 'import sqlite3,sys; sqlite3.connect(sys.argv[1]).execute("PRAGMA journal_mode=DELETE")' "$out/study.db"
"$cudabench" report --db "$out/study.db" >"$out/study_report.txt" 2>&1
"$cudabench" report --db "$out/study.db" -o "$extra/report.md"
"$cudabench" report --db "$out/study.db" -o "$extra/report.html"
"$cudabench" report --db "$out/study.db" --baseline graph_baseline >"$extra/graph_baseline_report.txt" 2>&1

mkdir -p "$extra/observer"
OUT=$extra/observer BUDGET_S=$observer_s CUDABENCH=$cudabench \
  timeout -s INT $((observer_s + 60)) bash bench/study/observer/observer_effect.sh 2>&1 | tail -25
sed -n '1,/^Where the time went/p' "$out/study_report.txt"
