#!/usr/bin/env bash
# Issue 12's figures on the H200 machine, through the device tool from the repository root with the
# portable bundle carried (`ci/bundle --out .carry`, the folder removed): baseline, its A/A twin
# (--aa) and noisy_cpu in one session with the precision target and the low-noise recipe of
# docs/precision.md (--pin auto: each workload on the fastest calibrated CPU its interferers are not
# pinned to), traced runs in every TRACED_EVERY-th block only; stops at the target or MAX_TIME.
# Outputs in $OUT: precision.db (rollback journal) and precision_report.txt.
set -uo pipefail
out=${OUT:?run through the device tool}
target=${TARGET_CI:-2} max_time=${MAX_TIME:-8m} traced_every=${TRACED_EVERY:-5}
. "$(dirname "$0")/../study/bundle.sh"
"$cudabench" run scenarios/baseline.toml scenarios/noisy_cpu.toml --aa --pin auto --target-ci "$target" \
  --max-time "$max_time" --traced-every "$traced_every" --db "$out/precision.db" --seed 12 --quiet 2>&1 | tail -8
python3 -c 'import sqlite3,sys; sqlite3.connect(sys.argv[1]).execute("PRAGMA journal_mode=DELETE")' "$out/precision.db"
"$cudabench" report --db "$out/precision.db" >"$out/precision_report.txt" 2>&1
sed -n '/^Headline/,/^Where the time went/p;/Precision (target/,/^$/p' "$out/precision_report.txt"
